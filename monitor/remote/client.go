package remote

import (
	"bufio"
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// Client bounds: the server is another machine, perhaps not the one meant.
const (
	// DefaultLineBytes bounds one line: a result with a full transcript
	// is well under a megabyte.
	DefaultLineBytes = 4 << 20
	// DefaultTotalBytes bounds the whole stream.
	DefaultTotalBytes = 32 << 20
	// DefaultGrace is added to the diagnosis' timeout for the whole
	// exchange: connecting, TLS, a server that queues, the last line.
	DefaultGrace = 15 * time.Second
	// maxErrorBody bounds the body of a refusal that is read and shown.
	maxErrorBody = 2048
)

// StepRemote names the check of a failed remote exchange, in a result
// that the remote probe never sent.
const StepRemote = "remote"

// ClientOptions configure a Client.
type ClientOptions struct {
	// URL is the remote ftpnat serve: https://probe.example.net:9269 (its
	// path, if any, is the prefix under which the API is served). http is
	// accepted for loopback only (an SSH tunnel, tests): elsewhere the
	// token and the password would cross the network in clear.
	URL   string
	Token string
	// RootCAs verifies the server's certificate; nil means system roots.
	RootCAs *x509.CertPool

	LineBytes  int           // default DefaultLineBytes
	TotalBytes int64         // default DefaultTotalBytes
	Grace      time.Duration // default DefaultGrace
	// Transport replaces the HTTP transport (tests).
	Transport http.RoundTripper
}

// Client runs diagnoses on a remote ftpnat serve.
type Client struct {
	o        ClientOptions
	endpoint string
	host     string
	http     *http.Client
}

// NewClient checks the URL and the token.
func NewClient(o ClientOptions) (*Client, error) {
	u, err := url.Parse(o.URL)
	if err != nil {
		return nil, fmt.Errorf("remote URL: %w", err)
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http", u.Host == "":
		return nil, fmt.Errorf("remote URL %q: https://HOST[:PORT] expected", o.URL)
	case u.User != nil:
		return nil, errors.New("remote URL: no credentials in the URL (the token comes from --via-token-file or $FTPNAT_VIA_TOKEN)")
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("remote URL %q: no query or fragment", o.URL)
	case u.Scheme == "http" && !isLoopback(u.Hostname()):
		return nil, fmt.Errorf("remote URL %q: http only to loopback; the token and password need https", o.URL)
	case strings.TrimSpace(o.Token) == "":
		return nil, errors.New("no token for the remote probe (--via-token-file or $FTPNAT_VIA_TOKEN)")
	}
	if o.LineBytes <= 0 {
		o.LineBytes = DefaultLineBytes
	}
	if o.TotalBytes <= 0 {
		o.TotalBytes = DefaultTotalBytes
	}
	if o.Grace <= 0 {
		o.Grace = DefaultGrace
	}
	rt := o.Transport
	if rt == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSClientConfig = &tls.Config{RootCAs: o.RootCAs, MinVersion: tls.VersionTLS12}
		t.MaxResponseHeaderBytes = 64 << 10
		t.ResponseHeaderTimeout = 30 * time.Second
		rt = t
	}
	c := &Client{o: o, host: u.Hostname(), endpoint: strings.TrimSuffix(u.String(), "/") + Path}
	// Redirects are not followed: a redirect would re-send the password
	// to wherever the answer points.
	c.http = &http.Client{Transport: rt, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	return c, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	a, err := netip.ParseAddr(host)
	return err == nil && a.IsLoopback()
}

// Host is the remote probe's host name, as the reports name the vantage.
func (c *Client) Host() string { return c.host }

// Run is the runner of the local front ends: it always returns a result,
// marked with the vantage; one the remote never sent says why in a failed
// "remote" check, with the verdict unknown.
func (c *Client) Run(ctx context.Context, o probe.Options) probe.Result {
	start := time.Now()
	res, err := c.Diagnose(ctx, o)
	if err == nil {
		return res
	}
	return c.failed(o, err, start)
}

func (c *Client) failed(o probe.Options, err error, start time.Time) probe.Result {
	res := probe.Result{StartedAt: start, Duration: time.Since(start)}
	f := &res.Facts
	f.Host, f.Port, f.TLSMode, f.User, f.Families = o.Host, o.Port, o.TLS, o.User, o.Families
	if f.TLSMode == "" {
		f.TLSMode = probe.TLSAuto
	}
	if f.Port == 0 {
		f.Port = probe.DefaultPort
		if f.TLSMode == probe.TLSImplicit {
			f.Port = probe.DefaultImplicitPort
		}
	}
	f.Vantage.Remote = c.host
	res.Verdict = probe.VerdictUnknown
	check := probe.Check{Name: StepRemote, Status: probe.CheckFail, Duration: res.Duration, Detail: err.Error()}
	res.Checks = []probe.Check{check}
	if o.Events != nil {
		o.Events(probe.Event{Kind: probe.EventStepFinished, At: time.Now(), Step: StepRemote,
			Status: check.Status, Detail: check.Detail, Duration: check.Duration})
	}
	return res
}

// Diagnose runs o on the remote probe: its events go to o.Events as they
// arrive, and its result comes back marked with the vantage. Every read
// is bounded in size, and the whole exchange by o's timeout plus grace.
func (c *Client) Diagnose(ctx context.Context, o probe.Options) (probe.Result, error) {
	body, err := json.Marshal(RequestOf(o))
	if err != nil {
		return probe.Result{}, fmt.Errorf("remote probe %s: encode the request: %w", c.host, err)
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = probe.DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout+c.o.Grace)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return probe.Result{}, fmt.Errorf("remote probe %s: %w", c.host, err)
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(c.o.Token))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", ContentType)
	resp, err := c.http.Do(req)
	if err != nil {
		return probe.Result{}, fmt.Errorf("remote probe %s: %w", c.host, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return probe.Result{}, c.refusal(resp)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != ContentType {
		return probe.Result{}, fmt.Errorf("remote probe %s answered %q, not %s: is the URL an ftpnat serve?",
			c.host, resp.Header.Get("Content-Type"), ContentType)
	}
	res, err := c.read(resp.Body, o.Events)
	if err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (%w)", err, context.Cause(ctx))
		}
		return probe.Result{}, fmt.Errorf("remote probe %s: %w", c.host, err)
	}
	res.Facts.Vantage.Remote = c.host
	return res, nil
}

