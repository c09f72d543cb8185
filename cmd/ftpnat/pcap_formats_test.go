package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/report/reporttest"
)

// TestPcapHTML: --format html writes one self-contained page for a lab
// capture: the capture named as the source, what a capture cannot show
// listed, the encrypted sessions shown as such, nothing fetched from
// elsewhere.
func TestPcapHTML(t *testing.T) {
	code, out, errs := run(t, nil, "pcap", "--format", "html", labCapture("private-dropped-tls-client"))
	if code != exitCritical {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	for _, want := range []string{
		"<!DOCTYPE html>",
		"<strong>Capture:</strong> read from " + labCapture("private-dropped-tls-client"),
		`<h2 id="capture">Capture</h2>`,
		"<h3>A capture cannot show</h3>",
		"the commands and replies after AUTH TLS",
		"data.port_filtered",
		">encrypted<",
		"login not visible (TLS)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	for _, bad := range []string{"session lost", "not logged in"} {
		if strings.Contains(out, bad) {
			t.Errorf("HTML says %q", bad)
		}
	}
	// Self-contained: no resource from elsewhere (the SVG namespace is a
	// name, not a request).
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//|@import|url\(\s*['"]?(https?:)?//`).FindString(out); m != "" {
		t.Errorf("the page fetches %q", m)
	}
	if len(out) > 300<<10 {
		t.Errorf("%d bytes, over 300 KB", len(out))
	}
	// Taken behind the server's NAT: the page says so.
	_, out, _ = run(t, nil, "pcap", "--format", "html", labCapture("healthy-server"))
	if !strings.Contains(out, "the capture was taken behind the NAT in front of the server") ||
		!strings.Contains(out, "(on the server&#39;s side, behind its NAT)") {
		t.Errorf("the page does not say the capture is the server's side")
	}
}

// TestPcapSeveralCaptures: captures that are not two sides of one run are
// each diagnosed: one report per capture (a pair of sides makes one), in
// the order given, as text one after another, as JSON one per line, as
// HTML only into --html-dir; the exit code is the worst verdict.
func TestPcapSeveralCaptures(t *testing.T) {
	files := []string{labCapture("healthy-client"), labCapture("alg-client"), labCapture("refused-client"), labCapture("alg-server")}
	code, out, errs := run(t, nil, append([]string{"pcap", "--json"}, files...)...)
	if code != exitCritical {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d JSON lines, want 3 (healthy, the two alg sides together, refused):\n%s", len(lines), out)
	}
	type rep struct {
		Verdict string `json:"verdict"`
		Source  struct {
			Files []string `json:"files"`
			Notes []string `json:"notes"`
		} `json:"source"`
		Findings []struct {
			ID string `json:"id"`
		} `json:"findings"`
	}
	want := []struct {
		files   []string
		verdict string
		id      string
	}{
		{files[:1], "ok", "passive.port_range"},
		{[]string{files[1], files[3]}, "critical", "alg.pasv_rewritten"},
		{files[2:3], "critical", "data.port_refused"},
	}
	for i, l := range lines {
		if err := reporttest.ValidateJSON([]byte(l), filepath.Join("..", "..", "docs", "report.schema.json")); err != nil {
			t.Errorf("report %d does not match the schema: %v", i+1, err)
		}
		var r rep
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Source.Files, want[i].files) || r.Verdict != want[i].verdict ||
			!slices.ContainsFunc(r.Findings, func(f struct {
				ID string `json:"id"`
			}) bool {
				return f.ID == want[i].id
			}) {
			t.Errorf("report %d: %+v, want files %v, verdict %s, %s", i+1, r, want[i].files, want[i].verdict, want[i].id)
		}
		if !slices.ContainsFunc(r.Source.Notes, func(n string) bool {
			return strings.Contains(n, "of 3: the captures given are not all two sides of one run")
		}) {
			t.Errorf("report %d does not say it is one of several: %v", i+1, r.Source.Notes)
		}
	}

	// Text: one report after another; the worst verdict is a warning.
	code, out, _ = run(t, nil, "pcap", "--format", "text", "--color", "never", labCapture("healthy-client"), labCapture("active-no-connect-back-client"))
	if code != exitWarning || strings.Count(out, "CAPTURE  read from") != 2 || !strings.HasPrefix(out, "OK  ") || !strings.Contains(out, "\nWARNING  ") {
		t.Errorf("exit %d, text:\n%s", code, out)
	}

	// HTML: one page holds one report.
	code, _, errs = run(t, nil, "pcap", "--format", "html", files[0], files[2])
	if code != exitUnknown || !strings.Contains(errs, "--html-dir") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	dir := t.TempDir()
	code, out, errs = run(t, nil, "pcap", "--format", "html", "--html-dir", dir, files[0], files[2])
	if code != exitCritical || out != "" {
		t.Fatalf("exit %d, stdout %d bytes, stderr %s", code, len(out), errs)
	}
	for _, name := range []string{"1-healthy-client.html", "2-refused-client.html"} {
		page, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !strings.Contains(string(page), `<h2 id="capture">Capture</h2>`) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestPcapTUIInTmux: the TUI shows a capture's report in a real terminal,
// its source and its encrypted sessions.
func TestPcapTUIInTmux(t *testing.T) {
	tmuxPath, dir, bin := tmuxAndBinary(t, "the TUI of ftpnat pcap")
	file, err := filepath.Abs(labCapture("private-dropped-tls-client"))
	if err != nil {
		t.Fatal(err)
	}
	tm := startTmux(t, tmuxPath, dir, nil, bin, "pcap", "--format", "tui", file)
	screen := tm.waitFor("> CRITICAL  data.port_filtered")
	for _, s := range []string{"CAPTURE  read from ", "login not visible (TLS)", "IPv4 203.0.113.1 TLS encrypted"} {
		if !strings.Contains(screen, s) {
			t.Errorf("screen lacks %q:\n%s", s, screen)
		}
	}
	tm.keys("q")
	if code, _ := tm.exit(); code != exitCritical {
		t.Errorf("exit %d, want %d", code, exitCritical)
	}
}

// TestPcapREADMEExample: the README's excerpt of a report on the lab's
// captures is what ftpnat pcap prints for them.
func TestPcapREADMEExample(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(readme), "```\nCRITICAL  203.0.113.1:21 - A middlebox rewrites PASV replies\n")
	if !ok {
		t.Fatal("README has no report excerpt of the alg captures")
	}
	block, _, _ = strings.Cut("CRITICAL  203.0.113.1:21 - A middlebox rewrites PASV replies\n"+block, "\n```")
	abs, err := filepath.Abs(filepath.Dir(labCapture("alg-client")))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(abs)
	code, out, errs := run(t, map[string]string{"LANG": "C.UTF-8"}, "pcap", "--format", "text", "--color", "never", "--width", "80", "alg-client.pcap", "alg-server.pcap")
	if code != exitCritical {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	rest := out
	for _, l := range strings.Split(block, "\n") {
		if l == "…" {
			continue
		}
		k := strings.Index(rest, l+"\n")
		if k < 0 {
			t.Fatalf("README line %q is not in the output (in order):\n%s", l, out)
		}
		rest = rest[k+len(l):]
	}
}
