package remote

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
)

func TestAPIStreamsEventsThenResult(t *testing.T) {
	a := newAPITest(t, nil)
	for _, host := range []string{hostHealthy, hostNAT} {
		resp := a.post(t, context.Background(), testToken, request(host))
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != ContentType {
			t.Fatalf("%s: status %d, content type %q", host, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		ls := lines(t, resp.Body)
		resp.Body.Close()
		if len(ls) < 2 {
			t.Fatalf("%s: %d lines", host, len(ls))
		}
		for _, l := range ls[:len(ls)-1] {
			if l.Event == nil || l.Result != nil {
				t.Fatalf("%s: a line before the last is not an event: %+v", host, l)
			}
		}
		last := ls[len(ls)-1]
		if last.Result == nil {
			t.Fatalf("%s: the last line is not the result", host)
		}
		if ls[len(ls)-2].Event.Kind != probe.EventDone {
			t.Errorf("%s: the event before the result is %s, not done", host, ls[len(ls)-2].Event.Kind)
		}
		local := probe.Run(context.Background(), localOptions(a.fleet, host))
		if last.Result.Verdict != local.Verdict || !slices.Equal(findingIDs(*last.Result), findingIDs(local)) {
			t.Errorf("%s: remote %s %v, local %s %v", host, last.Result.Verdict, findingIDs(*last.Result), local.Verdict, findingIDs(local))
		}
	}
	if got := metricValue(t, a, "ftpnat_api_requests_total", "200"); got != 2 {
		t.Errorf("requests_total{code=200} = %v", got)
	}
}

func TestAPIRefusals(t *testing.T) {
	a := newAPITest(t, nil)
	tests := []struct {
		name, token, body string
		code              int
		want              string
	}{
		{"no token", "", request(hostHealthy), http.StatusUnauthorized, "bearer token"},
		{"wrong token", testToken + "x", request(hostHealthy), http.StatusUnauthorized, "bearer token"},
		{"prefix of the token", testToken[:20], request(hostHealthy), http.StatusUnauthorized, "bearer token"},
		{"outside the allowlist", testToken, `{"target":"ftp.example.com"}`, http.StatusForbidden, "not in this server's allowed_targets"},
		{"allowlisted name, other address form", testToken, `{"target":"203.0.113.101"}`, http.StatusForbidden, "allowed_targets"},
		{"oversized body", testToken, `{"target":"` + strings.Repeat("a", MaxRequestBytes) + `"}`, http.StatusRequestEntityTooLarge, "larger than"},
		{"unknown field", testToken, `{"target":"t0000.fleet.test","probe_advertised":true}`, http.StatusBadRequest, "unknown field"},
		{"trailing data", testToken, request(hostHealthy) + `{}`, http.StatusBadRequest, "after the JSON object"},
		{"empty body", testToken, ``, http.StatusBadRequest, "empty request body"},
		{"bad tls", testToken, `{"target":"t0000.fleet.test","tls":"maybe"}`, http.StatusBadRequest, "tls must be"},
		{"CRLF in user", testToken, `{"target":"t0000.fleet.test","user":"a\r\nDELE x"}`, http.StatusBadRequest, "line breaks"},
		{"credentials in target", testToken, `{"target":"ftp://u:p@t0000.fleet.test"}`, http.StatusBadRequest, "credentials"},
		{"too many sessions", testToken, `{"target":"t0000.fleet.test","max_sessions":100}`, http.StatusBadRequest, "max_sessions"},
		{"negative cert days", testToken, `{"target":"t0000.fleet.test","cert_days":-1}`, http.StatusBadRequest, "cert_days"},
	}
	for _, tt := range tests {
		resp := a.post(t, context.Background(), tt.token, tt.body)
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		resp.Body.Close()
		if resp.StatusCode != tt.code || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s: %d %q, want %d with %q", tt.name, resp.StatusCode, body, tt.code, tt.want)
		}
		if tt.code == http.StatusUnauthorized && !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s: WWW-Authenticate %q", tt.name, resp.Header.Get("WWW-Authenticate"))
		}
	}
	if n := metricValue(t, a, "ftpnat_api_diagnoses_in_flight", ""); n != 0 {
		t.Errorf("in flight %v after refusals", n)
	}
	if strings.Contains(a.log.String(), testToken) {
		t.Error("the log holds the token")
	}
}

