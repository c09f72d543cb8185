package diagnosis

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	wireClient = netip.MustParseAddrPort("198.51.100.10:40000")
	wirePublic = netip.MustParseAddrPort("203.0.113.1:21")
	wireServer = netip.MustParseAddrPort("10.0.0.5:21")
	wireT0     = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
)

func wireControl(encrypted bool) ControlMapping {
	return ControlMapping{ClientSide: Tuple{wireClient, wirePublic}, ServerSide: Tuple{wireClient, wireServer}, T: wireT0, Encrypted: encrypted}
}

func dataCrossing(port uint16, arrived, plaintext bool) Crossing {
	c := Crossing{Inbound: true, Data: true, T: wireT0.Add(time.Second),
		Near: Tuple{netip.AddrPortFrom(wireClient.Addr(), 41000+port%100), netip.AddrPortFrom(wirePublic.Addr(), port)},
		SYNs: 1, NearSeen: ReachOpen, NamedInPlaintext: plaintext, NamedUnderTLS: !plaintext}
	if arrived {
		c.Far = Tuple{c.Near.From, netip.AddrPortFrom(wireServer.Addr(), port)}
	} else {
		c.SYNs, c.NearSeen = 3, ReachFiltered
	}
	return c
}

func algRewrite() Rewrite {
	return Rewrite{T: wireT0, Control: wireControl(false), Command: "PASV",
		Sent:             "227 Entering Passive Mode (10,0,0,5,117,52).",
		Received:         "227 Entering Passive Mode (203,0,113,1,117,52).",
		SentEndpoint:     netip.MustParseAddrPort("10.0.0.5:30004"),
		ReceivedEndpoint: netip.MustParseAddrPort("203.0.113.1:30004")}
}

func wireFacts(w *Wire, paths ...Path) Facts {
	return Facts{Host: "203.0.113.1", Port: 21, TLSMode: TLSAuto, Paths: paths, Wire: w}
}

func findWire(t *testing.T, d Diagnosis, id string) Finding {
	t.Helper()
	for _, f := range d.Findings {
		if f.ID == id {
			return f
		}
	}
	var ids []string
	for _, f := range d.Findings {
		ids = append(ids, f.ID)
	}
	t.Fatalf("no %s among %v", id, ids)
	return Finding{}
}

func TestWireMiddleboxALG(t *testing.T) {
	m := &Middlebox{
		Controls: []ControlMapping{wireControl(false), wireControl(true)},
		Rewrites: []Rewrite{algRewrite()},
		Crossed:  []Crossing{dataCrossing(30004, true, true)},
		DroppedBetween: []Crossing{
			dataCrossing(30006, false, false), dataCrossing(30002, false, false),
		},
	}
	d := Diagnose(wireFacts(&Wire{Middlebox: m}))

	rw := findWire(t, d, FindingALGPASVRewritten)
	if rw.Severity != SeverityCritical {
		t.Errorf("rewrite severity %s, want critical: FTPS clients get the unroutable 10.0.0.5", rw.Severity)
	}
	ev := strings.Join(rw.Evidence, "\n")
	for _, w := range []string{"< 227 Entering Passive Mode (10,0,0,5,117,52).", "< 227 Entering Passive Mode (203,0,113,1,117,52).",
		"server's side, 198.51.100.10:40000 → 10.0.0.5:21", "client's side, 198.51.100.10:40000 → 203.0.113.1:21"} {
		if !strings.Contains(ev, w) {
			t.Errorf("rewrite evidence lacks %q:\n%s", w, ev)
		}
	}
	if rw.Params[ParamAdvertisedAddress] != "10.0.0.5" || rw.Params[ParamPublicAddress] != "203.0.113.1" || rw.Params[ParamServerAddress] != "10.0.0.5" {
		t.Errorf("rewrite params %v", rw.Params)
	}

	insp := findWire(t, d, FindingALGDataPortsInspection)
	if insp.Params[ParamPortMin] != "30002" || insp.Params[ParamPortMax] != "30006" {
		t.Errorf("inspection range %s-%s, want the ports dialled under TLS 30002-30006", insp.Params[ParamPortMin], insp.Params[ParamPortMax])
	}
	if !strings.Contains(insp.Summary, "30002, 30006") {
		t.Errorf("inspection summary %q", insp.Summary)
	}

	drop := findWire(t, d, FindingMiddleboxDroppedBetween)
	if drop.Severity != SeverityCritical || len(drop.Evidence) != 2 ||
		!strings.Contains(drop.Evidence[0], "198.51.100.10:41006 → 203.0.113.1:30006: 3 SYN(s), filtered") {
		t.Errorf("dropped: %s %q", drop.Severity, drop.Evidence)
	}

	nat := findWire(t, d, FindingMiddleboxNATMapping)
	if !strings.Contains(nat.Summary, "destination 203.0.113.1:21 → 10.0.0.5:21") ||
		nat.Evidence[0] != "client's side 198.51.100.10:40000 → 203.0.113.1:21  =  server's side 198.51.100.10:40000 → 10.0.0.5:21" {
		t.Errorf("nat mapping: %q %q", nat.Summary, nat.Evidence)
	}
	if d.Verdict != VerdictCritical {
		t.Errorf("verdict %s", d.Verdict)
	}
}

