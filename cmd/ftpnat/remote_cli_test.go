package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/monitor/remote"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

const viaToken = "0123456789abcdef0123456789abcdef"

// elsewhere is the network a remote probe sees: the target's loopback
// address leads to a fixture scenario's public address, so that the same
// target diagnosed here and there gets two different answers, as a server
// seen from inside and outside a NAT does.
type elsewhere struct {
	env     *fixtures.Env
	target  netip.AddrPort // what the command line names (here: a loopback server)
	virtual netip.Addr     // the scenario's public address
}

func (d elsewhere) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	ap, err := netip.ParseAddrPort(address)
	if err != nil || ap.Addr() != d.target.Addr() {
		return d.env.Dialer.DialContext(ctx, network, address)
	}
	port := ap.Port()
	if port == d.target.Port() {
		port = fixtures.ControlPort
	}
	return d.env.Dialer.DialContext(ctx, network, netip.AddrPortFrom(d.virtual, port).String())
}

// remoteProbe serves the diagnosis API over http on loopback, seeing the
// scenario behind target.
func remoteProbe(t *testing.T, scenario, target string) (*httptest.Server, probe.Options) {
	t.Helper()
	sc, _ := fixtures.Lookup(scenario)
	env, err := fixtures.Start(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(env.Close)
	dialer := elsewhere{env: env, target: netip.MustParseAddrPort(target), virtual: netip.MustParseAddr(fixtures.PublicIP)}
	allow, err := monitor.ParseAllowlist([]string{target})
	if err != nil {
		t.Fatal(err)
	}
	api, err := remote.NewServer(remote.ServerOptions{Dialer: dialer, Resolver: env.Resolver, RootCAs: env.RootCAs,
		API: &monitor.API{Token: []byte(viaToken), MaxConcurrent: 2, RatePerMinute: 100, MaxTimeout: 10 * time.Second, Allow: allow}})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(func() { srv.Close(); api.Wait() })
	host, port, _ := net.SplitHostPort(target)
	p, _ := strconv.Atoi(port)
	return srv, probe.Options{Host: host, Port: p, Dialer: dialer, Resolver: env.Resolver, TLS: probe.TLSOff,
		Families: []probe.Family{probe.IPv4}, DataTimeout: 300 * time.Millisecond, Timeout: 10 * time.Second}
}

var viaEnv = map[string]string{"FTPNAT_VIA_TOKEN": viaToken}

func TestDiagnoseVia(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{})
	srv, direct := remoteProbe(t, "nat-private-unforwarded", addr)
	want := probe.Run(context.Background(), direct)

	args := []string{"diagnose", "--via", srv.URL, "--tls", "off", "-4", "--data-timeout", "300ms", "--timeout", "10s"}
	code, out, stderr := run(t, viaEnv, append(args, "--json", addr)...)
	if code != want.Verdict.ExitCode() || code != exitCritical {
		t.Fatalf("exit %d (direct run: %s): %s", code, want.Verdict, stderr)
	}
	var rep report.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var ids, wantIDs []string
	for _, f := range rep.Findings {
		ids = append(ids, f.ID)
	}
	for _, f := range want.Findings {
		wantIDs = append(wantIDs, f.ID)
	}
	if rep.Vantage == nil || rep.Vantage.Remote != "127.0.0.1" || rep.Verdict != string(want.Verdict) || !slices.Equal(ids, wantIDs) {
		t.Errorf("remote report: vantage %+v, verdict %s, findings %v; a direct run: %s %v", rep.Vantage, rep.Verdict, ids, want.Verdict, wantIDs)
	}

	code, out, _ = run(t, viaEnv, append(args, "--format", "text", addr)...)
	if lines := strings.Split(out, "\n"); code != exitCritical || lines[1] != "VANTAGE  from remote probe 127.0.0.1: what that host sees, not this one" {
		t.Errorf("text: exit %d\n%s", code, out)
	}

	// check runs remotely too.
	code, out, _ = run(t, viaEnv, "check", "--via", srv.URL, "--tls", "off", "-4", "--data-timeout", "300ms", addr)
	if code != exitCritical || !strings.HasPrefix(out, "FTPNAT CRITICAL") {
		t.Errorf("check --via: exit %d %q", code, out)
	}
}

func TestDiagnoseViaErrors(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{})
	srv, _ := remoteProbe(t, "healthy", addr)
	for _, tt := range []struct {
		env  map[string]string
		args []string
		msg  string
	}{
		{nil, []string{"diagnose", "--via", srv.URL, "h"}, "needs the remote probe's token"},
		{viaEnv, []string{"diagnose", "--compare", "h"}, "need --via URL"},
		{viaEnv, []string{"diagnose", "--via", "http://probe.example.net", "h"}, "http only to loopback"},
		{viaEnv, []string{"diagnose", "--via", srv.URL, "--probe-advertised", "h"}, "--probe-advertised does not apply"},
		{viaEnv, []string{"diagnose", "--via", srv.URL, "--active-address", "192.0.2.1", "h"}, "--active-address does not apply"},
		{viaEnv, []string{"diagnose", "--via", srv.URL, "--ca-file", "x.pem", "h"}, "--ca-file does not apply"},
		{viaEnv, []string{"diagnose", "--via", srv.URL, "--compare", "--format", "tui", "h"}, "--compare"},
		{nil, []string{"diagnose", "--via", srv.URL, "--via-token-file", "/nonexistent", "h"}, "--via-token-file"},
	} {
		code, _, stderr := run(t, tt.env, tt.args...)
		if code != exitUnknown || !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q", tt.args, code, stderr)
		}
	}
	// A refusal by the remote probe: unknown, and the report says why.
	code, out, _ := run(t, map[string]string{"FTPNAT_VIA_TOKEN": "wrong-token-wrong-token"},
		"diagnose", "--via", srv.URL, "--format", "text", addr)
	if code != exitUnknown || !strings.Contains(out, "401") || !strings.Contains(out, "--via-token-file") {
		t.Errorf("wrong token: exit %d\n%s", code, out)
	}
}

