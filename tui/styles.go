package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// styles are the looks of one program, derived from its colour profile so
// that the model's own output already agrees with what the renderer will
// let through: no colour at all below ANSI (--color never, NO_COLOR), and
// not even bold or reverse video without a terminal.
type styles struct {
	critical, warning, info, ok, unknown lipgloss.Style // severities and verdicts
	skip                                 lipgloss.Style
	heading, label, faint, selected      lipgloss.Style
	key, message, problem                lipgloss.Style
	bar                                  lipgloss.Style
}

func newStyles(p colorprofile.Profile) styles {
	plain := lipgloss.NewStyle()
	if p <= colorprofile.NoTTY {
		return styles{critical: plain, warning: plain, info: plain, ok: plain, unknown: plain, skip: plain,
			heading: plain, label: plain, faint: plain, selected: plain, key: plain, message: plain,
			problem: plain, bar: plain}
	}
	bold := plain.Bold(true)
	s := styles{
		critical: bold, warning: bold, info: plain, ok: bold, unknown: bold, skip: plain,
		heading:  bold.Underline(true),
		label:    bold,
		faint:    plain.Faint(true),
		selected: plain.Reverse(true),
		key:      bold,
		message:  bold,
		problem:  bold,
		bar:      bold,
	}
	if p < colorprofile.ANSI {
		return s // text decoration only: NO_COLOR allows it, colours it forbids
	}
	// The 16 basic colours, like the text report (fatih/color), so both
	// outputs look alike and every terminal can show them.
	fg := func(st lipgloss.Style, c color.Color) lipgloss.Style { return st.Foreground(c) }
	s.critical = fg(s.critical, lipgloss.Red)
	s.warning = fg(s.warning, lipgloss.Yellow)
	s.info = fg(s.info, lipgloss.Cyan)
	s.ok = fg(s.ok, lipgloss.Green)
	s.unknown = fg(s.unknown, lipgloss.Magenta)
	s.key = fg(s.key, lipgloss.Cyan)
	s.message = fg(s.message, lipgloss.Green)
	s.problem = fg(s.problem, lipgloss.Red)
	s.bar = fg(s.bar, lipgloss.Cyan)
	return s
}

// tone is the style of a tone; the rule that picks a tone is the
// report's, so the screen and the text report agree.
func (s styles) tone(t report.Tone) lipgloss.Style {
	switch t {
	case report.ToneInfo:
		return s.info
	case report.ToneOK:
		return s.ok
	case report.ToneWarning:
		return s.warning
	case report.ToneCritical:
		return s.critical
	case report.ToneUnknown:
		return s.unknown
	}
	return s.skip
}

func (s styles) severity(sev probe.Severity) lipgloss.Style { return s.tone(report.SeverityTone(sev)) }

func (s styles) verdict(v probe.Verdict) lipgloss.Style { return s.tone(report.VerdictTone(v)) }

func (s styles) status(st probe.CheckStatus) lipgloss.Style { return s.tone(report.CheckTone(st)) }

func (s styles) cell(st probe.Status) lipgloss.Style { return s.tone(report.CellTone(st)) }

// helpStyles dresses the key help like the rest of the screen.
func (s styles) helpStyles() help.Styles {
	return help.Styles{
		Ellipsis:       s.faint,
		ShortKey:       s.key,
		ShortDesc:      lipgloss.NewStyle(),
		ShortSeparator: s.faint,
		FullKey:        s.key,
		FullDesc:       lipgloss.NewStyle(),
		FullSeparator:  s.faint,
	}
}
