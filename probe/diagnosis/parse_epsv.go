package diagnosis

import (
	"fmt"
	"strings"
)

// EPSV is a parsed 229 reply.
type EPSV struct {
	Port      uint16
	Delimiter byte
	Standard  bool   // "229 Entering Extended Passive Mode (|||port|)", one line
	Format    string // short label of the form that matched
}

// Format labels of a 229 reply. They are stable: reports and tests use them.
//
//	rfc2428          229 Entering Extended Passive Mode (|||port|)[.]   (Standard)
//	multi-line       the group arrived in a multi-line reply
//	other-delimiter  a delimiter other than '|' ("(!!!6446!)"): legal, but
//	                 several clients only accept '|'
//	other-text       "(|||port|)" with other words around it (vsftpd 2.0.5
//	                 says "Entering Passive Mode", aioftp adds "(ha-ha)")
const (
	EPSVFormatRFC2428        = "rfc2428"
	EPSVFormatMultiLine      = "multi-line"
	EPSVFormatOtherDelimiter = "other-delimiter"
	EPSVFormatOtherText      = "other-text"
)

// ParseEPSV parses a 229 reply (RFC 2428): the first parenthesised group of
// the form (<d><d><d>port<d>) anywhere in the text, where d is any printable
// ASCII character other than a digit, the same four times.
func ParseEPSV(r Reply) (EPSV, error) {
	if r.Code != 229 {
		return EPSV{}, fmt.Errorf("expected a 229 reply, got %s", replyCodeName(r))
	}
	for _, m := range replyMessages(r) {
		for i := 0; i < len(m); i++ {
			if m[i] != '(' {
				continue
			}
			g, ok := epsvGroupAt(m, i)
			if !ok {
				continue
			}
			if g.proto != "" || g.addr != "" {
				// RFC 2428: the data address is the control connection's;
				// a server that names one is wrong, and following it
				// would let a server point us at a third host.
				return EPSV{}, fmt.Errorf("229 reply names network protocol %q and address %q; EPSV must leave both empty",
					boundText(g.proto, 20), boundText(g.addr, 60))
			}
			v, ok := decimalUpTo(g.port, 65535)
			if !ok || v == 0 {
				return EPSV{}, fmt.Errorf("229 reply port %s is out of range 1-65535", boundText(g.port, 20))
			}
			e := EPSV{Port: uint16(v), Delimiter: g.delim}
			e.Format = epsvFormat(r, m, i, g)
			e.Standard = e.Format == EPSVFormatRFC2428
			return e, nil
		}
	}
	return EPSV{}, fmt.Errorf("229 reply has no (|||port|) group")
}

// epsvGroup is one "(d proto d addr d port d)" group of a 229 reply.
type epsvGroup struct {
	delim             byte
	proto, addr, port string
	end               int // index just after the closing ')'
}

// epsvGroupAt matches a group starting at the '(' at m[i]. The port must be
// a non-empty run of digits; no field may contain a parenthesis (other than
// the delimiter itself), so a group never swallows its neighbours.
func epsvGroupAt(m string, i int) (epsvGroup, bool) {
	if i+1 >= len(m) {
		return epsvGroup{}, false
	}
	d := m[i+1]
	if d < 33 || d > 126 || isDecimalDigit(d) {
		return epsvGroup{}, false
	}
	var fields [3]string
	j := i + 2
	for k := range fields {
		n := j
		for ; j < len(m) && m[j] != d; j++ {
			if m[j] == '(' || m[j] == ')' {
				return epsvGroup{}, false
			}
		}
		if j >= len(m) {
			return epsvGroup{}, false
		}
		fields[k] = m[n:j]
		j++ // the delimiter
	}
	if j >= len(m) || m[j] != ')' {
		return epsvGroup{}, false
	}
	port := fields[2]
	if port == "" || strings.Trim(port, "0123456789") != "" {
		return epsvGroup{}, false
	}
	return epsvGroup{delim: d, proto: fields[0], addr: fields[1], port: port, end: j + 1}, true
}

func epsvFormat(r Reply, m string, start int, g epsvGroup) string {
	if len(r.Lines) > 1 {
		return EPSVFormatMultiLine
	}
	if g.delim != '|' {
		return EPSVFormatOtherDelimiter
	}
	after := m[g.end:]
	if strings.EqualFold(m[:start], "Entering Extended Passive Mode ") && (after == "" || after == ".") &&
		strings.HasPrefix(r.Lines[0], "229 ") {
		return EPSVFormatRFC2428
	}
	return EPSVFormatOtherText
}
