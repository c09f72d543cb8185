package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestBuildPathsDualStack(t *testing.T) {
	r := Build(reporttest.DualStackDataFiltered(), testTool)
	if len(r.Paths) != 2 {
		t.Fatalf("want one entry per path, got %d: %+v", len(r.Paths), r.Paths)
	}
	v4, v6 := r.Paths[0], r.Paths[1]
	if v4.ID != "ipv4 203.0.113.10 plaintext" || v4.Family != "ipv4" || v4.Address != reporttest.PublicAddress ||
		v4.Transport != "plaintext" || !v4.Reference {
		t.Errorf("ipv4 path: %+v", v4)
	}
	if v6.ID != "ipv6 2001:db8::10 plaintext" || v6.Family != "ipv6" || v6.Address != reporttest.PublicAddress6 ||
		v6.Transport != "plaintext" || v6.Reference {
		t.Errorf("ipv6 path: %+v", v6)
	}
	wantControl := PathControl{Status: "ok", Reach: "open", ConnectMS: 21, Banner: "220 (vsFTPd 3.0.5)", LoggedIn: true}
	if v4.Control != wantControl {
		t.Errorf("ipv4 control:\n got %+v\nwant %+v", v4.Control, wantControl)
	}
	wantControl.ConnectMS = 34
	if v6.Control != wantControl {
		t.Errorf("ipv6 control:\n got %+v\nwant %+v", v6.Control, wantControl)
	}
	if want := (PathData{Status: "ok", Reach: "open"}); v4.Data != want {
		t.Errorf("ipv4 data: %+v", v4.Data)
	}
	if want := (PathData{Status: "failed", Reach: "filtered"}); v6.Data != want {
		t.Errorf("ipv6 data: got %+v, want %+v", v6.Data, want)
	}
	if v4.Listing.Status != "ok" || v4.Listing.Transfer == nil || !v4.Listing.Transfer.OK {
		t.Errorf("ipv4 listing: %+v", v4.Listing)
	}
	if v6.Listing.Status != "failed" || v6.Listing.Transfer == nil || v6.Listing.Transfer.Endpoint != "[2001:db8::10]:30004" {
		t.Errorf("ipv6 listing: %+v", v6.Listing)
	}
	// Each path has its own passive samples.
	if len(v4.Passive.PASV) != 4 || len(v6.Passive.PASV) != 0 || len(v6.Passive.EPSV) != 2 || v6.Passive.EPSV[0].Reach != "filtered" {
		t.Errorf("passive: ipv4 %+v, ipv6 %+v", v4.Passive, v6.Passive)
	}
	for _, id := range []string{probe.FindingDataPortFiltered, probe.FindingFamilyDataBlocked} {
		if !slices.Contains(v6.Findings, id) || slices.Contains(v4.Findings, id) {
			t.Errorf("%s: want it on the ipv6 path only; ipv4 %v, ipv6 %v", id, v4.Findings, v6.Findings)
		}
	}
	// The path findings are findings of the report.
	for _, p := range r.Paths {
		for _, id := range p.Findings {
			if !slices.ContainsFunc(r.Findings, func(f Finding) bool { return f.ID == id }) {
				t.Errorf("%s lists %s, which the report does not", p.ID, id)
			}
		}
	}
	// The top level describes the reference path.
	if r.Target.Address != reporttest.PublicAddress || len(r.Passive.PASV) != 4 {
		t.Errorf("top level is not the ipv4 path: target %+v", r.Target)
	}
}

