package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// TestResultRoundTrip: a Result and its events survive the wire for every
// scenario, so that a remote run renders exactly as a local one: the JSON
// of the decoded value equals the JSON of the original, and so do the
// reports built from them.
func TestResultRoundTrip(t *testing.T) {
	tool := report.Tool{Name: "ftpnat", Version: "test"}
	for _, sc := range fixtures.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			env, err := fixtures.Start(context.Background(), sc)
			if errors.Is(err, fixtures.ErrNoIPv6) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer env.Close()
			var events []probe.Event
			res := probe.Run(context.Background(), probe.Options{Host: env.Host, Port: env.Port,
				Dialer: env.Dialer, Resolver: env.Resolver, RootCAs: env.RootCAs, Listen: env.Listen,
				DataTimeout: 300 * time.Millisecond, Timeout: 4 * time.Second, StepTimeout: time.Second, Active: true,
				Events: func(e probe.Event) { events = append(events, e) }})
			res.Facts.Vantage.Remote = "probe.example.test"
			roundTrip(t, Line{Result: &res})
			for i := range events {
				roundTrip(t, Line{Event: &events[i]})
			}
			var want, got bytes.Buffer
			back := decodeLine(t, Line{Result: &res})
			if err := report.WriteJSON(&want, res, tool); err != nil {
				t.Fatal(err)
			}
			if err := report.WriteJSON(&got, *back.Result, tool); err != nil {
				t.Fatal(err)
			}
			if want.String() != got.String() {
				t.Errorf("the JSON report differs after the round trip")
			}
			want.Reset()
			got.Reset()
			_ = report.WriteText(&want, res, report.TextOptions{})
			_ = report.WriteText(&got, *back.Result, report.TextOptions{})
			if want.String() != got.String() {
				t.Errorf("the text report differs after the round trip")
			}
		})
	}
}

func decodeLine(t *testing.T, l Line) Line {
	t.Helper()
	b, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	var back Line
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	return back
}

func roundTrip(t *testing.T, l Line) {
	t.Helper()
	b, _ := json.Marshal(l)
	again, err := json.Marshal(decodeLine(t, l))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Fatalf("round trip changed the line:\n%s\n%s", b, again)
	}
}
