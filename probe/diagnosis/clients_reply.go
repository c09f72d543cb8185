package diagnosis

import (
	"regexp"
	"strconv"
	"strings"
)

// replyClient is a common FTP client whose reading of 227 and 229 replies
// is modelled here from its source, so that a finding about an unusual
// reply can say which clients it breaks instead of guessing. Each model
// returns the data port the client would connect to, or false when the
// client gives up on the reply.
type replyClient struct {
	Name string
	// PASVRule and EPSVRule name what the client needs, for the finding's
	// words.
	PASVRule, EPSVRule string
	PASV               func(r Reply) (int, bool)
	EPSV               func(r Reply) (int, bool)
}

// replyClients are the modelled clients, in the order findings name them.
//
//   - jlaffaye/ftp v0.2.4 (ftp.go pasv, parseEPSV): textproto joins the
//     lines of a reply; 227 needs '(' and ')' around six comma-separated
//     numbers without spaces; 229 needs "|||" and the last '|'.
//   - Apache Commons Net (FTPClient._openDataConnection_): parses only the
//     first line of the reply; 227 needs six comma-separated numbers of at
//     most three digits anywhere in it; 229 needs "(ddd port d)" with four
//     equal delimiters.
//   - curl (lib/ftp.c, lib/pingpong.c): parses the last line; 227 needs
//     six comma-separated numbers anywhere in it; 229 needs "(ddd" right
//     after the first '(' and a port ending at the fourth delimiter.
//   - Python ftplib (parse227, parse229): the lines of a reply joined; 227
//     needs six comma-separated numbers anywhere; 229 needs one delimiter
//     character splitting the parenthesised group in five parts.
var replyClients = []replyClient{
	{Name: "jlaffaye/ftp (Go)", PASV: jlaffayePASV, EPSV: jlaffayeEPSV,
		PASVRule: "needs the numbers in parentheses, without spaces", EPSVRule: "needs \"|||port|\""},
	{Name: "Apache Commons Net", PASV: commonsPASV, EPSV: commonsEPSV,
		PASVRule: "reads only the first line", EPSVRule: "reads only the first line and needs four equal delimiters"},
	{Name: "curl", PASV: curlPASV, EPSV: curlEPSV,
		PASVRule: "reads only the last line, numbers without spaces", EPSVRule: "reads only the last line and needs three delimiters before the port"},
	{Name: "Python ftplib", PASV: ftplibPASV, EPSV: ftplibEPSV,
		PASVRule: "needs six numbers without spaces", EPSVRule: "needs one delimiter splitting the group in five parts"},
}

// ClientVerdict says, for one reply, which modelled clients read the port
// the server meant and which do not.
type ClientVerdict struct {
	Fail []string // "curl (reads only the last line of a reply)"
	Cope []string // client names
}

// PASVClients is how the modelled clients read a 227 reply whose port is
// want (0 when the reply names no usable port: every client then fails).
func PASVClients(r Reply, want uint16) ClientVerdict {
	return clientVerdict(r, want, func(c replyClient) (func(Reply) (int, bool), string) { return c.PASV, c.PASVRule })
}

// EPSVClients is how the modelled clients read a 229 reply whose port is
// want (0 when the reply names no usable port).
func EPSVClients(r Reply, want uint16) ClientVerdict {
	return clientVerdict(r, want, func(c replyClient) (func(Reply) (int, bool), string) { return c.EPSV, c.EPSVRule })
}

func clientVerdict(r Reply, want uint16, pick func(replyClient) (func(Reply) (int, bool), string)) ClientVerdict {
	var v ClientVerdict
	for _, c := range replyClients {
		parse, rule := pick(c)
		if port, ok := parse(r); ok && want != 0 && port == int(want) {
			v.Cope = append(v.Cope, c.Name)
			continue
		}
		v.Fail = append(v.Fail, c.Name+" ("+rule+")")
	}
	return v
}

// Words is the verdict in one sentence fragment for a finding.
func (v ClientVerdict) Words() string {
	switch {
	case len(v.Fail) == 0:
		return strings.Join(v.Cope, ", ") + " all read it"
	case len(v.Cope) == 0:
		return "it breaks " + strings.Join(v.Fail, ", ")
	}
	return "it breaks " + strings.Join(v.Fail, ", ") + "; " + strings.Join(v.Cope, ", ") + " cope"
}

func lastLine(r Reply) string {
	if len(r.Lines) == 0 {
		return ""
	}
	return r.Lines[len(r.Lines)-1]
}

func firstLine(r Reply) string {
	if len(r.Lines) == 0 {
		return ""
	}
	return r.Lines[0]
}

func pasvPort(hi, lo string) (int, bool) {
	h, err1 := strconv.Atoi(hi)
	l, err2 := strconv.Atoi(lo)
	if err1 != nil || err2 != nil || h < 0 || l < 0 {
		return 0, false
	}
	return h*256 + l, true
}

