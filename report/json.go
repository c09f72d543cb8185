package report

import (
	"encoding/json"
	"io"
	"net/netip"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// SchemaVersion is the version of the JSON report (docs/report.schema.json).
const SchemaVersion = 1

// Tool identifies the program that wrote a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Report is the JSON report, schema version 1. Field names are a contract
// (ARCHITECTURE.md); fields may be added, never renamed. Field order is the
// output order. Nothing in it can carry a password: the probe redacts PASS
// and no option value is copied here.
type Report struct {
	SchemaVersion int    `json:"schema_version"`
	Tool          Tool   `json:"tool"`
	Target        Target `json:"target"`
	StartedAt     string `json:"started_at"` // RFC 3339, UTC
	DurationMS    int64  `json:"duration_ms"`
	Timing        Timing `json:"timing"`
	Simulated     bool   `json:"simulated"` // `ftpnat demo` against an in-process server
	// Vantage names the remote probe that ran the diagnosis (ftpnat
	// diagnose --via); absent for a diagnosis run here.
	Vantage        *Vantage       `json:"vantage,omitempty"`
	TimedOut       bool           `json:"timed_out"` // the overall --timeout ended the run
	Server         Server         `json:"server"`
	TLS            TLS            `json:"tls"`
	Passive        Passive        `json:"passive"`
	Active         Active         `json:"active"`
	Transfer       *Transfer      `json:"transfer"` // null when no listing was attempted
	StandardClient StandardClient `json:"standard_client"`
	SessionError   *SessionError  `json:"session_error"` // null unless the session broke off
	// Paths has one entry per path diagnosed (address × transport); the
	// top-level fields describe the reference path among them.
	Paths      []PathReport     `json:"paths"`
	Checks     []Check          `json:"checks"`
	Phases     []Phase          `json:"phases"`
	Findings   []Finding        `json:"findings"`
	Verdict    string           `json:"verdict"`
	ExitCode   int              `json:"exit_code"`
	Headline   string           `json:"headline"`
	Transcript []TranscriptLine `json:"transcript"`
}

// Vantage is where a diagnosis ran when it did not run here.
type Vantage struct {
	Remote string `json:"remote"` // the host of the remote probe's URL
}

// Target is what was diagnosed and how it was reached.
type Target struct {
	Host         string   `json:"host"`
	Port         int      `json:"port"`
	Address      string   `json:"address"` // control peer actually used; "" when no connection succeeded
	TLSMode      string   `json:"tls_mode"`
	Addresses    []string `json:"addresses"` // every address the name resolved to, in the order tried
	ResolveError string   `json:"resolve_error"`
}

// Server is what the server said about itself.
type Server struct {
	Banner         string   `json:"banner"` // the greeting as received
	Software       string   `json:"software"`
	Version        string   `json:"version"`
	SoftwareSource string   `json:"software_source"` // probe.FingerprintSources() or ""
	Syst           string   `json:"syst"`
	SystMasked     bool     `json:"syst_masked"`
	Features       []string `json:"features"`
	LoggedIn       bool     `json:"logged_in"`
}

// Passive holds every PASV and EPSV exchange and the port range they show.
type Passive struct {
	PASV      []PASVSample `json:"pasv"`
	EPSV      []EPSVSample `json:"epsv"`
	PortRange PortRange    `json:"port_range"`
	// RangeCheck is the --expect-range check; null when not asked for
	// (and always in the TLS session, which shares the top-level one).
	RangeCheck *RangeCheck `json:"range_check"`
}

// PASVSample is one PASV exchange and the connect test of its port.
type PASVSample struct {
	Reply        string `json:"reply"` // raw reply lines joined by "\n"
	Accepted     bool   `json:"accepted"`
	Standard     bool   `json:"standard"`
	Format       string `json:"format"`
	Error        string `json:"error"`
	Address      string `json:"address"`
	Port         int    `json:"port"`
	AddressClass string `json:"address_class"`
	// Reach is the connect test to the control peer's address and the
	// announced port; AdvertisedReach the one to the announced address.
	Reach           string `json:"reach"`
	ConnectMS       int64  `json:"connect_ms"`
	ConnectError    string `json:"connect_error"`
	AdvertisedReach string `json:"advertised_reach"`
}

// EPSVSample is one EPSV exchange and the connect test of its port.
type EPSVSample struct {
	Reply        string `json:"reply"`
	Accepted     bool   `json:"accepted"`
	Standard     bool   `json:"standard"`
	Format       string `json:"format"`
	Error        string `json:"error"`
	Port         int    `json:"port"`
	Reach        string `json:"reach"`
	ConnectMS    int64  `json:"connect_ms"`
	ConnectError string `json:"connect_error"`
}

// PortRange is the span of passive ports seen; all zero without samples.
type PortRange struct {
	Min     int `json:"min"`
	Max     int `json:"max"`
	Samples int `json:"samples"` // usable PASV and EPSV replies
	Spread  int `json:"spread"`  // max - min
	// AnyPort: the samples look like any ephemeral port (no range configured).
	AnyPort bool `json:"any_port"`
	// ALGPorts are the ports of the range that other protocols' ALGs grab.
	ALGPorts []int `json:"alg_ports"`
}

// Transfer is the real directory listing.
type Transfer struct {
	Command    string   `json:"command"`
	Via        string   `json:"via"`
	Endpoint   string   `json:"endpoint"`
	OK         bool     `json:"ok"`
	Bytes      int64    `json:"bytes"`
	Lines      int      `json:"lines"`
	Error      string   `json:"error"`
	DurationMS int64    `json:"duration_ms"`
	Replies    []string `json:"replies"`
}

// StandardClient is the outcome of the standard-client check.
type StandardClient struct {
	Ran        bool   `json:"ran"`
	OK         bool   `json:"ok"`
	Entries    int    `json:"entries"`
	Error      string `json:"error"`
	DurationMS int64  `json:"duration_ms"`
	// Debug is the control conversation as the library logged it (PASS redacted).
	Debug []string `json:"debug"`
}

// SessionError is how the control session broke off.
type SessionError struct {
	Step    string `json:"step"`
	Command string `json:"command"`
	Kind    string `json:"kind"`
	Error   string `json:"error"`
}

// Check is one step of the diagnosis.
type Check struct {
	Name       string `json:"name"`
	Path       string `json:"path"` // the path the step ran on ("ipv4 203.0.113.10 plaintext"); "" for the run's own steps
	Status     string `json:"status"`
	DurationMS int64  `json:"duration_ms"`
	Detail     string `json:"detail"`
}

// Phase is the wall time of one step.
type Phase struct {
	Name       string `json:"name"`
	Path       string `json:"path"`
	DurationMS int64  `json:"duration_ms"`
}

// Finding is one finding with its catalog words and filled-in fixes.
type Finding struct {
	ID          string            `json:"id"`
	Severity    string            `json:"severity"`
	Title       string            `json:"title"`
	Summary     string            `json:"summary"`
	Evidence    []string          `json:"evidence"`
	Remediation []Remediation     `json:"remediation"`
	Explanation string            `json:"explanation"`
	Advice      string            `json:"advice"`
	Params      map[string]string `json:"params"`
	Clients     []ClientJSON      `json:"clients,omitempty"` // which common clients cope and which fail
}

// TranscriptLine is one line of a control-channel conversation.
type TranscriptLine struct {
	TMS     int64  `json:"t_ms"`
	Dir     string `json:"dir"`
	Line    string `json:"line"`
	Session string `json:"session"`
}

// Build turns a Result into the schema-v1 report. Slices are never nil, so
// the JSON always has [] rather than null for lists.
func Build(res probe.Result, tool Tool) Report {
	f := res.Facts
	ref := res.RefPath()
	verdict := verdictOf(res)
	return Report{
		SchemaVersion:  SchemaVersion,
		Tool:           tool,
		Target:         buildTarget(f, ref),
		StartedAt:      res.StartedAt.UTC().Format(time.RFC3339Nano),
		DurationMS:     res.Duration.Milliseconds(),
		Timing:         buildTiming(f.Timing),
		Simulated:      res.Simulated,
		Vantage:        buildVantage(f.Vantage),
		TimedOut:       f.TimedOut,
		Server:         buildServer(ref, res.Software),
		TLS:            buildTLS(res),
		Passive:        buildPassive(ref, res.Range),
		Active:         buildActive(ref.Active),
		Transfer:       buildTransfer(ref.Transfer),
		StandardClient: buildStdClient(ref.StdClient),
		SessionError:   buildSessionError(ref.SessionError),
		Paths:          buildPaths(res),
		Checks:         mapSlice(res.Checks, buildCheck),
		Phases: mapSlice(f.Phases, func(p probe.Phase) Phase {
			return Phase{Name: p.Name, Path: pathLabel(p.Path), DurationMS: p.Duration.Milliseconds()}
		}),
		Findings:   mapSlice(res.Findings, func(fd probe.Finding) Finding { return buildFinding(fd, res.Software) }),
		Verdict:    string(verdict),
		ExitCode:   verdict.ExitCode(),
		Headline:   Headline(res),
		Transcript: mapSlice(res.Transcript, buildTranscriptLine),
	}
}

func buildVantage(v probe.Vantage) *Vantage {
	if v.Remote == "" {
		return nil
	}
	return &Vantage{Remote: sanitize(v.Remote)}
}

// WriteJSON writes the report indented, with a trailing newline. HTML
// escaping is off so placeholders like <public-address> stay readable.
func WriteJSON(w io.Writer, res probe.Result, tool Tool) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(Build(res, tool))
}

