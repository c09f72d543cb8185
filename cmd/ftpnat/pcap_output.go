package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// showCaptureResults presents several capture reports, or writes their
// HTML pages into htmlDir: text reports one after another (the TUI shows
// one result, so several print as text), JSON as one report per line,
// HTML only as files. The exit code is the worst verdict, in
// monitoring-plugin order.
func showCaptureResults(e *env, p presenter, htmlDir string, results []probe.Result) error {
	tool := report.Tool{Name: "ftpnat", Version: version()}
	if htmlDir != "" {
		if err := monitor.CheckHTMLDir(htmlDir); err != nil {
			return usagef("--html-dir: %v", err)
		}
	}
	format := p.format
	switch format {
	case formatTUI:
		format = formatText
		if len(results) > 1 {
			fmt.Fprintf(e.stderr, "ftpnat: %d reports, one per capture: printing them as text\n", len(results))
		}
	case formatHTML:
		if htmlDir == "" {
			fmt.Fprintf(e.stderr, "ftpnat: the captures make %d reports and an HTML page holds one: write them with --html-dir DIR\n", len(results))
			return exitError{exitUnknown}
		}
	}
	opts := report.TextOptions{Color: p.useColor, Width: p.width, BoxDrawing: report.UnicodeLocale(e.getenv)}
	worst := monitor.StateOK
	for i, res := range results {
		worst = monitor.Worst(worst, monitor.StateOf(res.Verdict))
		if htmlDir != "" {
			name := filepath.Join(htmlDir, captureHTMLName(i, res))
			if err := monitor.WriteHTMLFile(name, res, tool); err != nil {
				fmt.Fprintf(e.stderr, "ftpnat: %v\n", err)
				return exitError{exitUnknown}
			}
			fmt.Fprintf(e.stderr, "ftpnat: wrote %s\n", name)
			if format == formatHTML {
				continue
			}
		}
		var err error
		switch format {
		case formatJSON:
			err = writeJSONLine(e, res, tool)
		case formatHTML:
		default:
			if i > 0 {
				fmt.Fprintf(e.stdout, "\n%s\n\n", strings.Repeat("=", min(p.width, 80)))
			}
			err = report.WriteText(e.stdout, res, opts)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "ftpnat: write report: %v\n", err)
			return exitError{exitUnknown}
		}
	}
	if worst != monitor.StateOK {
		return exitError{int(worst)}
	}
	return nil
}

// writeJSONLine writes one report as one line of JSON.
func writeJSONLine(e *env, res probe.Result, tool report.Tool) error {
	var buf, line bytes.Buffer
	if err := report.WriteJSON(&buf, res, tool); err != nil {
		return err
	}
	if err := json.Compact(&line, buf.Bytes()); err != nil {
		return fmt.Errorf("compact the JSON report: %w", err)
	}
	line.WriteByte('\n')
	_, err := e.stdout.Write(line.Bytes())
	return err
}

// captureHTMLName names the HTML page of the i-th capture report after
// its first capture file: 1-monday.html.
func captureHTMLName(i int, res probe.Result) string {
	base := "capture"
	if s := res.Facts.Source; s != nil && len(s.Files) > 0 {
		base = strings.TrimSuffix(filepath.Base(s.Files[0]), filepath.Ext(s.Files[0]))
		base = strings.TrimSuffix(base, ".pcap") // name.pcap.gz
	}
	var b strings.Builder
	for _, r := range base {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= 64 {
			break
		}
	}
	return fmt.Sprintf("%d-%s.html", i+1, b.String())
}
