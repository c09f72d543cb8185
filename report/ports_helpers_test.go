package report

import (
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// runs reads "30000-30009, 30011" as port runs: shorthand for tests.
func runs(s string) []probe.PortSpan {
	var out []probe.PortSpan
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		lo, hi, ok := strings.Cut(f, "-")
		if !ok {
			hi = lo
		}
		a, errA := strconv.Atoi(strings.TrimSpace(lo))
		b, errB := strconv.Atoi(strings.TrimSpace(hi))
		if errA != nil || errB != nil {
			panic("runs: " + s)
		}
		out = append(out, probe.PortSpan{Min: a, Max: b})
	}
	return out
}