// verdictOf treats a missing verdict as unknown: an empty Result proves nothing.
func verdictOf(res probe.Result) probe.Verdict {
	if res.Verdict == "" {
		return probe.VerdictUnknown
	}
	return res.Verdict
}

func buildTarget(f probe.Facts, ref *probe.Path) Target {
	addr := ""
	if ref.Connected() {
		addr = addrString(ref.Address)
	}
	return Target{
		Host:         f.Host,
		Port:         f.Port,
		Address:      addr,
		TLSMode:      string(f.TLSMode),
		Addresses:    mapSlice(f.Addresses, addrString),
		ResolveError: f.ResolveError,
	}
}

func buildServer(f *probe.Path, sw probe.Software) Server {
	s := Server{
		Banner:         replyRaw(f.Greeting),
		Software:       softwareName(sw.Name),
		Version:        sw.Version,
		SoftwareSource: sw.Source,
		Features:       []string{},
		LoggedIn:       f.LoggedIn,
	}
	if f.Syst != nil {
		s.Syst = f.Syst.Text()
	}
	if f.SystInfo != nil {
		s.SystMasked = f.SystInfo.Masked
	}
	if f.Features != nil {
		s.Features = append(s.Features, f.Features.List...)
	}
	return s
}

// softwareName maps an empty name to "unknown", the schema's word for it.
func softwareName(n string) string {
	if n == "" {
		return probe.SoftwareUnknown
	}
	return n
}

