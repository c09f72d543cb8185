package report

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

var testTool = Tool{Name: "ftpnat", Version: "0.1.0-test"}

func scenarios() map[string]probe.Result {
	return map[string]probe.Result{
		"healthy":              reporttest.Healthy(),
		"nat":                  reporttest.NATPrivateFiltered(),
		"dns failure":          reporttest.DNSFailure(),
		"empty":                {},
		"tls auto":             reporttest.TLSBehindALG(),
		"tls explicit":         tlsExplicit(),
		"tls refused":          tlsRefused(),
		"tls handshake failed": tlsHandshakeFailed(),
		"active behind nat":    reporttest.ActiveBehindNAT(),
		"active public client": reporttest.ActiveFromPublicClient(),
		"dual stack":           reporttest.DualStackDataFiltered(),
	}
}

func writeJSON(t *testing.T, res probe.Result) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteJSON(&b, res, testTool); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWriteJSONValidatesAgainstSchema(t *testing.T) {
	for name, res := range scenarios() {
		t.Run(name, func(t *testing.T) {
			if err := reporttest.ValidateJSON(writeJSON(t, res), reporttest.SchemaPath()); err != nil {
				t.Errorf("report does not match docs/report.schema.json:\n%v", err)
			}
		})
	}
}

// The validator must actually reject bad reports, or the test above proves nothing.
func TestSchemaRejectsContractViolations(t *testing.T) {
	good := writeJSON(t, reporttest.NATPrivateFiltered())
	tests := []struct{ name, from, to string }{
		{"bad verdict", `"verdict": "critical"`, `"verdict": "broken"`},
		{"bad reach", `"reach": "filtered"`, `"reach": "dropped"`},
		{"bad severity", `"severity": "critical"`, `"severity": "fatal"`},
		{"bad software", `"software": "vsftpd"`, `"software": "vsftp"`},
		{"bad dir", `"dir": "send"`, `"dir": "sent"`},
		{"bad applies_to", `"applies_to": "nftables"`, `"applies_to": "nft"`},
		{"bad time", `"started_at": "2026-03-14T09:26:53Z"`, `"started_at": "yesterday"`},
		{"missing field", `"schema_version": 1,`, ``},
		{"wrong version", `"schema_version": 1,`, `"schema_version": 2,`},
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

// Every value the Go code can emit is allowed by the schema's enums.
func TestSchemaEnumsCoverGoConstants(t *testing.T) {
	raw, err := os.ReadFile(reporttest.SchemaPath())
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Defs map[string]struct {
			Enum []any `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(raw, &schema); err != nil {
		t.Fatal(err)
	}
	cs := probeConsts(t)
	tests := []struct {
		def   string
		want  []string
		exact bool // the enum is want, in its order
	}{
		{"software", probe.SoftwareNames(), true},
		{"client_outcome", outcomeNames(), true},
		{"verdict", constValues(cs, "Verdict", ""), false},
		{"severity", constValues(cs, "Severity", ""), false},
		{"reach", constValues(cs, "Reach", ""), false},
		{"check_status", constValues(cs, "CheckStatus", ""), false},
		{"tls_mode", constValues(cs, "TLSMode", ""), false},
		{"address_class", constValues(cs, "AddrClass", ""), false},
		{"dir", constValues(cs, "", "Dir"), false},
		{"applies_to", Targets(), true},
		{"plaintext_login", []string{PolicyAllowed, PolicyRefused, PolicyUnknown}, false},
		{"prot_c", []string{PolicyAllowed, PolicyRefused, PolicyNotTested}, false},
		{"family", constValues(cs, "Family", ""), false},
		{"transport", constValues(cs, "Transport", ""), false},
		{"path_status", constValues(cs, "Status", ""), false},
	}
	for _, tt := range tests {
		enum := map[string]bool{}
		var strs []string
		for _, v := range schema.Defs[tt.def].Enum {
			if s, ok := v.(string); ok {
				enum[s] = true
				strs = append(strs, s)
			}
		}
		if tt.exact && !slices.Equal(strs, tt.want) {
			t.Errorf("schema $defs.%s.enum = %q\nwant %q", tt.def, strs, tt.want)
		}
		if len(tt.want) == 0 {
			t.Errorf("%s: no Go constants found", tt.def)
		}
		for _, v := range tt.want {
			if !enum[v] {
				t.Errorf("schema $defs.%s.enum lacks %q", tt.def, v)
			}
		}
	}
}

func TestWriteJSONContractFields(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(writeJSON(t, reporttest.NATPrivateFiltered()), &doc); err != nil {
		t.Fatal(err)
	}
	paths := []string{
		"schema_version", "tool.name", "tool.version", "target.host", "target.port", "target.address",
		"target.tls_mode", "started_at", "duration_ms", "server.banner", "server.software", "server.version",
		"server.syst", "server.features", "tls.offered", "tls.version", "tls.cipher", "tls.certificate.subject",
		"tls.certificate.issuer", "tls.certificate.not_after", "tls.certificate.verified", "tls.certificate.error",
		"tls.data_resumed", "tls.session_reuse_required", "passive.pasv.0.reply", "passive.pasv.0.address",
		"passive.pasv.0.port", "passive.pasv.0.address_class", "passive.pasv.0.reach", "passive.epsv.0.reply",
		"passive.epsv.0.port", "passive.epsv.0.reach", "passive.port_range.min", "passive.port_range.max",
		"passive.port_range.samples", "active.tested", "active.port.reply", "active.port.connected",
		"active.eprt.reply", "active.eprt.connected", "checks.0.name", "checks.0.status", "checks.0.duration_ms",
		"checks.0.detail", "findings.0.id", "findings.0.severity", "findings.0.title", "findings.0.summary",
		"findings.0.evidence", "findings.0.remediation.0.applies_to", "findings.0.remediation.0.text",
		"findings.0.remediation.0.config", "verdict", "transcript.0.t_ms", "transcript.0.dir", "transcript.0.line",
	}
	for _, p := range paths {
		if _, ok := lookupPath(doc, p); !ok {
			t.Errorf("report lacks %s", p)
		}
	}
}

func lookupPath(v any, path string) (any, bool) {
	for _, k := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[k]; !ok {
				return nil, false
			}
		case []any:
			i := int(k[0] - '0')
			if len(k) != 1 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

func TestBuildValues(t *testing.T) {
	r := Build(reporttest.NATPrivateFiltered(), testTool)
	if r.SchemaVersion != 1 || r.Tool != testTool || r.Verdict != "critical" || r.ExitCode != 2 {
		t.Errorf("header: %+v", r)
	}
	if r.StartedAt != "2026-03-14T09:26:53Z" || r.DurationMS != 9870 {
		t.Errorf("time: %s %d", r.StartedAt, r.DurationMS)
	}
	wantTarget := Target{Host: "ftp.example.test", Port: 21, Address: "203.0.113.10", TLSMode: "auto",
		Addresses: []string{"203.0.113.10"}}
	if !reflect.DeepEqual(r.Target, wantTarget) {
		t.Errorf("target: %+v", r.Target)
	}
	p := r.Passive.PASV[0]
	wantPASV := PASVSample{Reply: "227 Entering Passive Mode (10,0,0,5,117,49).", Accepted: true, Standard: true,
		Format: "rfc959", Address: "10.0.0.5", Port: 30001, AddressClass: "private", Reach: "filtered",
		ConnectMS: 3000, ConnectError: "i/o timeout", AdvertisedReach: "not_tested"}
	if p != wantPASV {
		t.Errorf("pasv[0]:\n got %+v\nwant %+v", p, wantPASV)
	}
	if !reflect.DeepEqual(r.Passive.PortRange, PortRange{Min: 30001, Max: 30004, Samples: 3, Spread: 3, ALGPorts: []int{}}) {
		t.Errorf("port range: %+v", r.Passive.PortRange)
	}
	f := r.Findings[0]
	if f.ID != "pasv.unroutable_address" || f.Title != "PASV announces an unroutable address" || f.Explanation == "" {
		t.Errorf("finding: %+v", f)
	}
	if f.Remediation[0].AppliesTo != "vsftpd" || !strings.Contains(f.Remediation[0].Config, "pasv_address=203.0.113.10") {
		t.Errorf("remediation: %+v", f.Remediation[0])
	}
	if f.Advice != "Make the server announce 203.0.113.10 in its PASV replies, and forward the recommended range 30000-30009 to 10.0.0.5." {
		t.Errorf("advice: %q", f.Advice)
	}
	if r.Headline != "PASV announces an unroutable address" {
		t.Errorf("headline: %q", r.Headline)
	}
	if r.StandardClient.Ran != true || r.StandardClient.OK || r.StandardClient.DurationMS != 3100 {
		t.Errorf("standard client: %+v", r.StandardClient)
	}
}

func TestBuildEmptyResult(t *testing.T) {
	r := Build(probe.Result{}, testTool)
	if r.Verdict != "unknown" || r.ExitCode != 3 || r.Server.Software != "unknown" {
		t.Errorf("empty result: verdict %q exit %d software %q", r.Verdict, r.ExitCode, r.Server.Software)
	}
	if r.Checks == nil || r.Findings == nil || r.Transcript == nil || r.Passive.PASV == nil || r.Server.Features == nil {
		t.Error("nil slices would be null in JSON")
	}
	if r.Transfer != nil || r.SessionError != nil {
		t.Error("absent transfer/session error must be null")
	}
}

func TestBuildUnknownFindingID(t *testing.T) {
	res := probe.Result{Diagnosis: probe.Diagnosis{Verdict: probe.VerdictWarning, Findings: []probe.Finding{{ID: "future.thing", Summary: "new"}}}}
	f := Build(res, testTool).Findings[0]
	if f.Title != "future.thing" || f.Severity != "info" || len(f.Remediation) != 0 || f.Remediation == nil {
		t.Errorf("unknown finding: %+v", f)
	}
}

func TestWriteJSONRoundTrip(t *testing.T) {
	for name, res := range scenarios() {
		t.Run(name, func(t *testing.T) {
			out := writeJSON(t, res)
			var back Report
			if err := json.Unmarshal(out, &back); err != nil {
				t.Fatal(err)
			}
			if want := Build(res, testTool); !reflect.DeepEqual(back, want) {
				t.Errorf("round trip differs:\n got %+v\nwant %+v", back, want)
			}
		})
	}
}

func TestWriteJSONFormat(t *testing.T) {
	out := writeJSON(t, reporttest.NATPrivateFiltered())
	if !bytes.HasPrefix(out, []byte("{\n  \"schema_version\": 1,\n  \"tool\": {\n    \"name\": \"ftpnat\",")) {
		t.Errorf("not indented in field order:\n%.120s", out)
	}
	if !bytes.HasSuffix(out, []byte("}\n")) || bytes.HasSuffix(out, []byte("\n\n")) {
		t.Error("want exactly one trailing newline")
	}
	if !bytes.Equal(out, writeJSON(t, reporttest.NATPrivateFiltered())) {
		t.Error("output is not stable between runs")
	}
	// Placeholders stay readable (no \u003c escapes).
	p := reporttest.NATPrivateFiltered()
	delete(p.Findings[0].Params, probe.ParamServerAddress)
	if out := writeJSON(t, p); !bytes.Contains(out, []byte("<server-lan-address>")) {
		t.Error("placeholder HTML-escaped")
	}
}

// No field of the report is meant to carry a secret; keep it that way.
func TestReportHasNoSecretFields(t *testing.T) {
	var walk func(reflect.Type, string)
	seen := map[reflect.Type]bool{}
	walk = func(ty reflect.Type, path string) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		for i := range ty.NumField() {
			f := ty.Field(i)
			tag := strings.Split(f.Tag.Get("json"), ",")[0]
			for _, bad := range []string{"password", "passwd", "secret", "credential", "token"} {
				if strings.Contains(strings.ToLower(tag), bad) {
					t.Errorf("field %s.%s (%q) could carry a secret", path, f.Name, tag)
				}
			}
			walk(f.Type, path+"."+tag)
		}
	}
	walk(reflect.TypeOf(Report{}), "report")
	out := writeJSON(t, reporttest.Healthy())
	if !bytes.Contains(out, []byte(`"line": "PASS ****"`)) || bytes.Contains(out, []byte("ftpnat@")) {
		t.Error("transcript redaction not carried through")
	}
}

func TestTargets(t *testing.T) {
	n := len(ServerTargets())
	if got := Targets(); n < 14 || !slices.Equal(got[:n], ServerTargets()) || len(got) != n+10 {
		t.Errorf("targets: %v", got)
	}
}
