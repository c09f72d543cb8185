package report

import (
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"strings"
	"unicode/utf8"
)

// The SVG renderers draw with classes and leave the colours to the page's
// stylesheet (PictureCSS is one), so that light and dark schemes and print
// are the page's choice. Every element that shows an outcome carries its
// class (open, refused, filtered, unreachable, not-tested); the drawing
// stays legible without any stylesheet, in the text colour.

// Measures of the SVG drawings, in user units (pixels at scale 1).
const (
	svgFont      = 13  // font size of labels
	svgCharWidth = 7.4 // average advance of a character at svgFont
	svgLine      = 16  // line height
)

// svgWriter accumulates one SVG element.
type svgWriter struct {
	b  strings.Builder
	id string // prefix of this drawing's element ids
}

// newSVG starts a drawing of w×h with a title and a description for
// screen readers; kind names it ("topology", "ladder") in its classes and
// ids. The ids carry a hash of the content, so that several drawings can
// sit in one page.
func newSVG(kind, title, desc string, w, h float64) *svgWriter {
	hs := fnv.New32a()
	_, _ = hs.Write([]byte(kind + "\x00" + title + "\x00" + desc))
	s := &svgWriter{id: fmt.Sprintf("ftpnat-%s-%08x", kind, hs.Sum32())}
	fmt.Fprintf(&s.b, `<svg xmlns="http://www.w3.org/2000/svg" class="ftpnat-pic ftpnat-%s" viewBox="0 0 %s %s" width="%s" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-family="sans-serif" font-size="%d" fill="currentColor">`,
		kind, num(w), num(h), num(w), num(h), s.id, s.id, svgFont)
	fmt.Fprintf(&s.b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, s.id, esc(title), s.id, esc(desc))
	return s
}

func (s *svgWriter) raw(format string, args ...any) { fmt.Fprintf(&s.b, format, args...) }

func (s *svgWriter) done() string {
	s.b.WriteString("</svg>")
	return s.b.String()
}

// text writes a text element; anchor is start, middle or end.
func (s *svgWriter) text(x, y float64, class, anchor, t string) {
	a := ""
	if anchor != "" && anchor != "start" {
		a = ` text-anchor="` + anchor + `"`
	}
	s.raw(`<text class="%s" x="%s" y="%s"%s>%s</text>`, class, num(x), num(y), a, esc(t))
}

// line draws a stroke in the current colour.
func (s *svgWriter) line(x1, y1, x2, y2 float64, class string, dashed bool) {
	d := ""
	if dashed {
		d = ` stroke-dasharray="4 3"`
	}
	s.raw(`<line class="%s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="currentColor" stroke-width="1.5"%s/>`,
		class, num(x1), num(y1), num(x2), num(y2), d)
}

// head draws an arrowhead at (x, y) pointing right (dir 1) or left (-1).
func (s *svgWriter) head(x, y float64, dir float64, class string) {
	s.raw(`<path class="%s" d="M%s %sL%s %sL%s %sZ" stroke="none"/>`, class,
		num(x), num(y), num(x-8*dir), num(y-4.5), num(x-8*dir), num(y+4.5))
}

// cross draws an X centred on (x, y): a connection that died there.
func (s *svgWriter) cross(x, y float64, class string) {
	const r = 6
	s.raw(`<path class="%s" d="M%s %sL%s %sM%s %sL%s %s" stroke="currentColor" stroke-width="2.5" fill="none"/>`, class,
		num(x-r), num(y-r), num(x+r), num(y+r), num(x-r), num(y+r), num(x+r), num(y-r))
}

// bounce draws a reset: a bar at (x, y) and a short arrow back.
func (s *svgWriter) bounce(x, y float64, dir float64, class string) {
	s.raw(`<path class="%s" d="M%s %sL%s %sM%s %sQ%s %s %s %s" stroke="currentColor" stroke-width="2" fill="none"/>`, class,
		num(x), num(y-7), num(x), num(y+7),
		num(x), num(y), num(x-14*dir), num(y+10), num(x-26*dir), num(y+8))
	s.head(x-28*dir, y+8, -dir, strings.Replace(class, "bounce", "bounce-head", 1))
}

// esc escapes text for XML content and attributes: a hostile reply must
// not be able to add markup.
func esc(t string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(strings.ToValidUTF8(t, "\uFFFD")))
	return b.String()
}

// num prints a coordinate compactly.
func num(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}

// textWidth estimates the drawn width of t.
func textWidth(t string) float64 { return float64(utf8.RuneCountInString(t)) * svgCharWidth }

// fitText shortens t to at most w units, with an ellipsis.
func fitText(t string, w float64) string {
	n := int(w / svgCharWidth)
	if r := []rune(t); len(r) > n && n > 1 {
		return string(r[:n-1]) + "…"
	}
	return t
}

// PictureCSS is a stylesheet for the SVG pictures, light and dark: the
// HTML report may use it as it is or bring its own for the same classes.
// Its first rule lets a drawing shrink to a narrow screen (the drawings
// carry no style attribute, which a strict Content-Security-Policy would
// refuse).
const PictureCSS = `.ftpnat-pic{max-width:100%;height:auto}
.ftpnat-pic{color:#1f2328;--pic-open:#1a7f37;--pic-bad:#cf222e;--pic-unreach:#9a6700;--pic-faint:#8c959f;--pic-box:#f6f8fa;--pic-tls:#8250df}
@media (prefers-color-scheme:dark){.ftpnat-pic{color:#e6edf3;--pic-open:#3fb950;--pic-bad:#ff7b72;--pic-unreach:#d29922;--pic-faint:#6e7681;--pic-box:#161b22;--pic-tls:#bc8cff}}
.ftpnat-pic .box{fill:var(--pic-box);stroke:currentColor}
.ftpnat-pic .middlebox .box,.ftpnat-pic .balancer .box{stroke:var(--pic-unreach);stroke-width:2}
.ftpnat-pic .node-title,.ftpnat-pic .lane-title,.ftpnat-pic .path-label,.ftpnat-pic .session{font-weight:bold}
.ftpnat-pic .lifeline{stroke:var(--pic-faint)}
.ftpnat-pic .open{stroke:var(--pic-open);fill:var(--pic-open)}
.ftpnat-pic .refused,.ftpnat-pic .filtered{stroke:var(--pic-bad);fill:var(--pic-bad)}
.ftpnat-pic .unreachable{stroke:var(--pic-unreach);fill:var(--pic-unreach)}
.ftpnat-pic .not-tested{stroke:var(--pic-faint);fill:var(--pic-faint)}
.ftpnat-pic path.cross,.ftpnat-pic path.bounce{fill:none}
.ftpnat-pic text{stroke:none}
.ftpnat-pic .label,.ftpnat-pic .time,.ftpnat-pic .note,.ftpnat-pic .fold{fill:currentColor}
.ftpnat-pic .time,.ftpnat-pic .note,.ftpnat-pic .fold{opacity:.75}
.ftpnat-pic .tls{fill:var(--pic-tls);stroke:var(--pic-tls)}
.ftpnat-pic .session-band{fill:var(--pic-box);stroke:none}
@media print{.ftpnat-pic{color:#000}}
`
