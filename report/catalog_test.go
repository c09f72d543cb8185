package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

func TestCatalogCoversEveryProbeFindingID(t *testing.T) {
	ids := constValues(probeConsts(t), "", "Finding")
	if len(ids) < 27 {
		t.Fatalf("found only %d finding IDs in probe; parser broken?", len(ids))
	}
	var catalog []string
	for _, e := range Catalog() {
		catalog = append(catalog, e.ID)
	}
	for _, id := range ids {
		if _, ok := Lookup(id); !ok {
			t.Errorf("probe declares %s but the catalog has no entry for it", id)
		}
	}
	for _, id := range catalog {
		if !slices.Contains(ids, id) {
			t.Errorf("catalog entry %s is not a probe finding ID", id)
		}
	}
	if !slices.IsSorted(catalog) {
		t.Errorf("Catalog() is not sorted by ID: %v", catalog)
	}
}

// The default severities are the contract of ARCHITECTURE.md's catalog.
func TestCatalogSeverities(t *testing.T) {
	want := map[string]probe.Severity{
		"dns.unresolved": "critical", "control.unreachable": "critical", "control.no_greeting": "critical",
		"control.session_failed": "critical", "control.held_for_data": "warning", "login.failed": "critical", "tls.not_offered": "warning",
		"tls.handshake_failed": "warning", "tls.certificate_invalid": "warning", "tls.session_reuse_required": "info",
		"tls.data_failed": "critical", "pasv.unroutable_address": "critical", "pasv.address_mismatch": "warning",
		"pasv.unsupported": "warning", "pasv.malformed": "warning", "epsv.unsupported": "info", "epsv.malformed": "warning",
		"data.port_filtered": "critical", "data.port_refused": "critical", "data.transfer_failed": "critical",
		"passive.port_range": "info", "passive.range_partially_blocked": "critical", "alg.pasv_rewritten": "warning",
		"alg.data_ports_need_inspection": "critical", "alg.reply_dropped": "critical", "alg.syst_masked": "info",
		"active.port_rejected": "warning", "active.no_connect_back": "warning", "banner.leaks_private_address": "info",
		"family.data_blocked": "critical", "family.control_unreachable": "warning",
		"balancer.no_affinity": "critical", "vantage.inside_network": "warning", "vantage.no_hairpin": "warning",
		"tls.certificate_expiring":  "warning",
		"server.connection_limit":   "warning",
		"middlebox.dropped_between": "critical", "middlebox.nat_mapping": "info",
	}
	entries := Catalog()
	if len(entries) != len(want) {
		t.Errorf("catalog has %d entries, contract lists %d", len(entries), len(want))
	}
	for _, e := range entries {
		if e.Severity != want[e.ID] {
			t.Errorf("%s: severity %q, contract says %q", e.ID, e.Severity, want[e.ID])
		}
	}
	// Findings whose severity depends on circumstances say so.
	for _, id := range []string{"tls.not_offered", "tls.handshake_failed", "pasv.unsupported", "pasv.malformed", "epsv.malformed", "alg.pasv_rewritten"} {
		if e, _ := Lookup(id); e.SeverityNote == "" {
			t.Errorf("%s: missing SeverityNote", id)
		}
	}
}

func TestCatalogEntriesAreComplete(t *testing.T) {
	for _, e := range Catalog() {
		t.Run(e.ID, func(t *testing.T) {
			if e.Title == "" || strings.HasSuffix(e.Title, ".") || len(e.Title) > 60 {
				t.Errorf("title %q: want short, non-empty, no final period", e.Title)
			}
			if len(e.Explanation) < 200 {
				t.Errorf("explanation is only %d characters", len(e.Explanation))
			}
			advice := e.Advice(probe.Finding{})
			if advice == "" || strings.Contains(advice, "{{") {
				t.Errorf("advice %q: empty or unfilled marker", advice)
			}
			// Catalog prose is ASCII, so it reads the same in ASCII terminals.
			for _, s := range []string{e.Title, e.Explanation, advice} {
				if i := strings.IndexFunc(s, func(r rune) bool { return r > 126 }); i >= 0 {
					t.Errorf("non-ASCII text at %d in %q", i, s)
				}
			}
		})
	}
}

// The explanations name the clients that still work and those that fail,
// where that is what the user needs to know.
func TestExplanationsNameClients(t *testing.T) {
	tests := []struct {
		id   string
		want []string
	}{
		{probe.FindingPASVUnroutable, []string{"FileZilla", "curl", "lftp", "jlaffaye/ftp", "strict clients", "FTPS"}},
		{probe.FindingTLSSessionReuseRequired, []string{"FileZilla", "Go programs", "522", "older FluentFTP",
			"before PHP 8.3", "ClientSessionCache", "ServerName", "iOS", "require_ssl_reuse=YES", "FileZilla Server always"}},
		{probe.FindingALGPASVRewritten, []string{"FTPS", "plaintext", "nf_nat_ftp", "Cisco ASA 'inspect ftp'", "Juniper SRX"}},
		{probe.FindingALGDataPortsInspection, []string{"nf_conntrack_ftp", "Cisco ASA", "FTPS logs in"}},
		{probe.FindingALGReplyDropped, []string{"nf_conntrack_ftp", "inspect ftp strict", "FTPS clients"}},
		{probe.FindingTLSDataFailed, []string{"TLS 1.3", "TLS 1.2", "plaintext FTP may still work"}},
		{probe.FindingControlSessionFailed, []string{"greeting", "never came", "closed", "framing"}},
		{probe.FindingActivePortRejected, []string{"bounce", "behind NAT", "I won't open a connection to A (only to B)",
			"500 Illegal PORT command", "passive mode"}},
		{probe.FindingActiveNoConnectBack, []string{"client's side", "FTP ALG", "plaintext only", "active FTPS fails"}},
		{probe.FindingRangePartiallyBlocked, []string{"--expect-range", "reset", "a firewall that rejects"}},
		{probe.FindingPassivePortRange, []string{"any free port", "5060/5061 (SIP)", "1720 (H.323)", "1723 (PPTP)",
			"554 (RTSP)", "6660-6669 (IRC)"}},
	}
	for _, tt := range tests {
		e, _ := Lookup(tt.id)
		for _, w := range tt.want {
			if !strings.Contains(e.Explanation, w) {
				t.Errorf("%s explanation lacks %q", tt.id, w)
			}
		}
	}
}

func TestLookupUnknown(t *testing.T) {
	if _, ok := Lookup("no.such_finding"); ok {
		t.Error("Lookup found an unknown ID")
	}
}

func TestCatalogReturnsFreshSlices(t *testing.T) {
	a := Catalog()
	a[0].Title = "changed"
	if Catalog()[0].Title == "changed" {
		t.Error("Catalog() shares state between calls")
	}
}
