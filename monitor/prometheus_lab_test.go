//go:build linux

package monitor

import (
	"context"
	"net"
	"os"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures/lab"
)

// labDialer dials from inside the lab's client namespace.
type labDialer struct {
	l  *lab.Lab
	ns string
}

func (d labDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	return d.l.DialContext(ctx, d.ns, network, address)
}

// Prometheus scrapes serve probing a real vsftpd behind the lab's NAT
// router: the server advertises its private address and the passive range
// is dropped, so the probe fails with the real kernel's verdict.
func TestPrometheusScrapesServeLab(t *testing.T) {
	bin := needPrometheus(t)
	if err := lab.Available(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("lab unavailable in CI: %v", err)
		}
		t.Skipf("lab unavailable (%v): run as root after fixtures/lab/install.sh", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	l, err := lab.Start(ctx, lab.Config{Inbound: lab.Drop})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	if _, err := l.StartServer(ctx, lab.ServerConfig{Software: lab.Vsftpd, PassiveMin: 30000, PassiveMax: 30009}); err != nil {
		t.Fatal(err)
	}
	client, _, _, _ := l.Namespaces()
	cfg, err := ParseConfig([]byte(`
allowed_targets: ["`+lab.PublicAddr+`"]
modules:
  default:
    tls: "off"
    timeout: 8s
    data_timeout: 1s
`), "")
	if err != nil {
		t.Fatal(err)
	}
	exp := NewExporter(ExporterOptions{Config: cfg, Version: "test", Dialer: labDialer{l, client}})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, scancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(sctx, ln, exp.Handler(), time.Second, exp.log) }()
	defer func() {
		scancel()
		<-served
	}()
	api := startPrometheus(t, bin, ln.Addr().String(), []string{lab.PublicAddr})
	if got := waitQuery(t, api, `probe_success{job="ftpnat"}`, 1); got[lab.PublicAddr] != "0" {
		t.Errorf("probe_success = %v, want 0 for %s", got, lab.PublicAddr)
	}
	got := waitQuery(t, api, `probe_ftp_finding{id="pasv.unroutable_address",severity="critical"}`, 1)
	if got[lab.PublicAddr] != "1" {
		t.Errorf("pasv.unroutable_address finding: %v", got)
	}
}
