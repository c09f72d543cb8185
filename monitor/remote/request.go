package remote

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
)

// Request bounds.
const (
	// MaxRequestBytes bounds a request body: a target and a few options.
	MaxRequestBytes = 64 << 10
	maxUserBytes    = 256
	maxPassBytes    = 1024
	// maxSessions bounds a request's control connections: the API shares
	// its host with other clients of the same servers.
	maxSessions = 8
)

// requestError is a request the API refuses, with its status.
type requestError struct {
	code int
	msg  string
}

func (e *requestError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &requestError{code: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// decodeRequest reads one JSON object strictly: unknown fields, trailing
// data and a body over MaxRequestBytes are refused. body must already be
// bounded by http.MaxBytesReader.
func decodeRequest(body io.Reader) (Request, error) {
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	var req Request
	err := dec.Decode(&req)
	if err == nil {
		if dec.More() {
			err = errors.New("data after the JSON object")
		} else if _, terr := dec.Token(); !errors.Is(terr, io.EOF) {
			err = errors.New("data after the JSON object")
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return req, &requestError{code: http.StatusRequestEntityTooLarge,
			msg: fmt.Sprintf("request body larger than %d bytes", MaxRequestBytes)}
	case errors.Is(err, io.EOF):
		return req, badRequest("empty request body: send a JSON object with at least \"target\"")
	case err != nil:
		return req, badRequest("bad request body: %v", err)
	}
	return req, nil
}

// options checks a request against the API's bounds and allowlist and
// turns it into the engine's options (without Dialer, Resolver, Events).
func options(req Request, api *monitor.API) (probe.Options, error) {
	host, port, err := monitor.ParseTarget(req.Target)
	if err != nil {
		return probe.Options{}, badRequest("target: %v", err)
	}
	o := probe.Options{Host: host, Port: port, User: req.User, Password: req.Password, Samples: req.Samples,
		Timeout: time.Duration(req.Timeout), DataTimeout: time.Duration(req.DataTimeout),
		AllAddresses: req.AllAddresses, Active: req.Active, MaxSessions: req.MaxSessions, SkipStdClient: req.NoStdClient,
		// Never dial what a server advertises, whatever the request says:
		// a hostile server must not aim the API at a third host.
		ProbeAdvertised: false}
	switch {
	case len(req.User) > maxUserBytes || len(req.Password) > maxPassBytes:
		return o, badRequest("user or password too long")
	case strings.ContainsAny(req.User+req.Password, "\r\n\x00"):
		return o, badRequest("user and password must not contain line breaks or NUL")
	case req.Password != "" && req.User == "":
		return o, badRequest("a password needs a user")
	case req.Samples < 0 || req.Samples > probe.MaxSamples:
		return o, badRequest("samples must be between 1 and %d", probe.MaxSamples)
	case req.Timeout < 0 || req.DataTimeout < 0:
		return o, badRequest("timeouts must not be negative")
	case req.MaxSessions < 0 || req.MaxSessions > maxSessions:
		return o, badRequest("max_sessions must be between 1 and %d", maxSessions)
	case req.CertDays != nil && *req.CertDays < 0:
		return o, badRequest("cert_days must be 0 (never) or more")
	}
	if req.CertDays != nil {
		o.CertDays = *req.CertDays
		if o.CertDays == 0 {
			o.CertDays = -1 // never
		}
	}
	if req.TLS != "" {
		if o.TLS, err = monitor.ParseTLSMode(string(req.TLS)); err != nil {
			return o, badRequest("%v", err)
		}
	}
	for _, f := range req.Families {
		if f != probe.IPv4 && f != probe.IPv6 {
			return o, badRequest("families: %q is not ipv4 or ipv6", f)
		}
	}
	if len(req.Families) == 1 {
		o.Families = req.Families
	}
	if req.ExpectRange != "" {
		r, err := monitor.ParsePortSpan(req.ExpectRange)
		if err != nil {
			return o, badRequest("%v", err)
		}
		o.ExpectRange = &r
	}
	// The timeout is the server's to bound: a long one holds a slot.
	if o.Timeout == 0 {
		o.Timeout = min(probe.DefaultTimeout, api.MaxTimeout)
	}
	o.Timeout = min(o.Timeout, api.MaxTimeout)
	if o.DataTimeout > o.Timeout {
		o.DataTimeout = o.Timeout
	}
	dialled := port
	if dialled == 0 {
		dialled = probe.DefaultPort
		if o.TLS == probe.TLSImplicit {
			dialled = probe.DefaultImplicitPort
		}
	}
	if !api.Allow.Allows(host, dialled) {
		return o, &requestError{code: http.StatusForbidden,
			msg: fmt.Sprintf("target %q is not in this server's allowed_targets", req.Target)}
	}
	return o, nil
}
