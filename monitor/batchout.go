package monitor

import (
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/ftpnat/ftpnat/report"
)

// BatchLine is one line of batch JSON output: the JSON report (schema
// version 1, its fields at the top level) with a "batch" object saying
// which line of the file it answers and how a monitor reads it.
type BatchLine struct {
	Batch BatchMeta `json:"batch"`
	report.Report
}

// BatchMeta ties a report to its batch-file line.
type BatchMeta struct {
	Line    int    `json:"line"`
	Target  string `json:"target"`
	State   string `json:"state"` // OK | WARNING | CRITICAL | UNKNOWN (a timeout is CRITICAL)
	Summary string `json:"summary"`
	// Ignored are the finding IDs the ignore list took out of the report.
	Ignored []string `json:"ignored,omitempty"`
}

// NewBatchLine builds the JSON line of an item.
func NewBatchLine(it BatchItem, tool report.Tool) BatchLine {
	return BatchLine{
		Batch: BatchMeta{Line: it.Target.Line, Target: it.Target.Name(), State: it.Outcome.State.String(),
			Summary: it.Outcome.Summary, Ignored: it.Outcome.ignoredIDs()},
		Report: report.Build(it.Result, tool),
	}
}

// JSONLinesWriter writes one compact JSON report per line.
type JSONLinesWriter struct {
	enc  *json.Encoder
	tool report.Tool
}

// NewJSONLinesWriter writes to w; HTML escaping is off, as in report.WriteJSON.
func NewJSONLinesWriter(w io.Writer, tool report.Tool) *JSONLinesWriter {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return &JSONLinesWriter{enc: enc, tool: tool}
}

// Write writes the line of one item.
func (j *JSONLinesWriter) Write(it BatchItem) error {
	if err := j.enc.Encode(NewBatchLine(it, j.tool)); err != nil {
		return fmt.Errorf("write batch report: %w", err)
	}
	return nil
}

// TableWriter prints one row per finished target as it arrives, for a
// person at a terminal, and a closing count.
type TableWriter struct {
	w      io.Writer
	header bool
}

// NewTableWriter writes to w.
func NewTableWriter(w io.Writer) *TableWriter { return &TableWriter{w: w} }

const tableTargetWidth = 32

// Write prints the row of one item.
func (t *TableWriter) Write(it BatchItem) error {
	if !t.header {
		t.header = true
		if _, err := fmt.Fprintf(t.w, "%-8s  %8s  %-*s  %s\n", "STATE", "TIME", tableTargetWidth, "TARGET", "SUMMARY"); err != nil {
			return fmt.Errorf("write batch table: %w", err)
		}
	}
	name := it.Target.Name()
	if len(name) > tableTargetWidth {
		name = name[:tableTargetWidth-1] + "…"
	}
	_, err := fmt.Fprintf(t.w, "%-8s  %7.2fs  %-*s  %s\n", it.Outcome.State, it.Result.Duration.Seconds(),
		tableTargetWidth, name, it.Outcome.Summary)
	if err != nil {
		return fmt.Errorf("write batch table: %w", err)
	}
	return nil
}

// Close prints the summary line.
func (t *TableWriter) Close(s BatchSummary) error {
	_, err := fmt.Fprintln(t.w, SummaryLine(s))
	return err
}

// SummaryLine counts the outcomes of a batch in one line.
func SummaryLine(s BatchSummary) string {
	line := fmt.Sprintf("%d of %d targets diagnosed in %s: %d OK, %d WARNING, %d CRITICAL, %d UNKNOWN",
		s.Done, s.Targets, s.Duration.Round(10*time.Millisecond),
		s.Counts[StateOK], s.Counts[StateWarning], s.Counts[StateCritical], s.Counts[StateUnknown])
	if s.Done < s.Targets {
		line += fmt.Sprintf(" (%d not run: interrupted)", s.Targets-s.Done)
	}
	return line
}
