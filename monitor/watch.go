package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// MinWatchEvery keeps watch from hammering a server.
const MinWatchEvery = time.Second

// WatchOptions configure Watch.
type WatchOptions struct {
	Probe probe.Options // every run's options, Host included
	Every time.Duration // time from one run's start to the next
	Count int           // stop after this many runs; 0 runs until ctx ends
	JSON  bool          // JSON lines instead of text
	Out   io.Writer
	// Textfile, when set, is rewritten after every run with the run's
	// metrics for node_exporter's textfile collector.
	Textfile string
	// Ignore lists the finding IDs (ParseIgnore) that count for nothing.
	Ignore []string
	// HTMLFile, when set, is rewritten after every run with the run's
	// HTML report, written by Tool.
	HTMLFile string
	Tool     report.Tool
}

// WatchEvent is one line of watch output: the state after a run whose
// verdict or findings differ from the run before.
type WatchEvent struct {
	Time          string   `json:"time"` // RFC 3339, UTC
	Target        string   `json:"target"`
	State         string   `json:"state"` // OK | WARNING | CRITICAL | UNKNOWN (a timeout is CRITICAL)
	PreviousState string   `json:"previous_state,omitempty"`
	Verdict       string   `json:"verdict"`
	Summary       string   `json:"summary"`
	Findings      []string `json:"findings"` // IDs, most severe first
	Added         []string `json:"added"`
	Removed       []string `json:"removed"`
	Ignored       []string `json:"ignored,omitempty"` // IDs the ignore list took out
	DurationMS    int64    `json:"duration_ms"`
}

// Watch diagnoses the target every Every and prints a line when the state
// or the set of findings changes (always after the first run). It returns
// the state of the last finished run, StateUnknown when none finished.
func Watch(ctx context.Context, o WatchOptions) (State, error) {
	if o.Every < MinWatchEvery {
		return StateUnknown, fmt.Errorf("watch: --every must be at least %s", MinWatchEvery)
	}
	last := StateUnknown
	var prev *WatchEvent
	target := joinTarget(o.Probe.Host, o.Probe.Port)
	for run := 0; o.Count == 0 || run < o.Count; run++ {
		start := time.Now()
		opts := o.Probe
		clock := &StepClock{}
		opts.Events = clock.Observe(opts.Events)
		res := probe.Run(ctx, opts)
		if ctx.Err() != nil {
			return last, nil // interrupted: the run proves nothing
		}
		out := EvaluateIgnoring(&res, clock, o.Ignore)
		last = out.State
		ev := newWatchEvent(target, res, out, prev)
		if prev == nil || ev.State != prev.State || !slices.Equal(sortedCopy(ev.Findings), sortedCopy(prev.Findings)) {
			if err := writeWatchEvent(o.Out, ev, o.JSON); err != nil {
				return last, err
			}
		}
		prev = &ev
		if o.Textfile != "" {
			if err := writeWatchTextfile(o.Textfile, target, res, out, opts.Timeout); err != nil {
				return last, err
			}
		}
		if o.HTMLFile != "" {
			if err := WriteHTMLFile(o.HTMLFile, res, o.Tool); err != nil {
				return last, err
			}
		}
		if o.Count != 0 && run+1 == o.Count {
			break
		}
		wait := time.NewTimer(time.Until(start.Add(o.Every)))
		select {
		case <-ctx.Done():
			wait.Stop()
			return last, nil
		case <-wait.C:
		}
	}
	return last, nil
}

func newWatchEvent(target string, res probe.Result, out Outcome, prev *WatchEvent) WatchEvent {
	ev := WatchEvent{Time: res.StartedAt.UTC().Format(time.RFC3339), Target: target, State: out.State.String(),
		Verdict: string(res.Verdict), Summary: out.Summary, Findings: []string{}, Added: []string{}, Removed: []string{},
		DurationMS: res.Duration.Milliseconds(), Ignored: out.ignoredIDs()}
	for _, f := range res.Findings {
		if !slices.Contains(ev.Findings, f.ID) {
			ev.Findings = append(ev.Findings, f.ID)
		}
	}
	if prev == nil {
		return ev
	}
	ev.PreviousState = prev.State
	for _, id := range ev.Findings {
		if !slices.Contains(prev.Findings, id) {
			ev.Added = append(ev.Added, id)
		}
	}
	for _, id := range prev.Findings {
		if !slices.Contains(ev.Findings, id) {
			ev.Removed = append(ev.Removed, id)
		}
	}
	return ev
}

func sortedCopy(s []string) []string {
	c := slices.Clone(s)
	slices.Sort(c)
	return c
}

func writeWatchEvent(w io.Writer, ev WatchEvent, asJSON bool) error {
	var err error
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		err = enc.Encode(ev)
	} else {
		var changes []string
		for _, id := range ev.Added {
			changes = append(changes, "+"+id)
		}
		for _, id := range ev.Removed {
			changes = append(changes, "-"+id)
		}
		line := fmt.Sprintf("%s  %-8s  %s - %s", ev.Time, ev.State, ev.Target, ev.Summary)
		if ev.PreviousState != "" && ev.PreviousState != ev.State {
			line += fmt.Sprintf("  (was %s)", ev.PreviousState)
		}
		if len(changes) > 0 {
			line += "  [" + strings.Join(changes, " ") + "]"
		}
		_, err = fmt.Fprintln(w, line)
	}
	if err != nil {
		return fmt.Errorf("watch: write: %w", err)
	}
	return nil
}

// writeWatchTextfile writes the run's probe metrics labelled with the
// target, and when the run happened: textfile metrics never go stale by
// themselves, so alerts need the timestamp to notice a watch that stopped.
func writeWatchTextfile(path, target string, res probe.Result, out Outcome, timeout time.Duration) error {
	reg := prometheus.NewRegistry()
	wrapped := prometheus.WrapRegistererWith(prometheus.Labels{"target": target}, reg)
	last := prometheus.NewGauge(prometheus.GaugeOpts{Name: "ftpnat_watch_last_run_timestamp_seconds",
		Help: "When the last diagnosis of the target started, as a Unix timestamp."})
	last.Set(float64(res.StartedAt.UnixNano()) / 1e9)
	if err := wrapped.Register(ResultCollector{Result: res, Outcome: out, Timeout: timeout}); err != nil {
		return fmt.Errorf("textfile: %w", err)
	}
	if err := wrapped.Register(last); err != nil {
		return fmt.Errorf("textfile: %w", err)
	}
	return WriteTextfile(path, reg)
}
