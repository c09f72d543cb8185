package report

import (
	"net/netip"
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Placeholders stand in for values a diagnosis did not observe. They are
// also what `ftpnat explain` shows, so they read as instructions.
const (
	PlaceholderPublicAddress     = "<public-address>"
	PlaceholderAdvertisedAddress = "<advertised-address>"
	PlaceholderServerAddress     = "<server-lan-address>"
	PlaceholderControlPort       = "<control-port>"
	PlaceholderServerPort        = "<server-control-port>"
	PlaceholderPortMin           = "<port-min>"
	PlaceholderPortMax           = "<port-max>"
	PlaceholderPorts             = "<ports>"
	PlaceholderHost              = "<host>"
	PlaceholderClientAddress     = "<client-address>"
	PlaceholderClientPublic      = "<client-public-address>"
	PlaceholderClientNetwork     = "<inside-network>"
	PlaceholderForwarded         = "<forwarded-ports>"
	PlaceholderMissing           = "<missing-ports>"
	PlaceholderMissingMin        = "<missing-port-min>"
	PlaceholderMissingMax        = "<missing-port-max>"
	PlaceholderSpread            = "<spread>"
)

// Placeholders lists every value placeholder, for tests and docs.
func Placeholders() []string {
	return []string{
		PlaceholderPublicAddress, PlaceholderAdvertisedAddress, PlaceholderServerAddress,
		PlaceholderControlPort, PlaceholderServerPort, PlaceholderPortMin, PlaceholderPortMax, PlaceholderPorts,
		PlaceholderHost, PlaceholderClientAddress, PlaceholderClientPublic, PlaceholderClientNetwork, PlaceholderForwarded,
		PlaceholderMissing, PlaceholderMissingMin, PlaceholderMissingMax, PlaceholderSpread, PlaceholderEachPort,
		PlaceholderSessionLimit,
	}
}

// filler substitutes the {{name}} markers of fix templates with observed
// values. Every value is validated first: snippets are pasted into shells
// and config files, and some values originate from the server's replies.
//
// Lines holding a {{span...}} marker are repeated once per run of the
// missing ports ({{span}} "30010-30019", {{span_colon}} "30010:30019",
// {{span_to}} "30010 to 30019", {{span_min}}, {{span_max}}, {{span_i}}
// counting from 1), for tools that take one range per rule.
type filler struct {
	r       markers
	missing []span   // nil when unknown: span lines then show placeholders
	each    []string // every port of the range, for {{each_port}} lines (see eachPort)
}

func newFiller(f probe.Finding) filler {
	p := f.Params
	public := addrValue(p[probe.ParamPublicAddress], PlaceholderPublicAddress)
	server := addrValue(p[probe.ParamServerAddress], PlaceholderServerAddress)
	v6 := isIPv6(public) || isIPv6(server)
	missing, _ := spansValue(f.Ports.Missing)
	serverPort := serverPortValue(p)
	serverTarget := server + ":" + serverPort
	if isIPv6(server) {
		serverTarget = "[" + server + "]:" + serverPort
	}
	pairs := []string{
		"{{public}}", public,
		"{{advertised}}", addrValue(p[probe.ParamAdvertisedAddress], PlaceholderAdvertisedAddress),
		"{{server}}", server,
		"{{public_cidr}}", public + hostPrefix(public),
		"{{server_cidr}}", server + hostPrefix(server),
		"{{client}}", addrValue(p[probe.ParamClientAddress], PlaceholderClientAddress),
		"{{client_public}}", addrValue(p[probe.ParamClientPublicAddress], PlaceholderClientPublic),
		"{{client_network}}", prefixValue(p[probe.ParamClientNetwork], PlaceholderClientNetwork),
		"{{port}}", portValue(p[probe.ParamControlPort], PlaceholderControlPort),
		"{{server_port}}", serverPort,
		"{{server_port_target}}", serverTarget,
		"{{min}}", portValue(p[probe.ParamPortMin], PlaceholderPortMin),
		"{{max}}", portValue(p[probe.ParamPortMax], PlaceholderPortMax),
		"{{ports}}", portsValue(f.Ports.Ports, PlaceholderPorts),
		"{{alg_ports}}", portsValue(f.Ports.ALG, PlaceholderPorts),
		"{{forwarded}}", portsValue(f.Ports.Forwarded, PlaceholderForwarded),
		"{{missing}}", portsValue(f.Ports.Missing, PlaceholderMissing),
		"{{missing_words}}", spanList(missing, " ", PlaceholderMissing),
		"{{spread}}", countValue(p[probe.ParamSpread], PlaceholderSpread),
		"{{limit}}", countValue(p[probe.ParamSessionLimit], PlaceholderSessionLimit),
		"{{host}}", hostValue(p[probe.ParamHost]),
		"{{range}}", rangeWord(p),
		"{{nft_family}}", pick(v6, "ip6", "ip"),
		"{{iptables}}", pick(v6, "ip6tables", "iptables"),
		"{{any_cidr}}", pick(v6, "::/0", "0.0.0.0/0"),
	}
	return filler{r: markers(pairs), missing: missing, each: eachPort(p)}
}

func (f filler) fill(s string) string {
	if !strings.Contains(s, "{{span") && !strings.Contains(s, eachPortMarker) {
		return f.r.replace(s)
	}
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, eachPortMarker) {
			out = append(out, f.eachLines(l)...)
			continue
		}
		if !strings.Contains(l, "{{span") {
			out = append(out, f.r.replace(l))
			continue
		}
		for i, sp := range f.spanLines() {
			out = append(out, f.r.replace(sp.fill(l, i+1)))
		}
	}
	return strings.Join(out, "\n")
}

