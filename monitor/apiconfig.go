package monitor

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// APIConfig is the `api:` section of serve's configuration: the remote
// diagnosis API (POST /api/v1/diagnose), off unless the section is there.
// The API probes only targets on the global allowed_targets list.
type APIConfig struct {
	// TokenFile holds the bearer token clients must present (first line,
	// at least MinTokenBytes). Relative to the config file.
	TokenFile string `yaml:"token_file"`
	// MaxConcurrent bounds the API's diagnoses in flight; one more is
	// answered 429 at once (default 4).
	MaxConcurrent int `yaml:"max_concurrent"`
	// RatePerMinute is how many requests one client address may make per
	// minute, in bursts of up to that many (default 10).
	RatePerMinute int `yaml:"rate_per_minute"`
	// MaxTimeout caps the timeout a request asks for (default 60s).
	MaxTimeout time.Duration `yaml:"max_timeout"`
	// TLSCert and TLSKey are PEM files that make serve answer HTTPS;
	// --tls-cert and --tls-key override them. Relative to the config file.
	TLSCert string `yaml:"tls_cert"`
	TLSKey  string `yaml:"tls_key"`
	// ReportTTL is how long serve's web page keeps a finished report
	// reachable by its link (default 15m).
	ReportTTL time.Duration `yaml:"report_ttl"`
	// MaxReports bounds how many finished reports the web page keeps; the
	// oldest goes first (default 100).
	MaxReports int `yaml:"max_reports"`
}

// API defaults and bounds.
const (
	DefaultAPIMaxConcurrent = 4
	DefaultAPIRatePerMinute = 10
	DefaultAPIMaxTimeout    = 60 * time.Second
	DefaultAPIReportTTL     = 15 * time.Minute
	DefaultAPIMaxReports    = 100
	// maxReportTTL and maxReports keep the reports' memory bounded.
	maxReportTTL = 24 * time.Hour
	maxReports   = 10000
	// MinTokenBytes keeps a guessable token out: 16 bytes of hex is 64 bits.
	MinTokenBytes = 16
	maxTokenBytes = 4096
)

// API is a checked api section.
type API struct {
	Token         []byte
	MaxConcurrent int
	RatePerMinute int
	MaxTimeout    time.Duration
	// Allow is the global allowed_targets list.
	Allow Allowlist
	// TLSCert and TLSKey are resolved paths, "" when not configured.
	TLSCert, TLSKey string
	// ReportTTL and MaxReports bound the web page's finished reports.
	ReportTTL  time.Duration
	MaxReports int
}

func compileAPI(c *APIConfig, allow Allowlist, dir string) (*API, []string, error) {
	a := &API{MaxConcurrent: c.MaxConcurrent, RatePerMinute: c.RatePerMinute, MaxTimeout: c.MaxTimeout, Allow: allow,
		ReportTTL: c.ReportTTL, MaxReports: c.MaxReports}
	switch {
	case c.TokenFile == "":
		return nil, nil, errors.New("token_file is required")
	case allow.Empty():
		return nil, nil, errors.New("the API needs a global allowed_targets list: it could probe nothing")
	case c.MaxConcurrent < 0 || c.RatePerMinute < 0:
		return nil, nil, errors.New("max_concurrent and rate_per_minute must not be negative")
	case c.MaxTimeout < 0 || c.MaxTimeout > maxModuleTimeout:
		return nil, nil, fmt.Errorf("max_timeout must be between 0 and %s", maxModuleTimeout)
	case (c.TLSCert == "") != (c.TLSKey == ""):
		return nil, nil, errors.New("tls_cert and tls_key go together")
	case c.ReportTTL < 0 || c.ReportTTL > maxReportTTL:
		return nil, nil, fmt.Errorf("report_ttl must be between 0 and %s", maxReportTTL)
	case c.MaxReports < 0 || c.MaxReports > maxReports:
		return nil, nil, fmt.Errorf("max_reports must be between 0 and %d", maxReports)
	}
	if a.MaxConcurrent == 0 {
		a.MaxConcurrent = DefaultAPIMaxConcurrent
	}
	if a.RatePerMinute == 0 {
		a.RatePerMinute = DefaultAPIRatePerMinute
	}
	if a.MaxTimeout == 0 {
		a.MaxTimeout = DefaultAPIMaxTimeout
	}
	if a.ReportTTL == 0 {
		a.ReportTTL = DefaultAPIReportTTL
	}
	if a.MaxReports == 0 {
		a.MaxReports = DefaultAPIMaxReports
	}
	if c.TLSCert != "" {
		a.TLSCert, a.TLSKey = resolvePath(dir, c.TLSCert), resolvePath(dir, c.TLSKey)
	}
	path := resolvePath(dir, c.TokenFile)
	tok, warn, err := ReadTokenFile(path)
	if err != nil {
		return nil, nil, err
	}
	a.Token = tok
	var warnings []string
	if warn != "" {
		warnings = append(warnings, "api: "+warn)
	}
	return a, warnings, nil
}

// ReadTokenFile returns the first line of a token file, and a warning when
// other users may read the file.
func ReadTokenFile(path string) ([]byte, string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", fmt.Errorf("read token file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxTokenBytes+1))
	if err != nil {
		return nil, "", fmt.Errorf("read token file %s: %w", path, err)
	}
	if len(data) > maxTokenBytes {
		return nil, "", fmt.Errorf("token file %s is larger than %d bytes", path, maxTokenBytes)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	tok := strings.TrimSpace(line)
	if len(tok) < MinTokenBytes {
		return nil, "", fmt.Errorf("token file %s: the token must be at least %d characters (try: openssl rand -hex 32)", path, MinTokenBytes)
	}
	var warn string
	if st, err := f.Stat(); err == nil && st.Mode().Perm()&0o077 != 0 {
		warn = fmt.Sprintf("token file %s is readable by other users (chmod 600 it)", path)
	}
	return []byte(tok), warn, nil
}