func TestDiagnoseCompare(t *testing.T) {
	addr := loopbackServer(t, fakeftp.Scenario{}) // healthy from here
	srv, _ := remoteProbe(t, "nat-private-unforwarded", addr)
	args := []string{"diagnose", "--via", srv.URL, "--compare", "--tls", "off", "-4", "--data-timeout", "300ms", "--timeout", "10s"}

	code, out, stderr := run(t, viaEnv, append(args, "--json", addr)...)
	if code != exitCritical {
		t.Fatalf("exit %d, want the worse verdict's 2: %s", code, stderr)
	}
	var cmp report.Comparison
	if err := json.Unmarshal([]byte(out), &cmp); err != nil {
		t.Fatal(err)
	}
	if cmp.Local.Verdict != "ok" || cmp.Remote.Verdict != "critical" || cmp.Local.Vantage != nil || cmp.Remote.Vantage == nil {
		t.Errorf("local %s %+v, remote %s %+v", cmp.Local.Verdict, cmp.Local.Vantage, cmp.Remote.Verdict, cmp.Remote.Vantage)
	}
	kinds := map[string]bool{}
	for _, d := range cmp.Differences {
		kinds[d.Kind+" "+d.Subject] = true
	}
	for _, k := range []string{"verdict verdict", "finding data.port_filtered", "data IPv4 plain"} {
		if !kinds[k] {
			t.Errorf("no difference %q in %+v", k, cmp.Differences)
		}
	}

	code, out, _ = run(t, viaEnv, append(args, addr)...)
	for _, s := range []string{"CRITICAL  " + addr + " - here OK, from remote probe 127.0.0.1 CRITICAL", "Differences (",
		"finding data.port_filtered: here none; from remote probe 127.0.0.1 critical:",
		"IPv4 plain data: here open; from remote probe 127.0.0.1 filtered"} {
		if !strings.Contains(out, s) {
			t.Errorf("text lacks %q:\n%s", s, out)
		}
	}
	if code != exitCritical {
		t.Errorf("text: exit %d", code)
	}
}

// writeCert writes a self-signed certificate for 127.0.0.1 and its key.
func writeCert(t *testing.T, dir string) (cert, key string) {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "ftpnat test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &k.PublicKey, k)
	if err != nil {
		t.Fatal(err)
	}
	kb, err := x509.MarshalECPrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	if err := os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600); err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// serve with the API over HTTPS, end to end: diagnose --via reaches it
// with the token file and the private CA; the password reaches neither the
// log nor the report; /probe still answers.
func TestServeAPIEndToEnd(t *testing.T) {
	const secret = "api-Pa55-word"
	addr := loopbackServer(t, fakeftp.Scenario{Users: map[string]string{"dave": secret}})
	dir := t.TempDir()
	cert, key := writeCert(t, dir)
	tok := filepath.Join(dir, "api.token")
	if err := os.WriteFile(tok, []byte(viaToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	pw := filepath.Join(dir, "dave.pw")
	if err := os.WriteFile(pw, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := writeFile(t, "serve.yml", "allowed_targets: [\""+addr+"\"]\napi:\n  token_file: "+tok+"\n  max_timeout: 10s\nmodules:\n  default: {tls: \"off\"}\n")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, logs, done := startServe(ctx, t, "serve", "--config", cfg, "--listen", "127.0.0.1:0", "--tls-cert", cert, "--tls-key", key, "--log-level", "debug")
	if !strings.HasPrefix(base, "https://") {
		t.Fatalf("serve listens on %s, want https", base)
	}
	code, out, stderr := run(t, map[string]string{"FTPNAT_PASSWORD": secret}, "diagnose", "--via", base, "--via-token-file", tok,
		"--via-ca-file", cert, "--user", "dave", "--tls", "off", "-4", "--data-timeout", "300ms", "--json", addr)
	if code != exitOK || !strings.Contains(out, `"remote": "127.0.0.1"`) || !strings.Contains(out, "230") {
		t.Errorf("diagnose --via: exit %d, stderr %q\n%s", code, stderr, out)
	}
	if strings.Contains(out, secret) {
		t.Error("the password is in the report")
	}
	// Without the private CA the client refuses the certificate.
	code, out, _ = run(t, viaEnv, "diagnose", "--via", base, "--format", "text", addr)
	if code != exitUnknown || !strings.Contains(out, "certificate") {
		t.Errorf("untrusted certificate: exit %d\n%s", code, out)
	}
	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve exit %d: %s", code, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	if strings.Contains(logs.String(), secret) || strings.Contains(logs.String(), viaToken) {
		t.Error("the password or the token is in the log")
	}
	if !strings.Contains(logs.String(), "api diagnosis") {
		t.Errorf("no log line for the diagnosis:\n%s", logs.String())
	}
}
