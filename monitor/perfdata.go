package monitor

import (
	"fmt"
	"slices"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Perfdata labels are the same on every run of one check: graphing
// systems (PNP4Nagios, Graphite, InfluxDB) keep one series per label, and
// a label that comes and goes with the outcome (a step a failure cut
// short, a data-channel mode a refused login never reached) breaks the
// graph. The set depends only on the configuration (the TLS mode and
// --active); what did not run is 'U', undeterminable, as the plugin
// guidelines write it.

// plainPhases are the steps of a plaintext session, in run order.
var plainPhases = []string{
	probe.StepConnect, probe.StepGreeting, probe.StepFeat, probe.StepLogin, probe.StepSyst, probe.StepPwd,
	probe.StepStat, probe.StepType, probe.StepPASV, probe.StepEPSV, probe.StepDataPorts, probe.StepTransfer,
	probe.StepActive, probe.StepRange, probe.StepHelp, probe.StepStdClient, probe.StepQuit,
}

// leanTLSPhases are the steps of the TLS session that runs beside a
// plaintext one (--tls auto).
var leanTLSPhases = []string{
	probe.StepConnect, probe.StepGreeting, probe.StepAuthTLS, probe.StepLogin, probe.StepProtect,
	probe.StepTLSData, probe.StepNoResume, probe.StepTLSPolicy, probe.StepStdClient, probe.StepQuit,
}

// fullTLSPhases are the steps of a TLS session that is the only one
// (--tls explicit or implicit); handshake is StepAuthTLS or StepImplicit.
func fullTLSPhases(handshake string) []string {
	return []string{
		probe.StepConnect, handshake, probe.StepGreeting, probe.StepFeat, probe.StepLogin, probe.StepProtect,
		probe.StepSyst, probe.StepPwd, probe.StepStat, probe.StepType, probe.StepPASV, probe.StepEPSV,
		probe.StepDataPorts, probe.StepProtC, probe.StepTLSData, probe.StepNoResume, probe.StepRange,
		probe.StepHelp, probe.StepTLSPolicy, probe.StepStdClient, probe.StepQuit,
	}
}

// PerfPhases is the fixed list of phase labels for a TLS mode, in order.
// Labels are the step names, prefixed "tls-" or "implicit-" for a TLS
// session (as PhaseTotals names them); IPv4 and IPv6 paths share a label,
// since whether a name has an AAAA record is not the check's
// configuration.
func PerfPhases(mode probe.TLSMode) []string {
	prefixed := func(prefix string, steps []string) []string {
		out := make([]string, len(steps))
		for i, s := range steps {
			out[i] = prefix + s
		}
		return out
	}
	out := []string{probe.StepResolve}
	switch mode {
	case probe.TLSOff:
		out = append(out, plainPhases...)
	case probe.TLSExplicit:
		out = append(out, prefixed("tls-", fullTLSPhases(probe.StepAuthTLS))...)
	case probe.TLSImplicit:
		out = append(out, prefixed("implicit-", fullTLSPhases(probe.StepImplicit))...)
	default:
		out = append(out, plainPhases...)
		out = append(out, prefixed("tls-", leanTLSPhases)...)
	}
	return out
}

// PerfModes is the fixed list of data-channel modes the perfdata carries.
func PerfModes(mode probe.TLSMode, active bool) []string {
	out := []string{ModePASV, ModeEPSV, ModeList}
	if mode != probe.TLSOff {
		out = append(out, ModeTLS)
	}
	if active {
		out = append(out, ModePORT, ModeEPRT)
	}
	return out
}

// perfdata renders 'label'=value[UOM];warn;crit;min;max: the total time
// (with the thresholds and the timeout as maximum), every phase of
// PerfPhases (summed over addresses), and every data-channel mode of
// PerfModes (connections that worked out of those tried). A phase that
// ran although PerfPhases does not list it is added at the end rather
// than dropped.
func perfdata(res probe.Result, opts PluginOptions) string {
	var b strings.Builder
	warn, crit, max := "", "", ""
	if opts.Warning != nil {
		warn = opts.Warning.String()
	}
	if opts.Critical != nil {
		crit = opts.Critical.String()
	}
	if opts.Timeout > 0 {
		max = fmt.Sprintf("%.3f", opts.Timeout.Seconds())
	}
	fmt.Fprintf(&b, "'time'=%.6fs;%s;%s;0;%s", res.Duration.Seconds(), warn, crit, max)

	ran := map[string]float64{}
	var order []string
	for _, p := range PhaseTotals(res.Facts) {
		name := strings.TrimPrefix(p.Name, "ipv6-")
		if _, ok := ran[name]; !ok {
			order = append(order, name)
		}
		ran[name] += p.Duration.Seconds()
	}
	labels := PerfPhases(res.Facts.TLSMode)
	for _, name := range order {
		if !slices.Contains(labels, name) {
			labels = append(labels, name)
		}
	}
	for _, name := range labels {
		if d, ok := ran[name]; ok {
			fmt.Fprintf(&b, " '%s'=%.6fs;;;0", perfLabel(name), d)
		} else {
			fmt.Fprintf(&b, " '%s'=U;;;0", perfLabel(name))
		}
	}

	tried := map[string]DataChannel{}
	for _, d := range DataChannels(res) {
		tried[d.Mode] = d
	}
	modes := PerfModes(res.Facts.TLSMode, opts.Active)
	for _, d := range DataChannels(res) {
		if !slices.Contains(modes, d.Mode) {
			modes = append(modes, d.Mode)
		}
	}
	for _, mode := range modes {
		if d, ok := tried[mode]; ok {
			fmt.Fprintf(&b, " 'data_%s'=%d;;;0;%d", mode, d.Worked, d.Tried)
		} else {
			fmt.Fprintf(&b, " 'data_%s'=U;;;0", mode)
		}
	}
	return b.String()
}

// perfLabel drops the characters a quoted perfdata label cannot hold.
func perfLabel(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\'' || r == '=' || r < ' ' {
			return '_'
		}
		return r
	}, s)
}
