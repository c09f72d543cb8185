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
	PlaceholderPortMin           = "<port-min>"
	PlaceholderPortMax           = "<port-max>"
	PlaceholderPorts             = "<ports>"
	PlaceholderHost              = "<host>"
)

// Placeholders lists every value placeholder, for tests and docs.
func Placeholders() []string {
	return []string{
		PlaceholderPublicAddress, PlaceholderAdvertisedAddress, PlaceholderServerAddress,
		PlaceholderControlPort, PlaceholderPortMin, PlaceholderPortMax, PlaceholderPorts,
		PlaceholderHost,
	}
}

// filler substitutes the {{name}} markers of fix templates with observed
// values. Every value is validated first: snippets are pasted into shells
// and config files, and some values originate from the server's replies.
type filler struct{ r *strings.Replacer }

func newFiller(p probe.Params) filler {
	public := addrValue(p[probe.ParamPublicAddress], PlaceholderPublicAddress)
	server := addrValue(p[probe.ParamServerAddress], PlaceholderServerAddress)
	v6 := isIPv6(public) || isIPv6(server)
	pairs := []string{
		"{{public}}", public,
		"{{advertised}}", addrValue(p[probe.ParamAdvertisedAddress], PlaceholderAdvertisedAddress),
		"{{server}}", server,
		"{{public_cidr}}", public + hostPrefix(public),
		"{{server_cidr}}", server + hostPrefix(server),
		"{{port}}", portValue(p[probe.ParamControlPort], PlaceholderControlPort),
		"{{min}}", portValue(p[probe.ParamPortMin], PlaceholderPortMin),
		"{{max}}", portValue(p[probe.ParamPortMax], PlaceholderPortMax),
		"{{ports}}", portsValue(p[probe.ParamPorts]),
		"{{host}}", hostValue(p[probe.ParamHost]),
		"{{range}}", rangeWord(p[probe.ParamRangeObserved]),
		"{{nft_family}}", pick(v6, "ip6", "ip"),
		"{{iptables}}", pick(v6, "ip6tables", "iptables"),
		"{{any_cidr}}", pick(v6, "::/0", "0.0.0.0/0"),
	}
	return filler{strings.NewReplacer(pairs...)}
}

func (f filler) fill(s string) string { return f.r.Replace(s) }

// rangeWord names the port range the way the user must read it: a range
// derived from samples is "observed"; one ftpnat suggests is "recommended".
func rangeWord(observed string) string {
	switch observed {
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

// portsValue normalises a comma-separated port list; any invalid entry
// makes the whole value unknown rather than half-right.
func portsValue(s string) string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		v := portValue(f, "")
		if v == "" {
			return PlaceholderPorts
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return PlaceholderPorts
	}
	return strings.Join(out, ", ")
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
