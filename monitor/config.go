package monitor

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/ftpnat/ftpnat/probe"
)

// Config is serve's YAML configuration: which targets may be probed and
// the modules a scrape chooses from. Unknown keys are errors, so a typo
// never silently widens or weakens a setting.
type Config struct {
	// AllowedTargets is the allowlist for every module (see Allowlist).
	AllowedTargets []string          `yaml:"allowed_targets"`
	Modules        map[string]Module `yaml:"modules"`
	// API, when present, turns on the remote diagnosis API.
	API *APIConfig `yaml:"api"`
}

// Module is one way of diagnosing, chosen by /probe?module=NAME. Zero
// values take the diagnose defaults.
type Module struct {
	// Timeout caps the diagnosis; the scrape timeout (less the offset)
	// lowers it further. Default 20s.
	Timeout      time.Duration `yaml:"timeout"`
	TLS          string        `yaml:"tls"` // auto | explicit | implicit | off
	User         string        `yaml:"user"`
	Password     string        `yaml:"password"`      // prefer password_file
	PasswordFile string        `yaml:"password_file"` // first line; relative to the config file
	CAFile       string        `yaml:"ca_file"`       // PEM roots instead of the system's
	Samples      int           `yaml:"samples"`
	DataTimeout  time.Duration `yaml:"data_timeout"`
	Active       bool          `yaml:"active"`
	ExpectRange  string        `yaml:"expect_range"`
	// StandardClient runs the second login by a standard client library
	// (default true).
	StandardClient *bool `yaml:"standard_client"`
	MaxSessions    int   `yaml:"max_sessions"`
	// CertDays is how many days before its expiry a certificate raises a
	// warning: 0 never; absent the default (14).
	CertDays *int `yaml:"cert_days"`
	// AllowedTargets, when set, replaces the global list for this module:
	// pin modules that carry credentials to the hosts they belong to.
	AllowedTargets []string `yaml:"allowed_targets"`
	// Ignore lists finding IDs that count for nothing in this module's
	// probe_success and state (an internal server that is plaintext on
	// purpose); unknown IDs are errors.
	Ignore []string `yaml:"ignore"`
}

// Config bounds.
const (
	maxConfigBytes   = 1 << 20
	maxModuleTimeout = 10 * time.Minute
	// DefaultModule is the module of a /probe request that names none.
	DefaultModule = "default"
)

// ServeConfig is a checked configuration, ready to serve.
type ServeConfig struct {
	modules map[string]*module
	// API is the checked api section; nil when the API is off.
	API *API
	// Warnings are worth logging but do not stop serve.
	Warnings []string
}

type module struct {
	name    string
	opts    probe.Options // without Host and Port
	timeout time.Duration
	allow   Allowlist
	ignore  []string // finding IDs, ParseIgnore
}

