package report

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/probe"
)

// pictureScenarios are the fake scenarios the picture tests diagnose.
var pictureScenarios = []string{
	"healthy", "nat-private-unforwarded", "alg-rewrite-private",
	"dual-stack-ipv6-data-filtered", "ports-refused", "active-no-connect-back",
}

// scenarioResults diagnoses each named fake scenario as ftpnat demo does
// (active mode for the active-* ones), with a short data timeout. The
// fake server now and then replaces a passive listener while it is being
// dialled, which leaves that sample unmeasured: such a run is done again,
// a few times at most, so that the pictures compared are the scenario's.
func scenarioResults(t *testing.T, names ...string) map[string]probe.Result {
	t.Helper()
	out := map[string]probe.Result{}
	for _, name := range names {
		sc, ok := fixtures.Lookup(name)
		if !ok {
			t.Fatalf("no scenario %s", name)
		}
		for attempt := 0; attempt < 5; attempt++ {
			res := runScenario(t, sc)
			out[name] = res
			if !anyUnmeasured(res) {
				break
			}
		}
	}
	return out
}

func runScenario(t *testing.T, sc fixtures.Scenario) probe.Result {
	t.Helper()
	env, err := fixtures.Start(context.Background(), sc)
	if errors.Is(err, fixtures.ErrNoIPv6) {
		t.Skipf("%s: %v", sc.Name, err)
	}
	if err != nil {
		t.Fatalf("start %s: %v", sc.Name, err)
	}
	defer env.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return probe.Run(ctx, probe.Options{Host: env.Host, Port: env.Port, Dialer: env.Dialer, Resolver: env.Resolver,
		RootCAs: env.RootCAs, Listen: env.Listen, Active: strings.HasPrefix(sc.Name, "active-"),
		DataTimeout: 300 * time.Millisecond})
}

// anyUnmeasured reports whether a usable passive sample of res has no
// measured data connection.
func anyUnmeasured(res probe.Result) bool {
	for _, p := range res.Facts.Paths {
		for _, s := range append(append([]probe.PassiveSample(nil), p.PASV...), p.EPSV...) {
			if s.Usable() && (s.Peer.Reach == probe.ReachNotTested || s.Peer.Reach == "") && p.Connected() {
				return true
			}
		}
	}
	return false
}

// stablePorts renumbers the passive samples' ports in the order they
// were taken (30001, 30002, ...): the fake server picks them at random,
// and golden pictures must not change from run to run.
func stablePorts(res probe.Result) probe.Result {
	next := uint16(30001)
	paths := make([]probe.Path, len(res.Facts.Paths))
	copy(paths, res.Facts.Paths)
	for i := range paths {
		p := &paths[i]
		for _, ss := range []*[]probe.PassiveSample{&p.PASV, &p.EPSV} {
			c := append([]probe.PassiveSample(nil), *ss...)
			for j := range c {
				if c[j].Usable() {
					c[j].Port = next
					next++
				}
			}
			*ss = c
		}
	}
	// The active-mode listener's port is ephemeral too.
	for i := range paths {
		if a := paths[i].Active; a != nil {
			c := *a
			for j, at := range []**probe.ActiveTest{&c.PORT, &c.EPRT} {
				if *at != nil {
					t := **at
					t.Listener = netip.AddrPortFrom(t.Listener.Addr(), uint16(40001+j))
					*at = &t
				}
			}
			paths[i].Active = &c
		}
	}
	res.Facts.Paths = paths
	return res
}

// svgNode is an element of a parsed SVG drawing.
type svgNode struct {
	Name     string
	Attrs    map[string]string
	Text     string // character data directly inside
	Children []*svgNode
}

func (n *svgNode) class() []string { return strings.Fields(n.Attrs["class"]) }

func (n *svgNode) hasClass(cs ...string) bool {
	have := n.class()
	for _, c := range cs {
		found := false
		for _, h := range have {
			found = found || h == c
		}
		if !found {
			return false
		}
	}
	return true
}

// all lists the elements under n (n included) that match.
func (n *svgNode) all(match func(*svgNode) bool) []*svgNode {
	var out []*svgNode
	if match(n) {
		out = append(out, n)
	}
	for _, c := range n.Children {
		out = append(out, c.all(match)...)
	}
	return out
}

// text is all the character data under n.
func (n *svgNode) allText() string {
	s := n.Text
	for _, c := range n.Children {
		s += " " + c.allText()
	}
	return s
}

// child is n's first child element with the name.
func (n *svgNode) child(name string) *svgNode {
	for _, c := range n.Children {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// parseSVG parses one SVG element with encoding/xml: it must be
// well-formed XML with one root.
func parseSVG(t *testing.T, s string) *svgNode {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	var stack []*svgNode
	var root *svgNode
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v\n%s", err, s)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			n := &svgNode{Name: tk.Name.Local, Attrs: map[string]string{}}
			for _, a := range tk.Attr {
				n.Attrs[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					t.Fatalf("SVG has more than one root element")
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.Children = append(p.Children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].Text += string(tk)
			}
		case xml.ProcInst, xml.Directive:
			t.Fatalf("SVG holds a processing instruction or directive: %v", tk)
		}
	}
	if root == nil || root.Name != "svg" {
		t.Fatalf("root element is not svg: %s", s[:min(len(s), 200)])
	}
	return root
}
