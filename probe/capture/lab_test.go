package capture

import (
	"context"
	"encoding/json"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe/diagnosis"
)

// The captures in testdata/lab were recorded by fixtures/lab/cmd/captures:
// ftpnat's live diagnosis of a lab scenario, with tcpdump on the client's
// interface (<name>-client.pcap) and on the server's, behind the NAT
// router (<name>-server.pcap); <name>.live.json holds the live run's
// findings.

// labLive is the part of <name>.live.json these tests read.
type labLive struct {
	Scenario string `json:"scenario"`
	Verdict  string `json:"verdict"`
	Findings []struct {
		ID       string            `json:"id"`
		Severity string            `json:"severity"`
		Evidence []string          `json:"evidence"`
		Params   map[string]string `json:"params"`
	} `json:"findings"`
}

func (l labLive) ids() []string {
	var out []string
	for _, f := range l.Findings {
		out = append(out, f.ID)
	}
	return out
}

// What a capture of the client's side cannot show of a live diagnosis,
// and why. Every other live finding must come out of the capture too.
var (
	// tls.session_reuse_required: whether a protected data connection
	// resumed the control connection's TLS session, and that one without
	// resumption was refused, happen inside TLS.
	hiddenInTLS = []string{diagnosis.FindingTLSSessionReuseRequired}
	// With only encrypted sessions (--tls explicit) the 227 replies are
	// encrypted: the address the server announced (pasv.unroutable_address)
	// and the ports it named beyond those dialled (passive.port_range) do
	// not show; the data connections and their outcome do.
	hiddenTLSOnly = []string{diagnosis.FindingPASVUnroutable, diagnosis.FindingPassivePortRange}
	// alg.pasv_rewritten: on the client's side a rewritten 227 looks like
	// a correct one, and under TLS the server's own is encrypted. The
	// server's side shows it: see TestLabBothSides.
	hiddenOneSide = []string{diagnosis.FindingALGPASVRewritten}
)

// labCaptures are the recorded runs and the live findings a capture of
// the client's side cannot show.
var labCaptures = []struct {
	name   string
	hidden [][]string
}{
	{"private-dropped", [][]string{hiddenInTLS}},
	{"private-dropped-tls", [][]string{hiddenInTLS, hiddenTLSOnly}},
	{"healthy", [][]string{hiddenInTLS}},
	{"refused", [][]string{hiddenInTLS}},
	{"alg", [][]string{hiddenInTLS, hiddenOneSide}},
	{"alg-tls", [][]string{hiddenInTLS, hiddenTLSOnly}},
	{"active-no-connect-back", [][]string{hiddenInTLS}},
}

