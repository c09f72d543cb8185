package monitor

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// Batch file bounds: a file is read whole before anything runs, so its
// mistakes are reported before the first connection.
const (
	MaxBatchTargets   = 100_000
	maxBatchLineBytes = 4096
	maxBatchErrors    = 20
)

// Target is one line of a batch file: where to connect and the options that
// differ from the batch's defaults (zero values keep the default).
type Target struct {
	Line         int // 1-based line in the file
	Host         string
	Port         int // 0: the probe's default (21, or 990 for implicit TLS)
	User         string
	PasswordFile string
	// Password is filled in by the caller from PasswordFile or ~/.netrc;
	// it is never printed or serialised.
	Password    string
	TLS         probe.TLSMode // "" keeps the batch default
	Active      bool
	ExpectRange *probe.PortSpan
	Timeout     time.Duration
	DataTimeout time.Duration
	Samples     int
	NoStdClient bool
	// Ignore adds finding IDs to the batch's ignore list for this
	// target: checked, sorted and comma-separated (ParseIgnore), so that
	// a Target stays comparable.
	Ignore string
}

// Name is the target as shown in output: host, or host:port.
func (t Target) Name() string { return joinTarget(t.Host, t.Port) }

// jsonTarget is the JSON-lines form of a Target.
type jsonTarget struct {
	Target           string   `json:"target"`
	User             string   `json:"user"`
	PasswordFile     string   `json:"password_file"`
	TLS              string   `json:"tls"`
	Active           bool     `json:"active"`
	ExpectRange      string   `json:"expect_range"`
	Timeout          string   `json:"timeout"`
	DataTimeout      string   `json:"data_timeout"`
	Samples          int      `json:"samples"`
	NoStandardClient bool     `json:"no_standard_client"`
	Ignore           []string `json:"ignore"`
}

var errPasswordInFile = errors.New("passwords do not belong in a batch file: use password-file=PATH or ~/.netrc")

// ParseBatch reads a batch file: one target per line, either
//
//	host[:port] [user=NAME] [password-file=PATH] [tls=auto|explicit|implicit|off]
//	            [active] [expect-range=MIN-MAX] [timeout=D] [data-timeout=D]
//	            [samples=N] [no-standard-client] [ignore=ID[,ID]]
//
// or a JSON object with the same keys in snake case ("target", "user",
// "password_file", "tls", "active", "expect_range", "timeout",
// "data_timeout", "samples", "no_standard_client", and "ignore" as a list
// of IDs). Blank lines and lines
// starting with '#' are skipped. Every mistake is reported with its line
// number (the first few of them), and nothing runs until the file is clean.
func ParseBatch(r io.Reader) ([]Target, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1024), maxBatchLineBytes)
	var targets []Target
	var errs []error
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if len(targets) == MaxBatchTargets {
			return nil, fmt.Errorf("line %d: more than %d targets", n, MaxBatchTargets)
		}
		var t Target
		var err error
		if strings.HasPrefix(line, "{") {
			t, err = parseJSONTarget(line)
		} else {
			t, err = parseTextTarget(line)
		}
		if err == nil && t.PasswordFile != "" && t.User == "" {
			err = errors.New("password-file needs user=")
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("line %d: %w", n, err))
			if len(errs) == maxBatchErrors {
				break
			}
			continue
		}
		t.Line = n
		targets = append(targets, t)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			err = fmt.Errorf("a line is longer than %d bytes", maxBatchLineBytes)
		}
		errs = append(errs, fmt.Errorf("read batch file: %w", err))
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	if len(targets) == 0 {
		return nil, errors.New("the batch file names no target")
	}
	return targets, nil
}

