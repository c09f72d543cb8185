package main

import (
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/monitor/remote"
	"github.com/ftpnat/ftpnat/monitor/web"
	"github.com/ftpnat/ftpnat/report"
)

// serveGrace is how long in-flight diagnoses may finish after SIGTERM.
const serveGrace = 10 * time.Second

type serveFlags struct {
	listen        string
	config        string
	timeoutOffset time.Duration
	maxConcurrent int
	checkConfig   bool
	logLevel      string
	tlsCert       string
	tlsKey        string
	// behindProxy serves the API over plain HTTP to a TLS-terminating
	// reverse proxy, and trusts its X-Forwarded-For.
	behindProxy bool
}

func newServeCmd(e *env) *cobra.Command {
	f := &serveFlags{}
	cmd := &cobra.Command{
		Use:   "serve --config FILE [--listen ADDR]",
		Short: "Prometheus multi-target exporter: /probe?target=HOST[:PORT]&module=NAME, /metrics",
		Long: `serve answers Prometheus scrapes in the blackbox_exporter style: each
GET /probe?target=HOST[:PORT]&module=NAME runs one diagnosis and returns its
metrics from a registry of its own; /metrics has the exporter's own metrics.

Only targets on the configuration's allowlist are probed (others get 403);
credentials come from the configuration or password files, never from the
URL; the address a server advertises in PASV is never dialled. The time a
probe gets is Prometheus' X-Prometheus-Scrape-Timeout-Seconds less
--timeout-offset, capped by the module's timeout. SIGTERM or Ctrl-C stops
it gracefully; SIGHUP or POST /-/reload reads the configuration again and
keeps the previous one (logging why) when the new one has errors. See the README for the configuration and scrape config.

With an "api" section in the configuration, serve also answers
POST /api/v1/diagnose: an authenticated client (ftpnat diagnose --via URL)
sends a target and options and gets the diagnosis streamed back, run from
this host. The API carries passwords, so it needs TLS (--tls-cert and
--tls-key) or, behind a TLS-terminating reverse proxy on the same host,
--insecure-http-behind-proxy.

With the API, / is a web page: a form (target, user, password, TLS mode
and the API token) that shows the diagnosis' progress, then its HTML
report, kept in memory (api.report_ttl, api.max_reports) under a link of
its own that needs no token.`,
		Example: `  ftpnat serve --config /etc/ftpnat/serve.yml --listen :9269
  ftpnat serve --config serve.yml --check-config
  ftpnat serve --config serve.yml --listen :9269 --tls-cert cert.pem --tls-key key.pem`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			unlimitMemory()
			return runServe(cmd, e, f)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.listen, "listen", "localhost:9269", "address to listen on (':9269' for every interface)")
	fl.StringVar(&f.config, "config", "", "YAML configuration: allowed_targets and modules (required)")
	fl.DurationVar(&f.timeoutOffset, "timeout-offset", monitor.DefaultTimeoutOffset, "subtracted from Prometheus' scrape timeout")
	fl.IntVar(&f.maxConcurrent, "max-concurrent", monitor.DefaultMaxConcurrent, "diagnoses run at once; more requests wait")
	fl.BoolVar(&f.checkConfig, "check-config", false, "check the configuration, list the modules and exit")
	fl.StringVar(&f.logLevel, "log-level", "info", "debug, info, warn or error (logs go to stderr)")
	fl.StringVar(&f.tlsCert, "tls-cert", "", "serve HTTPS with this PEM certificate (chain); overrides api.tls_cert")
	fl.StringVar(&f.tlsKey, "tls-key", "", "the PEM private key of --tls-cert; overrides api.tls_key")
	fl.BoolVar(&f.behindProxy, "insecure-http-behind-proxy", false,
		"serve the API over plain HTTP to a TLS-terminating reverse proxy on this host, and take the client address from its X-Forwarded-For")
	return cmd
}

