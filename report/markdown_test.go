package report

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/findings.md from the catalog")

const findingsDoc = "../docs/findings.md"

// TestFindingsDoc fails when docs/findings.md no longer matches the catalog.
func TestFindingsDoc(t *testing.T) {
	want := FindingsMarkdown()
	if *update {
		if err := os.WriteFile(findingsDoc, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(findingsDoc)
	if err != nil || string(got) != want {
		t.Fatalf("docs/findings.md is stale or missing (%v); regenerate it with:\n\t%s", err, FindingsRegenerate)
	}
}

func TestFindingsMarkdownContent(t *testing.T) {
	md := FindingsMarkdown()
	for _, e := range Catalog() {
		if !strings.Contains(md, "\n## "+e.ID+"\n") || !strings.Contains(md, "(#"+anchor(e.ID)+")") {
			t.Errorf("%s: no section or index link", e.ID)
		}
	}
	for _, want := range []string{
		"| [`pasv.unroutable_address`](#pasvunroutable_address) | critical | PASV announces an unroutable address |",
		"  pasv_address=<public-address>\n",               // config blocks keep placeholders literally
		"announce `<public-address>` in its PASV replies", // prose shows them as code
		"in the server or `<VirtualHost>` section",
		"**What to do when the server names the client address it sees:** The server sees you as `<client-public-address>`",
		"### Fixes when the server hands out any port, or when the range holds ports other ALGs grab\n",
		"### Fixes when every port of the range was dialled (--expect-range)\n",
		"  port-object range <missing-port-min> <missing-port-max>\n",
		"  pasv_min_port=50000\n",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if strings.Count(md, "```")%2 != 0 {
		t.Error("unbalanced code fences")
	}
}
