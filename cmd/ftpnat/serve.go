package main

import (
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/ftpnat/ftpnat/monitor"
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
it gracefully. See the README for the configuration and scrape config.`,
		Example: `  ftpnat serve --config /etc/ftpnat/serve.yml --listen :9269
  ftpnat serve --config serve.yml --check-config`,
		Args: exactArgs(0, "no arguments"),
		RunE: func(cmd *cobra.Command, _ []string) error {
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
	ln, err := net.Listen("tcp", f.listen)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	exp := monitor.NewExporter(monitor.ExporterOptions{Config: cfg, TimeoutOffset: f.timeoutOffset,
		MaxConcurrent: f.maxConcurrent, Version: version(), Logger: log})
	log.Info("listening", "address", ln.Addr().String(), "modules", cfg.Modules())
	return monitor.Serve(cmd.Context(), ln, exp.Handler(), serveGrace, log)
}