func TestWriteJSONPathsContract(t *testing.T) {
	out := writeJSON(t, reporttest.DualStackDataFiltered())
	if err := reporttest.ValidateJSON(out, reporttest.SchemaPath()); err != nil {
		t.Fatalf("report does not match docs/report.schema.json:\n%v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"paths.0.id", "paths.0.family", "paths.0.address", "paths.0.transport", "paths.0.reference",
		"paths.0.control.status", "paths.0.control.reach", "paths.0.control.connect_ms", "paths.0.control.detail",
		"paths.0.control.banner", "paths.0.control.logged_in", "paths.0.control.sequential",
		"paths.0.control.session_error", "paths.0.passive.pasv.0.address", "paths.0.passive.port_range.min",
		"paths.0.passive.range_check", "paths.1.passive.epsv.0.reach", "paths.1.data.status", "paths.1.data.reach",
		"paths.1.listing.status", "paths.1.listing.transfer.endpoint", "paths.1.findings.0",
		"checks.0.path", "phases.0.path",
	} {
		if _, ok := lookupPath(doc, p); !ok {
			t.Errorf("report lacks %s", p)
		}
	}
	for p, want := range map[string]any{
		"paths.1.data.status": "failed", "paths.1.data.reach": "filtered", "paths.1.reference": false,
		"paths.0.reference": true, "paths.1.family": "ipv6", "paths.1.transport": "plaintext",
	} {
		if got, _ := lookupPath(doc, p); got != want {
			t.Errorf("%s: got %v, want %v", p, got, want)
		}
	}
}

// Checks and phases name the path they ran on; the run's own steps none.
func TestBuildCheckAndPhasePaths(t *testing.T) {
	r := Build(reporttest.TLSBehindALG(), testTool)
	want := map[string][]string{
		"resolve": {""}, "connect": {"ipv4 203.0.113.10 plaintext"}, "auth-tls": {"ipv4 203.0.113.10 explicit_tls"},
		"pasv": {"ipv4 203.0.113.10 plaintext", "ipv4 203.0.113.10 explicit_tls"},
	}
	got := map[string][]string{}
	for _, c := range r.Checks {
		got[c.Name] = append(got[c.Name], c.Path)
	}
	for name, paths := range want {
		if !slices.Equal(got[name], paths) {
			t.Errorf("check %s: paths %q, want %q", name, got[name], paths)
		}
	}
	if r.Phases[0].Path != "" || r.Phases[1].Path != "ipv4 203.0.113.10 plaintext" {
		t.Errorf("phases: %+v", r.Phases)
	}
}

// A path planned but never dialled (the overall timeout came first) is
// not_tested, in the schema's vocabulary.
func TestBuildPathNotDialled(t *testing.T) {
	res := reporttest.DualStackDataFiltered()
	v6 := &res.Facts.Paths[1]
	*v6 = probe.Path{PathID: v6.PathID}
	res.Facts.TimedOut = true
	reporttest.Rediagnose(&res)
	r := Build(res, testTool)
	if c := r.Paths[1].Control; c.Status != "not_tested" || c.Reach != "not_tested" || c.LoggedIn {
		t.Errorf("control: %+v", c)
	}
	if d, l := r.Paths[1].Data, r.Paths[1].Listing; d.Status != "not_tested" || d.Reach != "not_tested" ||
		l.Status != "not_tested" || l.Transfer != nil {
		t.Errorf("data %+v, listing %+v", d, l)
	}
	if err := reporttest.ValidateJSON(writeJSON(t, res), reporttest.SchemaPath()); err != nil {
		t.Errorf("report does not match docs/report.schema.json:\n%v", err)
	}
}

func TestSchemaRejectsPathViolations(t *testing.T) {
	good := writeJSON(t, reporttest.DualStackDataFiltered())
	tests := []struct{ name, from, to string }{
		{"bad family", `"family": "ipv6"`, `"family": "inet6"`},
		{"bad transport", `"transport": "plaintext"`, `"transport": "plain"`},
		{"bad data status", `"status": "failed",` + "\n" + `        "reach": "filtered"`,
			`"status": "broken",` + "\n" + `        "reach": "filtered"`},
		{"bad control reach", `"reach": "open",` + "\n" + `        "connect_ms": 34`, `"reach": "up",` + "\n" + `        "connect_ms": 34`},
		{"missing reference", `"reference": false,`, ``},
		{"reference not a boolean", `"reference": true`, `"reference": "yes"`},
		{"empty id", `"id": "ipv6 2001:db8::10 plaintext"`, `"id": ""`},
		{"bad address", `"address": "2001:db8::10"`, `"address": "v6 host"`},
		{"null findings", `"findings": [` + "\n" + `        "data.port_filtered"`, `"findings": null, "x": [` + "\n" + `        "data.port_filtered"`},
		{"check path not a string", `"path": "ipv6 2001:db8::10 plaintext",` + "\n" + `      "status"`, `"path": 6,` + "\n" + `      "status"`},
	}
	for _, tt := range tests {
		if !bytes.Contains(good, []byte(tt.from)) {
			t.Fatalf("%s: %q not in the report", tt.name, tt.from)
		}
		bad := bytes.Replace(good, []byte(tt.from), []byte(tt.to), 1)
		if err := reporttest.ValidateJSON(bad, reporttest.SchemaPath()); err == nil {
			t.Errorf("%s: schema accepted it", tt.name)
		}
	}
}
