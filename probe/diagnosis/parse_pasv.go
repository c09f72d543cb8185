package diagnosis

import (
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// PASV is a parsed 227 reply.
type PASV struct {
	Addr     netip.Addr
	Port     uint16
	Standard bool   // exactly "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)" (optional trailing '.'), one line
	Format   string // short label of the form that matched, e.g. "rfc959", "no-parentheses", "equals", "multi-line"
}

// Format labels of a 227 reply. They are stable: reports and tests use them.
//
//	rfc959            227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)[.]   (Standard)
//	multi-line        the numbers arrived in a multi-line reply (aioftp: "227-listen socket created")
//	equals            227 =h1,h2,h3,h4,p1,p2   (D. J. Bernstein's form)
//	parentheses-only  227 (h1,h2,h3,h4,p1,p2)  (Freebox)
//	no-parentheses    227 Entering passive mode. h1,h2,h3,h4,p1,p2
//	other-text        parenthesised numbers with other words around them
const (
	PASVFormatRFC959          = "rfc959"
	PASVFormatMultiLine       = "multi-line"
	PASVFormatEquals          = "equals"
	PASVFormatParenthesesOnly = "parentheses-only"
	PASVFormatNoParentheses   = "no-parentheses"
	PASVFormatOtherText       = "other-text"
)

// ParsePASV parses a 227 reply the RFC 1123 way: the first run of six
// comma-separated numbers anywhere in the text is the endpoint, whatever
// words or punctuation surround it. The form that was found is reported in
// Format, because many clients and ALGs only understand the RFC 959 one.
func ParsePASV(r Reply) (PASV, error) {
	if r.Code != 227 {
		return PASV{}, fmt.Errorf("expected a 227 reply, got %s", replyCodeName(r))
	}
	for _, m := range replyMessages(r) {
		nums, start, end, ok := findSixNumbers(m)
		if !ok {
			continue
		}
		var b [6]byte
		for i, lit := range nums {
			v, ok := decimalUpTo(lit, 255)
			if !ok {
				return PASV{}, fmt.Errorf("227 reply number %s is greater than 255", boundText(lit, 20))
			}
			b[i] = byte(v)
		}
		port := uint16(b[4])<<8 | uint16(b[5])
		if port == 0 {
			return PASV{}, fmt.Errorf("227 reply gives port 0 (%s)", boundText(m[start:end], 40))
		}
		p := PASV{
			Addr: netip.AddrFrom4([4]byte{b[0], b[1], b[2], b[3]}),
			Port: port,
		}
		p.Format = pasvFormat(r, m, start, end)
		p.Standard = p.Format == PASVFormatRFC959
		return p, nil
	}
	return PASV{}, fmt.Errorf("227 reply has no six comma-separated numbers")
}

// pasvFormat labels where the numbers m[start:end] sat in message line m.
func pasvFormat(r Reply, m string, start, end int) string {
	if len(r.Lines) > 1 {
		return PASVFormatMultiLine
	}
	before, nums, after := m[:start], m[start:end], m[end:]
	closed := after == ")" || after == ")."
	switch {
	case strings.EqualFold(before, "Entering Passive Mode (") && closed &&
		!strings.Contains(nums, " ") && strings.HasPrefix(r.Lines[0], "227 "):
		return PASVFormatRFC959
	case strings.HasSuffix(before, "="):
		return PASVFormatEquals
	case strings.TrimSpace(before) == "(" && closed:
		return PASVFormatParenthesesOnly
	case !strings.HasSuffix(strings.TrimRight(before, " "), "("):
		return PASVFormatNoParentheses
	}
	return PASVFormatOtherText
}

// findSixNumbers finds the first run of six comma-separated decimal numbers
// in s ("1,2,3,4,5,6"; spaces after a comma are tolerated, as sscanf-based
// clients such as curl do). It returns the six literals as written and the
// span of the run. A number never starts in the middle of a digit run.
func findSixNumbers(s string) (nums [6]string, start, end int, ok bool) {
	for i := 0; i < len(s); i++ {
		if !isDecimalDigit(s[i]) || (i > 0 && isDecimalDigit(s[i-1])) {
			continue
		}
		j := i
		k := 0
		for ; k < 6; k++ {
			if k > 0 {
				if j >= len(s) || s[j] != ',' {
					break
				}
				j++
				for j < len(s) && s[j] == ' ' {
					j++
				}
			}
			n := j
			for j < len(s) && isDecimalDigit(s[j]) {
				j++
			}
			if j == n {
				break
			}
			nums[k] = s[n:j]
		}
		if k == 6 {
			return nums, i, j, true
		}
	}
	return nums, 0, 0, false
}

// decimalUpTo parses a run of ASCII digits (leading zeros allowed) and
// reports whether its value is at most max. Long runs do not overflow.
func decimalUpTo(lit string, max int) (int, bool) {
	t := strings.TrimLeft(lit, "0")
	if t == "" {
		return 0, lit != ""
	}
	if len(t) > len(strconv.Itoa(max)) {
		return 0, false
	}
	v, err := strconv.Atoi(t)
	if err != nil || v > max {
		return 0, false
	}
	return v, true
}

// replyMessages returns the text of every line of r with the code prefix
// ("227 " or "227-") removed. Unlike Reply.Text it also strips the prefix of
// intermediate lines, which many servers repeat on every line.
func replyMessages(r Reply) []string {
	code := strconv.Itoa(r.Code)
	out := make([]string, len(r.Lines))
	for i, l := range r.Lines {
		switch {
		case len(l) >= 4 && l[:3] == code && (l[3] == ' ' || l[3] == '-'):
			l = l[4:]
		case l == code:
			l = ""
		}
		out[i] = l
	}
	return out
}

// replyCodeName names the code of r for error messages, including the
// no-reply case.
func replyCodeName(r Reply) string {
	if len(r.Lines) == 0 && r.Code == 0 {
		return "an empty reply"
	}
	return strconv.Itoa(r.Code)
}

// boundText bounds text quoted in error messages: it comes from the server.
func boundText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

func isDecimalDigit(c byte) bool { return '0' <= c && c <= '9' }
