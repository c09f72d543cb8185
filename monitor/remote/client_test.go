package remote

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
)

func TestClientRunsRemotely(t *testing.T) {
	a := newAPITest(t, nil)
	c, err := NewClient(ClientOptions{URL: a.srv.URL, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	o := localOptions(a.fleet, hostNAT)
	var kinds []probe.EventKind
	o.Events = func(e probe.Event) { kinds = append(kinds, e.Kind) }
	res, err := c.Diagnose(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Facts.Vantage.Remote != "127.0.0.1" {
		t.Errorf("vantage %q", res.Facts.Vantage.Remote)
	}
	if !slices.Contains(kinds, probe.EventStepStarted) || kinds[len(kinds)-1] != probe.EventDone {
		t.Errorf("events %v", kinds)
	}
	local := probe.Run(context.Background(), localOptions(a.fleet, hostNAT))
	if res.Verdict != local.Verdict || !slices.Equal(findingIDs(res), findingIDs(local)) {
		t.Errorf("remote %s %v, local %s %v", res.Verdict, findingIDs(res), local.Verdict, findingIDs(local))
	}
}

func TestClientRefusedNamesTheReason(t *testing.T) {
	a := newAPITest(t, nil)
	for token, want := range map[string]string{"wrong-token-wrong-token": "401", testToken: "403"} {
		c, err := NewClient(ClientOptions{URL: a.srv.URL, Token: token})
		if err != nil {
			t.Fatal(err)
		}
		o := probe.Options{Host: "ftp.example.com", Timeout: time.Second}
		var events int
		o.Events = func(probe.Event) { events++ }
		res := c.Run(context.Background(), o)
		if res.Verdict != probe.VerdictUnknown || len(res.Checks) != 1 || res.Checks[0].Name != StepRemote ||
			!strings.Contains(res.Checks[0].Detail, want) || res.Facts.Vantage.Remote != "127.0.0.1" || res.Facts.Port != 21 || events != 1 {
			t.Errorf("token %q: %+v", token, res)
		}
	}
}

// hostile serves h on loopback and returns a client of it with tight bounds.
func hostile(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := NewClient(ClientOptions{URL: srv.URL, Token: testToken, LineBytes: 1 << 16, TotalBytes: 1 << 20, Grace: 500 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func ndjson(w http.ResponseWriter) {
	w.Header().Set("Content-Type", ContentType)
	w.WriteHeader(http.StatusOK)
}

func TestClientBoundsAHostileServer(t *testing.T) {
	event := `{"event":{"Kind":"step_started","Step":"connect"}}` + "\n"
	tests := []struct {
		name string
		h    http.HandlerFunc
		want string
	}{
		{"endless line", func(w http.ResponseWriter, r *http.Request) {
			ndjson(w)
			chunk := []byte(strings.Repeat("a", 4096))
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}, "line too long"},
		{"endless events", func(w http.ResponseWriter, r *http.Request) {
			ndjson(w)
			for r.Context().Err() == nil {
				if _, err := fmt.Fprint(w, event); err != nil {
					return
				}
			}
		}, "longer than"},
		{"garbage", func(w http.ResponseWriter, _ *http.Request) {
			ndjson(w)
			fmt.Fprint(w, "\x00\x01 not json\n")
		}, "not a diagnosis event"},
		{"empty object", func(w http.ResponseWriter, _ *http.Request) {
			ndjson(w)
			fmt.Fprint(w, "{}\n")
		}, "neither event nor result"},
		{"no result", func(w http.ResponseWriter, _ *http.Request) {
			ndjson(w)
			fmt.Fprint(w, event)
		}, "ended before the result"},
		{"error line", func(w http.ResponseWriter, _ *http.Request) {
			ndjson(w)
			fmt.Fprint(w, `{"error":"engine gone\u001b[31m"}`+"\n")
		}, "the diagnosis failed: engine gone [31m"},
		{"silence", func(w http.ResponseWriter, r *http.Request) {
			ndjson(w)
			w.(http.Flusher).Flush()
			<-r.Context().Done()
		}, "deadline exceeded"},
		{"not ndjson", func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html>")
		}, "is the URL an ftpnat serve"},
		{"redirect", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "https://elsewhere.example/", http.StatusTemporaryRedirect)
		}, "307"},
		{"huge refusal", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, strings.Repeat("slow down ", 1<<16))
		}, "429 slow down"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := hostile(t, tt.h)
			start := time.Now()
			_, err := c.Diagnose(context.Background(), probe.Options{Host: "h", Timeout: 500 * time.Millisecond})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if len(err.Error()) > 600 {
				t.Errorf("error of %d bytes", len(err.Error()))
			}
			if took := time.Since(start); took > 3*time.Second {
				t.Errorf("took %s", took)
			}
		})
	}
}