// LoadConfig reads and checks a configuration file. Relative password_file
// and ca_file paths are taken from the file's directory.
func LoadConfig(path string) (*ServeConfig, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxConfigBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read config %s: %w", path, err)
	}
	if len(data) > maxConfigBytes {
		return nil, fmt.Errorf("config %s is larger than %d bytes", path, maxConfigBytes)
	}
	c, err := ParseConfig(data, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

// ParseConfig decodes YAML strictly (unknown keys and a second document are
// errors) and checks every module. It reports every problem it finds at
// once (ConfigErrors), each with its line and setting.
func ParseConfig(data []byte, dir string) (*ServeConfig, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the configuration is empty")
		}
		return nil, fmt.Errorf("decode: %s", strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, errors.New("decode: one YAML document expected")
	}
	errs, bad := checkConfigNode(&root)
	var c Config
	if len(errs) == 0 {
		strict := yaml.NewDecoder(bytes.NewReader(data))
		strict.KnownFields(true)
		if err := strict.Decode(&c); err != nil {
			return nil, fmt.Errorf("decode: %w", err)
		}
	} else {
		// What decodes is still checked below, so every error shows at
		// once; the sections in bad are skipped, their errors already said.
		_ = root.Decode(&c)
	}
	// A server for the API alone needs no module; one for nothing is a mistake.
	if len(c.Modules) == 0 && c.API == nil && !bad[""] {
		return nil, errors.New("no modules: define at least one under \"modules\" (or an \"api\" section)")
	}
	at := func(line int, err error) {
		if line > 0 {
			errs = append(errs, fmt.Sprintf("line %d: %v", line, err))
			return
		}
		errs = append(errs, err.Error())
	}
	global, err := ParseAllowlist(c.AllowedTargets)
	if err != nil {
		at(keyLine(&root, "allowed_targets"), fmt.Errorf("allowed_targets: %w", err))
	}
	globalBad := err != nil || bad["allowed_targets"]
	sc := &ServeConfig{modules: make(map[string]*module, len(c.Modules))}
	if c.API != nil && !globalBad && !bad["api"] {
		api, warns, err := compileAPI(c.API, global, dir)
		if err != nil {
			at(keyLine(&root, "api"), fmt.Errorf("api: %w", err))
		}
		sc.API = api
		sc.Warnings = append(sc.Warnings, warns...)
	}
	for _, name := range sortedKeys(c.Modules) {
		if bad["modules."+name] || globalBad && len(c.Modules[name].AllowedTargets) == 0 {
			continue // its error is said already
		}
		m, warn, merr := compileModule(name, c.Modules[name], global, dir)
		if merr != nil {
			at(keyLine(&root, "modules", name), fmt.Errorf("module %q: %w", name, merr))
			continue
		}
		if warn != "" {
			sc.Warnings = append(sc.Warnings, fmt.Sprintf("module %q: %s", name, warn))
		}
		sc.modules[name] = m
	}
	if len(errs) > 0 {
		return nil, sortedByLine(errs)
	}
	return sc, nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func compileModule(name string, m Module, global Allowlist, dir string) (*module, string, error) {
	if strings.TrimSpace(name) == "" {
		return nil, "", errors.New("empty module name")
	}
	out := &module{name: name, allow: global, timeout: m.Timeout}
	ign, err := ParseIgnore(m.Ignore)
	if err != nil {
		return nil, "", fmt.Errorf("ignore: %w", err)
	}
	out.ignore = ign
	if len(m.AllowedTargets) > 0 {
		a, err := ParseAllowlist(m.AllowedTargets)
		if err != nil {
			return nil, "", err
		}
		out.allow = a
	}
	if out.allow.Empty() {
		return nil, "", errors.New("no allowed_targets (globally or in the module): it could probe nothing")
	}
	switch {
	case m.Timeout < 0 || m.Timeout > maxModuleTimeout:
		return nil, "", fmt.Errorf("timeout must be between 0 and %s", maxModuleTimeout)
	case m.Timeout == 0:
		out.timeout = probe.DefaultTimeout
	}
	o := probe.Options{User: m.User, Samples: m.Samples, DataTimeout: m.DataTimeout, Active: m.Active,
		MaxSessions: m.MaxSessions, SkipStdClient: m.StandardClient != nil && !*m.StandardClient}
	if m.TLS != "" {
		mode, err := ParseTLSMode(m.TLS)
		if err != nil {
			return nil, "", err
		}
		o.TLS = mode
	}
	if m.Samples < 0 || m.Samples > probe.MaxSamples {
		return nil, "", fmt.Errorf("samples must be between 1 and %d", probe.MaxSamples)
	}
	if m.DataTimeout < 0 || m.MaxSessions < 0 {
		return nil, "", errors.New("data_timeout and max_sessions must not be negative")
	}
	if m.CertDays != nil {
		if *m.CertDays < 0 {
			return nil, "", errors.New("cert_days must be 0 (never) or more")
		}
		o.CertDays = *m.CertDays
		if o.CertDays == 0 {
			o.CertDays = -1 // never
		}
	}
	if m.ExpectRange != "" {
		r, err := ParsePortSpan(m.ExpectRange)
		if err != nil {
			return nil, "", err
		}
		o.ExpectRange = &r
	}
	if o.Password, err = modulePassword(m, dir); err != nil {
		return nil, "", err
	}
	if m.CAFile != "" {
		if o.RootCAs, err = ReadCAFile(resolvePath(dir, m.CAFile)); err != nil {
			return nil, "", err
		}
	}
	// serve never dials an address a server advertises: a hostile server
	// must not point the exporter at a third host.
	o.ProbeAdvertised = false
	out.opts = o
	var warn string
	if o.Password != "" && len(m.AllowedTargets) == 0 {
		warn = "carries a password but no allowed_targets of its own: any globally allowed host may receive it"
	}
	return out, warn, nil
}

func modulePassword(m Module, dir string) (string, error) {
	switch {
	case m.Password != "" && m.PasswordFile != "":
		return "", errors.New("password and password_file are exclusive")
	case (m.Password != "" || m.PasswordFile != "") && m.User == "":
		return "", errors.New("a password needs a user")
	case m.PasswordFile != "":
		return ReadPasswordFile(resolvePath(dir, m.PasswordFile))
	}
	return m.Password, nil
}

func resolvePath(dir, p string) string {
	if filepath.IsAbs(p) || dir == "" {
		return p
	}
	return filepath.Join(dir, p)
}

// ReadPasswordFile returns the first line of a password file (at most 4 KiB
// are read).
func ReadPasswordFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("read password file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return "", fmt.Errorf("read password file %s: %w", path, err)
	}
	line, _, _ := strings.Cut(string(data), "\n")
	pw := strings.TrimRight(line, "\r")
	if pw == "" {
		return "", fmt.Errorf("password file %s is empty", path)
	}
	return pw, nil
}

// maxCAFileBytes bounds a CA file: thousands of certificates, not a
// device that never ends.
const maxCAFileBytes = 8 << 20

// ReadCAFile reads PEM certificates to trust instead of the system roots.
func ReadCAFile(path string) (*x509.CertPool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read CA file: %w", err)
	}
	defer f.Close()
	pem, err := io.ReadAll(io.LimitReader(f, maxCAFileBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("read CA file %s: %w", path, err)
	case len(pem) > maxCAFileBytes:
		return nil, fmt.Errorf("CA file %s is larger than %d bytes", path, maxCAFileBytes)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA file %s holds no PEM certificate", path)
	}
	return pool, nil
}

// Modules lists the module names, sorted.
func (c *ServeConfig) Modules() []string { return sortedKeys(c.modules) }
