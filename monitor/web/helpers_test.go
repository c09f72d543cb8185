package web

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/monitor/internal/fleet"
	"github.com/ftpnat/ftpnat/monitor/remote"
	"github.com/ftpnat/ftpnat/report"
)

const (
	testToken = "0123456789abcdef0123456789abcdef"
	// testPassword must appear in no answer of the server.
	testPassword = "Pw-9f3c1e7d-never-shown"
	hostHealthy  = "t0000.fleet.test"
	hostNAT      = "t0001.fleet.test"
)

var sharedFleet struct {
	once sync.Once
	fl   *fleet.Fleet
	err  error
}

// testFleet is one fleet of fake servers for the package, on a virtual
// network that only ever dials loopback.
func testFleet(t *testing.T) *fleet.Fleet {
	t.Helper()
	sharedFleet.once.Do(func() {
		sharedFleet.fl, sharedFleet.err = fleet.Start(context.Background(),
			fleet.Spec{Scenarios: []string{"healthy", "nat-private-unforwarded"}, Targets: 2})
	})
	if sharedFleet.err != nil {
		t.Fatal(sharedFleet.err)
	}
	return sharedFleet.fl
}

// pageTest is serve's API and web page over the fleet, on a loopback
// httptest server.
type pageTest struct {
	srv   *httptest.Server
	api   *remote.Server
	store *Store
	clock *clock
}

func newPageTest(t *testing.T) *pageTest {
	t.Helper()
	fl := testFleet(t)
	allow, err := monitor.ParseAllowlist([]string{"*.fleet.test"})
	if err != nil {
		t.Fatal(err)
	}
	api := &monitor.API{Token: []byte(testToken), MaxConcurrent: 2, RatePerMinute: 1000, MaxTimeout: 10 * time.Second, Allow: allow}
	p := &pageTest{clock: newClock()}
	p.store = NewStore(StoreOptions{TTL: time.Minute, Max: 10, Now: p.clock.now})
	reports, err := NewReports(p.store, HTMLRender(report.Tool{Name: "ftpnat", Version: "test"}))
	if err != nil {
		t.Fatal(err)
	}
	p.api, err = remote.NewServer(remote.ServerOptions{API: api, Dialer: fl.Net, Resolver: fl.Net, RootCAs: fl.RootCAs, Reports: reports})
	if err != nil {
		t.Fatal(err)
	}
	page, err := New(Options{API: p.api, Reports: reports, Version: "test", MaxTimeout: api.MaxTimeout})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	p.api.Register(mux)
	page.Register(mux)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		p.srv.Close()
		p.api.Wait()
	})
	return p
}

// client follows no redirects, so that each answer can be checked.
func (p *pageTest) client() *http.Client {
	c := *p.srv.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.Timeout = 30 * time.Second
	return &c
}

// do sends a request and returns the answer with its whole body (at most
// 8 MB).
func (p *pageTest) do(t *testing.T, method, path, contentType, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, p.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := p.client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

// lines decodes an NDJSON answer.
func lines(t *testing.T, body string) []remote.Line {
	t.Helper()
	var out []remote.Line
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l remote.Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	return out
}
