package monitor

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
)

// WriteTextfile writes what g gathers in the text format for
// node_exporter's textfile collector, atomically: a hidden temporary file
// in the same directory (so the rename cannot cross file systems, and its
// name does not end in .prom, so the collector never reads it half
// written), synced, then renamed over path.
func WriteTextfile(path string, g prometheus.Gatherer) error {
	mfs, err := g.Gather()
	if err != nil {
		return fmt.Errorf("textfile: gather: %w", err)
	}
	var buf bytes.Buffer
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(&buf, mf); err != nil {
			return fmt.Errorf("textfile: encode: %w", err)
		}
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("textfile: %w", err)
	}
	done := false
	defer func() {
		if !done {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("textfile: write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("textfile: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("textfile: sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("textfile: close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("textfile: %w", err)
	}
	done = true
	return nil
}

// CheckTextfilePath refuses a path node_exporter would never read, and
// one that could not be written: its directory must exist and take a new
// file (tried for real, so a read-only mount or a missing permission shows
// before the first run, not after it).
func CheckTextfilePath(path string) error {
	if !strings.HasSuffix(path, ".prom") {
		return fmt.Errorf("textfile %q must end in .prom: node_exporter's textfile collector reads only *.prom", path)
	}
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("textfile %q: directory %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("textfile %q: %w", path, err)
	case !st.IsDir():
		return fmt.Errorf("textfile %q: %s is not a directory", path, dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("textfile %q is a directory", path)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".check*")
	if err != nil {
		return fmt.Errorf("textfile %q: directory %s is not writable: %w", path, dir, err)
	}
	name := tmp.Name()
	if err := tmp.Close(); err != nil {
		_ = os.Remove(name)
		return fmt.Errorf("textfile %q: %w", path, err)
	}
	if err := os.Remove(name); err != nil {
		return fmt.Errorf("textfile %q: remove the write test %s: %w", path, name, err)
	}
	return nil
}