func runServe(cmd *cobra.Command, e *env, f *serveFlags) error {
	if f.config == "" {
		return usagef("--config is required")
	}
	if f.timeoutOffset < 0 || f.maxConcurrent < 1 {
		return usagef("--timeout-offset must not be negative and --max-concurrent must be at least 1")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(f.logLevel)); err != nil {
		return usagef("--log-level must be debug, info, warn or error, not %q", f.logLevel)
	}
	log := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	cfg, err := monitor.LoadConfig(f.config)
	if err != nil {
		return usagef("%v", err)
	}
	for _, w := range cfg.Warnings {
		log.Warn(w)
	}
	if f.checkConfig {
		fmt.Fprintf(e.stdout, "%s: OK, modules: %v\n", f.config, cfg.Modules())
		return nil
	}
	tlsCfg, err := f.tlsConfig(cfg, log)
	if err != nil {
		return err
	}
	exp := monitor.NewExporter(monitor.ExporterOptions{Config: cfg, ConfigPath: f.config, TimeoutOffset: f.timeoutOffset,
		MaxConcurrent: f.maxConcurrent, Version: version(), Logger: log})
	defer reloadOnSIGHUP(cmd.Context(), exp)()
	handler := exp.Handler()
	if cfg.API != nil {
		handler, err = withAPI(handler, cfg.API, log, exp, f.behindProxy)
		if err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	scheme := "http"
	if tlsCfg != nil {
		ln, scheme = tls.NewListener(ln, tlsCfg), "https"
	}
	log.Info("listening", "address", ln.Addr().String(), "scheme", scheme, "modules", cfg.Modules(), "api", cfg.API != nil)
	return monitor.Serve(cmd.Context(), ln, handler, serveGrace, log)
}

// withAPI adds the diagnosis API and its web page to the exporter's
// routes: the page's form at / replaces the exporter's plain-text index.
func withAPI(exporter http.Handler, a *monitor.API, log *slog.Logger, exp *monitor.Exporter, behindProxy bool) (http.Handler, error) {
	store := web.NewStore(web.StoreOptions{TTL: a.ReportTTL, Max: a.MaxReports})
	reports, err := web.NewReports(store, web.HTMLRender(report.Tool{Name: "ftpnat", Version: version()}))
	if err != nil {
		return nil, err
	}
	api, err := remote.NewServer(remote.ServerOptions{API: a, Logger: log, Registerer: exp.Registerer(),
		TrustForwardedFor: behindProxy, Reports: reports})
	if err != nil {
		return nil, err
	}
	page, err := web.New(web.Options{API: api, Reports: reports, Version: version(), MaxTimeout: a.MaxTimeout})
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.Handle("/", exporter)
	api.Register(mux)
	page.Register(mux)
	return mux, nil
}

// tlsConfig loads the certificate of --tls-cert (or the config's), and
// refuses to serve the API in clear unless a reverse proxy is said to
// terminate TLS in front of it: the API carries FTP passwords.
func (f *serveFlags) tlsConfig(cfg *monitor.ServeConfig, log *slog.Logger) (*tls.Config, error) {
	cert, key := f.tlsCert, f.tlsKey
	if cert == "" && key == "" && cfg.API != nil {
		cert, key = cfg.API.TLSCert, cfg.API.TLSKey
	}
	switch {
	case (cert == "") != (key == ""):
		return nil, usagef("--tls-cert and --tls-key go together")
	case cert != "" && f.behindProxy:
		return nil, usagef("--insecure-http-behind-proxy is for plain HTTP; it contradicts --tls-cert")
	case cert == "" && cfg.API != nil && !f.behindProxy:
		return nil, usagef("the api section needs TLS: the API carries passwords. Give --tls-cert and --tls-key " +
			"(or api.tls_cert and api.tls_key), or, behind a TLS-terminating reverse proxy, --insecure-http-behind-proxy")
	case f.behindProxy && cfg.API == nil:
		return nil, usagef("--insecure-http-behind-proxy is for the API, which the config does not enable")
	}
	if f.behindProxy {
		if host, _, err := net.SplitHostPort(f.listen); err != nil || !isLoopbackHost(host) {
			log.Warn("--insecure-http-behind-proxy with a listen address other than loopback: credentials reach this port in clear; listen on 127.0.0.1 behind the proxy")
		}
		return nil, nil
	}
	if cert == "" {
		return nil, nil
	}
	pair, err := tls.LoadX509KeyPair(cert, key)
	if err != nil {
		return nil, usagef("TLS certificate: %v", err)
	}
	return &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}, nil
}

func isLoopbackHost(host string) bool {
	if host == "localhost" {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}
