package probe_test

import (
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// --tls implicit against a plaintext server, and plaintext or explicit
// TLS against an implicit-FTPS one, say which mode the server speaks.
func TestTLSModeMismatchNamesTheServersMode(t *testing.T) {
	t.Run("implicit against plaintext", func(t *testing.T) {
		res, _ := diagnoseScenario(t, "healthy", func(o *probe.Options) { o.TLS = probe.TLSImplicit })
		f := findingByID(res, probe.FindingTLSHandshakeFailed)
		if f == nil {
			t.Fatalf("no %s; findings %+v", probe.FindingTLSHandshakeFailed, res.Findings)
		}
		if f.Severity != probe.SeverityCritical || !strings.Contains(f.Summary, "this port speaks plaintext FTP") ||
			!strings.Contains(f.Summary, "--tls explicit or auto") || !strings.Contains(f.Summary, `"220 (`) {
			t.Errorf("severity %s, summary %q", f.Severity, f.Summary)
		}
		if !strings.Contains(strings.Join(f.Evidence, "\n"), "< 220 (") {
			t.Errorf("evidence %q", f.Evidence)
		}
	})
	for _, mode := range []probe.TLSMode{probe.TLSAuto, probe.TLSExplicit, probe.TLSOff} {
		t.Run(string(mode)+" against implicit", func(t *testing.T) {
			res, _ := diagnoseScenario(t, "implicit-tls", func(o *probe.Options) { o.TLS = mode })
			f := findingByID(res, probe.FindingControlNoGreeting)
			if f == nil {
				t.Fatalf("no %s; findings %+v", probe.FindingControlNoGreeting, res.Findings)
			}
			if !strings.Contains(f.Summary, "it speaks implicit FTPS") || !strings.Contains(f.Summary, "--tls implicit") {
				t.Errorf("summary %q", f.Summary)
			}
			if !strings.Contains(strings.Join(f.Evidence, "\n"), "a TLS handshake on the same connection succeeds") {
				t.Errorf("evidence %q", f.Evidence)
			}
		})
	}
	// A server that is merely silent is not taken for an implicit one.
	res, _ := diagnoseScenario(t, "no-greeting", nil)
	if f := findingByID(res, probe.FindingControlNoGreeting); f == nil || strings.Contains(f.Summary, "implicit") {
		t.Errorf("silent server: %+v", f)
	}
}
