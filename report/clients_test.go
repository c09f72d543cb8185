package report

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func clientsDocPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "docs", "clients.md")
}

// docs/clients.md is generated from the table; a stale copy fails here.
func TestClientsDoc(t *testing.T) {
	want := ClientsMarkdown()
	if *update {
		if err := os.WriteFile(clientsDocPath(), []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(clientsDocPath())
	if err != nil || string(got) != want {
		t.Fatalf("docs/clients.md is stale or missing (%v); regenerate it with:\n\t%s", err, ClientsRegenerate)
	}
}

type wantVerdict struct {
	outcome  Outcome
	versions string
}

func verdictsOf(c ClientCompat, client string) []wantVerdict {
	var out []wantVerdict
	for _, v := range c.Of(client) {
		out = append(out, wantVerdict{v.Outcome, v.Versions})
	}
	return out
}

func pasvTo(addr string) probe.Finding {
	return probe.Finding{ID: probe.FindingPASVUnroutable, Severity: probe.SeverityCritical,
		Params: probe.Params{probe.ParamAdvertisedAddress: addr, probe.ParamPublicAddress: reporttest.PublicAddress}}
}

// The exact verdicts for each situation a finding reports, per client:
// the table's facts as the reports show them.
func TestClientsForFindings(t *testing.T) {
	cope, fail, na, unknown := OutcomeCope, OutcomeFail, OutcomeNotAffected, OutcomeUnknown
	tests := []struct {
		name      string
		f         probe.Finding
		situation Situation
		want      map[string][]wantVerdict
	}{
		{"NAT private address", pasvTo("10.0.0.5"), SituationPASVPrivate, map[string][]wantVerdict{
			"curl":          {{cope, ">=7.74.0"}, {fail, "<7.74.0"}},
			"lftp":          {{cope, ""}},
			"filezilla":     {{cope, ""}},
			"winscp":        {{cope, ""}},
			"python-ftplib": {{cope, ">=3.9.3"}, {fail, "<3.9.3"}},
			"windows-ftp":   {{na, ""}},
			"busybox":       {{cope, ""}},
			"commons-net":   {{cope, ">=3.0"}, {fail, "<3.0"}},
			"jlaffaye-ftp":  {{cope, ">=0.2.1"}, {fail, "<0.2.1"}},
		}},
		{"CGNAT address", pasvTo("100.64.3.4"), SituationPASVCGNAT, map[string][]wantVerdict{
			"lftp":         {{fail, ""}},
			"filezilla":    {{fail, ""}},
			"winscp":       {{fail, ""}},
			"commons-net":  {{cope, ">=3.9.0"}, {fail, "<3.9.0"}},
			"jlaffaye-ftp": {{cope, ">=0.2.3"}, {fail, "<0.2.3"}},
			"busybox":      {{cope, ""}},
		}},
		{"0.0.0.0", pasvTo("0.0.0.0"), SituationPASVUnspecified, map[string][]wantVerdict{
			"filezilla":   {{fail, ""}},
			"winscp":      {{cope, ""}},
			"lftp":        {{cope, ""}},
			"commons-net": {{cope, ">=3.7"}, {fail, "<3.7"}},
		}},
		{"loopback", pasvTo("127.0.0.1"), SituationPASVLoopback, map[string][]wantVerdict{
			"filezilla": {{cope, ""}}, "commons-net": {{cope, ">=3.9.0"}, {fail, "<3.9.0"}},
		}},
		{"link-local", pasvTo("169.254.1.1"), SituationPASVLinkLocal, map[string][]wantVerdict{
			"lftp": {{cope, ""}}, "jlaffaye-ftp": {{cope, ">=0.2.3"}, {fail, "<0.2.3"}},
		}},
		{"no advertised address recorded", probe.Finding{ID: probe.FindingPASVUnroutable}, SituationPASVPrivate, nil},
		{"other public address", probe.Finding{ID: probe.FindingPASVMismatch,
			Params: probe.Params{probe.ParamAdvertisedAddress: "198.51.100.7"}}, SituationPASVOtherPublic, map[string][]wantVerdict{
			"curl":        {{cope, ">=7.74.0"}, {fail, "<7.74.0"}},
			"lftp":        {{fail, ""}},
			"filezilla":   {{fail, ""}},
			"winscp":      {{fail, ""}},
			"commons-net": {{cope, ">=3.9.0"}, {fail, "<3.9.0"}},
			"busybox":     {{cope, ""}},
			"windows-ftp": {{na, ""}},
		}},
		{"ALG hides a private address from FTPS", probe.Finding{ID: probe.FindingALGPASVRewritten, Severity: probe.SeverityCritical,
			Params: probe.Params{probe.ParamAdvertisedAddress: "192.168.1.10"}}, SituationPASVPrivate, map[string][]wantVerdict{
			"filezilla":   {{cope, ""}},
			"windows-ftp": {{na, ""}},
			"busybox":     {{na, ""}},
		}},
		{"session reuse required", probe.Finding{ID: probe.FindingTLSSessionReuseRequired}, SituationTLSResumption, map[string][]wantVerdict{
			"curl":          {{cope, ""}},
			"lftp":          {{cope, ""}},
			"filezilla":     {{cope, ""}},
			"winscp":        {{cope, ""}},
			"python-ftplib": {{fail, ""}},
			"windows-ftp":   {{na, ""}},
			"busybox":       {{na, ""}},
			"commons-net":   {{fail, ""}},
			"jlaffaye-ftp":  {{fail, ""}},
		}},
		{"EPSV refused over IPv4", probe.Finding{ID: probe.FindingEPSVUnsupported, Params: probe.Params{probe.ParamFamily: "ipv4"}},
			SituationEPSVRefused, map[string][]wantVerdict{"curl": {{cope, ""}}, "jlaffaye-ftp": {{cope, ""}}, "commons-net": {{cope, ""}}}},
		{"EPSV refused over IPv6", probe.Finding{ID: probe.FindingEPSVUnsupported, Params: probe.Params{probe.ParamFamily: "ipv6"}},
			SituationEPSVRefusedIPv6, map[string][]wantVerdict{"curl": {{fail, ""}}, "filezilla": {{fail, ""}}, "busybox": {{unknown, ""}}}},
		{"PASV refused, EPSV works", probe.Finding{ID: probe.FindingPASVUnsupported, Severity: probe.SeverityWarning},
			SituationPASVRefused, map[string][]wantVerdict{"curl": {{cope, ""}}, "python-ftplib": {{fail, ""}},
				"busybox": {{cope, ">=1.29.0"}, {fail, "<1.29.0"}}, "windows-ftp": {{na, ""}}}},
		{"no passive mode at all", probe.Finding{ID: probe.FindingPASVUnsupported, Severity: probe.SeverityCritical},
			SituationNoPassive, map[string][]wantVerdict{"curl": {{fail, ""}}, "windows-ftp": {{na, ""}}}},
		{"server never connects back", probe.Finding{ID: probe.FindingActiveNoConnectBack}, SituationActiveBroken,
			map[string][]wantVerdict{"windows-ftp": {{fail, ""}}, "commons-net": {{fail, ""}}, "curl": {{na, ""}},
				"filezilla": {{na, ""}}}},
		{"PORT refused", probe.Finding{ID: probe.FindingActivePortRejected}, SituationActiveBroken, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := ClientsFor(tt.f)
			if !ok {
				t.Fatalf("%s: no client verdicts", tt.f.ID)
			}
			if c.Situation != tt.situation {
				t.Errorf("situation %q, want %q", c.Situation, tt.situation)
			}
			for client, want := range tt.want {
				if got := verdictsOf(c, client); !slices.Equal(got, want) {
					t.Errorf("%s: %v, want %v", client, got, want)
				}
			}
			for _, cl := range Clients() {
				if len(c.Of(cl.ID)) == 0 {
					t.Errorf("%s missing from the verdicts", cl.ID)
				}
			}
		})
	}
}

func TestClientsForOtherFindings(t *testing.T) {
	for _, f := range []probe.Finding{
		{ID: probe.FindingDataPortFiltered}, {ID: probe.FindingTLSNotOffered}, {ID: "no.such_finding"},
		// No client's handling of a multicast PASV address is sourced.
		{ID: probe.FindingPASVUnroutable, Params: probe.Params{probe.ParamAdvertisedAddress: "224.0.0.1"}},
		// A routable address contradicts the finding: no verdicts of another situation.
		{ID: probe.FindingPASVUnroutable, Params: probe.Params{probe.ParamAdvertisedAddress: "198.51.100.7"}},
	} {
		if c, ok := ClientsFor(f); ok {
			t.Errorf("%s %v: unexpected verdicts %v", f.ID, f.Params, c.Line())
		}
	}
}

// The short line the text report and the TUI print.
func TestClientCompatLine(t *testing.T) {
	c, _ := ClientsFor(probe.Finding{ID: probe.FindingTLSSessionReuseRequired})
	want := "cope: curl, lftp, FileZilla, WinSCP; fail: Python ftplib, Apache Commons Net, jlaffaye/ftp; " +
		"not affected: Windows ftp.exe, BusyBox ftpget/ftpput"
	if got := c.Line(); got != want {
		t.Errorf("Line():\n got %s\nwant %s", got, want)
	}
}

// Every fact of the table names a source, every source is cited, and
// findingSituations (the docs' index) agrees with what reports derive.
func TestClientsTableIsSourced(t *testing.T) {
	cited := map[string]bool{}
	ids := map[string]bool{}
	for _, cl := range Clients() {
		if ids[cl.ID] {
			t.Errorf("client %s listed twice", cl.ID)
		}
		ids[cl.ID] = true
		for _, s := range Situations() {
			b, ok := cl.On[s]
			if !ok {
				if cl.FTPS || s != SituationTLSResumption {
					t.Errorf("%s: no row for %s (write an explicit unknown)", cl.ID, s)
				}
				b = behaviourOf(cl, s, true)
			}
			if len(b.Sources) == 0 {
				t.Errorf("%s/%s: no source", cl.ID, s)
			}
			if b.Since != "" && b.Before == "" {
				t.Errorf("%s/%s: Since without Before", cl.ID, s)
			}
			for _, id := range b.Sources {
				if _, ok := source(id); !ok {
					t.Errorf("%s/%s cites unknown source %q", cl.ID, s, id)
				}
				cited[id] = true
			}
		}
	}
	for _, s := range Sources() {
		if !cited[s.ID] {
			t.Errorf("source %s is never cited", s.ID)
		}
		if !strings.HasPrefix(s.URL, "https://") || s.Title == "" {
			t.Errorf("source %s: %q %q", s.ID, s.Title, s.URL)
		}
	}
	for _, e := range Catalog() {
		for _, f := range []probe.Finding{{ID: e.ID}, {ID: e.ID, Severity: probe.SeverityCritical},
			{ID: e.ID, Params: probe.Params{probe.ParamFamily: "ipv6"}}} {
			c, ok := ClientsFor(f)
			if ok != (len(findingSituations(e.ID)) > 0) {
				t.Errorf("%s: ClientsFor %v, findingSituations %v", e.ID, ok, findingSituations(e.ID))
			}
			if ok && !slices.Contains(findingSituations(e.ID), c.Situation) {
				t.Errorf("%s: situation %s is not in findingSituations", e.ID, c.Situation)
			}
		}
	}
}

func FuzzClientsFor(f *testing.F) {
	for _, s := range []string{"10.0.0.5", "100.64.0.1", "0.0.0.0", "::ffff:192.168.1.1", "", "not an address", "fe80::1"} {
		f.Add(probe.FindingPASVUnroutable, s, "ipv4")
		f.Add(probe.FindingALGPASVRewritten, s, "ipv6")
	}
	f.Fuzz(func(t *testing.T, id, addr, family string) {
		c, ok := ClientsFor(probe.Finding{ID: id, Params: probe.Params{probe.ParamAdvertisedAddress: addr, probe.ParamFamily: family}})
		if !ok {
			return
		}
		if !slices.Contains(findingSituations(id), c.Situation) || len(c.Verdicts) < len(Clients()) {
			t.Errorf("%s %q: situation %s, %d verdicts", id, addr, c.Situation, len(c.Verdicts))
		}
	})
}

// `ftpnat explain` lists the verdicts of every situation the finding can
// report; findings the table does not cover have no Clients section.
func TestWriteExplainClients(t *testing.T) {
	explain := func(id string) string {
		var b strings.Builder
		if err := WriteExplain(&b, id, TextOptions{}); err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(b.String()), " ")
	}
	out := explain(probe.FindingPASVUnroutable)
	for _, want := range []string{
		"Clients (docs/clients.md has the conditions and sources)",
		"PASV names a CGNAT address (100.64.0.0/10): cope: curl >=7.74.0,",
		"PASV names 0.0.0.0: cope: curl >=7.74.0, lftp, WinSCP,",
		"fail: curl <7.74.0, FileZilla, Python ftplib <3.9.3, Apache Commons Net <3.7, jlaffaye/ftp <0.2.3;",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q:\n%s", want, out)
		}
	}
	if out := explain(probe.FindingDataPortFiltered); strings.Contains(out, "Clients") {
		t.Errorf("data.port_filtered explains clients:\n%s", out)
	}
}