func jlaffayePASV(r Reply) (int, bool) {
	line := strings.Join(replyMessages(r), "\n")
	start, end := strings.Index(line, "("), strings.LastIndex(line, ")")
	if start < 0 || end < 0 || end < start {
		return 0, false
	}
	f := strings.Split(line[start+1:end], ",")
	if len(f) < 6 {
		return 0, false
	}
	return pasvPort(f[4], f[5])
}

func jlaffayeEPSV(r Reply) (int, bool) {
	line := strings.Join(replyMessages(r), "\n")
	start, end := strings.Index(line, "|||"), strings.LastIndex(line, "|")
	if start < 0 || start+3 >= end {
		return 0, false
	}
	p, err := strconv.Atoi(line[start+3 : end])
	return p, err == nil
}

var (
	commonsPASVRe = regexp.MustCompile(`(\d{1,3},\d{1,3},\d{1,3},\d{1,3}),(\d{1,3}),(\d{1,3})`)
	sixNumbersRe  = regexp.MustCompile(`(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)`)
)

func commonsPASV(r Reply) (int, bool) {
	m := commonsPASVRe.FindStringSubmatch(firstLine(r))
	if m == nil {
		return 0, false
	}
	return pasvPort(m[2], m[3])
}

func commonsEPSV(r Reply) (int, bool) {
	l := firstLine(r)
	i, j := strings.Index(l, "("), strings.Index(l, ")")
	if i < 0 || j < i {
		return 0, false
	}
	g := strings.TrimSpace(l[i+1 : j])
	if len(g) < 5 || g[0] != g[1] || g[0] != g[2] || g[0] != g[len(g)-1] {
		return 0, false
	}
	p, err := strconv.Atoi(g[3 : len(g)-1])
	return p, err == nil
}

// curlPASV scans the last line, after its code, for six comma-separated
// runs of digits, each at most 255, with nothing between them.
func curlPASV(r Reply) (int, bool) {
	l := lastLine(r)
	if len(l) < 4 {
		return 0, false
	}
	for i := 4; i < len(l); i++ {
		if v, ok := strictSix(l[i:]); ok {
			return v[4]*256 + v[5], true
		}
	}
	return 0, false
}

// strictSix parses "n,n,n,n,n,n" at the start of s: digits only, each
// number at most 255.
func strictSix(s string) ([6]int, bool) {
	var v [6]int
	j := 0
	for k := range v {
		if k > 0 {
			if j >= len(s) || s[j] != ',' {
				return v, false
			}
			j++
		}
		n := j
		for j < len(s) && isDecimalDigit(s[j]) {
			j++
		}
		x, ok := decimalUpTo(s[n:j], 255)
		if j == n || !ok {
			return v, false
		}
		v[k] = x
	}
	return v, true
}

func curlEPSV(r Reply) (int, bool) {
	l := lastLine(r)
	if len(l) < 4 {
		return 0, false
	}
	i := strings.IndexByte(l[4:], '(')
	if i < 0 {
		return 0, false
	}
	g := l[4+i+1:]
	if len(g) < 4 || g[1] != g[0] || g[2] != g[0] || !isDecimalDigit(g[3]) {
		return 0, false
	}
	j := 3
	for j < len(g) && isDecimalDigit(g[j]) {
		j++
	}
	if j >= len(g) || g[j] != g[0] {
		return 0, false
	}
	v, ok := decimalUpTo(g[3:j], 65535)
	return v, ok
}

func ftplibPASV(r Reply) (int, bool) {
	m := sixNumbersRe.FindStringSubmatch(strings.Join(r.Lines, "\n"))
	if m == nil {
		return 0, false
	}
	return pasvPort(m[5], m[6])
}

func ftplibEPSV(r Reply) (int, bool) {
	resp := strings.Join(r.Lines, "\n")
	left := strings.Index(resp, "(")
	if left < 0 {
		return 0, false
	}
	right := strings.Index(resp[left+1:], ")")
	if right < 0 || right == 0 {
		return 0, false
	}
	right += left + 1
	if resp[left+1] != resp[right-1] {
		return 0, false
	}
	parts := strings.Split(resp[left+1:right], resp[left+1:left+2])
	if len(parts) != 5 {
		return 0, false
	}
	p, err := strconv.Atoi(strings.TrimSpace(parts[3]))
	return p, err == nil
}

// ClientReadings says, one line per modelled client, which port it reads
// from a 227 ("PASV") or 229 ("EPSV") reply, or that it rejects it.
func ClientReadings(command string, r Reply) []string {
	out := make([]string, 0, len(replyClients))
	for _, c := range replyClients {
		parse, rule := c.PASV, c.PASVRule
		if command == "EPSV" {
			parse, rule = c.EPSV, c.EPSVRule
		}
		if port, ok := parse(r); ok {
			out = append(out, c.Name+" reads port "+strconv.Itoa(port))
		} else {
			out = append(out, c.Name+" rejects the reply ("+rule+")")
		}
	}
	return out
}
