package report

import (
	"github.com/fatih/color"

	"github.com/ftpnat/ftpnat/probe"
)

// TextOptions control the human-readable renderers.
type TextOptions struct {
	Color      bool // ANSI colour; decided by the caller (--color, NO_COLOR), never by the fatih/color global
	Unicode    bool // unicode marks and dashes; ASCII otherwise
	Width      int  // wrap width for prose; 0 means DefaultWidth
	AllFixes   bool // print every fix in full instead of naming the others
	Transcript bool // append the control-channel transcript
	// BoxDrawing draws the topology with box-drawing characters (the
	// locale is UTF-8, see UnicodeLocale); ASCII otherwise. Unicode
	// implies it.
	BoxDrawing bool
}

// DefaultWidth is the wrap width when TextOptions.Width is zero.
const DefaultWidth = 100

func (o TextOptions) width() int {
	switch {
	case o.Width <= 0:
		return DefaultWidth
	case o.Width < 40:
		return 40 // narrower than this, indented snippets become unreadable
	}
	return o.Width
}

// palette holds colour objects created for one call. Each object's colour
// is switched explicitly, so the output never depends on color.NoColor.
type palette struct {
	critical, warning, info, ok, unknown, heading, label, faint, code *color.Color
}

func newPalette(enabled bool) palette {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if enabled {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return palette{
		critical: mk(color.FgRed, color.Bold),
		warning:  mk(color.FgYellow, color.Bold),
		info:     mk(color.FgCyan),
		ok:       mk(color.FgGreen, color.Bold),
		unknown:  mk(color.FgMagenta, color.Bold),
		heading:  mk(color.Bold, color.Underline),
		label:    mk(color.Bold),
		faint:    mk(color.Faint),
		code:     mk(color.FgBlue),
	}
}

// tone is the colour of a tone.
func (p palette) tone(t Tone) *color.Color {
	switch t {
	case ToneInfo:
		return p.info
	case ToneOK:
		return p.ok
	case ToneWarning:
		return p.warning
	case ToneCritical:
		return p.critical
	case ToneUnknown:
		return p.unknown
	}
	return p.faint
}

func (p palette) severity(s probe.Severity) *color.Color { return p.tone(SeverityTone(s)) }

func (p palette) verdict(v probe.Verdict) *color.Color { return p.tone(VerdictTone(v)) }

func (p palette) status(s probe.CheckStatus) *color.Color { return p.tone(CheckTone(s)) }

func (p palette) cell(s probe.Status) *color.Color { return p.tone(CellTone(s)) }

// marks are the symbols of the text output, in ASCII or unicode.
type marks struct {
	dash, sep, bullet, ellipsis string
	pass, warn, fail, skip      string
	send, recv, note            string
}

func newMarks(unicode bool) marks {
	if unicode {
		return marks{dash: "—", sep: " · ", bullet: "•", ellipsis: "…",
			pass: "✓", warn: "!", fail: "✗", skip: "–", send: "→", recv: "←", note: "·"}
	}
	return marks{dash: "-", sep: " | ", bullet: "-", ellipsis: "...",
		pass: "PASS", warn: "WARN", fail: "FAIL", skip: "SKIP", send: "->", recv: "<-", note: "--"}
}

func (m marks) status(s probe.CheckStatus) string {
	switch s {
	case probe.CheckPass:
		return m.pass
	case probe.CheckWarn:
		return m.warn
	case probe.CheckFail:
		return m.fail
	}
	return m.skip
}
