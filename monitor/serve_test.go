package monitor

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor/internal/fleet"
)

const testServeConfig = `
allowed_targets: ["*.fleet.test"]
modules:
  default:
    timeout: 5s
    data_timeout: 300ms
  plain:
    tls: "off"
    standard_client: false
    data_timeout: 300ms
`

// newExporter builds an exporter over the fleet's virtual network.
func newExporter(t *testing.T) (*fleet.Fleet, *Exporter) {
	t.Helper()
	fl, err := fleet.Start(context.Background(), fleet.Spec{Scenarios: fleet.Mix, Targets: len(fleet.Mix)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fl.Close)
	cfg, err := ParseConfig([]byte(testServeConfig), "")
	if err != nil {
		t.Fatal(err)
	}
	return fl, NewExporter(ExporterOptions{Config: cfg, Version: "test", Dialer: fl.Net, Resolver: fl.Net, RootCAs: fl.RootCAs})
}

// startExporter serves an exporter on a loopback test server.
func startExporter(t *testing.T) (*fleet.Fleet, *httptest.Server) {
	t.Helper()
	fl, exp := newExporter(t)
	srv := httptest.NewServer(exp.Handler())
	t.Cleanup(srv.Close)
	return fl, srv
}

// host is the fleet name of a scenario.
func host(t *testing.T, fl *fleet.Fleet, scenario string) string {
	t.Helper()
	for _, h := range fl.Hosts {
		if h.Scenario == scenario {
			return h.Name
		}
	}
	t.Fatalf("no %s in the fleet", scenario)
	return ""
}

// get fetches a path with an optional scrape timeout header.
func get(t *testing.T, srv *httptest.Server, path, scrapeTimeout string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if scrapeTimeout != "" {
		req.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", scrapeTimeout)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// series maps each series of a text exposition to its value.
func series(t *testing.T, body string) map[string]float64 {
	t.Helper()
	out := make(map[string]float64)
	for _, l := range strings.Split(body, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		i := strings.LastIndexByte(l, ' ')
		v, err := strconv.ParseFloat(l[i+1:], 64)
		if err != nil {
			t.Fatalf("bad sample line %q", l)
		}
		out[l[:i]] = v
	}
	return out
}

func TestServeProbeHealthy(t *testing.T) {
	fl, srv := startExporter(t)
	code, body := get(t, srv, "/probe?target="+host(t, fl, "healthy"), "4")
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	m := series(t, body)
	for series, want := range map[string]float64{
		"probe_success": 1, "probe_timeout_seconds": 3.5, "probe_ftp_status": 0, "probe_ftp_timed_out": 0,
		`probe_ftp_data_channel_success{mode="pasv"}`: 1, `probe_ftp_data_channel_success{mode="epsv"}`: 1,
		`probe_ftp_data_channel_success{mode="list"}`: 1, `probe_ftp_data_channel_success{mode="tls"}`: 1,
		`probe_ftp_finding{id="passive.port_range",severity="info"}`: 1,
	} {
		if got, ok := m[series]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, want)
		}
	}
	if m[`probe_ftp_data_channel_success{mode="pasv"}`] != 1 {
		_, dbg := get(t, srv, "/probe?debug=true&target="+host(t, fl, "healthy"), "4")
		t.Log(dbg)
	}
	if _, ok := m[`probe_ftp_phase_duration_seconds{phase="connect"}`]; !ok {
		t.Error("no connect phase")
	}
	if exp := m["probe_ssl_earliest_cert_expiry"]; exp < float64(time.Now().Unix()) {
		t.Errorf("certificate expiry %v", exp)
	}
}

func TestServeProbeFailures(t *testing.T) {
	fl, srv := startExporter(t)
	_, body := get(t, srv, "/probe?module=plain&target="+host(t, fl, "ports-filtered"), "")
	m := series(t, body)
	for series, want := range map[string]float64{
		"probe_success": 0, "probe_ftp_status": 2,
		`probe_ftp_finding{id="data.port_filtered",severity="critical"}`: 1,
		`probe_ftp_data_channel_success{mode="pasv"}`:                    0,
	} {
		if got, ok := m[series]; !ok || got != want {
			t.Errorf("%s = %v (present %v), want %v", series, got, ok, want)
		}
	}
	if _, ok := m[`probe_ftp_data_channel_success{mode="tls"}`]; ok {
		t.Error("tls data channel reported with tls off")
	}
	if _, ok := m["probe_ssl_earliest_cert_expiry"]; ok {
		t.Error("certificate expiry without TLS")
	}

	// The probe runs no longer than the scrape allows: a silent server is
	// a timeout, reported as a failure before Prometheus gives up.
	start := time.Now()
	_, body = get(t, srv, "/probe?target="+host(t, fl, "no-greeting"), "1.5")
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("probe answered after %s", d)
	}
	m = series(t, body)
	if m["probe_success"] != 0 || m["probe_ftp_timed_out"] != 1 || m["probe_timeout_seconds"] != 1 {
		t.Errorf("timeout: %v", m)
	}
}

