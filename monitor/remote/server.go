package remote

import (
	"context"
	"crypto/subtle"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
)

// Server defaults.
const (
	// DefaultWriteTimeout bounds writing one line to the client: a client
	// that stops reading ends its diagnosis instead of holding a slot.
	DefaultWriteTimeout = 10 * time.Second
	// busyRetry is the Retry-After of a 429 for a full server: about the
	// time a diagnosis takes.
	busyRetry = 20 * time.Second
	// runGrace is added to a diagnosis' timeout for the context that stops
	// it no matter what; the engine's own timeout ends it first.
	runGrace = 2 * time.Second
)

// ServerOptions configure the API handler.
type ServerOptions struct {
	API    *monitor.API
	Logger *slog.Logger // default: discard
	// Registerer receives the API's metrics (serve's own registry); nil
	// registers nothing.
	Registerer   prometheus.Registerer
	WriteTimeout time.Duration // default DefaultWriteTimeout
	// TrustForwardedFor takes the client address of a request from a
	// loopback peer from the last X-Forwarded-For entry: the one a reverse
	// proxy on this host appended. Without it every client behind the
	// proxy would share one rate limit.
	TrustForwardedFor bool

	// Injected by tests; nil means the real network, system roots, clock.
	Dialer   probe.Dialer
	Resolver probe.Resolver
	RootCAs  *x509.CertPool
	Listen   func(ctx context.Context, network, address string) (net.Listener, error)
	Now      func() time.Time

	// Reports keeps finished reports for requests that ask for one (serve's
	// web page); nil keeps none and refuses such requests.
	Reports Keeper
}

// Keeper keeps finished reports, each reachable by a link of its own.
type Keeper interface {
	// Keep stores the report of res, whose password is already scrubbed,
	// and returns its link, relative to the server.
	Keep(res *probe.Result) (string, error)
}

// Server answers POST /api/v1/diagnose: authenticated, rate limited and
// bounded diagnoses of allowed targets, streamed back as NDJSON.
type Server struct {
	o     ServerOptions
	log   *slog.Logger
	sem   chan struct{}
	limit *limiter

	requests *prometheus.CounterVec
	inFlight prometheus.Gauge
	running  sync.WaitGroup // one per diagnosis, for tests and shutdown
}

// NewServer builds the handler; o.API must be set.
func NewServer(o ServerOptions) (*Server, error) {
	if o.API == nil || len(o.API.Token) == 0 {
		return nil, errors.New("remote: the API has no token")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = DefaultWriteTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{o: o, log: o.Logger, sem: make(chan struct{}, o.API.MaxConcurrent),
		limit: newLimiter(o.API.RatePerMinute, o.Now)}
	s.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "ftpnat_api_requests_total",
		Help: "Diagnosis API requests, by HTTP status (200 ran a diagnosis)."}, []string{"code"})
	s.inFlight = prometheus.NewGauge(prometheus.GaugeOpts{Name: "ftpnat_api_diagnoses_in_flight",
		Help: "Diagnoses the API is running now."})
	if o.Registerer != nil {
		if err := o.Registerer.Register(s.requests); err != nil {
			return nil, fmt.Errorf("remote: register metrics: %w", err)
		}
		if err := o.Registerer.Register(s.inFlight); err != nil {
			return nil, fmt.Errorf("remote: register metrics: %w", err)
		}
	}
	return s, nil
}

// Register adds the API's route to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.Handle("POST "+Path, s)
}

// Wait returns once every diagnosis the server started has ended.
func (s *Server) Wait() { s.running.Wait() }

// refuse answers a refusal with a plain-text body that says why. The log
// line has the status and client only: the message may quote the body
// (a JSON syntax error quotes a character of it), and the body may hold a
// password.
func (s *Server) refuse(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.requests.WithLabelValues(strconv.Itoa(code)).Inc()
	s.log.Warn("api request refused", "client", s.client(r), "status", code, "reason", http.StatusText(code))
	http.Error(w, msg, code)
}

// client is the request's client address: the peer, or behind a trusted
// proxy the address it appended to X-Forwarded-For.
func (s *Server) client(r *http.Request) string {
	if !s.o.TrustForwardedFor {
		return r.RemoteAddr
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !peer.Addr().IsLoopback() {
		return r.RemoteAddr
	}
	hops := r.Header.Values("X-Forwarded-For")
	if len(hops) == 0 {
		return r.RemoteAddr
	}
	all := strings.Split(hops[len(hops)-1], ",")
	a, err := netip.ParseAddr(strings.TrimSpace(all[len(all)-1]))
	if err != nil {
		return r.RemoteAddr
	}
	return netip.AddrPortFrom(a, 0).String()
}

// bearer is the token of the request's Authorization header, "" without.
func bearer(r *http.Request) string {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}

// authorized compares the token in constant time: how much of a guess was
// right must not show in the answer's timing.
func (s *Server) authorized(tok string) bool {
	return subtle.ConstantTimeCompare([]byte(tok), s.o.API.Token) == 1
}

// ServeHTTP checks, in order: the client's rate (so that guessing tokens
// is slow too), the token, the body, the target, the concurrency bound;
// then runs the diagnosis and streams it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.gate(w, r, bearer(r)) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, MaxRequestBytes)
	req, err := decodeRequest(r.Body)
	if re := (*requestError)(nil); errors.As(err, &re) {
		s.refuse(w, r, re.code, re.msg)
		return
	}
	o, release, ok := s.start(w, r, req)
	if !ok {
		return
	}
	defer release()
	s.stream(w, r, o, req.Report)
}

