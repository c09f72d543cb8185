package report

import (
	"crypto/sha256"
	_ "embed" // the page's template, style sheet and script
	"encoding/base64"
	"html/template"
)

// The page is one template with its style sheet and its script inlined:
// a report must open anywhere, offline, and load nothing from elsewhere.
var (
	//go:embed html_report.tmpl
	htmlTemplateText string
	//go:embed html_report.css
	htmlCSS string
	//go:embed html_report.js
	htmlScript string
)

var htmlTemplate = template.Must(template.New("report").Parse(htmlTemplateText))

// htmlCSP forbids every load from elsewhere: no fonts, images, frames,
// connections or scripts but the page's own script, named by its hash,
// and inline styles (the SVG pictures carry their own).
var htmlCSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src '" + scriptHash(htmlScript) +
	"'; base-uri 'none'; form-action 'none'"

// scriptHash is the CSP source expression that allows exactly this
// inline script.
func scriptHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