func TestAPIRateLimit(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	var mu sync.Mutex
	a := newAPITest(t, func(api *monitor.API, o *ServerOptions) {
		api.RatePerMinute = 2
		o.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	})
	code := func() (int, string) {
		resp := a.post(t, context.Background(), "", "{}")
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	for i := range 2 {
		if c, _ := code(); c != http.StatusUnauthorized {
			t.Fatalf("request %d: %d", i, c)
		}
	}
	if c, ra := code(); c != http.StatusTooManyRequests || ra != "31" {
		t.Fatalf("third request: %d, Retry-After %q; want 429 after 31s", c, ra)
	}
	mu.Lock()
	now = now.Add(31 * time.Second)
	mu.Unlock()
	if c, _ := code(); c != http.StatusUnauthorized {
		t.Fatalf("after the wait: %d", c)
	}
}

func TestLimiterBoundsClients(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(1, func() time.Time { return now })
	for i := range maxClients + 10 {
		l.allow(strings.Repeat("x", i%7) + string(rune(i)))
	}
	if len(l.buckets) > maxClients+1 {
		t.Errorf("%d buckets", len(l.buckets))
	}
	if k1, k2 := clientKey("[2001:db8::1]:1000"), clientKey("[2001:db8::2]:2000"); k1 != k2 {
		t.Errorf("one /64 counts as %s and %s", k1, k2)
	}
	if k := clientKey("[::ffff:192.0.2.1]:1"); k != "192.0.2.1" {
		t.Errorf("mapped IPv4 counts as %s", k)
	}
}

// waitInFlight waits until n diagnoses run.
func waitInFlight(t *testing.T, a *apiTest, n float64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for metricValue(t, a, "ftpnat_api_diagnoses_in_flight", "") != n {
		if time.Now().After(deadline) {
			t.Fatalf("in flight %v, want %v", metricValue(t, a, "ftpnat_api_diagnoses_in_flight", ""), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestAPIConcurrencyBound(t *testing.T) {
	a := newAPITest(t, func(api *monitor.API, _ *ServerOptions) { api.MaxConcurrent = 1 })
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := a.post(t, ctx, testToken, request(hostFiltered)) // holds its slot until its timeout
	defer first.Body.Close()
	waitInFlight(t, a, 1)
	resp := a.post(t, context.Background(), testToken, request(hostHealthy))
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "busy") {
		t.Fatalf("second request: %d %q (Retry-After %q)", resp.StatusCode, body, resp.Header.Get("Retry-After"))
	}
}

func TestAPIClientGoneCancelsDiagnosis(t *testing.T) {
	a := newAPITest(t, nil)
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	resp := a.post(t, ctx, testToken, request(hostFiltered)) // would take its full 5s
	buf := make([]byte, 1)
	if _, err := resp.Body.Read(buf); err != nil { // the stream has begun
		t.Fatal(err)
	}
	start := time.Now()
	cancel()
	resp.Body.Close()
	done := make(chan struct{})
	go func() { a.api.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("the diagnosis goes on after the client left")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the diagnosis ended %s after the client left", took)
	}
	if !strings.Contains(a.log.String(), "cut short") {
		t.Errorf("no log line for the cut diagnosis:\n%s", a.log.String())
	}
	a.srv.CloseClientConnections()
	a.srv.Client().CloseIdleConnections()
	deadline := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines, %d before the request", n, before)
	}
}

func TestAPIPasswordNeverLeaves(t *testing.T) {
	const secret = "pw-Zq8vX3-never-shown"
	a := newAPITest(t, nil)
	body := `{"target":"t0000.fleet.test","user":"alice","password":"` + secret + `","timeout":"5s","data_timeout":"300ms"}`
	resp := a.post(t, context.Background(), testToken, body)
	stream, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, stream)
	}
	if !strings.Contains(string(stream), "PASS") {
		t.Error("the stream has no PASS line: the test proves nothing")
	}
	// A refused request with the password in a broken body.
	resp = a.post(t, context.Background(), testToken, `{"target":"t0000.fleet.test","password":`+secret+`}`)
	resp.Body.Close()
	metrics := httptestGather(t, a)
	for what, s := range map[string]string{"stream": string(stream), "log": a.log.String(), "metrics": metrics} {
		if strings.Contains(s, secret) || strings.Contains(s, secret[:8]) {
			t.Errorf("the %s holds the password", what)
		}
		if strings.Contains(s, testToken) {
			t.Errorf("the %s holds the token", what)
		}
	}
}

func httptestGather(t *testing.T, a *apiTest) string {
	t.Helper()
	mfs, err := a.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, mf := range mfs {
		b.WriteString(mf.String())
	}
	if !strings.Contains(b.String(), "ftpnat_api_requests_total") {
		t.Fatalf("no API metrics: %s", b.String())
	}
	return b.String()
}

func TestScrub(t *testing.T) {
	f := probe.Finding{ID: "x", Evidence: []string{"530 bad password hunter22"}, Params: probe.Params{"a": "hunter22!"}}
	res := probe.Result{Transcript: []probe.TranscriptEntry{{Line: "331 hunter22"}}}
	res.Findings = []probe.Finding{f}
	scrub(&res, "hunter22")
	if res.Transcript[0].Line != "331 [redacted]" || res.Findings[0].Evidence[0] != "530 bad password [redacted]" ||
		res.Findings[0].Params["a"] != "[redacted]!" {
		t.Errorf("%+v", res)
	}
	if f.Evidence[0] != "530 bad password [redacted]" {
		t.Log("note: slices are shared with the caller's copy")
	}
}

func TestAPIRateLimitBehindProxy(t *testing.T) {
	a := newAPITest(t, func(api *monitor.API, o *ServerOptions) {
		api.RatePerMinute = 1
		o.TrustForwardedFor = true
	})
	code := func(xff string) int {
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+Path, strings.NewReader("{}"))
		req.Header.Set("X-Forwarded-For", xff)
		resp, err := a.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for i, tt := range []struct {
		xff  string
		want int
	}{
		{"203.0.113.9, 192.0.2.1", http.StatusUnauthorized},
		{"192.0.2.2", http.StatusUnauthorized},
		{"192.0.2.2, 192.0.2.1", http.StatusTooManyRequests}, // the proxy appended .1: a client cannot choose
		{"2001:db8:1::1", http.StatusUnauthorized},
		{"2001:db8:1::2", http.StatusTooManyRequests}, // the same /64
	} {
		if got := code(tt.xff); got != tt.want {
			t.Errorf("%d: X-Forwarded-For %s: %d, want %d", i, tt.xff, got, tt.want)
		}
	}
	if !strings.Contains(a.log.String(), "client=192.0.2.1:0") {
		t.Errorf("the log does not name the forwarded client:\n%s", a.log.String())
	}
}

// stalledWriter is a client that stops reading: once the first line is
// out, every write waits for the deadline and fails.
type stalledWriter struct {
	header   http.Header
	mu       sync.Mutex
	lines    int
	deadline time.Time
}

func (w *stalledWriter) Header() http.Header { return w.header }
func (w *stalledWriter) WriteHeader(int)     {}
func (w *stalledWriter) Flush()              {}

func (w *stalledWriter) SetWriteDeadline(t time.Time) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.deadline = t
	return nil
}

func (w *stalledWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.lines++
	first, deadline := w.lines == 1, w.deadline
	w.mu.Unlock()
	if first {
		return len(p), nil
	}
	time.Sleep(time.Until(deadline))
	return 0, os.ErrDeadlineExceeded
}

func TestAPIStalledClientCancelsDiagnosis(t *testing.T) {
	a := newAPITest(t, func(_ *monitor.API, o *ServerOptions) { o.WriteTimeout = 100 * time.Millisecond })
	req := httptest.NewRequest(http.MethodPost, Path, strings.NewReader(request(hostFiltered))) // would take 5s
	req.Header.Set("Authorization", "Bearer "+testToken)
	w := &stalledWriter{header: http.Header{}}
	start := time.Now()
	a.api.ServeHTTP(w, req)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a client that stopped reading held the diagnosis for %s", took)
	}
	if w.lines > 3 {
		t.Errorf("%d writes after the client stalled", w.lines-1)
	}
	if !strings.Contains(a.log.String(), "cut short") {
		t.Errorf("no log line:\n%s", a.log.String())
	}
}
