package monitor

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ftpnat/ftpnat/probe"
)

// Exporter defaults.
const (
	// DefaultTimeoutOffset is subtracted from Prometheus' scrape timeout so
	// the answer arrives before Prometheus gives up (as blackbox_exporter).
	DefaultTimeoutOffset = 500 * time.Millisecond
	// DefaultMaxConcurrent bounds the diagnoses in flight; more requests
	// wait until their scrape times out, then get 503.
	DefaultMaxConcurrent = 32
	// probeGrace is added to a probe's time for the context that stops it
	// no matter what: the probe's own timeout ends it first.
	probeGrace = 2 * time.Second
)

// ExporterOptions configure an Exporter.
type ExporterOptions struct {
	Config *ServeConfig
	// ConfigPath is the file Reload reads (SIGHUP, POST /-/reload); empty
	// turns reloading off.
	ConfigPath    string
	TimeoutOffset time.Duration // default DefaultTimeoutOffset
	MaxConcurrent int           // default DefaultMaxConcurrent
	Version       string
	Logger        *slog.Logger // default: discard

	// Injected by tests; nil means the real network and system roots.
	Dialer   probe.Dialer
	Resolver probe.Resolver
	RootCAs  *x509.CertPool // for modules without ca_file
}

// Exporter is the Prometheus multi-target exporter: /probe diagnoses one
// allowed target per request into a registry of its own; /metrics shows
// only the exporter's own metrics.
type Exporter struct {
	o   ExporterOptions
	log *slog.Logger
	sem chan struct{}
	// cfg is the configuration in force; Reload swaps it whole, so a probe
	// sees either the old one or the new one, never a mix.
	cfg      atomic.Pointer[ServeConfig]
	reloadMu sync.Mutex // one reload at a time

	reloadOK   prometheus.Gauge
	reloadTime prometheus.Gauge

	self     *prometheus.Registry
	probes   *prometheus.CounterVec
	refused  *prometheus.CounterVec
	inFlight prometheus.Gauge
}

// NewExporter builds an exporter; its self-metrics live in a registry of
// its own, never the global default one.
func NewExporter(o ExporterOptions) *Exporter {
	if o.TimeoutOffset <= 0 {
		o.TimeoutOffset = DefaultTimeoutOffset
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = DefaultMaxConcurrent
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Exporter{o: o, log: o.Logger, sem: make(chan struct{}, o.MaxConcurrent), self: prometheus.NewRegistry()}
	e.cfg.Store(o.Config)
	e.reloadOK = prometheus.NewGauge(prometheus.GaugeOpts{Name: "ftpnat_exporter_config_last_reload_successful",
		Help: "1 when the last configuration reload succeeded (or none was tried), 0 when it failed and the previous configuration is still in force."})
	e.reloadOK.Set(1)
	e.reloadTime = prometheus.NewGauge(prometheus.GaugeOpts{Name: "ftpnat_exporter_config_last_reload_success_timestamp_seconds",
		Help: "When the configuration in force was loaded, as a Unix timestamp."})
	e.reloadTime.SetToCurrentTime()
	e.probes = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ftpnat_exporter_probes_total",
		Help: "Diagnoses run, by module and result (success or failure as in probe_success)."}, []string{"module", "result"})
	e.refused = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ftpnat_exporter_requests_refused_total",
		Help: "Probe requests refused, by reason: bad_request, unknown_module, not_allowed (403), overloaded (503)."}, []string{"reason"})
	e.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "ftpnat_exporter_probes_in_flight",
		Help: "Diagnoses running now."})
	build := prometheus.NewGauge(prometheus.GaugeOpts{Name: "ftpnat_exporter_build_info",
		Help:        "Always 1; the labels say which build is running.",
		ConstLabels: prometheus.Labels{"version": o.Version, "goversion": runtime.Version()}})
	build.Set(1)
	for _, r := range []string{"bad_request", "unknown_module", "not_allowed", "overloaded"} {
		e.refused.WithLabelValues(r) // present from the start, at 0
	}
	e.self.MustRegister(e.probes, e.refused, e.inFlight, build, e.reloadOK, e.reloadTime,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return e
}

// Registerer is the registry of /metrics, for the diagnosis API's own
// metrics to join the exporter's.
func (e *Exporter) Registerer() prometheus.Registerer { return e.self }

// Handler routes /probe, /metrics, /-/healthy and /.
func (e *Exporter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /probe", e.handleProbe)
	mux.Handle("GET /metrics", promhttp.HandlerFor(e.self, promhttp.HandlerOpts{Registry: e.self}))
	mux.HandleFunc("GET /-/healthy", func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintln(w, "OK")
	})
	mux.HandleFunc("POST /-/reload", e.handleReload)
	mux.HandleFunc("GET /{$}", e.handleIndex)
	return mux
}

func (e *Exporter) handleIndex(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "ftpnat exporter %s\n\n/probe?target=HOST[:PORT]&module=NAME[&debug=true]  diagnose one allowed target\n/metrics  the exporter's own metrics\nPOST /-/reload  read the configuration file again (as SIGHUP does)\n\nmodules:\n", e.o.Version)
	for _, m := range e.cfg.Load().Modules() {
		fmt.Fprintf(w, "  %s\n", m)
	}
}

// probeRequest is a checked /probe request.
type probeRequest struct {
	host    string
	port    int
	target  string
	module  *module
	timeout time.Duration
	debug   bool
}