// buildPassive describes one path's passive samples, their range and
// the path's range check.
func buildPassive(f *probe.Path, pr probe.PortRange) Passive {
	p := Passive{
		PASV: mapSlice(f.PASV, func(s probe.PassiveSample) PASVSample {
			return PASVSample{
				Reply: s.Reply.Raw(), Accepted: s.Accepted, Standard: s.Standard, Format: s.Format, Error: s.Error,
				Address: addrString(s.Address), Port: int(s.Port), AddressClass: string(s.Class),
				Reach: reachOf(&s.Peer), ConnectMS: s.Peer.Duration.Milliseconds(), ConnectError: s.Peer.Error,
				AdvertisedReach: reachOf(s.Advertised),
			}
		}),
		EPSV: mapSlice(f.EPSV, func(s probe.PassiveSample) EPSVSample {
			return EPSVSample{
				Reply: s.Reply.Raw(), Accepted: s.Accepted, Standard: s.Standard, Format: s.Format, Error: s.Error,
				Port: int(s.Port), Reach: reachOf(&s.Peer), ConnectMS: s.Peer.Duration.Milliseconds(), ConnectError: s.Peer.Error,
			}
		}),
	}
	p.PortRange = buildPortRange(pr)
	p.RangeCheck = buildRangeCheck(f.Range)
	return p
}