func TestWireMiddleboxNoInspectionWithoutTLSDrops(t *testing.T) {
	// Private address, range dropped, no ALG: everything named in
	// plaintext, nothing crossed. Dropped in between, but no inspection.
	m := &Middlebox{
		Controls:       []ControlMapping{wireControl(false)},
		DroppedBetween: []Crossing{dataCrossing(30004, false, true)},
	}
	d := Diagnose(wireFacts(&Wire{Middlebox: m}))
	var ids []string
	for _, f := range d.Findings {
		ids = append(ids, f.ID)
	}
	if !slices.Contains(ids, FindingMiddleboxDroppedBetween) || slices.Contains(ids, FindingALGDataPortsInspection) ||
		slices.Contains(ids, FindingALGPASVRewritten) {
		t.Errorf("findings %v", ids)
	}
	// Same addresses on both sides: no mapping to show.
	m.Controls[0].ServerSide = m.Controls[0].ClientSide
	d = Diagnose(wireFacts(&Wire{Middlebox: m}))
	for _, f := range d.Findings {
		if f.ID == FindingMiddleboxNATMapping {
			t.Errorf("nat mapping raised for an untranslated connection: %q", f.Summary)
		}
	}
}

func TestWireOpaqueAttempts(t *testing.T) {
	ctl := Tuple{wireClient, wirePublic}
	attempt := func(port uint16, reach Reach) OpaqueAttempt {
		return OpaqueAttempt{Control: ctl, Conn: Tuple{netip.AddrPortFrom(wireClient.Addr(), 42000), netip.AddrPortFrom(wirePublic.Addr(), port)},
			T: wireT0, SinceEncrypted: 2 * time.Millisecond, SYNs: 3, Reach: reach, Waited: 2 * time.Second}
	}
	plainOK := plainPath(netip.MustParseAddr("203.0.113.1"), healthySession())
	tests := []struct {
		name  string
		paths []Path
		opq   []OpaqueAttempt
		want  []string
		not   []string
	}{
		{"filtered alone", nil, []OpaqueAttempt{attempt(30004, ReachFiltered), attempt(30001, ReachFiltered)},
			[]string{FindingDataPortFiltered}, []string{FindingALGDataPortsInspection}},
		{"filtered while plaintext worked", []Path{plainOK}, []OpaqueAttempt{attempt(30004, ReachFiltered)},
			[]string{FindingALGDataPortsInspection}, []string{FindingDataPortFiltered}},
		{"refused", nil, []OpaqueAttempt{attempt(30004, ReachRefused)},
			[]string{FindingDataPortRefused}, []string{FindingDataPortFiltered}},
		{"open", nil, []OpaqueAttempt{attempt(30004, ReachOpen)},
			nil, []string{FindingDataPortFiltered, FindingDataPortRefused, FindingALGDataPortsInspection}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diagnose(wireFacts(&Wire{Opaque: tt.opq}, tt.paths...))
			var ids []string
			for _, f := range d.Findings {
				ids = append(ids, f.ID)
			}
			for _, w := range tt.want {
				if !slices.Contains(ids, w) {
					t.Errorf("missing %s in %v", w, ids)
				}
			}
			for _, n := range tt.not {
				if slices.Contains(ids, n) {
					t.Errorf("unexpected %s in %v", n, ids)
				}
			}
			for _, f := range d.Findings {
				if slices.Contains(tt.want, f.ID) {
					ev := strings.Join(f.Evidence, "\n")
					if !strings.Contains(ev, "198.51.100.10:42000 → 203.0.113.1:30004: 3 SYN(s) 2ms after the control channel became encrypted") ||
						!strings.Contains(ev, "not visible under TLS: the address the server announced") {
						t.Errorf("%s evidence:\n%s", f.ID, ev)
					}
					if f.Params[ParamPublicAddress] != "203.0.113.1" {
						t.Errorf("%s params %v", f.ID, f.Params)
					}
				}
			}
		})
	}
}

