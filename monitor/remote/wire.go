// Package remote is ftpnat's remote diagnosis: the wire format of serve's
// diagnosis API, the handler that runs a diagnosis for an authenticated
// client, and the client that runs one on a remote ftpnat and hands its
// events and result to the local renderers as if it had run here.
//
// It lives beside monitor (serve's exporter) rather than in probe because
// it is a front end of the engine, like the exporter: probe stays the one
// place that speaks FTP, and knows nothing of HTTP.
package remote

import (
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// Path is the API endpoint, relative to the URL given to --via.
const Path = "/api/v1/diagnose"

// ContentType is the media type of the response stream: one JSON object
// per line (NDJSON), flushed as it is written.
const ContentType = "application/x-ndjson"

// Request is the body of POST /api/v1/diagnose: the target and the options
// of one diagnosis. Zero fields take the diagnose defaults. The password
// travels only here, in a body sent over TLS, never in a URL.
type Request struct {
	Target       string         `json:"target"` // HOST[:PORT]
	User         string         `json:"user,omitempty"`
	Password     string         `json:"password,omitempty"`
	TLS          probe.TLSMode  `json:"tls,omitempty"` // auto | explicit | implicit | off
	Samples      int            `json:"samples,omitempty"`
	Timeout      Duration       `json:"timeout,omitempty"` // capped by the server's api.max_timeout
	DataTimeout  Duration       `json:"data_timeout,omitempty"`
	Families     []probe.Family `json:"families,omitempty"` // ipv4, ipv6; empty: both
	AllAddresses bool           `json:"all_addresses,omitempty"`
	Active       bool           `json:"active,omitempty"`
	ExpectRange  string         `json:"expect_range,omitempty"` // MIN-MAX
	MaxSessions  int            `json:"max_sessions,omitempty"`
	NoStdClient  bool           `json:"no_standard_client,omitempty"`
	// CertDays is how many days before its expiry a certificate raises a
	// warning: 0 never, absent the default (14).
	CertDays *int `json:"cert_days,omitempty"`
	// Report asks the server to keep the finished report and name its link
	// in the result line (serve's web page does). A server that keeps no
	// reports refuses the request.
	Report bool `json:"report,omitempty"`
}

// Line is one line of the response: exactly one field is set. Events come
// first, as the diagnosis runs; the result is the last line. Error ends a
// stream that cannot deliver a result.
type Line struct {
	Event  *probe.Event  `json:"event,omitempty"`
	Result *probe.Result `json:"result,omitempty"`
	Error  string        `json:"error,omitempty"`
	// Report is the link of the kept report, beside the result when the
	// request asked for it: relative to the server, reachable without the
	// token until it expires.
	Report string `json:"report,omitempty"`
}

// Duration is a time.Duration written as Go writes durations ("20s"), so
// that a request reads as the command line it came from.
type Duration time.Duration

// MarshalText writes "20s".
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads "20s", "1m30s".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}
