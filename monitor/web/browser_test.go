package web

import (
	"context"
	"flag"
	"fmt"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/internal/browser"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

var (
	update = flag.Bool("update", false, "write the README's screenshots to docs/img")
	shots  = flag.String("shots", "", "keep the browser tests' screenshots in this directory")
)

// screens are the window sizes a reader uses: a laptop and a phone.
var screens = []struct {
	name          string
	width, height int
	mobile        bool
}{
	{"1280", 1280, 800, false},
	{"390", 390, 844, true},
}

// layout is what the page looks like in the window.
type layout struct {
	ScrollWidth, ClientWidth, InnerHeight int
	// Verdict and Finding are the boxes of the verdict heading and the
	// first finding's heading, in page coordinates; nil when absent.
	Verdict, Finding *box
	// Wide names elements that reach past the window's right edge.
	Wide []string
}

type box struct{ Top, Bottom, Left, Right float64 }

const layoutJS = `(() => {
  const de = document.documentElement;
  const box = sel => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return {Top: r.top + scrollY, Bottom: r.bottom + scrollY, Left: r.left, Right: r.right};
  };
  const wide = [];
  for (const e of document.querySelectorAll('body *')) {
    const r = e.getBoundingClientRect();
    if (r.right > de.clientWidth + 0.5 && wide.length < 8) {
      wide.push(e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : '') + ' right=' + Math.round(r.right));
    }
  }
  return {ScrollWidth: de.scrollWidth, ClientWidth: de.clientWidth, InnerHeight: innerHeight,
    Verdict: box('header.verdict h1'), Finding: box('article.finding h3'), Wide: wide};
})()`

// checkLayout: nothing overflows the window horizontally, and the verdict
// and the first finding's heading are above the fold.
func checkLayout(ctx context.Context, t *testing.T, p *browser.Page, where string, findings bool) {
	t.Helper()
	var l layout
	if err := p.Eval(ctx, layoutJS, &l); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if l.ScrollWidth > l.ClientWidth {
		t.Errorf("%s: the page is %d px wide in a %d px window; too wide: %v", where, l.ScrollWidth, l.ClientWidth, l.Wide)
	}
	if !findings {
		return
	}
	fold := float64(l.InnerHeight)
	switch {
	case l.Verdict == nil:
		t.Errorf("%s: no verdict heading", where)
	case l.Verdict.Bottom > fold:
		t.Errorf("%s: the verdict ends at %.0f px, below the fold at %.0f", where, l.Verdict.Bottom, fold)
	}
	switch {
	case l.Finding == nil:
		t.Errorf("%s: no finding", where)
	case l.Finding.Bottom > fold:
		t.Errorf("%s: the first finding's heading ends at %.0f px, below the fold at %.0f", where, l.Finding.Bottom, fold)
	}
}

// report is what the DOM of a report page holds.
type reportDOM struct {
	Verdict   string
	Findings  []string
	Nodes     map[string]string // topology node kind → its text
	Arrows    int               // the ladder's arrows
	HTML      string
	Scripting bool
}

const reportJS = `(() => {
  const text = sel => { const e = document.querySelector(sel); return e ? e.textContent : ''; };
  const nodes = {};
  for (const g of document.querySelectorAll('svg.ftpnat-topology g.node')) {
    const kind = [...g.classList].find(c => c !== 'node') || '';
    nodes[kind] = g.textContent;
  }
  return {Verdict: text('header.verdict h1'),
    Findings: [...document.querySelectorAll('article.finding code.id')].map(e => e.textContent),
    Nodes: nodes,
    Arrows: document.querySelectorAll('svg.ftpnat-ladder .arrow').length,
    HTML: document.documentElement.outerHTML};
})()`

// checkReport: the DOM holds the verdict, every finding, the topology's
// nodes with their addresses and the ladder's arrows, as the result says.
func checkReport(ctx context.Context, t *testing.T, p *browser.Page, where string, res probe.Result) {
	t.Helper()
	var d reportDOM
	if err := p.Eval(ctx, reportJS, &d); err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if want := strings.ToUpper(string(res.Verdict)); !strings.Contains(d.Verdict, want) {
		t.Errorf("%s: verdict heading %q lacks %q", where, d.Verdict, want)
	}
	var ids []string
	for _, f := range res.Findings {
		ids = append(ids, f.ID)
	}
	slices.Sort(ids)
	got := slices.Clone(d.Findings)
	slices.Sort(got)
	if !slices.Equal(got, ids) {
		t.Errorf("%s: findings %v, want %v", where, got, ids)
	}
	pics := report.BuildPictures(res)
	for _, n := range pics.Topology.Nodes {
		text, ok := d.Nodes[string(n.Kind)]
		if !ok {
			t.Errorf("%s: no topology node %q (nodes %v)", where, n.Kind, d.Nodes)
			continue
		}
		for _, a := range addresses(n.Lines) {
			if !strings.Contains(text, a) {
				t.Errorf("%s: topology node %q %q lacks its address %s", where, n.Kind, text, a)
			}
		}
	}
	want := 0
	for _, r := range pics.Ladder.Rows {
		if r.Kind == report.RowSend || r.Kind == report.RowRecv {
			want++
		}
	}
	if d.Arrows < want {
		t.Errorf("%s: %d ladder arrows, want at least one per command and reply (%d)", where, d.Arrows, want)
	}
}

// addresses are the IP addresses in lines (as words, ports stripped).
func addresses(lines []string) []string {
	var out []string
	for _, l := range lines {
		for _, w := range strings.FieldsFunc(l, func(r rune) bool { return r == ' ' || r == ',' || r == '(' || r == ')' }) {
			if ap, err := netip.ParseAddrPort(w); err == nil {
				out = append(out, ap.Addr().String())
			} else if a, err := netip.ParseAddr(w); err == nil {
				out = append(out, a.String())
			}
		}
	}
	return out
}

// checkQuiet: no console errors, and no request but to the page's own
// origin (or data: URLs inside it).
func checkQuiet(t *testing.T, p *browser.Page, where, origin string) {
	t.Helper()
	if errs := p.Errors(); len(errs) > 0 {
		t.Errorf("%s: console errors:\n%s", where, strings.Join(errs, "\n"))
	}
	for _, u := range p.Requests() {
		if !strings.HasPrefix(u, origin) && !strings.HasPrefix(u, "data:") {
			t.Errorf("%s: a request outside the page: %s", where, u)
		}
	}
}

// shoot keeps a screenshot: in docs/img with -update when it is the
// README's, else in -shots or beside the test's other files.
func shoot(ctx context.Context, t *testing.T, p *browser.Page, name string, readme bool) {
	t.Helper()
	png, err := p.Screenshot(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if *shots != "" { // the whole page too, to look at
		full, err := p.Screenshot(ctx, true)
		if err == nil {
			err = os.MkdirAll(*shots, 0o755)
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*shots, name+"-full.png"), full, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := *shots
	if dir == "" {
		dir = t.TempDir()
	}
	if *update && readme {
		dir = filepath.Join("..", "..", "docs", "img")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot %s: %d bytes", path, len(png))
}

// demoResult diagnoses the demo's default scenario as `ftpnat demo` does.
func demoResult(t *testing.T) probe.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sc, ok := fixtures.Lookup(fixtures.DefaultScenario)
	if !ok {
		t.Fatal("no default scenario")
	}
	env, err := fixtures.Start(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	defer env.Close()
	res := probe.Run(ctx, probe.Options{Host: env.Host, Port: env.Port, Dialer: env.Dialer, Resolver: env.Resolver,
		RootCAs: env.RootCAs, Listen: env.Listen, DataTimeout: 1500 * time.Millisecond, StepTimeout: 2 * time.Second})
	res.Simulated = true
	return res
}

// The demo's HTML report, opened from a file as a reader who was sent it
// would: laid out for a laptop and a phone, complete, quiet, self-contained.
// With -update its screenshots become the README's.
func TestBrowserDemoReport(t *testing.T) {
	b := browser.ForTest(t)
	res := demoResult(t)
	path := filepath.Join(t.TempDir(), "report.html")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := report.WriteHTML(f, res, report.HTMLOptions{Tool: report.Tool{Name: "ftpnat", Version: "demo"}}); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	fileURL := (&url.URL{Scheme: "file", Path: path}).String()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for _, s := range screens {
		where := "report at " + s.name
		p, err := b.NewPage(ctx)
		if err != nil {
			t.Fatal(err, b.Stderr())
		}
		if err := p.SetViewport(ctx, s.width, s.height, s.mobile); err != nil {
			t.Fatal(err)
		}
		if err := p.Navigate(ctx, fileURL); err != nil {
			t.Fatal(err)
		}
		checkLayout(ctx, t, p, where, true)
		checkReport(ctx, t, p, where, res)
		checkQuiet(t, p, where, fileURL)
		shoot(ctx, t, p, "report-"+s.name, true)
		checkSchemes(ctx, t, p, where)
	}
}

// checkSchemes: the page follows the reader's light or dark preference.
func checkSchemes(ctx context.Context, t *testing.T, p *browser.Page, where string) {
	t.Helper()
	const luminance = `(() => {
  const m = getComputedStyle(document.body).backgroundColor.match(/[\d.]+/g).map(Number);
  return (0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2]) / 255;
})()`
	for _, tt := range []struct {
		scheme string
		dark   bool
	}{{"dark", true}, {"light", false}} {
		if err := p.SetColorScheme(ctx, tt.scheme); err != nil {
			t.Fatal(err)
		}
		var l float64
		if err := p.Eval(ctx, luminance, &l); err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		if (l < 0.5) != tt.dark {
			t.Errorf("%s: background luminance %.2f in the %s scheme", where, l, tt.scheme)
		}
	}
}

// serve's web page in a browser: the form is filled in and sent, the
// progress streams, and the browser lands on the kept report, which is
// complete and holds no password; with scripts off the form posts and
// lands on the report too.
func TestBrowserServePage(t *testing.T) {
	b := browser.ForTest(t)
	pt := newPageTest(t)
	origin := pt.srv.URL + "/"
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	checkWrongToken(ctx, t, b, origin)
	want := natResult(t)
	// One diagnosis with scripts on a laptop, one without on a phone; each
	// report is then looked at in both windows.
	for i, scripts := range []bool{true, false} {
		s := screens[i]
		where := fmt.Sprintf("serve page at %s, scripts %v", s.name, scripts)
		p, err := b.NewPage(ctx)
		if err != nil {
			t.Fatal(err, b.Stderr())
		}
		if err := p.SetViewport(ctx, s.width, s.height, s.mobile); err != nil {
			t.Fatal(err)
		}
		if err := p.SetScripts(ctx, scripts); err != nil {
			t.Fatal(err)
		}
		if err := p.Navigate(ctx, origin); err != nil {
			t.Fatal(err)
		}
		checkLayout(ctx, t, p, where+" (form)", false)
		shoot(ctx, t, p, "serve-"+s.name, false)
		if scripts {
			checkSchemes(ctx, t, p, where+" (form)")
		}
		fill := fmt.Sprintf(`(() => {
  const f = document.getElementById('diagnose');
  f.target.value = %q; f.user.value = 'ftp'; f.password.value = %q; f.tls.value = 'auto'; f.token.value = %q;
  f.requestSubmit(f.querySelector('button'));
  return true;
})()`, hostNAT, testPassword, testToken)
		if err := p.Eval(ctx, fill, nil); err != nil {
			t.Fatalf("%s: fill in the form: %v", where, err)
		}
		if scripts {
			if err := p.WaitFor(ctx, `document.querySelectorAll('#steps li').length > 0`); err != nil {
				t.Fatalf("%s: no progress shown: %v", where, err)
			}
			shoot(ctx, t, p, "serve-progress-"+s.name, false)
		}
		if err := p.WaitFor(ctx, `location.pathname.startsWith('/r/') && document.readyState === 'complete' && document.querySelector('header.verdict')`); err != nil {
			t.Fatalf("%s: no report: %v", where, err)
		}
		var html string
		if err := p.Eval(ctx, `document.documentElement.outerHTML`, &html); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(html, testPassword) {
			t.Errorf("%s: the report holds the password", where)
		}
		for _, view := range screens {
			if err := p.SetViewport(ctx, view.width, view.height, view.mobile); err != nil {
				t.Fatal(err)
			}
			checkLayout(ctx, t, p, where+" (report at "+view.name+")", true)
		}
		checkReport(ctx, t, p, where+" (report)", want)
		checkQuiet(t, p, where, origin)
	}
}

// checkWrongToken: a refusal of the API shows on the page, with why; the
// browser's own log of the 401 is the only error.
func checkWrongToken(ctx context.Context, t *testing.T, b *browser.Browser, origin string) {
	t.Helper()
	p, err := b.NewPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Navigate(ctx, origin); err != nil {
		t.Fatal(err)
	}
	send := fmt.Sprintf(`(() => {
  const f = document.getElementById('diagnose');
  f.target.value = %q; f.token.value = 'not-the-token-0000000000000000';
  f.requestSubmit(f.querySelector('button'));
  return true;
})()`, hostNAT)
	if err := p.Eval(ctx, send, nil); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitFor(ctx, `document.getElementById('status').className === 'error'`); err != nil {
		t.Fatalf("a wrong token shows no error: %v", err)
	}
	var msg string
	if err := p.Eval(ctx, `document.getElementById('status').textContent`, &msg); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(msg, "401") || !strings.Contains(msg, "token") {
		t.Errorf("a wrong token shows %q", msg)
	}
	for _, e := range p.Errors() {
		if !strings.Contains(e, "401") {
			t.Errorf("console error beside the refusal: %s", e)
		}
	}
}

// natResult is a diagnosis of the NAT host as the page's API runs it, for
// what the report must show.
func natResult(t *testing.T) probe.Result {
	t.Helper()
	fl := testFleet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return probe.Run(ctx, probe.Options{Host: hostNAT, User: "ftp", Password: testPassword, Dialer: fl.Net, Resolver: fl.Net,
		RootCAs: fl.RootCAs, Timeout: 10 * time.Second})
}
