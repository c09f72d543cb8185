package report

import (
	"os"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

const fingerprintsDoc = "../docs/fingerprints.md"

// TestFingerprintsDoc fails when docs/fingerprints.md no longer matches
// the program list and its signs.
func TestFingerprintsDoc(t *testing.T) {
	want := FingerprintsMarkdown()
	if *update {
		if err := os.WriteFile(fingerprintsDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(fingerprintsDoc)
	if err != nil || string(got) != want {
		t.Fatalf("docs/fingerprints.md is stale or missing (%v); regenerate it with:\n\t%s", err, FingerprintsRegenerate)
	}
}

func TestFingerprintsMarkdownContent(t *testing.T) {
	md := FingerprintsMarkdown()
	for _, p := range probe.Programs() {
		if !strings.Contains(md, "\n## "+p.Slug+"\n") || !strings.Contains(md, "(#"+anchor(p.Slug)+")") {
			t.Errorf("%s: no section or index link", p.Slug)
		}
	}
	for _, src := range probe.FingerprintSources() {
		if fingerprintSourceWords[src] == "" {
			t.Errorf("source %s has no words", src)
		}
	}
	for _, want := range []string{
		"| [Microsoft IIS FTP](#iis) | `iis` |",
		"- **HELP**: \"214 Pure-FTPd - http://pureftpd.org/\"\n",
		"- **other replies**: USER: \"331 Username ok, send password.\"\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("no %q in:\n%s", want, md)
		}
	}
}
