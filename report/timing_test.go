package report

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func withTiming(rtt time.Duration, roundTrips int) probe.Result {
	res := reporttest.NATPrivateFiltered()
	res.Facts.Timing = probe.Timing{ControlRTT: rtt, RoundTrips: roundTrips}
	return res
}

func TestJSONTiming(t *testing.T) {
	for _, c := range []struct {
		rtt        time.Duration
		roundTrips int
		want       string
	}{
		{190 * time.Millisecond, 11, `"timing":{"control_rtt_ms":190,"round_trips":11}`},
		{1234567 * time.Nanosecond, 27, `"timing":{"control_rtt_ms":1.2,"round_trips":27}`},
		{0, 0, `"timing":{"control_rtt_ms":0,"round_trips":0}`},
	} {
		doc := writeJSON(t, withTiming(c.rtt, c.roundTrips))
		var v map[string]any
		if err := json.Unmarshal(doc, &v); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(v["timing"]) // compact, keys sorted
		if got := `"timing":` + string(b); got != c.want {
			t.Errorf("%v, %d: %s, want %s", c.rtt, c.roundTrips, got, c.want)
		}
		if err := reporttest.ValidateJSON(doc, reporttest.SchemaPath()); err != nil {
			t.Errorf("%v, %d: report does not match docs/report.schema.json:\n%v", c.rtt, c.roundTrips, err)
		}
	}
	// The timing sits beside the duration in the output.
	doc := string(writeJSON(t, withTiming(190*time.Millisecond, 11)))
	d, tm, sim := strings.Index(doc, `"duration_ms"`), strings.Index(doc, `"timing"`), strings.Index(doc, `"simulated"`)
	if !(d < tm && tm < sim) {
		t.Errorf("timing is not between duration_ms and simulated:\n%s", doc[:min(len(doc), 600)])
	}
}

func TestSchemaRejectsBadTiming(t *testing.T) {
	doc := writeJSON(t, withTiming(190*time.Millisecond, 11))
	for _, bad := range []string{`"round_trips":-1`, `"round_trips":1.5`, `"control_rtt_ms":-3`} {
		field := bad[:strings.Index(bad, ":")]
		var old string
		if field == `"round_trips"` {
			old = `"round_trips": 11`
		} else {
			old = `"control_rtt_ms": 190`
		}
		if !strings.Contains(string(doc), old) {
			t.Fatalf("report lacks %s", old)
		}
		broken := strings.Replace(string(doc), old, bad, 1)
		if err := reporttest.ValidateJSON([]byte(broken), reporttest.SchemaPath()); err == nil {
			t.Errorf("schema accepts %s", bad)
		}
	}
}

func TestTextTimingBesideDuration(t *testing.T) {
	for _, c := range []struct {
		rtt        time.Duration
		roundTrips int
		want       string
	}{
		{190 * time.Millisecond, 11, "Server    vsftpd 3.0.5 | logged in as anonymous | finished in 9.87s | 11 round trips of 190ms\n"},
		{1500 * time.Microsecond, 1, "Server    vsftpd 3.0.5 | logged in as anonymous | finished in 9.87s | 1 round trip of 1.5ms\n"},
		{80 * time.Microsecond, 12, "Server    vsftpd 3.0.5 | logged in as anonymous | finished in 9.87s | 12 round trips of 0.08ms\n"},
		{0, 9, "Server    vsftpd 3.0.5 | logged in as anonymous | finished in 9.87s | 9 round trips\n"},
		// Not counted: nothing beside the duration.
		{190 * time.Millisecond, 0, "Server    vsftpd 3.0.5 | logged in as anonymous | finished in 9.87s\n"},
	} {
		out := renderText(t, withTiming(c.rtt, c.roundTrips), TextOptions{})
		if !strings.Contains(out, c.want) {
			t.Errorf("%v, %d: no %q in\n%s", c.rtt, c.roundTrips, c.want, out[:min(len(out), 400)])
		}
	}
}

func TestRoundTripsLabel(t *testing.T) {
	for _, c := range []struct {
		in   probe.Timing
		want string
	}{
		{probe.Timing{}, ""},
		{probe.Timing{ControlRTT: time.Second}, ""},
		{probe.Timing{ControlRTT: 200 * time.Millisecond, RoundTrips: 23}, "23 round trips of 200ms"},
		{probe.Timing{ControlRTT: 1500 * time.Millisecond, RoundTrips: 2}, "2 round trips of 1.50s"},
	} {
		if got := RoundTripsLabel(c.in); got != c.want {
			t.Errorf("RoundTripsLabel(%+v) = %q, want %q", c.in, got, c.want)
		}
	}
}