// Run is the API for a request that arrives another way than a JSON body
// (serve's web page posts a form): the same rate limit, token, bounds,
// allowlist and concurrency bound, refused the same way on w. It runs the
// diagnosis without streaming it, keeps its report when req.Report asks
// for it, and hands the result (without the password) and the report's
// link to done.
func (s *Server) Run(w http.ResponseWriter, r *http.Request, token string, req Request, done func(res *probe.Result, link string)) {
	if !s.gate(w, r, token) {
		return
	}
	o, release, ok := s.start(w, r, req)
	if !ok {
		return
	}
	defer release()
	ctx, cancel := context.WithTimeout(r.Context(), o.Timeout+runGrace)
	defer cancel()
	secret := o.Password
	o.Dialer, o.Resolver, o.RootCAs, o.Listen = s.o.Dialer, s.o.Resolver, s.o.RootCAs, s.o.Listen
	start := time.Now()
	res := probe.Run(ctx, o)
	scrub(&res, secret)
	link, err := s.keep(&res, req.Report)
	if err != nil {
		http.Error(w, "the diagnosis ran, but its report could not be kept: "+err.Error(), http.StatusInternalServerError)
		return
	}
	s.log.Info("api diagnosis", "client", s.client(r), "target", net.JoinHostPort(o.Host, strconv.Itoa(res.Facts.Port)),
		"verdict", res.Verdict, "took", time.Since(start).Round(time.Millisecond), "form", true)
	done(&res, link)
}

// gate checks the client's rate, then the token.
func (s *Server) gate(w http.ResponseWriter, r *http.Request, token string) bool {
	client := s.client(r)
	if wait, ok := s.limit.allow(clientKey(client)); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)+1))
		s.refuse(w, r, http.StatusTooManyRequests,
			fmt.Sprintf("rate limit: at most %d requests per minute from one client", s.o.API.RatePerMinute))
		return false
	}
	if !s.authorized(token) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="ftpnat", error="invalid_token"`)
		s.refuse(w, r, http.StatusUnauthorized, "missing or wrong bearer token (Authorization: Bearer TOKEN)")
		return false
	}
	return true
}

// start checks a request against the API's bounds and takes a slot;
// release gives it back.
func (s *Server) start(w http.ResponseWriter, r *http.Request, req Request) (o probe.Options, release func(), ok bool) {
	o, err := options(req, s.o.API)
	if err == nil && req.Report && s.o.Reports == nil {
		err = badRequest("this server keeps no reports")
	}
	if re := (*requestError)(nil); errors.As(err, &re) {
		s.refuse(w, r, re.code, re.msg)
		return o, nil, false
	}
	select {
	case s.sem <- struct{}{}:
	default:
		w.Header().Set("Retry-After", strconv.Itoa(int(busyRetry/time.Second)))
		s.refuse(w, r, http.StatusTooManyRequests,
			fmt.Sprintf("busy: %d diagnoses are running, the most this server runs at once", s.o.API.MaxConcurrent))
		return o, nil, false
	}
	s.running.Add(1)
	s.requests.WithLabelValues("200").Inc()
	s.inFlight.Inc()
	return o, func() { s.inFlight.Dec(); <-s.sem; s.running.Done() }, true
}

// keep keeps the report of res when asked to, and returns its link.
func (s *Server) keep(res *probe.Result, asked bool) (string, error) {
	if !asked || s.o.Reports == nil {
		return "", nil
	}
	link, err := s.o.Reports.Keep(res)
	if err != nil {
		return "", fmt.Errorf("keep the report: %w", err)
	}
	return link, nil
}

// stream runs the diagnosis and writes its events, then its result, one
// JSON object per line, each flushed at once. A client that goes away or
// stops reading cancels the diagnosis.
func (s *Server) stream(w http.ResponseWriter, r *http.Request, o probe.Options, report bool) {
	ctx, cancel := context.WithTimeout(r.Context(), o.Timeout+runGrace)
	defer cancel()
	secret := o.Password
	o.Dialer, o.Resolver, o.RootCAs, o.Listen = s.o.Dialer, s.o.Resolver, s.o.RootCAs, s.o.Listen

	w.Header().Set("Content-Type", ContentType)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	var mu sync.Mutex
	var broken error
	send := func(l Line) {
		mu.Lock()
		defer mu.Unlock()
		if broken != nil {
			return
		}
		b, err := json.Marshal(l)
		if err != nil {
			broken = fmt.Errorf("encode: %w", err)
			cancel()
			return
		}
		_ = rc.SetWriteDeadline(s.o.Now().Add(s.o.WriteTimeout))
		if _, err = w.Write(append(b, '\n')); err == nil {
			err = rc.Flush()
		}
		if err != nil {
			broken = err
			cancel()
		}
	}
	o.Events = func(ev probe.Event) {
		scrub(&ev, secret)
		send(Line{Event: &ev})
	}
	start := time.Now()
	res := probe.Run(ctx, o)
	scrub(&res, secret)
	link, err := s.keep(&res, report)
	if err != nil {
		send(Line{Error: err.Error()})
	} else {
		send(Line{Result: &res, Report: link})
	}
	_ = rc.SetWriteDeadline(time.Time{})

	attrs := []any{"client", s.client(r), "target", net.JoinHostPort(o.Host, strconv.Itoa(res.Facts.Port)),
		"verdict", res.Verdict, "took", time.Since(start).Round(time.Millisecond)}
	if broken != nil {
		s.log.Warn("api diagnosis cut short: the client stopped reading", append(attrs, "error", broken.Error())...)
		return
	}
	s.log.Info("api diagnosis", attrs...)
}
