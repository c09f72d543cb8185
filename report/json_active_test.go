package report

import (
	"bytes"
	"encoding/json"
	"net/netip"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestBuildActiveRefused(t *testing.T) {
	r := Build(reporttest.ActiveBehindNAT(), testTool)
	refused := func(command, sent, endpoint string) ActiveCommand {
		return ActiveCommand{Command: command, Sent: sent, Listener: endpoint, Endpoint: endpoint,
			Reply:       "500 I won't open a connection to 192.168.1.77 (only to 198.51.100.77)",
			ListReplies: []string{}, ServerSees: "198.51.100.77", DurationMS: 24}
	}
	want := Active{Tested: true, Advertise: "192.168.1.77",
		Port: refused("PORT", "PORT 192,168,1,77,156,187", "192.168.1.77:40123"),
		EPRT: refused("EPRT", "EPRT |1|192.168.1.77|40125|", "192.168.1.77:40125")}
	if !reflect.DeepEqual(r.Active, want) {
		t.Errorf("active:\n got %+v\nwant %+v", r.Active, want)
	}
}

func TestBuildActiveConnected(t *testing.T) {
	r := Build(reporttest.ActiveFromPublicClient(), testTool)
	want := ActiveCommand{Command: "PORT", Sent: "PORT 198,51,100,77,156,187", Listener: "198.51.100.77:40123",
		Endpoint: "198.51.100.77:40123",
		Reply:    "200 PORT command successful. Consider using PASV.", Accepted: true,
		ListReplies: []string{"150 Here comes the directory listing.", "226 Directory send OK."},
		Connected:   true, From: "203.0.113.10:20", Bytes: 804, OK: true, DurationMS: 71}
	if !reflect.DeepEqual(r.Active.Port, want) {
		t.Errorf("active.port:\n got %+v\nwant %+v", r.Active.Port, want)
	}
	if e := r.Active.EPRT; e.Endpoint != "198.51.100.77:40124" || !e.OK || e.From != "203.0.113.10:20" {
		t.Errorf("active.eprt: %+v", e)
	}
}

func TestBuildActiveNotTested(t *testing.T) {
	r := Build(reporttest.Healthy(), testTool)
	empty := ActiveCommand{ListReplies: []string{}}
	if want := (Active{Port: empty, EPRT: empty}); !reflect.DeepEqual(r.Active, want) {
		t.Errorf("active without --active: %+v", r.Active)
	}
	if r.Passive.RangeCheck != nil {
		t.Errorf("range_check without --expect-range: %+v", r.Passive.RangeCheck)
	}
	out := writeJSON(t, reporttest.Healthy())
	for _, want := range []string{`"range_check": null`, `"list_replies": []`, `"tested": false`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

// Only the attempts made are described; EPRT alone runs over IPv6. The
// endpoint is the advertised address with the listener's port, also when
// the listener is bound to another (local) address.
func TestBuildActiveEPRTOnly(t *testing.T) {
	a := &probe.ActiveFacts{Tested: true, Advertise: netip.MustParseAddr("2001:db8::77"),
		EPRT: &probe.ActiveTest{Command: "EPRT", Sent: "EPRT |2|2001:db8::77|40200|",
			Listener: netip.MustParseAddrPort("[fd00::77]:40200"),
			Reply:    probe.Reply{Code: 200, Lines: []string{"200 EPRT command successful."}}, Accepted: true,
			Error: "the server did not connect back within 13s", Duration: 13 * time.Second}}
	got := buildActive(a)
	if got.Port.Command != "" || got.EPRT.Endpoint != "[2001:db8::77]:40200" || got.EPRT.Listener != "[fd00::77]:40200" ||
		got.EPRT.Connected || got.EPRT.DurationMS != 13000 {
		t.Errorf("EPRT only: %+v", got)
	}
	// An attempt that never got as far as a listener names nothing.
	a.EPRT = &probe.ActiveTest{Command: "EPRT", Error: "open a listener: permission denied"}
	if got := buildActive(a); got.EPRT.Endpoint != "" || got.EPRT.Listener != "" {
		t.Errorf("no listener: %+v", got.EPRT)
	}
}

func TestBuildRangeCheck(t *testing.T) {
	r := Build(reporttest.ActiveBehindNAT(), testTool)
	want := &RangeCheck{Min: 30000, Max: 30019, Answering: []PortSpan{{30000, 30009}}, Silent: []PortSpan{{30010, 30019}},
		Refused: 10, Concurrency: 20, TimeoutMS: 3000, DurationMS: 3010}
	if !reflect.DeepEqual(r.Passive.RangeCheck, want) {
		t.Errorf("range_check:\n got %+v\nwant %+v", r.Passive.RangeCheck, want)
	}
	// Ports neither answering nor silent were not dialled in time.
	cut := buildRangeCheck(&probe.RangeScan{Min: 30000, Max: 30099, Answering: []probe.PortSpan{{Min: 30000, Max: 30009}},
		Silent: []probe.PortSpan{{Min: 30010, Max: 30019}}})
	if cut.Untested != 80 || cut.Answering == nil || len(cut.Silent) != 1 {
		t.Errorf("untested: %+v", cut)
	}
	if empty := buildRangeCheck(&probe.RangeScan{Min: 1, Max: 2}); empty.Answering == nil || empty.Silent == nil {
		t.Error("empty spans would be null in JSON")
	}
	// The TLS session shares the top-level check; its own stays null.
	res := reporttest.TLSBehindALG()
	scanned := reporttest.ActiveBehindNAT()
	res.RefPath().Range = scanned.RefPath().Range
	if rep := Build(res, testTool); rep.Passive.RangeCheck == nil || rep.TLS.Session.Passive.RangeCheck != nil {
		t.Error("range_check belongs to the top-level passive section only")
	}
}

func TestBuildPortRangeShape(t *testing.T) {
	sample := func(ports ...uint16) *probe.Path {
		var f probe.Path
		for _, p := range ports {
			f.PASV = append(f.PASV, probe.PassiveSample{Command: "PASV", Accepted: true, Port: p})
		}
		return &f
	}
	tests := []struct {
		name string
		f    *probe.Path
		want PortRange
	}{
		{"none", sample(), PortRange{ALGPorts: []int{}}},
		{"range", sample(30001, 30009), PortRange{Min: 30001, Max: 30009, Samples: 2, Spread: 8, ALGPorts: []int{}}},
		{"range over SIP", sample(5050, 5070, 5055), PortRange{Min: 5050, Max: 5070, Samples: 3, Spread: 20, ALGPorts: []int{5060, 5061}}},
		{"range over IRC", sample(6600, 6700), PortRange{Min: 6600, Max: 6700, Samples: 2, Spread: 100,
			ALGPorts: []int{6660, 6661, 6662, 6663, 6664, 6665, 6666, 6667, 6668, 6669}}},
		{"any port", sample(1034, 40211, 61002), PortRange{Min: 1034, Max: 61002, Samples: 3, Spread: 59968, AnyPort: true, ALGPorts: []int{}}},
		{"any port on an ALG port", sample(1723, 40211, 61002), PortRange{Min: 1723, Max: 61002, Samples: 3, Spread: 59279,
			AnyPort: true, ALGPorts: []int{1723}}},
		{"one sample", sample(5060), PortRange{Min: 5060, Max: 5060, Samples: 1, ALGPorts: []int{5060}}},
	}
	for _, tt := range tests {
		if got := buildPortRange(probe.ObservedRange(tt.f)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tt.name, got, tt.want)
		}
	}
}

// The report's range shape and the analysis's passive.port_range must
// agree.
func TestPortRangeShapeMatchesAnalysis(t *testing.T) {
	for _, ports := range [][]uint16{{30001, 30009}, {5050, 5070}, {1034, 40211, 61002}, {1723, 40211}, {6660, 6661}} {
		res := reporttest.Healthy()
		res.RefPath().EPSV = nil
		res.RefPath().PASV = nil
		for _, p := range ports {
			res.RefPath().PASV = append(res.RefPath().PASV, probe.PassiveSample{Command: "PASV", Accepted: true, Port: p,
				Address: netip.MustParseAddr(reporttest.PublicAddress), Class: probe.ClassDocumentation})
		}
		reporttest.Rediagnose(&res)
		pr := Build(res, testTool).Passive.PortRange
		var found probe.Finding
		for _, f := range probe.Diagnose(res.Facts).Findings {
			if f.ID == probe.FindingPassivePortRange {
				found = f
			}
		}
		var algs []int
		for _, s := range found.Ports.ALG {
			algs = append(algs, s.Min)
		}
		params := found.Params
		if params[probe.ParamSpread] != strconv.Itoa(pr.Spread) || params[probe.ParamAnyPort] != strconv.FormatBool(pr.AnyPort) ||
			!slices.Equal(algs, pr.ALGPorts) {
			t.Errorf("ports %v: report %+v, analysis %v %+v", ports, pr, params, found.Ports)
		}
	}
}

func TestSchemaRejectsActiveViolations(t *testing.T) {
	good := writeJSON(t, reporttest.ActiveFromPublicClient())
	tests := []struct{ name, from, to string }{
		{"bad command", `"command": "PORT"`, `"command": "port"`},
		{"bad from", `"from": "203.0.113.10:20"`, `"from": "somewhere"`},
		{"bad advertise", `"advertise": "198.51.100.77"`, `"advertise": "me"`},
		{"missing listener", `"listener": "198.51.100.77:40123",`, ``},
		{"bad endpoint", `"endpoint": "198.51.100.77:40123"`, `"endpoint": "198.51.100.77"`},
		{"null list_replies", `"list_replies": [`, `"list_replies": null, "x": [`},
		{"bad span", `"answering": [`, `"answering": [{"min": 0, "max": 1}, `},
		{"missing untested", `"untested": 0,`, ``},
		{"alg_ports not a list", `"alg_ports": []`, `"alg_ports": ""`},
		{"missing range_check", `"range_check": {`, `"range": {`},
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

func TestWriteJSONActiveContractFields(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(writeJSON(t, reporttest.ActiveBehindNAT()), &doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{
		"active.tested", "active.advertise", "active.port.command", "active.port.sent", "active.port.listener",
		"active.port.endpoint", "active.port.reply", "active.port.accepted", "active.port.list_replies",
		"active.port.connected", "active.port.from", "active.port.bytes", "active.port.ok", "active.port.error",
		"active.port.server_sees", "active.port.duration_ms", "active.eprt.reply", "active.eprt.connected",
		"passive.port_range.spread", "passive.port_range.any_port", "passive.port_range.alg_ports",
		"passive.range_check.min", "passive.range_check.max", "passive.range_check.answering.0.min",
		"passive.range_check.silent.0.max", "passive.range_check.untested", "passive.range_check.open",
		"passive.range_check.refused", "passive.range_check.concurrency", "passive.range_check.timeout_ms",
		"passive.range_check.duration_ms",
	} {
		if _, ok := lookupPath(doc, p); !ok {
			t.Errorf("report lacks %s", p)
		}
	}
}