// reachOf is "not_tested" when there was no connect test.
func reachOf(d *probe.Dial) string {
	if d == nil || d.Reach == "" {
		return string(probe.ReachNotTested)
	}
	return string(d.Reach)
}

func buildTransfer(t *probe.Transfer) *Transfer {
	if t == nil {
		return nil
	}
	ep := ""
	if t.Endpoint.IsValid() {
		ep = t.Endpoint.String()
	}
	return &Transfer{
		Command: t.Command, Via: t.Via, Endpoint: ep, OK: t.OK, Bytes: t.Bytes, Lines: t.Lines,
		Error: t.Error, DurationMS: t.Duration.Milliseconds(),
		Replies: mapSlice(t.Replies, func(r probe.Reply) string { return r.Raw() }),
	}
}

func buildStdClient(c *probe.StdClient) StandardClient {
	if c == nil {
		return StandardClient{Debug: []string{}}
	}
	return StandardClient{Ran: c.Ran, OK: c.OK, Entries: c.Entries, Error: c.Error, DurationMS: c.Duration.Milliseconds(),
		Debug: nonNil(c.Debug)}
}

func buildSessionError(e *probe.SessionError) *SessionError {
	if e == nil {
		return nil
	}
	return &SessionError{Step: e.Step, Command: e.Command, Kind: string(e.Kind), Error: e.Error}
}

func buildCheck(c probe.Check) Check {
	return Check{Name: c.Name, Path: pathLabel(c.Path), Status: string(c.Status), DurationMS: c.Duration.Milliseconds(), Detail: c.Detail}
}

func buildFinding(f probe.Finding, sw probe.Software) Finding {
	out := Finding{
		ID:          f.ID,
		Severity:    string(severityOf(f)),
		Title:       title(f.ID),
		Summary:     f.Summary,
		Evidence:    append([]string{}, f.Evidence...),
		Remediation: append([]Remediation{}, RemediateSoftware(f, sw)...),
		Params:      map[string]string{},
	}
	if e, ok := Lookup(f.ID); ok {
		out.Explanation = e.Explanation
		out.Advice = e.Advice(f)
	}
	if c, ok := ClientsFor(f); ok {
		out.Clients = buildClients(c)
	}
	for k, v := range f.Params {
		out.Params[k] = v
	}
	for k, ps := range map[string][]probe.PortSpan{JSONPorts: f.Ports.Ports, JSONForwarded: f.Ports.Forwarded,
		JSONMissing: f.Ports.Missing, JSONALGPorts: f.Ports.ALG} {
		if len(ps) > 0 {
			out.Params[k] = probe.FormatSpans(ps)
		}
	}
	return out
}

// The keys under which a finding's port lists stand among its JSON params,
// written as "30001, 30004" or "30010-30019, 30025".
const (
	JSONPorts     = "ports"     // the ports concerned
	JSONForwarded = "forwarded" // of a verified range: the runs that answer
	JSONMissing   = "missing"   // of a verified range: the runs that do not
	JSONALGPorts  = "alg_ports" // ports of the range that other ALGs grab
)

func buildTranscriptLine(t probe.TranscriptEntry) TranscriptLine {
	return TranscriptLine{TMS: t.T.Milliseconds(), Dir: t.Dir, Line: t.Line, Session: t.Session}
}

func addrString(a netip.Addr) string {
	if !a.IsValid() {
		return ""
	}
	return a.String()
}

func replyRaw(r *probe.Reply) string {
	if r == nil {
		return ""
	}
	return r.Raw()
}

// mapSlice converts every element; the result is never nil.
func mapSlice[T, U any](in []T, fn func(T) U) []U {
	out := make([]U, 0, len(in))
	for _, v := range in {
		out = append(out, fn(v))
	}
	return out
}

// nonNil keeps JSON arrays as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
