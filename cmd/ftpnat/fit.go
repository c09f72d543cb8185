package main

import (
	"bytes"
	"io"
	"strings"
	"unicode/utf8"
)

// minColumnText is the least room a hanging indent leaves for the text.
const minColumnText = 24

// fitLines re-wraps the lines of s that are wider than width columns, so
// that help, tables and lists fit the terminal. A line in columns (a
// flag, a command, a table row) continues under its last column that
// leaves room for text; prose continues at its own indentation. Command
// lines under "Examples:" are broken with a shell continuation (" \"),
// so that a copied example still runs. Words wider than the room stay
// whole.
func fitLines(s string, width int) string {
	var b strings.Builder
	examples := false
	for i, line := range strings.Split(s, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		if line != "" && line[0] != ' ' {
			examples = strings.HasPrefix(line, "Examples:")
		}
		if utf8.RuneCountInString(line) <= width {
			b.WriteString(line)
			continue
		}
		if examples && strings.TrimSpace(line) != "" {
			b.WriteString(fitCommand(line, width))
			continue
		}
		b.WriteString(fitColumns(line, width))
	}
	return b.String()
}

// leading is the number of spaces a line starts with.
func leading(line string) int { return len(line) - len(strings.TrimLeft(line, " ")) }

// fitColumns wraps one line under its hanging column.
func fitColumns(line string, width int) string {
	indent := leading(line)
	// The hanging column: the last one that starts after two or more
	// spaces and leaves room for text.
	runes := []rune(line)
	for i := max(indent+1, 2); i < len(runes) && i <= width-minColumnText; i++ {
		if runes[i] != ' ' && runes[i-1] == ' ' && runes[i-2] == ' ' {
			indent = i
		}
	}
	head := string(runes[:indent])
	words := strings.Fields(string(runes[indent:]))
	return wrapWords(head, strings.Repeat(" ", indent), words, width, "")
}

// fitCommand breaks a command line between words, each line but the last
// ending in " \" and the next indented four more.
func fitCommand(line string, width int) string {
	indent := leading(line)
	words := strings.Fields(line)
	return wrapWords(line[:indent], strings.Repeat(" ", indent+4), words, width-2, " \\")
}

// wrapWords lays words out after head, continuing after cont, each line at
// most width runes when the words allow; broken lines end in mark.
func wrapWords(head, cont string, words []string, width int, mark string) string {
	var b strings.Builder
	cur := head
	n := utf8.RuneCountInString(cur)
	fresh := true // nothing after the indentation yet
	for _, w := range words {
		wn := utf8.RuneCountInString(w)
		if !fresh && n+1+wn > width {
			b.WriteString(cur + mark + "\n")
			cur, n, fresh = cont, utf8.RuneCountInString(cont), true
		}
		if !fresh {
			cur += " "
			n++
		}
		cur += w
		n += wn
		fresh = false
	}
	b.WriteString(cur)
	return b.String()
}

// fitWriter fits every complete line written to it; a line is written
// through once its newline arrives, so streamed output (watch, a batch
// table) appears as it happens.
type fitWriter struct {
	w       io.Writer
	width   int
	pending []byte
}

func newFitWriter(w io.Writer, width int) *fitWriter { return &fitWriter{w: w, width: width} }

func (f *fitWriter) Write(p []byte) (int, error) {
	f.pending = append(f.pending, p...)
	i := bytes.LastIndexByte(f.pending, '\n')
	if i < 0 {
		return len(p), nil
	}
	out := fitLines(string(f.pending[:i]), f.width) + "\n"
	f.pending = append(f.pending[:0], f.pending[i+1:]...)
	if _, err := io.WriteString(f.w, out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes what is left after the last newline.
func (f *fitWriter) Flush() error {
	if len(f.pending) == 0 {
		return nil
	}
	_, err := io.WriteString(f.w, fitLines(string(f.pending), f.width))
	f.pending = f.pending[:0]
	return err
}
