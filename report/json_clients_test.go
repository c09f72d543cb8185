package report

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// The NAT scenario's unroutable-address finding carries the clients
// table's verdicts in JSON; findings the table does not cover have none.
func TestJSONFindingClients(t *testing.T) {
	var r struct {
		Findings []struct {
			ID      string       `json:"id"`
			Clients []ClientJSON `json:"clients"`
		} `json:"findings"`
	}
	raw := writeJSON(t, reporttest.NATPrivateFiltered())
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	seen := false
	for _, f := range r.Findings {
		switch f.ID {
		case probe.FindingPASVUnroutable:
			seen = true
			for _, want := range []ClientJSON{
				{Client: "curl", Name: "curl", Outcome: "cope", Versions: ">=7.74.0",
					Note: "uses the control connection's address (--ftp-skip-pasv-ip is the default)"},
				{Client: "commons-net", Name: "Apache Commons Net", Outcome: "fail", Versions: "<3.0",
					Note: "dials the PASV address"},
				{Client: "filezilla", Name: "FileZilla", Outcome: "cope",
					Note: "\"Server sent passive reply with unroutable address. Using server address instead.\""},
				{Client: "windows-ftp", Name: "Windows ftp.exe", Outcome: "not_affected", Note: "active mode only (PORT)"},
			} {
				if !slices.Contains(f.Clients, want) {
					t.Errorf("clients lack %+v:\n%+v", want, f.Clients)
				}
			}
		case probe.FindingDataPortFiltered, probe.FindingTLSNotOffered:
			if f.Clients != nil {
				t.Errorf("%s: unexpected clients %+v", f.ID, f.Clients)
			}
		}
	}
	if !seen {
		t.Fatal("the NAT scenario has no pasv.unroutable_address finding")
	}
	if bytes.Count(raw, []byte(`"clients":`)) != 1 {
		t.Errorf("want exactly one clients array in the NAT report")
	}
}

// The schema accepts the clients array and rejects what breaks it.
func TestSchemaClients(t *testing.T) {
	good := writeJSON(t, reporttest.NATPrivateFiltered())
	if err := reporttest.ValidateJSON(good, reporttest.SchemaPath()); err != nil {
		t.Fatalf("report with clients does not match the schema: %v", err)
	}
	for _, tt := range []struct{ name, from, to string }{
		{"bad outcome", `"outcome": "cope"`, `"outcome": "works"`},
		{"bad versions", `"versions": ">=7.74.0"`, `"versions": "7.74.0+"`},
		{"unknown field", `"outcome": "cope"`, `"outcome": "cope", "since": "1"`},
		{"missing name", `"name": "curl",`, ``},
	} {
		if !bytes.Contains(good, []byte(tt.from)) {
			t.Fatalf("%s: %q not in the report", tt.name, tt.from)
		}
		bad := bytes.Replace(good, []byte(tt.from), []byte(tt.to), 1)
		if err := reporttest.ValidateJSON(bad, reporttest.SchemaPath()); err == nil {
			t.Errorf("%s: schema accepted it", tt.name)
		}
	}
}

// outcomeNames are the client outcomes as the schema spells them.
func outcomeNames() []string {
	var out []string
	for _, o := range Outcomes() {
		out = append(out, string(o))
	}
	return out
}

// The text report prints the same verdicts under the finding.
func TestTextFindingClients(t *testing.T) {
	out := renderText(t, reporttest.NATPrivateFiltered(), TextOptions{})
	i := strings.Index(out, "pasv.unroutable_address")
	if i < 0 {
		t.Fatal("no pasv.unroutable_address in the text report")
	}
	section := out[i:]
	if j := strings.Index(section[1:], "\nCRITICAL"); j > 0 {
		section = section[:j]
	}
	flat := strings.Join(strings.Fields(section), " ")
	for _, want := range []string{"Clients cope: curl >=7.74.0, lftp, FileZilla, WinSCP",
		"fail: curl <7.74.0, Python ftplib <3.9.3, Apache Commons Net <3.0, jlaffaye/ftp <0.2.1",
		"not affected: Windows ftp.exe (docs/clients.md)"} {
		if !strings.Contains(flat, want) {
			t.Errorf("text report lacks %q:\n%s", want, section)
		}
	}
	if strings.Count(out, "  Clients\n") != 1 {
		t.Errorf("want one Clients paragraph (only the unroutable finding is covered):\n%s", out)
	}
}