// spanValues are the texts one repetition of a span line is filled with.
type spanValues struct{ dash, colon, to, lo, hi string }

// spanLines are the values of each repetition: one per missing run, or a
// single one of placeholders when the runs are unknown.
func (f filler) spanLines() []spanValues {
	if f.missing == nil {
		return []spanValues{{
			dash:  PlaceholderMissingMin + "-" + PlaceholderMissingMax,
			colon: PlaceholderMissingMin + ":" + PlaceholderMissingMax,
			to:    PlaceholderMissingMin + " to " + PlaceholderMissingMax,
			lo:    PlaceholderMissingMin, hi: PlaceholderMissingMax,
		}}
	}
	out := make([]spanValues, 0, len(f.missing))
	for _, s := range f.missing {
		out = append(out, spanValues{s.format("-"), s.format(":"), s.format(" to "), strconv.Itoa(s.min), strconv.Itoa(s.max)})
	}
	return out
}

func (v spanValues) fill(line string, i int) string {
	return markers{"{{span}}", v.dash, "{{span_colon}}", v.colon, "{{span_to}}", v.to,
		"{{span_min}}", v.lo, "{{span_max}}", v.hi, "{{span_i}}", strconv.Itoa(i)}.replace(line)
}

// rangeWord names the port range the way the user must read it, from
// where its numbers come (probe.ParamRangeSource): the range the server is
// configured with is "configured"; one derived from samples "observed";
// one ftpnat suggests "recommended". Reports without a source fall back
// to probe.ParamRangeObserved.
func rangeWord(p probe.Params) string {
	switch probe.RangeSource(p[probe.ParamRangeSource]) {
	case probe.RangeConfigured:
		return "configured range"
	case probe.RangeObserved:
		return "observed range"
	case probe.RangeRecommended:
		return "recommended range"
	}
	switch p[probe.ParamRangeObserved] {
	case "true":
		return "observed range"
	case "false":
		return "recommended range"
	}
	return "passive port range"
}

func addrValue(s, placeholder string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil {
		return placeholder
	}
	return a.Unmap().WithZone("").String()
}

func isIPv6(s string) bool {
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6()
}

// hostPrefix is the single-host prefix length for an address, or /32 for a
// placeholder (IPv4 is by far the common case behind NAT).
func hostPrefix(s string) string { return pick(isIPv6(s), "/128", "/32") }

func portValue(s, placeholder string) string {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > 65535 {
		return placeholder
	}
	return strconv.Itoa(n)
}

// portsValue writes a list of ports and port runs as "a, b-c"; any
// invalid run makes the whole value unknown rather than half-right.
func portsValue(ps []probe.PortSpan, placeholder string) string {
	ss, ok := validSpans(ps)
	if !ok {
		return placeholder
	}
	return formatSpans(ss, "-", ", ")
}

// spansValue is the runs of a port list when they are few enough to
// write one rule each (see maxSpans).
func spansValue(ps []probe.PortSpan) ([]span, bool) {
	ss, ok := validSpans(ps)
	if !ok || len(ss) > maxSpans {
		return nil, false
	}
	return ss, true
}

func spanList(ss []span, sep, placeholder string) string {
	if ss == nil {
		return placeholder
	}
	return formatSpans(ss, "-", sep)
}

// serverPortValue is the port the server itself listens on: as the user
// said (--nat), the same as the public one for the standard ports, and
// unknown otherwise, since a published port may map to any other.
func serverPortValue(p probe.Params) string {
	if v := portValue(p[probe.ParamServerPort], ""); v != "" {
		return v
	}
	switch public := portValue(p[probe.ParamControlPort], ""); public {
	case "21", "990":
		return public
	}
	return PlaceholderServerPort
}

// prefixValue accepts an address prefix ("10.0.0.0/24").
func prefixValue(s, placeholder string) string {
	p, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil {
		return placeholder
	}
	return p.Masked().String()
}

// countValue accepts a non-negative decimal number.
func countValue(s, placeholder string) string {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 || n > 65535 {
		return placeholder
	}
	return strconv.Itoa(n)
}

// hostValue accepts DNS names and address literals only.
func hostValue(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 253 {
		return PlaceholderHost
	}
	for _, c := range s {
		ok := c == '.' || c == '-' || c == '_' || c == ':' ||
			(c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
		if !ok {
			return PlaceholderHost
		}
	}
	return s
}

func pick(cond bool, yes, no string) string {
	if cond {
		return yes
	}
	return no
}
