package tui

import "charm.land/bubbles/v2/key"

// keyMap is every key the program answers to.
type keyMap struct {
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Open, Back, NextFix, PrevFix, Copy      key.Binding
	SnippetRight, SnippetLeft               key.Binding
	Transcript, Rerun, Save, Help, Quit     key.Binding
	Picture                                 key.Binding

	// move only labels ↑/↓ in the one-line help, where space is short.
	move key.Binding
}

func newKeyMap() keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	k := keyMap{
		Up:         b("↑/k", "up", "up", "k"),
		Down:       b("↓/j", "down", "down", "j"),
		PageUp:     b("pgup/b", "page up", "pgup", "b"),
		PageDown:   b("pgdn/f", "page down", "pgdown", "f", "space"),
		Top:        b("home/g", "top", "home", "g"),
		Bottom:     b("end/G", "bottom", "end", "G"),
		Open:       b("enter", "details", "enter"),
		Back:       b("esc", "back", "esc", "backspace"),
		NextFix:    b("tab/→", "next fix", "tab", "right"),
		PrevFix:    b("⇧tab/←", "previous fix", "shift+tab", "left"),
		Copy:       b("c", "copy snippet", "c"),
		Transcript: b("t", "transcript", "t"),
		Picture:    b("p", "picture", "p"),
		Rerun:      b("r", "run again", "r"),
		Save:       b("s", "save JSON", "s"),
		Help:       b("?", "help", "?"),
		Quit:       b("q", "quit", "q", "ctrl+c"),
		move:       b("↑/↓", "move", "up", "down"),
	}
	// A snippet is never wrapped: its long lines scroll sideways.
	k.SnippetRight = b(">", "snippet right", ">")
	k.SnippetLeft = b("<", "snippet left", "<")
	return k
}

// short is the one-line help for a view.
func (k keyMap) short(v viewID, done bool) []key.Binding {
	switch v {
	case viewDetail:
		return []key.Binding{k.NextFix, k.Copy, k.move, k.Back, k.Help, k.Quit}
	case viewTranscript, viewPicture:
		return []key.Binding{k.move, k.PageDown, k.Back, k.Help, k.Quit}
	case viewHelp:
		return []key.Binding{k.Back, k.Quit}
	}
	if !done {
		return []key.Binding{k.Transcript, k.Rerun, k.Help, k.Quit}
	}
	return []key.Binding{k.move, k.Open, k.Transcript, k.Rerun, k.Save, k.Help, k.Quit}
}

// full is the help screen, in columns.
func (k keyMap) full() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Open, k.Back, k.Transcript, k.Picture, k.Help, k.Quit},
		{k.NextFix, k.PrevFix, k.Copy, k.SnippetRight, k.SnippetLeft, k.Rerun, k.Save},
	}
}