func parseTextTarget(line string) (Target, error) {
	fields := strings.Fields(line)
	var t Target
	var err error
	if t.Host, t.Port, err = ParseTarget(fields[0]); err != nil {
		return t, err
	}
	for _, f := range fields[1:] {
		key, val, hasVal := strings.Cut(f, "=")
		switch key {
		case "active", "no-standard-client":
			if hasVal {
				return t, fmt.Errorf("%s takes no value", key)
			}
			if key == "active" {
				t.Active = true
			} else {
				t.NoStdClient = true
			}
			continue
		case "password":
			return t, errPasswordInFile
		}
		if !hasVal || val == "" {
			return t, fmt.Errorf("unknown option %q (options: user=, password-file=, tls=, active, expect-range=, timeout=, data-timeout=, samples=, no-standard-client, ignore=)", f)
		}
		if err := t.set(key, val); err != nil {
			return t, err
		}
	}
	return t, nil
}

// set applies one key=value option (shared by both formats, text keys).
func (t *Target) set(key, val string) error {
	var err error
	switch key {
	case "user":
		t.User = val
	case "password-file":
		t.PasswordFile = val
	case "tls":
		t.TLS, err = ParseTLSMode(val)
	case "expect-range":
		var r probe.PortSpan
		r, err = ParsePortSpan(val)
		t.ExpectRange = &r
	case "timeout":
		t.Timeout, err = positiveDuration(key, val)
	case "data-timeout":
		t.DataTimeout, err = positiveDuration(key, val)
	case "samples":
		t.Samples, err = parseSamples(val)
	case "ignore":
		var ids []string
		if ids, err = ParseIgnore([]string{t.Ignore, val}); err == nil {
			t.Ignore = strings.Join(ids, ",")
		}
	default:
		return fmt.Errorf("unknown option %q", key)
	}
	return err
}

func parseJSONTarget(line string) (Target, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(line)))
	dec.DisallowUnknownFields()
	var j jsonTarget
	if err := dec.Decode(&j); err != nil {
		if strings.Contains(err.Error(), `"password"`) {
			return Target{}, errPasswordInFile
		}
		return Target{}, fmt.Errorf("JSON target: %w", err)
	}
	if dec.More() {
		return Target{}, errors.New("JSON target: one object per line")
	}
	var t Target
	var err error
	if t.Host, t.Port, err = ParseTarget(j.Target); err != nil {
		return t, err
	}
	t.Active, t.NoStdClient = j.Active, j.NoStandardClient
	for _, kv := range []struct{ key, val string }{
		{"user", j.User}, {"password-file", j.PasswordFile}, {"tls", j.TLS}, {"expect-range", j.ExpectRange},
		{"timeout", j.Timeout}, {"data-timeout", j.DataTimeout},
	} {
		if kv.val == "" {
			continue
		}
		if err := t.set(kv.key, kv.val); err != nil {
			return t, err
		}
	}
	if j.Samples != 0 {
		if err := t.set("samples", strconv.Itoa(j.Samples)); err != nil {
			return t, err
		}
	}
	for _, id := range j.Ignore {
		if err := t.set("ignore", id); err != nil {
			return t, err
		}
	}
	return t, nil
}

// ParseTLSMode checks a --tls / tls= value.
func ParseTLSMode(s string) (probe.TLSMode, error) {
	switch m := probe.TLSMode(s); m {
	case probe.TLSAuto, probe.TLSExplicit, probe.TLSImplicit, probe.TLSOff:
		return m, nil
	}
	return "", fmt.Errorf("tls must be auto, explicit, implicit or off, not %q", s)
}

// ParsePortSpan reads MIN-MAX (or one port).
func ParsePortSpan(s string) (probe.PortSpan, error) {
	lo, hi, found := strings.Cut(strings.TrimSpace(s), "-")
	if !found {
		hi = lo
	}
	a, err1 := strconv.Atoi(strings.TrimSpace(lo))
	b, err2 := strconv.Atoi(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || a < 1 || b > 65535 || a > b {
		return probe.PortSpan{}, fmt.Errorf("expect-range must be MIN-MAX with 1 <= MIN <= MAX <= 65535, not %q", s)
	}
	return probe.PortSpan{Min: a, Max: b}, nil
}

func positiveDuration(key, s string) (time.Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s must be a positive duration such as 20s, not %q", key, s)
	}
	return d, nil
}

func parseSamples(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > probe.MaxSamples {
		return 0, fmt.Errorf("samples must be between 1 and %d, not %q", probe.MaxSamples, s)
	}
	return n, nil
}