// refusal turns an answer other than 200 into an error that quotes the
// server's reason (bounded, control characters removed).
func (c *Client) refusal(resp *http.Response) error {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	msg := clean(string(b))
	var hint string
	switch resp.StatusCode {
	case http.StatusUnauthorized:
		hint = " (check --via-token-file or $FTPNAT_VIA_TOKEN)"
	case http.StatusForbidden:
		hint = " (add the target to the server's allowed_targets)"
	case http.StatusTooManyRequests:
		if ra := resp.Header.Get("Retry-After"); ra != "" {
			hint = " (retry after " + clean(ra) + "s)"
		}
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		hint = " (is the API enabled in the server's config?)"
	}
	if msg == "" {
		msg = http.StatusText(resp.StatusCode)
	}
	return fmt.Errorf("remote probe %s refused: %d %s%s", c.host, resp.StatusCode, msg, hint)
}

// read decodes the stream: events, then the result.
func (c *Client) read(body io.Reader, events func(probe.Event)) (probe.Result, error) {
	br := bufio.NewReaderSize(body, 64<<10)
	var total int64
	for n := 1; ; n++ {
		line, err := readLine(br, c.o.LineBytes)
		total += int64(len(line))
		switch {
		case total > c.o.TotalBytes:
			return probe.Result{}, fmt.Errorf("the answer is longer than %d bytes", c.o.TotalBytes)
		case errors.Is(err, io.EOF) && len(bytes.TrimSpace(line)) == 0:
			return probe.Result{}, errors.New("the answer ended before the result")
		case err != nil && !errors.Is(err, io.EOF):
			return probe.Result{}, fmt.Errorf("read line %d: %w", n, err)
		}
		var l Line
		if err := json.Unmarshal(line, &l); err != nil {
			return probe.Result{}, fmt.Errorf("line %d is not a diagnosis event or result: %w", n, err)
		}
		switch {
		case l.Result != nil:
			return *l.Result, nil
		case l.Error != "":
			return probe.Result{}, fmt.Errorf("the diagnosis failed: %s", clean(l.Error))
		case l.Event != nil:
			if events != nil {
				events(*l.Event)
			}
		default:
			return probe.Result{}, fmt.Errorf("line %d holds neither event nor result", n)
		}
	}
}

// errLineTooLong ends a stream whose line exceeds the bound.
var errLineTooLong = errors.New("line too long")

// readLine reads up to and including '\n', at most max bytes.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		if len(line)+len(chunk) > max {
			return line, fmt.Errorf("%w: more than %d bytes", errLineTooLong, max)
		}
		line = append(line, chunk...)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return line, err
		}
	}
}

// clean keeps a server's words printable and short.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// RequestOf is the request for options o. What only makes sense here —
// the dialer, trust roots, the address to name in PORT, dialling an
// advertised address — is not sent: the remote probe uses its own.
func RequestOf(o probe.Options) Request {
	target := o.Host
	if o.Port > 0 {
		target = net.JoinHostPort(o.Host, strconv.Itoa(o.Port))
	} else if strings.Contains(o.Host, ":") {
		target = "[" + o.Host + "]"
	}
	r := Request{Target: target, User: o.User, Password: o.Password, TLS: o.TLS, Samples: o.Samples,
		Timeout: Duration(o.Timeout), DataTimeout: Duration(o.DataTimeout), Families: o.Families,
		AllAddresses: o.AllAddresses, Active: o.Active, MaxSessions: o.MaxSessions, NoStdClient: o.SkipStdClient}
	if o.ExpectRange != nil {
		r.ExpectRange = fmt.Sprintf("%d-%d", o.ExpectRange.Min, o.ExpectRange.Max)
	}
	if o.CertDays != 0 {
		days := max(o.CertDays, 0)
		r.CertDays = &days
	}
	return r
}