// serve never dials the address a server advertises.
func TestServeNeverDialsAdvertised(t *testing.T) {
	fl, srv := startExporter(t)
	code, body := get(t, srv, "/probe?target="+host(t, fl, "wrong-public-address"), "")
	if code != http.StatusOK || series(t, body)[`probe_ftp_finding{id="pasv.address_mismatch",severity="warning"}`] != 1 {
		t.Fatalf("status %d: %s", code, body)
	}
	if dials := fl.Net.DialsTo(netip.MustParseAddr("198.51.100.200")); len(dials) != 0 {
		t.Errorf("the advertised address was dialled: %+v", dials)
	}
}

func TestServeRefusals(t *testing.T) {
	fl, srv := startExporter(t)
	ok := host(t, fl, "healthy")
	tests := []struct {
		path, header string
		code         int
		msg          string
	}{
		{"/probe?target=ftp.example.com", "", 403, "not allowed"},
		{"/probe?target=fleet.test", "", 403, "not allowed"},
		{"/probe?target=" + ok + "&module=nope", "", 400, "unknown module"},
		{"/probe?target=" + ok + "&password=x", "", 400, "never the URL"},
		{"/probe?target=" + ok + "&user=x", "", 400, "unknown parameter"},
		{"/probe?target=ftp://alice:pw@" + ok, "", 400, "credentials"},
		{"/probe?target=" + ok + "&target=" + ok, "", 400, "given 2 times"},
		{"/probe", "", 400, "target parameter is missing"},
		{"/probe?target=" + ok, "soon", 400, "Scrape-Timeout"},
	}
	for _, tt := range tests {
		code, body := get(t, srv, tt.path, tt.header)
		if code != tt.code || !strings.Contains(body, tt.msg) {
			t.Errorf("%s: %d %q, want %d %q", tt.path, code, body, tt.code, tt.msg)
		}
	}
	resp, err := srv.Client().Post(srv.URL+"/probe?target="+ok, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	// Self-metrics count the refusals, and carry no probe metrics.
	_, body := get(t, srv, "/metrics", "")
	m := series(t, body)
	if m[`ftpnat_exporter_requests_refused_total{reason="not_allowed"}`] != 2 ||
		m[`ftpnat_exporter_requests_refused_total{reason="unknown_module"}`] != 1 ||
		m[`ftpnat_exporter_requests_refused_total{reason="bad_request"}`] != 6 {
		t.Errorf("refusal counters:\n%s", body)
	}
	if strings.Contains(body, "probe_success") || !strings.Contains(body, "go_goroutines") || !strings.Contains(body, "ftpnat_exporter_build_info") {
		t.Error("/metrics holds probe metrics or lacks the runtime's")
	}
}

func TestServeSelfMetricsAndDebug(t *testing.T) {
	fl, srv := startExporter(t)
	code, body := get(t, srv, "/probe?debug=true&module=plain&target="+host(t, fl, "login-refused"), "")
	if code != 200 || !strings.Contains(body, "Login rejected") || !strings.Contains(body, "Metrics that would have been returned") ||
		!strings.Contains(body, `probe_ftp_finding{id="login.failed",severity="critical"} 1`) {
		t.Errorf("debug output:\n%s", body)
	}
	get(t, srv, "/probe?module=plain&target="+host(t, fl, "healthy"), "")
	_, body = get(t, srv, "/metrics", "")
	m := series(t, body)
	if m[`ftpnat_exporter_probes_total{module="plain",result="failure"}`] != 1 || m[`ftpnat_exporter_probes_total{module="plain",result="success"}`] != 1 {
		t.Errorf("probe counters:\n%s", body)
	}
	if code, body := get(t, srv, "/-/healthy", ""); code != 200 || body != "OK\n" {
		t.Errorf("healthy: %d %q", code, body)
	}
	if code, body := get(t, srv, "/", ""); code != 200 || !strings.Contains(body, "plain") {
		t.Errorf("index: %d %q", code, body)
	}
}

func TestProbeTimeout(t *testing.T) {
	tests := []struct {
		header string
		module time.Duration
		want   time.Duration
	}{
		{"", 20 * time.Second, 20 * time.Second},
		{"10", 20 * time.Second, 9500 * time.Millisecond},
		{"10", 5 * time.Second, 5 * time.Second},
		{"0.4", 5 * time.Second, 5 * time.Second}, // nothing left after the offset: the module's
		{"2.5", 20 * time.Second, 2 * time.Second},
	}
	for _, tt := range tests {
		r := httptest.NewRequest(http.MethodGet, "/probe", nil)
		if tt.header != "" {
			r.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", tt.header)
		}
		got, err := probeTimeout(r, tt.module, DefaultTimeoutOffset)
		if err != nil || got != tt.want {
			t.Errorf("header %q, module %s: %s %v, want %s", tt.header, tt.module, got, err, tt.want)
		}
	}
	for _, bad := range []string{"x", "-1", "0", "NaN", "+Inf"} {
		r := httptest.NewRequest(http.MethodGet, "/probe", nil)
		r.Header.Set("X-Prometheus-Scrape-Timeout-Seconds", bad)
		if _, err := probeTimeout(r, time.Second, DefaultTimeoutOffset); err == nil {
			t.Errorf("header %q accepted", bad)
		}
	}
}

// Serve stops when its context ends: in-flight diagnoses get the grace
// period, then they are cancelled.
func TestServeGracefulShutdown(t *testing.T) {
	fl, exp := newExporter(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, exp.Handler(), 300*time.Millisecond, exp.log) }()

	answered := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/probe?target=" + host(t, fl, "no-greeting"))
		if err != nil {
			answered <- -1
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	time.Sleep(300 * time.Millisecond) // the probe is waiting for a greeting
	start := time.Now()
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %s", d)
	}
	select {
	case <-answered:
	case <-time.After(5 * time.Second):
		t.Error("the in-flight request never ended")
	}
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("still listening after shutdown")
	}
}

// serve never dials an address a server advertises in PASV (safety rule):
// only the targets' own addresses see a connection.
func TestServeNeverDialsAdvertisedAddress(t *testing.T) {
	fl, srv := startExporter(t)
	for _, h := range fl.Hosts {
		get(t, srv, "/probe?target="+h.Name, "5")
	}
	for _, a := range []string{"10.0.0.5", "192.168.1.20", "198.51.100.200", "100.64.12.34"} {
		if d := fl.Net.DialsTo(netip.MustParseAddr(a)); len(d) > 0 {
			t.Errorf("serve dialled advertised address %s: %+v", a, d)
		}
	}
}