func readLab(t *testing.T, name string) *Capture {
	t.Helper()
	c, err := ReadFiles(context.Background(), []string{filepath.Join("testdata", "lab", name+".pcap")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func readLive(t *testing.T, name string) labLive {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "lab", name+".live.json"))
	if err != nil {
		t.Fatal(err)
	}
	var l labLive
	if err := json.Unmarshal(raw, &l); err != nil {
		t.Fatalf("%s.live.json: %v", name, err)
	}
	return l
}

func findingIDs(d diagnosis.Diagnosis) []string {
	var out []string
	for _, f := range d.Findings {
		out = append(out, f.ID)
	}
	return out
}

func finding(t *testing.T, d diagnosis.Diagnosis, id string) diagnosis.Finding {
	t.Helper()
	for _, f := range d.Findings {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no %s among %v", id, findingIDs(d))
	return diagnosis.Finding{}
}

// TestLabCaptureAgreesWithLive: the capture of the client's side of a run
// raises the live run's findings, less those a capture cannot show, and
// nothing else.
func TestLabCaptureAgreesWithLive(t *testing.T) {
	for _, lc := range labCaptures {
		t.Run(lc.name, func(t *testing.T) {
			live := readLive(t, lc.name)
			hidden := slices.Concat(lc.hidden...)
			var want []string
			for _, id := range live.ids() {
				if !slices.Contains(hidden, id) {
					want = append(want, id)
				}
			}
			res := Result(readLab(t, lc.name+"-client"), netipZero)
			got := findingIDs(res.Diagnosis)
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("capture findings %v, live %v less what a capture cannot show: %v", got, live.ids(), want)
			}
			// The values the fixes are filled with agree.
			for _, lf := range live.Findings {
				for _, cf := range res.Diagnosis.Findings {
					if cf.ID != lf.ID {
						continue
					}
					for _, k := range []string{diagnosis.ParamPublicAddress, diagnosis.ParamAdvertisedAddress, diagnosis.ParamServerAddress} {
						if lv, cv := lf.Params[k], cf.Params[k]; lv != "" && cv != "" && lv != cv {
							t.Errorf("%s %s: capture %s, live %s", lf.ID, k, cv, lv)
						}
					}
					if lf.Params[diagnosis.ParamPublicAddress] != "" && cf.Params[diagnosis.ParamPublicAddress] == "" {
						t.Errorf("%s: no public address from the capture", lf.ID)
					}
				}
			}
			// The verdict of the live findings a capture can show.
			verdict := "ok"
			for _, f := range live.Findings {
				if slices.Contains(want, f.ID) && (f.Severity == "critical" || f.Severity == "warning" && verdict == "ok") {
					verdict = f.Severity
				}
			}
			if string(res.Diagnosis.Verdict) != verdict {
				t.Errorf("capture verdict %s, want %s (live %s)", res.Diagnosis.Verdict, verdict, live.Verdict)
			}
		})
	}
}

// TestLabBothSides: with the server's side too, the capture diagnosis
// shows what the router did: the NAT mapping of every control connection,
// the 227 rewritten by the kernel FTP helper (address before and after),
// and the data connections it dropped.
func TestLabBothSides(t *testing.T) {
	for _, lc := range labCaptures {
		t.Run(lc.name, func(t *testing.T) {
			live := readLive(t, lc.name)
			// Given in either order.
			res, ok := SidesResult(readLab(t, lc.name+"-server"), readLab(t, lc.name+"-client"), netipZero)
			if !ok {
				t.Fatal("the two sides were not matched")
			}
			d := res.Diagnosis
			m := res.Facts.Wire.Middlebox
			if len(m.ClientFiles) != 1 || !strings.HasSuffix(m.ClientFiles[0], lc.name+"-client.pcap") {
				t.Errorf("client side %v: the sides were swapped", m.ClientFiles)
			}
			if m.UnmatchedControls != 0 || len(m.Controls) == 0 {
				t.Errorf("%d control connections matched, %d on one side only", len(m.Controls), m.UnmatchedControls)
			}
			// Every live finding a capture can show, now with the rewrite.
			hidden := slices.Concat(lc.hidden...)
			hidden = slices.DeleteFunc(hidden, func(id string) bool { return id == diagnosis.FindingALGPASVRewritten })
			for _, id := range live.ids() {
				if !slices.Contains(hidden, id) && !slices.Contains(findingIDs(d), id) {
					t.Errorf("live %s missing from the two-sided diagnosis %v", id, findingIDs(d))
				}
			}
			for _, id := range findingIDs(d) {
				if !slices.Contains(live.ids(), id) && !strings.HasPrefix(id, "middlebox.") {
					t.Errorf("two-sided diagnosis raises %s, which the live run did not", id)
				}
			}

			nat := finding(t, d, diagnosis.FindingMiddleboxNATMapping)
			if !strings.Contains(nat.Summary, "destination 203.0.113.1:21 → 10.0.0.5:21 (DNAT, port forwarding)") {
				t.Errorf("NAT mapping: %s", nat.Summary)
			}
			for _, c := range m.Controls {
				if c.ClientSide.From != c.ServerSide.From || c.ClientSide.To.String() != "203.0.113.1:21" || c.ServerSide.To.String() != "10.0.0.5:21" {
					t.Errorf("control mapping %s = %s", c.ClientSide, c.ServerSide)
				}
			}

			dropped := slices.Contains(findingIDs(d), diagnosis.FindingMiddleboxDroppedBetween)
			wantDropped := slices.Contains(live.ids(), diagnosis.FindingDataPortFiltered) ||
				slices.Contains(live.ids(), diagnosis.FindingDataPortRefused) ||
				slices.Contains(live.ids(), diagnosis.FindingALGDataPortsInspection)
			if dropped != wantDropped {
				t.Errorf("middlebox.dropped_between raised %v, want %v", dropped, wantDropped)
			}
			for _, c := range m.DroppedBetween {
				if c.Arrived() || !c.Inbound || !c.Data || c.Near.To.Addr().String() != "203.0.113.1" {
					t.Errorf("dropped between: %+v", c)
				}
			}
			// The router stopped them, not the server.
			for _, id := range []string{diagnosis.FindingDataPortFiltered, diagnosis.FindingDataPortRefused} {
				if slices.Contains(findingIDs(d), id) {
					ev := strings.Join(finding(t, d, id).Evidence, "\n")
					if !strings.Contains(ev, "never reached the server's side") || strings.Contains(ev, "reached the server's side and") {
						t.Errorf("%s evidence:\n%s", id, ev)
					}
				}
			}
		})
	}
}

// TestLabBothSidesActive: the server's connection back crossed the router
// and died on the client's machine, behind the client's capture.
func TestLabBothSidesActive(t *testing.T) {
	res, ok := SidesResult(readLab(t, "active-no-connect-back-client"), readLab(t, "active-no-connect-back-server"), netipZero)
	if !ok {
		t.Fatal("the two sides were not matched")
	}
	fd := finding(t, res.Diagnosis, diagnosis.FindingActiveNoConnectBack)
	ev := strings.Join(fd.Evidence, "\n")
	if !strings.Contains(ev, "arrived on the client's side as 203.0.113.1:") || !strings.Contains(ev, "a firewall on the client's machine itself") {
		t.Errorf("evidence:\n%s", ev)
	}
	if slices.Contains(findingIDs(res.Diagnosis), diagnosis.FindingMiddleboxDroppedBetween) {
		t.Errorf("the router dropped nothing: %v", findingIDs(res.Diagnosis))
	}
}

func TestLabBothSidesALGRewrite(t *testing.T) {
	res, ok := SidesResult(readLab(t, "alg-client"), readLab(t, "alg-server"), netipZero)
	if !ok {
		t.Fatal("the two sides were not matched")
	}
	m := res.Facts.Wire.Middlebox
	if len(m.Rewrites) == 0 {
		t.Fatal("no rewrite found")
	}
	for _, r := range m.Rewrites {
		if r.Command != "PASV" || r.SentEndpoint.Addr().String() != "10.0.0.5" || r.ReceivedEndpoint.Addr().String() != "203.0.113.1" ||
			r.SentEndpoint.Port() != r.ReceivedEndpoint.Port() {
			t.Errorf("rewrite %s: %q → %q (%s → %s)", r.Command, r.Sent, r.Received, r.SentEndpoint, r.ReceivedEndpoint)
		}
		if r.Control.Encrypted {
			t.Errorf("a rewrite on an encrypted control connection: %+v", r)
		}
	}
	rw := finding(t, res.Diagnosis, diagnosis.FindingALGPASVRewritten)
	if rw.Severity != diagnosis.SeverityCritical {
		t.Errorf("severity %s: FTPS clients get the unroutable 10.0.0.5", rw.Severity)
	}
	ev := strings.Join(rw.Evidence, "\n")
	first := m.Rewrites[0]
	for _, w := range []string{"sent on the server's side, " + first.Control.ServerSide.String(), "< " + first.Sent,
		"received on the client's side, " + first.Control.ClientSide.String(), "< " + first.Received,
		"< 227 Entering Passive Mode (10,0,0,5,", "< 227 Entering Passive Mode (203,0,113,1,"} {
		if !strings.Contains(ev, w) {
			t.Errorf("evidence lacks %q:\n%s", w, ev)
		}
	}
	if rw.Params[diagnosis.ParamAdvertisedAddress] != "10.0.0.5" || rw.Params[diagnosis.ParamPublicAddress] != "203.0.113.1" {
		t.Errorf("params %v", rw.Params)
	}
	// The helper opened the ports of the plaintext sessions; those of the
	// TLS sessions never reached the server.
	insp := finding(t, res.Diagnosis, diagnosis.FindingALGDataPortsInspection)
	if !strings.Contains(strings.Join(insp.Evidence, "\n"), "crossed after a plaintext reply named their port") {
		t.Errorf("inspection evidence %q", insp.Evidence)
	}
	for _, c := range m.DroppedBetween {
		if !c.NamedUnderTLS || c.NamedInPlaintext {
			t.Errorf("dropped %s: named in plaintext %v, under TLS %v; want under TLS only", c.Near, c.NamedInPlaintext, c.NamedUnderTLS)
		}
	}
	for _, c := range m.Crossed {
		if c.Inbound && !c.NamedInPlaintext {
			t.Errorf("crossed %s without a plaintext line naming it: the helper opens only what it read", c.Near)
		}
	}
}

// TestLabTLSInference: under --tls explicit the capture shows no reply
// after AUTH TLS, yet the data connections the encrypted sessions tried,
// their ports and outcome, and says what it cannot know.
func TestLabTLSInference(t *testing.T) {
	for _, name := range []string{"private-dropped-tls", "alg-tls"} {
		t.Run(name, func(t *testing.T) {
			c := readLab(t, name+"-client")
			res := Result(c, netipZero)
			w := res.Facts.Wire
			if w == nil || len(w.Opaque) == 0 {
				t.Fatal("no data connection attributed to the encrypted sessions")
			}
			for _, a := range w.Opaque {
				if a.Reach != diagnosis.ReachFiltered || a.Conn.To.Addr().String() != "203.0.113.1" ||
					a.Conn.To.Port() < 30000 || a.Conn.To.Port() > 30009 || a.SYNs < 2 || a.Control.To.String() != "203.0.113.1:21" {
					t.Errorf("attempt %+v", a)
				}
				// ftpnat dials the moment the (encrypted) 227 arrives.
				if !a.ReplyTimed || a.AfterReply < 0 || a.AfterReply > 100*time.Millisecond {
					t.Errorf("attempt %s: %s after the server's last encrypted reply (timed %v)", a.Conn, a.AfterReply, a.ReplyTimed)
				}
			}
			f := finding(t, res.Diagnosis, diagnosis.FindingDataPortFiltered)
			ev := strings.Join(f.Evidence, "\n")
			for _, want := range []string{"under TLS the replies that named these ports cannot be read", "after the server's encrypted reply, filtered",
				"not visible under TLS: the address the server announced"} {
				if !strings.Contains(ev, want) {
					t.Errorf("evidence lacks %q:\n%s", want, ev)
				}
			}
			if f.Params[diagnosis.ParamPublicAddress] != "203.0.113.1" {
				t.Errorf("params %v", f.Params)
			}
			if res.Facts.Source == nil || !slices.ContainsFunc(res.Facts.Source.Unseen, func(s string) bool { return strings.Contains(s, "AUTH TLS") }) {
				t.Errorf("the report does not say that the commands after AUTH TLS cannot be seen")
			}
		})
	}
	// Plaintext sessions beside the encrypted ones: the encrypted ones'
	// data ports stay closed while the plaintext ones' open.
	res := Result(readLab(t, "alg-client"), netipZero)
	if !slices.Contains(findingIDs(res.Diagnosis), diagnosis.FindingALGDataPortsInspection) {
		t.Errorf("alg: %v lacks alg.data_ports_need_inspection", findingIDs(res.Diagnosis))
	}
	// A healthy run's encrypted data connections all opened: nothing to say.
	res = Result(readLab(t, "healthy-client"), netipZero)
	for _, a := range res.Facts.Wire.Opaque {
		if a.Reach != diagnosis.ReachOpen {
			t.Errorf("healthy: %+v", a)
		}
	}
}

// netipZero picks the capture's main server.
var netipZero netip.AddrPort

// visibleOnServerSide are the findings a capture taken on the server's
// side alone may raise beyond the live run's: none so far. A capture
// there sees the client's translated address and the server's private
// one; it must not read them as the client's vantage.
var visibleOnServerSide = []string{}

// TestLabServerSideAlone: the capture of the server's side of a run, read
// alone, knows it was taken behind the NAT and raises no finding the live
// run did not (no vantage.inside_network for the server's private
// address, no pasv.address_mismatch for the public address it announces).
func TestLabServerSideAlone(t *testing.T) {
	for _, lc := range labCaptures {
		t.Run(lc.name, func(t *testing.T) {
			live := readLive(t, lc.name)
			res := Result(readLab(t, lc.name+"-server"), netipZero)
			src := res.Facts.Source
			if src == nil || src.Side != diagnosis.SideServer || !strings.Contains(src.SideWhy, "10.0.0.5") {
				t.Fatalf("source %+v: not recognised as the server's side", src)
			}
			if !slices.ContainsFunc(src.Unseen, func(s string) bool { return strings.Contains(s, "server's side") }) {
				t.Errorf("unseen %q does not say what the server's side cannot show", src.Unseen)
			}
			for _, id := range findingIDs(res.Diagnosis) {
				if !slices.Contains(live.ids(), id) && !slices.Contains(visibleOnServerSide, id) {
					t.Errorf("server side alone raises %s, which the live run %v did not", id, live.ids())
				}
			}
			// Ports named and never reached on this side are named as
			// such: in these runs the router stopped them. (Under TLS
			// alone no reply naming a port can be read.)
			plain := slices.ContainsFunc(res.Facts.Paths, func(p diagnosis.Path) bool { return len(p.PASV)+len(p.EPSV) > 0 })
			stopped := plain && (slices.Contains(live.ids(), diagnosis.FindingDataPortFiltered) || slices.Contains(live.ids(), diagnosis.FindingDataPortRefused))
			noted := slices.ContainsFunc(src.Notes, func(s string) bool { return strings.Contains(s, "no connection reached this side for") })
			if stopped && !noted {
				t.Errorf("notes %q do not name the passive ports that never reached the server", src.Notes)
			}
			// The client's side, read alone, is not taken for the server's.
			if c := Result(readLab(t, lc.name+"-client"), netipZero).Facts.Source; c.Side == diagnosis.SideServer {
				t.Errorf("client side read as the server's: %s", c.SideWhy)
			}
		})
	}
}

// TestLabActiveConnectBackSeen: the server's connection back reached the
// client's side (and left the server's): the capture says it was tried and
// never answered, not that the server never connected back.
func TestLabActiveConnectBackSeen(t *testing.T) {
	for side, from := range map[string]string{"client": "203.0.113.1:", "server": "10.0.0.5:"} {
		t.Run(side, func(t *testing.T) {
			res := Result(readLab(t, "active-no-connect-back-"+side), netipZero)
			f := finding(t, res.Diagnosis, diagnosis.FindingActiveNoConnectBack)
			ev := strings.Join(f.Evidence, "\n")
			if !strings.Contains(ev, "the server's connection back "+from) || !strings.Contains(ev, "→ 198.51.100.10:44083 is in the capture") ||
				!strings.Contains(ev, "never answered (filtered)") || strings.Contains(ev, "never connected back in the capture") {
				t.Errorf("evidence:\n%s", ev)
			}
			if !strings.Contains(f.Summary, "connected back from "+from) {
				t.Errorf("summary: %s", f.Summary)
			}
		})
	}
}
