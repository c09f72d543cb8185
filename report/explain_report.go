package report

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"slices"
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// MaxReportBytes bounds what ReadReports reads: a diagnosis report with
// its transcript is well under a megabyte, a batch of them is more.
const MaxReportBytes = 64 << 20

// ReadReports decodes the JSON reports in r: one, as diagnose --json
// writes it, or one per line, as batch writes them. It reads at most
// MaxReportBytes.
func ReadReports(r io.Reader) ([]Report, error) {
	dec := json.NewDecoder(io.LimitReader(r, MaxReportBytes+1))
	var reps []Report
	for {
		var rep Report
		err := dec.Decode(&rep)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if dec.InputOffset() > MaxReportBytes {
				return nil, fmt.Errorf("read report: larger than %d MiB", MaxReportBytes>>20)
			}
			return nil, fmt.Errorf("read report %d: not an ftpnat JSON report: %w", len(reps)+1, err)
		}
		if rep.SchemaVersion == 0 && rep.Verdict == "" {
			return nil, fmt.Errorf("read report %d: not an ftpnat JSON report (no schema_version or verdict)", len(reps)+1)
		}
		reps = append(reps, rep)
	}
	if len(reps) == 0 {
		return nil, errors.New("read report: empty")
	}
	return reps, nil
}

// NotInReportError is returned by WriteExplainReport when no report holds
// the finding; Found lists the findings the reports do hold.
type NotInReportError struct {
	ID    string
	Found []string
}

func (e *NotInReportError) Error() string {
	if len(e.Found) == 0 {
		return fmt.Sprintf("the report has no finding %s (it has no findings)", e.ID)
	}
	return fmt.Sprintf("the report has no finding %s (its findings: %s)", e.ID, strings.Join(e.Found, ", "))
}

// WriteExplainReport explains finding id as WriteExplain does, but with
// the values of a saved report: what the diagnosis saw, its advice and
// every fix filled in for that server, in the report's order, the
// detected program's marked.
// Each report that holds the finding is explained in turn.
func WriteExplainReport(w io.Writer, id string, reps []Report, opts TextOptions) error {
	id = strings.TrimSpace(id)
	e, ok := Lookup(id)
	if !ok {
		return &UnknownFindingError{ID: id, Suggestions: closeMatches(id)}
	}
	t := newTextWriter(opts)
	var found []string
	n := 0
	for _, rep := range reps {
		for _, f := range rep.Findings {
			if f.ID != id {
				if !slices.Contains(found, f.ID) {
					found = append(found, f.ID)
				}
				continue
			}
			if n > 0 {
				t.line("")
			}
			n++
			t.explainReported(e, rep, f)
		}
	}
	if n == 0 {
		return &NotInReportError{ID: id, Found: found}
	}
	_, err := io.WriteString(w, t.b.String())
	return err
}

func (t *textWriter) explainReported(e Entry, rep Report, f Finding) {
	t.line(t.p.label.Sprint(e.ID) + " " + t.m.dash + " " + e.Title)
	t.line("Severity: " + t.p.severity(probe.Severity(f.Severity)).Sprint(f.Severity))
	target := net.JoinHostPort(rep.Target.Host, strconv.Itoa(rep.Target.Port))
	where := "Seen on " + target
	if rep.StartedAt != "" {
		where += " at " + rep.StartedAt
	}
	if rep.Simulated {
		where += " (simulation: ftpnat demo)"
	}
	t.line(where)
	t.line("")
	t.line(t.p.label.Sprint("What the diagnosis saw"))
	t.prose(2, f.Summary, nil)
	for _, ev := range f.Evidence {
		t.prose(4, "- "+ev, nil)
	}
	t.line("")
	t.line(t.p.label.Sprint("What it means"))
	t.prose(2, e.Explanation, nil)
	if f.Advice != "" {
		t.line("")
		t.line(t.p.label.Sprint("What to do"))
		t.prose(2, f.Advice, nil)
	}
	t.explainClients(e.ID)
	if len(f.Remediation) == 0 {
		return
	}
	t.line("")
	t.line(t.p.label.Sprint("Fixes") + " (filled in with the report's values)")
	for _, r := range f.Remediation {
		name := TargetName(r.AppliesTo)
		if r.AppliesTo == rep.Server.Software {
			name += " (detected)"
		}
		t.line("")
		t.line("  " + t.p.label.Sprint(name))
		t.prose(4, r.Text, nil)
		if r.Config != "" {
			t.block(6, r.Config)
		}
	}
}
