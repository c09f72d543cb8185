package monitor

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// WriteHTMLFile writes the HTML report of res to path atomically: a
// hidden temporary file in the same directory, synced, then renamed over
// path, so a browser or a web server never shows half a report.
func WriteHTMLFile(path string, res probe.Result, tool report.Tool) error {
	var buf bytes.Buffer
	if err := report.WriteHTML(&buf, res, report.HTMLOptions{Tool: tool}); err != nil {
		return fmt.Errorf("html report %s: %w", path, err)
	}
	if err := writeFileAtomic(path, buf.Bytes()); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	return nil
}

// writeFileAtomic replaces path with data, readable by all (a report
// holds no password), never leaving a partial file under path.
func writeFileAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	return nil
}

// CheckHTMLFilePath refuses a report path that could not be written: its
// directory must exist and take a new file (tried for real, so that a
// read-only mount shows before the first run, not after it).
func CheckHTMLFilePath(path string) error {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("html file %q is a directory", path)
	}
	if err := checkWritableDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("html file %q: %w", path, err)
	}
	return nil
}

// CheckHTMLDir refuses a report directory that does not exist or does
// not take new files.
func CheckHTMLDir(dir string) error {
	if err := checkWritableDir(dir); err != nil {
		return fmt.Errorf("html directory %q: %w", dir, err)
	}
	return nil
}

func checkWritableDir(dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("directory %s does not exist", dir)
	case err != nil:
		return err
	case !st.IsDir():
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, ".ftpnat-write-test*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	name := f.Name()
	_ = f.Close()
	_ = os.Remove(name)
	return nil
}

// maxHTMLNameTarget bounds the target's part of a report's file name, so
// that a long host name still makes a valid file name everywhere.
const maxHTMLNameTarget = 100

// HTMLFileName is the file name of a batch target's HTML report: its
// line in the batch file (unique, and sorting as the file does) and the
// target, with every character but ASCII letters, digits, '.' and '-'
// replaced by '_': no separators, no "..", nothing a shell or another
// file system reads differently. "0007-ftp.example.com_21.html".
func HTMLFileName(t Target) string {
	var b strings.Builder
	for _, r := range t.Name() {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-':
			b.WriteRune(r)
		case r == '.' && !strings.HasSuffix(b.String(), "."):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
		if b.Len() >= maxHTMLNameTarget {
			break
		}
	}
	line := strconv.Itoa(t.Line)
	if len(line) < 4 {
		line = strings.Repeat("0", 4-len(line)) + line
	}
	return line + "-" + strings.Trim(b.String(), ".") + ".html"
}
