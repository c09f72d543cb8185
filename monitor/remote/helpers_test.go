package remote

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/monitor/internal/fleet"
	"github.com/ftpnat/ftpnat/probe"
)

const testToken = "0123456789abcdef0123456789abcdef"

// The fleet's hosts, in the order of testScenarios.
var testScenarios = []string{"healthy", "nat-private-unforwarded", "control-filtered"}

const (
	hostHealthy  = "t0000.fleet.test"
	hostNAT      = "t0001.fleet.test"
	hostFiltered = "t0002.fleet.test"
)

// syncBuffer is a log sink the server's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// apiTest is an API server over the fleet's virtual network.
type apiTest struct {
	fleet *fleet.Fleet
	api   *Server
	srv   *httptest.Server
	log   *syncBuffer
	reg   *prometheus.Registry
}

var sharedFleet struct {
	once sync.Once
	fl   *fleet.Fleet
	err  error
}

// testFleet is one fleet for the package: its servers answer any number
// of diagnoses.
func testFleet(t *testing.T) *fleet.Fleet {
	t.Helper()
	sharedFleet.once.Do(func() {
		sharedFleet.fl, sharedFleet.err = fleet.Start(context.Background(),
			fleet.Spec{Scenarios: testScenarios, Targets: len(testScenarios)})
	})
	if sharedFleet.err != nil {
		t.Fatal(sharedFleet.err)
	}
	return sharedFleet.fl
}

func newAPITest(t *testing.T, tune func(*monitor.API, *ServerOptions)) *apiTest {
	t.Helper()
	fl := testFleet(t)
	allow, err := monitor.ParseAllowlist([]string{"*.fleet.test"})
	if err != nil {
		t.Fatal(err)
	}
	api := &monitor.API{Token: []byte(testToken), MaxConcurrent: 2, RatePerMinute: 1000, MaxTimeout: 10 * time.Second, Allow: allow}
	a := &apiTest{fleet: fl, log: &syncBuffer{}, reg: prometheus.NewRegistry()}
	o := ServerOptions{API: api, Logger: slog.New(slog.NewTextHandler(a.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Registerer: a.reg, Dialer: fl.Net, Resolver: fl.Net, RootCAs: fl.RootCAs}
	if tune != nil {
		tune(api, &o)
	}
	if a.api, err = NewServer(o); err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	a.api.Register(mux)
	a.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		a.srv.Close()
		a.api.Wait()
	})
	return a
}

// post sends body with token ("" for none) and returns the response.
func (a *apiTest) post(t *testing.T, ctx context.Context, token, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.srv.URL+Path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := a.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// lines reads a whole NDJSON answer.
func lines(t *testing.T, r io.Reader) []Line {
	t.Helper()
	var out []Line
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// request is a diagnosis request for a fleet host with short timeouts.
func request(host string) string {
	b, _ := json.Marshal(Request{Target: host, Timeout: Duration(5 * time.Second), DataTimeout: Duration(300 * time.Millisecond)})
	return string(b)
}

// localOptions diagnose a fleet host here, as the API would.
func localOptions(fl *fleet.Fleet, host string) probe.Options {
	return probe.Options{Host: host, Dialer: fl.Net, Resolver: fl.Net, RootCAs: fl.RootCAs,
		Timeout: 5 * time.Second, DataTimeout: 300 * time.Millisecond}
}

func findingIDs(res probe.Result) []string {
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, f.ID)
	}
	return ids
}

// metricValue is the value of a series of the API's registry: a counter
// with the given code label, or the gauge when code is "".
func metricValue(t *testing.T, a *apiTest, name, code string) float64 {
	t.Helper()
	mfs, err := a.reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if code == "" {
				return m.GetGauge().GetValue()
			}
			for _, l := range m.GetLabel() {
				if l.GetName() == "code" && l.GetValue() == code {
					return m.GetCounter().GetValue()
				}
			}
		}
	}
	return 0
}