func TestNewClientChecksTheURL(t *testing.T) {
	for url, want := range map[string]string{
		"http://probe.example.net":           "http only to loopback",
		"ftp://probe.example.net":            "https://HOST",
		"https://u:p@probe.example.net":      "no credentials in the URL",
		"https://probe.example.net/?token=x": "no query",
		"probe.example.net":                  "https://HOST",
	} {
		if _, err := NewClient(ClientOptions{URL: url, Token: testToken}); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", url, err, want)
		}
	}
	if _, err := NewClient(ClientOptions{URL: "https://probe.example.net"}); err == nil || !strings.Contains(err.Error(), "no token") {
		t.Errorf("no token: %v", err)
	}
	for _, url := range []string{"http://127.0.0.1:9269", "http://[::1]:9269/", "http://localhost:1", "https://probe.example.net/ftpnat"} {
		c, err := NewClient(ClientOptions{URL: url, Token: testToken})
		if err != nil {
			t.Errorf("%s: %v", url, err)
			continue
		}
		if !strings.HasSuffix(c.endpoint, Path) || strings.Contains(c.endpoint, "//api") {
			t.Errorf("%s: endpoint %s", url, c.endpoint)
		}
	}
}

func TestRequestOf(t *testing.T) {
	r := RequestOf(probe.Options{Host: "2001:db8::1", Password: "x", User: "u", ExpectRange: &probe.PortSpan{Min: 5, Max: 9},
		Timeout: 3 * time.Second, ProbeAdvertised: true})
	if r.Target != "[2001:db8::1]" || r.ExpectRange != "5-9" || time.Duration(r.Timeout) != 3*time.Second || r.Password != "x" {
		t.Errorf("%+v", r)
	}
	if r := RequestOf(probe.Options{Host: "h", Port: 2121}); r.Target != "h:2121" {
		t.Errorf("%+v", r)
	}
}

// TestRequestCarriesTheOptions: what the client sends is what the server
// runs, but for the server's own bounds.
func TestRequestCarriesTheOptions(t *testing.T) {
	in := probe.Options{Host: "t1.fleet.test", Port: 2121, User: "u", Password: "p", TLS: probe.TLSExplicit, Samples: 7,
		Timeout: time.Minute, DataTimeout: time.Second, Families: []probe.Family{probe.IPv6}, AllAddresses: true, Active: true,
		ExpectRange: &probe.PortSpan{Min: 30000, Max: 30009}, MaxSessions: 3, SkipStdClient: true, ProbeAdvertised: true,
		CertDays: 30}
	b, err := json.Marshal(RequestOf(in))
	if err != nil {
		t.Fatal(err)
	}
	req, err := decodeRequest(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	allow, _ := monitor.ParseAllowlist([]string{"*.fleet.test"})
	got, err := options(req, &monitor.API{MaxTimeout: 30 * time.Second, Allow: allow})
	if err != nil {
		t.Fatal(err)
	}
	want := in
	want.Timeout, want.ProbeAdvertised = 30*time.Second, false
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
	// The certificate warning: default, off, or a period of its own.
	for _, days := range []int{0, -1, 7} {
		b, _ := json.Marshal(RequestOf(probe.Options{Host: "t1.fleet.test", CertDays: days}))
		req, err := decodeRequest(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		o, err := options(req, &monitor.API{MaxTimeout: 30 * time.Second, Allow: allow})
		if err != nil || o.CertDays != days {
			t.Errorf("cert days %d: %d, %v (%s)", days, o.CertDays, err, b)
		}
	}
}