// refuse answers an error and counts it.
func (e *Exporter) refuse(w http.ResponseWriter, reason string, code int, msg string) {
	e.refused.WithLabelValues(reason).Inc()
	e.log.Warn("probe refused", "reason", reason, "detail", msg)
	http.Error(w, msg, code)
}

// parseProbe checks the query: only target, module and debug are known
// (credentials never come from the URL), the module exists and the target
// is on its allowlist.
func (e *Exporter) parseProbe(w http.ResponseWriter, r *http.Request) (probeRequest, bool) {
	q := r.URL.Query()
	for k, v := range q {
		switch k {
		case "target", "module", "debug":
			if len(v) != 1 {
				e.refuse(w, "bad_request", http.StatusBadRequest, fmt.Sprintf("parameter %q given %d times", k, len(v)))
				return probeRequest{}, false
			}
		default:
			e.refuse(w, "bad_request", http.StatusBadRequest,
				fmt.Sprintf("unknown parameter %q: only target, module and debug (credentials come from the config, never the URL)", k))
			return probeRequest{}, false
		}
	}
	req := probeRequest{target: q.Get("target"), debug: q.Get("debug") == "true"}
	if req.target == "" {
		e.refuse(w, "bad_request", http.StatusBadRequest, "target parameter is missing")
		return req, false
	}
	var err error
	if req.host, req.port, err = ParseTarget(req.target); err != nil {
		e.refuse(w, "bad_request", http.StatusBadRequest, err.Error())
		return req, false
	}
	name := q.Get("module")
	if name == "" {
		name = DefaultModule
	}
	if req.module = e.cfg.Load().modules[name]; req.module == nil {
		e.refuse(w, "unknown_module", http.StatusBadRequest, fmt.Sprintf("unknown module %q", name))
		return req, false
	}
	port := req.port
	if port == 0 {
		port = probe.DefaultPort
		if req.module.opts.TLS == probe.TLSImplicit {
			port = probe.DefaultImplicitPort
		}
	}
	if !req.module.allow.Allows(req.host, port) {
		e.refuse(w, "not_allowed", http.StatusForbidden, fmt.Sprintf("target %q is not allowed for module %q", req.target, name))
		return req, false
	}
	if req.timeout, err = probeTimeout(r, req.module.timeout, e.o.TimeoutOffset); err != nil {
		e.refuse(w, "bad_request", http.StatusBadRequest, err.Error())
		return req, false
	}
	return req, true
}

// probeTimeout is blackbox_exporter's rule: Prometheus' scrape timeout
// less the offset, capped by the module's timeout; the module's timeout
// alone without the header (or when the offset leaves nothing).
func probeTimeout(r *http.Request, moduleTimeout, offset time.Duration) (time.Duration, error) {
	v := r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds")
	if v == "" {
		return moduleTimeout, nil
	}
	s, err := strconv.ParseFloat(v, 64)
	if err != nil || s <= 0 || math.IsInf(s, 0) || math.IsNaN(s) {
		return 0, fmt.Errorf("bad X-Prometheus-Scrape-Timeout-Seconds %q", v)
	}
	d := time.Duration(s*float64(time.Second)) - offset
	if d <= 0 || d > moduleTimeout {
		return moduleTimeout, nil
	}
	return d, nil
}

func (e *Exporter) handleProbe(w http.ResponseWriter, r *http.Request) {
	req, ok := e.parseProbe(w, r)
	if !ok {
		return
	}
	select {
	case e.sem <- struct{}{}:
	case <-r.Context().Done():
		e.refuse(w, "overloaded", http.StatusServiceUnavailable, "too many diagnoses in flight")
		return
	}
	defer func() { <-e.sem }()
	e.inFlight.Inc()
	res, out := e.diagnose(r.Context(), req)
	e.inFlight.Dec()
	result := "failure"
	if out.State == StateOK || out.State == StateWarning {
		result = "success"
	}
	e.probes.WithLabelValues(req.module.name, result).Inc()
	e.log.Debug("probe done", "target", req.target, "module", req.module.name, "state", out.State, "summary", out.Summary)

	reg := prometheus.NewRegistry() // fresh per probe: nothing leaks between targets
	reg.MustRegister(ResultCollector{Result: res, Outcome: out, Timeout: req.timeout})
	if req.debug {
		writeDebug(w, req, res, reg)
		return
	}
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// diagnose runs the module's diagnosis of the target.
func (e *Exporter) diagnose(ctx context.Context, req probeRequest) (probe.Result, Outcome) {
	o := req.module.opts
	o.Host, o.Port, o.Timeout = req.host, req.port, req.timeout
	o.Dialer, o.Resolver = e.o.Dialer, e.o.Resolver
	if o.RootCAs == nil {
		o.RootCAs = e.o.RootCAs
	}
	o.ProbeAdvertised = false // never, whatever the module says
	ctx, cancel := context.WithTimeout(ctx, req.timeout+probeGrace)
	defer cancel()
	clock := &StepClock{}
	o.Events = clock.Observe(nil)
	res := probe.Run(ctx, o)
	out := EvaluateIgnoring(&res, clock, req.module.ignore)
	return res, out
}

// Serve answers HTTP on ln until ctx ends, then shuts down gracefully:
// in-flight diagnoses get grace to finish, then they are cancelled.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, grace time.Duration, log *slog.Logger) error {
	probeCtx, cancelProbes := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelProbes()
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return probeCtx },
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down", "grace", grace)
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := srv.Shutdown(sctx)
	if err != nil {
		cancelProbes()
		err = errors.Join(fmt.Errorf("shutdown: %w", err), srv.Close())
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
