package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/probe"
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

func (s styles) severity(sev probe.Severity) lipgloss.Style {
	switch sev {
	case probe.SeverityCritical:
		return s.critical
	case probe.SeverityWarning:
		return s.warning
	}
	return s.info
}

func (s styles) verdict(v probe.Verdict) lipgloss.Style {
	switch v {
	case probe.VerdictOK:
		return s.ok
	case probe.VerdictWarning:
		return s.warning
	case probe.VerdictCritical:
		return s.critical
	}
	return s.unknown
}

func (s styles) status(st probe.CheckStatus) lipgloss.Style {
	switch st {
	case probe.CheckPass:
		return s.ok
	case probe.CheckWarn:
		return s.warning
	case probe.CheckFail:
		return s.critical
	}
	return s.skip
}

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

// cell styles a path-matrix cell by how it went.
func (s styles) cell(st probe.Status) lipgloss.Style {
	switch st {
	case probe.StatusOK:
		return s.ok
	case probe.StatusFailed:
		return s.critical
	case probe.StatusPartial:
		return s.warning
	}
	return s.faint
}
