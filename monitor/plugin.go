package monitor

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// PluginOptions shape the monitoring-plugin output.
type PluginOptions struct {
	// Warning and Critical are thresholds on the total diagnosis time in
	// seconds; nil means none.
	Warning, Critical *Range
	// Timeout is the overall bound, the perfdata maximum of 'time'.
	Timeout time.Duration
	// Verbose adds detail below the findings: 1 their evidence, 2 the
	// steps, 3 the control-channel transcript.
	Verbose int
	// Active says active mode was asked for: the perfdata then carries
	// the PORT and EPRT data channels.
	Active bool
}

// Bounds keep plugin output within what monitoring systems store.
const (
	maxEvidenceLines   = 12
	maxTranscriptLines = 400
)

// WritePlugin writes the plugin output for one diagnosis and returns the
// state to exit with: the status line with all perfdata after '|', then one
// line per finding (long output), then verbose detail.
func WritePlugin(w io.Writer, res probe.Result, out Outcome, opts PluginOptions) (State, error) {
	bw := bufio.NewWriter(w)
	state, summary := out.State, out.Summary
	total := res.Duration.Seconds()
	var thresholdLine string
	for _, t := range []struct {
		r     *Range
		state State
		name  string
	}{{opts.Critical, StateCritical, "critical"}, {opts.Warning, StateWarning, "warning"}} {
		if t.r == nil || !t.r.Alert(total) {
			continue
		}
		thresholdLine = fmt.Sprintf("\\_[%s] total time %s is outside the %s range %s", t.state, seconds(res.Duration), t.name, t.r)
		if t.state.rank() > state.rank() {
			summary = fmt.Sprintf("total time %s is outside the %s range %s; %s", seconds(res.Duration), t.name, t.r, summary)
		}
		state = Worst(state, t.state)
		break
	}
	fmt.Fprintf(bw, "FTPNAT %s - %s | %s\n", state, sanitize(summary), perfdata(res, opts))
	if thresholdLine != "" {
		fmt.Fprintln(bw, thresholdLine)
	}
	for _, f := range res.Findings {
		fmt.Fprintf(bw, "\\_[%s] %s - %s\n", stateOfSeverity(f.Severity), f.ID, sanitize(f.Summary))
		writeEvidence(bw, f, opts.Verbose)
	}
	for _, f := range out.Ignored {
		fmt.Fprintf(bw, "\\_[IGNORED] %s - %s\n", f.ID, sanitize(f.Summary))
		writeEvidence(bw, f, opts.Verbose)
	}
	if opts.Verbose >= 2 {
		for _, c := range res.Checks {
			fmt.Fprintf(bw, "  step %-20s %-4s %8s  %s\n", c.Name, c.Status, seconds(c.Duration), longText(c.Detail))
		}
	}
	if opts.Verbose >= 3 {
		for i, t := range res.Transcript {
			if i == maxTranscriptLines {
				fmt.Fprintf(bw, "  … %d more transcript lines\n", len(res.Transcript)-i)
				break
			}
			fmt.Fprintf(bw, "  %8s %-10s %-4s %s\n", seconds(t.T), t.Session, t.Dir, longText(t.Line))
		}
	}
	if err := bw.Flush(); err != nil {
		return StateUnknown, fmt.Errorf("write plugin output: %w", err)
	}
	return state, nil
}

// writeEvidence writes a finding's evidence under its line at -v.
func writeEvidence(bw *bufio.Writer, f probe.Finding, verbose int) {
	if verbose < 1 {
		return
	}
	for i, ev := range f.Evidence {
		if i == maxEvidenceLines {
			fmt.Fprintf(bw, "    … %d more\n", len(f.Evidence)-i)
			return
		}
		fmt.Fprintf(bw, "    %s\n", longText(ev))
	}
}

// sanitize keeps human text on one line and away from the perfdata
// separator, as monitoring-plugins v3 does.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '|', '\n', '\r':
			return ' '
		}
		return r
	}, s)
}

// PhaseTotals sums the phases by name and path kind, in order of first
// appearance: a step can run more than once (a retried greeting) and every
// name must be one series. Names carry what sets their path apart
// ("tls-pasv", "ipv6-connect"), so that series stay apart.
func PhaseTotals(f probe.Facts) []probe.Phase {
	var out []probe.Phase
	idx := make(map[string]int, len(f.Phases))
	for _, p := range f.Phases {
		p.Name = strings.ReplaceAll(report.StepLabel(p.Name, p.Path), " ", "-")
		if i, ok := idx[p.Name]; ok {
			out[i].Duration += p.Duration
			continue
		}
		idx[p.Name] = len(out)
		out = append(out, p)
	}
	return out
}
