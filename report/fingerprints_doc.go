package report

import (
	"fmt"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// FingerprintsRegenerate is the command that rewrites docs/fingerprints.md.
const FingerprintsRegenerate = "go test ./report -run TestFingerprintsDoc -update"

// fingerprintSourceWords name each fingerprint source for people.
var fingerprintSourceWords = map[string]string{
	"greeting":    "greeting",
	"syst":        "SYST",
	"feat":        "FEAT",
	"stat":        "STAT",
	"help":        "HELP",
	"reply":       "other replies",
	"certificate": "certificate",
	"host":        "host name",
}

// FingerprintsMarkdown is docs/fingerprints.md: every server program
// ftpnat recognises and the signs that name it, from the one program list.
func FingerprintsMarkdown() string {
	var b strings.Builder
	b.WriteString("# Server fingerprints\n\n")
	b.WriteString("<!-- Generated from probe/diagnosis/programs.go and probe/diagnosis/fingerprint_signs.go. Do not edit;\n")
	b.WriteString("     regenerate with: " + FingerprintsRegenerate + " -->\n\n")
	b.WriteString("ftpnat names the server program so that its fixes speak the program's own terms. It takes\n")
	b.WriteString("the first sign of any program it finds, looking in this order at:\n\n")
	for _, src := range probe.FingerprintSources() {
		fmt.Fprintf(&b, "- %s (`%s`)\n", fingerprintSourceWords[src], src)
	}
	b.WriteString("\nThe JSON report says which in `server.software_source`. HELP is asked only when nothing before\n")
	b.WriteString("it named the program, so a recognised server costs no extra round trip. Only signs specific to one\n")
	b.WriteString("product count: a wording several servers share (\"230 Login successful.\", \"215 UNIX Type: L8\")\n")
	b.WriteString("names none, and such a server is reported as `other`.\n\n")
	b.WriteString("| Program | `server.software` |\n|---|---|\n")
	for _, p := range probe.Programs() {
		fmt.Fprintf(&b, "| [%s](#%s) | `%s` |\n", p.Name, anchor(p.Slug), p.Slug)
	}
	for _, p := range probe.Programs() {
		fmt.Fprintf(&b, "\n## %s\n\n%s is named by:\n\n", p.Slug, p.Name)
		for _, s := range probe.FingerprintSigns(p.Slug) {
			fmt.Fprintf(&b, "- **%s**: %s\n", fingerprintSourceWords[s.Source], mdEscape(s.What))
		}
	}
	return b.String()
}
