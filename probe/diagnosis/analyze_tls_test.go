package diagnosis

import (
	"slices"
	"testing"
)

// Protected listings that work and then all fail point to the server's
// TLS session tickets, but only when two or more fail after their data
// connection opened: one failure is a passing fault, and a data port that
// does not answer is not the TLS session's doing.
func TestDiagnoseTicketExhaustion(t *testing.T) {
	ok := Transfer{OK: true, Connected: true, Resumed: true, Protected: true}
	tlsFail := Transfer{Connected: true, Stage: StageTLS, Error: "data TLS handshake: remote error", Protected: true}
	connFail := Transfer{Stage: StageConnect, Error: "data connect 203.0.113.10:30002: refused", Protected: true}
	tests := []struct {
		name string
		ts   []Transfer
		want bool
	}{
		{"two fail at the end", []Transfer{ok, ok, tlsFail, tlsFail}, true},
		{"one fails at the end", []Transfer{ok, ok, ok, tlsFail}, false},
		{"a failure in the middle", []Transfer{ok, tlsFail, ok, tlsFail}, false},
		{"data ports refused", []Transfer{ok, ok, connFail, connFail}, false},
	}
	for _, tt := range tests {
		tf := &TLSFacts{Offered: true, Transfers: tt.ts}
		d := Diagnose(Facts{Host: "ftp.example.test", Port: 21, TLSMode: TLSAuto, User: "anonymous",
			Paths: []Path{plainPath(pubAddr, healthySession()), tlsPath(pubAddr, healthySession(), tf)}})
		got := slices.ContainsFunc(d.Findings, func(f Finding) bool { return f.ID == FindingTLSDataFailed })
		if got != tt.want {
			t.Errorf("%s: tls.data_failed %v, want %v (%v)", tt.name, got, tt.want, idsOf(d.Findings))
		}
	}
}