func TestWireFindingsNotRaisedTwice(t *testing.T) {
	// A finding the paths already raised keeps its own evidence.
	f := healthyFacts()
	for i := range f.Paths[0].PASV {
		f.Paths[0].PASV[i].Peer.Reach = ReachFiltered
	}
	f.Paths[0].EPSV = nil
	f.Paths[0].Transfer = nil
	f.Wire = &Wire{Opaque: []OpaqueAttempt{{Conn: Tuple{wireClient, netip.MustParseAddrPort("192.0.2.10:30004")}, SYNs: 2, Reach: ReachFiltered}}}
	d := Diagnose(f)
	n := 0
	for _, fd := range d.Findings {
		if fd.ID == FindingDataPortFiltered {
			n++
		}
	}
	if n != 1 {
		t.Errorf("data.port_filtered raised %d times", n)
	}
}

func TestWireConnectBackEvidence(t *testing.T) {
	f := healthyFacts()
	f.Paths[0].Active = &ActiveFacts{Tested: true, PORT: &ActiveTest{Command: "PORT", Sent: "PORT 198,51,100,10,172,51",
		Listener: netip.MustParseAddrPort("198.51.100.10:44083"), Reply: Reply{200, []string{"200 PORT command successful."}}, Accepted: true,
		Error: "the server never connected back"}}
	back := Crossing{Inbound: false, Data: true, SYNs: 3, NearSeen: ReachFiltered, FarSeen: ReachFiltered,
		Near: Tuple{netip.MustParseAddrPort("10.0.0.5:43253"), netip.MustParseAddrPort("198.51.100.10:44083")},
		Far:  Tuple{netip.MustParseAddrPort("203.0.113.1:43253"), netip.MustParseAddrPort("198.51.100.10:44083")}}
	f.Wire = &Wire{Middlebox: &Middlebox{Controls: []ControlMapping{wireControl(false)}, Crossed: []Crossing{back}}}
	d := Diagnose(f)
	fd := findWire(t, d, FindingActiveNoConnectBack)
	ev := strings.Join(fd.Evidence, "\n")
	if !strings.Contains(ev, "arrived on the client's side as 203.0.113.1:43253 → 198.51.100.10:44083 and was filtered there: a firewall on the client's machine itself") {
		t.Errorf("evidence:\n%s", ev)
	}
	// Dropped in between instead.
	back.Far, back.FarSeen = Tuple{}, ""
	f.Wire.Middlebox.Crossed, f.Wire.Middlebox.DroppedBetween = nil, []Crossing{back}
	fd = findWire(t, Diagnose(f), FindingActiveNoConnectBack)
	if ev := strings.Join(fd.Evidence, "\n"); !strings.Contains(ev, "never reached the client's side: the device between the captures dropped it") {
		t.Errorf("evidence:\n%s", ev)
	}
}

func TestWireWhereDataDied(t *testing.T) {
	f := healthyFacts()
	for i := range f.Paths[0].PASV {
		f.Paths[0].PASV[i].Peer.Reach = ReachFiltered
	}
	f.Paths[0].EPSV, f.Paths[0].Transfer = nil, nil
	atServer := dataCrossing(30007, true, true)
	atServer.FarSeen = ReachFiltered
	f.Wire = &Wire{Middlebox: &Middlebox{Controls: []ControlMapping{wireControl(false)},
		DroppedBetween: []Crossing{dataCrossing(30004, false, true)}, Crossed: []Crossing{atServer}}}
	fd := findWire(t, Diagnose(f), FindingDataPortFiltered)
	ev := strings.Join(fd.Evidence, "\n")
	for _, w := range []string{"1 of these data connection attempt(s) never reached the server's side",
		"1 reached the server's side and got no answer there (e.g. 198.51.100.10:41007 → 203.0.113.1:30007 arrived as 198.51.100.10:41007 → 10.0.0.5:30007): a firewall on the server itself"} {
		if !strings.Contains(ev, w) {
			t.Errorf("evidence lacks %q:\n%s", w, ev)
		}
	}
}
