package report

import (
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// eachPortMarker marks a template line that is repeated once per port of
// the passive range, for tools that cannot take a range (a Kubernetes
// Service lists every port on its own).
const eachPortMarker = "{{each_port}}"

// maxEachPorts bounds the lines a range expands to: a longer range is not
// listed (the line says so) and the fix's text names the alternative.
const maxEachPorts = 200

// PlaceholderEachPort stands for one port of the range in a line that is
// repeated per port, when the range is unknown.
const PlaceholderEachPort = "<each-passive-port>"

// eachPort lists every port of the range min..max, or nil when the range
// is unknown, invalid or longer than maxEachPorts.
func eachPort(p probe.Params) []string {
	lo, err1 := strconv.Atoi(strings.TrimSpace(p[probe.ParamPortMin]))
	hi, err2 := strconv.Atoi(strings.TrimSpace(p[probe.ParamPortMax]))
	if err1 != nil || err2 != nil || lo < 1 || hi > 65535 || hi < lo || hi-lo+1 > maxEachPorts {
		return nil
	}
	out := make([]string, 0, hi-lo+1)
	for n := lo; n <= hi; n++ {
		out = append(out, strconv.Itoa(n))
	}
	return out
}

// eachLines repeats a template line once per port of the range. With the
// range unknown the line shows a placeholder; with a range too long to
// list it becomes a comment in its place, keeping the indentation.
func (f filler) eachLines(line string) []string {
	if f.each == nil {
		lo := f.r.replace("{{min}}")
		hi := f.r.replace("{{max}}")
		if lo != PlaceholderPortMin && hi != PlaceholderPortMax {
			indent := line[:len(line)-len(strings.TrimLeft(line, " "))]
			return []string{indent + "# " + lo + "-" + hi + ": more than " + strconv.Itoa(maxEachPorts) +
				" ports to list one by one; narrow the range or use hostNetwork: true"}
		}
		return []string{f.r.replace(strings.ReplaceAll(line, eachPortMarker, PlaceholderEachPort))}
	}
	out := make([]string, 0, len(f.each))
	for _, port := range f.each {
		out = append(out, f.r.replace(strings.ReplaceAll(line, eachPortMarker, port)))
	}
	return out
}
