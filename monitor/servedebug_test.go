package monitor

import (
	"net/http/httptest"
	"strings"
	"testing"
)

// debug=true shows the control-channel transcript as blackbox_exporter
// shows its probe log, with the module's password never in the answer.
func TestServeDebugTranscriptRedacted(t *testing.T) {
	const secret = "dbg-Secr3t"
	fl, _ := newExporter(t)
	cfg, err := ParseConfig([]byte(`allowed_targets: ["*.fleet.test"]
modules:
  creds:
    tls: "off"
    standard_client: false
    data_timeout: 300ms
    user: alice
    password: `+secret+"\n"), "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewExporter(ExporterOptions{Config: cfg, Version: "test", Dialer: fl.Net, Resolver: fl.Net, RootCAs: fl.RootCAs}).Handler())
	t.Cleanup(srv.Close)
	code, body := get(t, srv, "/probe?debug=true&module=creds&target="+host(t, fl, "login-refused"), "")
	if code != 200 {
		t.Fatalf("debug: %d\n%s", code, body)
	}
	for _, want := range []string{"\nTranscript\n", "main  -> USER alice\n", "main  -> PASS ****\n", "main  <- 530", "Metrics that would have been returned"} {
		if !strings.Contains(body, want) {
			t.Errorf("debug output lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, secret) {
		t.Errorf("password in the debug output:\n%s", body)
	}
}
