package report

import (
	"slices"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// Remediation is one fix, for one server software or network device,
// filled in with the values a diagnosis observed.
type Remediation struct {
	AppliesTo string `json:"applies_to"` // a Target* slug
	Text      string `json:"text"`       // what to do, in plain language
	Config    string `json:"config"`     // ready-to-paste snippet; empty when the fix is a setting in a GUI
}

// Network targets (AppliesTo slugs). Server targets are the probe.Software*
// names of the servers ftpnat has fixes for.
const (
	TargetPortForwarding = "port-forwarding" // any NAT router / Docker port publishing
	TargetNftables       = "nftables"
	TargetIptables       = "iptables"
	TargetCiscoASA       = "cisco-asa"
	TargetJuniperSRX     = "juniper-srx"
	TargetMikroTik       = "mikrotik"
	TargetCloud          = "cloud" // AWS security groups, Azure NSG, GCP firewall rules
	TargetHAProxy        = "haproxy"
	TargetNginx          = "nginx" // the stream module (TCP)
	TargetKubernetes     = "kubernetes"
)

// ServerTargets lists the server programs with fixes, in the order of the
// program registry (probe.Programs).
func ServerTargets() []string {
	var out []string
	for _, t := range serverTargets() {
		out = append(out, t.slug)
	}
	return out
}

// NetworkTargets lists the network devices with fixes, in display order:
// the ones that forward and filter ports, then the load balancers.
func NetworkTargets() []string { return append(ForwardingTargets(), BalancerTargets()...) }

// ForwardingTargets are the devices that forward and filter ports.
func ForwardingTargets() []string {
	return []string{TargetPortForwarding, TargetNftables, TargetIptables, TargetCiscoASA,
		TargetJuniperSRX, TargetMikroTik, TargetCloud}
}

// BalancerTargets are the load balancers with fixes of their own.
func BalancerTargets() []string { return []string{TargetHAProxy, TargetNginx, TargetKubernetes} }

// Targets lists every AppliesTo slug: servers, then network.
func Targets() []string { return append(ServerTargets(), NetworkTargets()...) }

// Remediate returns the fixes for a finding, filled with its Params, in
// the order its cause calls for (Entry.Cause): for a server cause the
// detected software first, then the other server software, then the
// network; for a network cause the network devices first, then the
// detected software. Unknown finding IDs have no fixes.
func Remediate(f probe.Finding, software string) []Remediation {
	return RemediateSoftware(f, probe.Software{Name: software})
}

// RemediateSoftware is Remediate for the detected software with its
// version: programs whose versions are configured differently (FileZilla
// Server 0.9 and 1.x) get the fix for the version that answered.
func RemediateSoftware(f probe.Finding, sw probe.Software) []Remediation {
	e, ok := Lookup(f.ID)
	if !ok {
		return nil
	}
	return e.RemediationFor(f, sw)
}

// recipe names one kind of fix; each target's playbook says how to apply
// it there. Findings list the recipes that address them.
type recipe string

const (
	fixAdvertise      recipe = "advertise"       // server: announce the public address + pin the range
	fixPinRange       recipe = "pin-range"       // server: pin the passive range
	fixForward        recipe = "forward"         // network: forward/allow control port + range
	fixForwardControl recipe = "forward-control" // network: forward/allow the control port
	fixForwardMissing recipe = "forward-missing" // network: forward/allow the missing part of the range
	fixInspectionOff  recipe = "inspection-off"  // network: stop FTP inspection / ALG
	fixUnmaskSyst     recipe = "unmask-syst"     // network: ASA SYST masking
	fixGreeting       recipe = "greeting"        // server: connection limits, slow lookups
	fixLogin          recipe = "login"           // server: account and anonymous settings
	fixEnableTLS      recipe = "enable-tls"
	fixTLSSettings    recipe = "tls-settings"
	fixCertificate    recipe = "certificate"
	fixSessionReuse   recipe = "session-reuse"
	fixEnablePASV     recipe = "enable-pasv"
	fixTransfer       recipe = "transfer"      // server: reading data-connection errors
	fixActive         recipe = "active"        // server: PORT/EPRT policy
	fixActiveClient   recipe = "active-client" // client side: active mode through the client's NAT
	fixBanner         recipe = "banner"
	fixUnspecified    recipe = "unspecified"        // server: it announces 0.0.0.0 (else as fixAdvertise)
	fixAllowV6        recipe = "allow-ipv6"         // network: allow the passive range to the server's IPv6 address (no NAT)
	fixAllowV6Control recipe = "allow-ipv6-control" // network: allow the control port to the server's IPv6 address
	fixListenIPv6     recipe = "listen-ipv6"        // server: listen on IPv6
	fixAffinity       recipe = "affinity"           // network: keep a client's connections on one backend
	fixPublishRange   recipe = "publish-range"      // network: publish the passive range 1:1 behind a port mapping
	fixHairpin        recipe = "hairpin"            // network: NAT loopback for clients inside the server's network
	fixHairpinControl recipe = "hairpin-control"    // network: NAT loopback for the control port
	fixSplitRanges    recipe = "split-ranges"       // server: a passive range of its own per backend
)

// fix is a template: {{name}} markers are replaced by filler.
type fix struct{ text, config string }

// lines joins config lines; it keeps the tables readable.
func lines(l ...string) string { return strings.Join(l, "\n") }

// fallback is the recipe a target applies when it has no way of its own
// for a more specific one.
var fallback = map[recipe]recipe{fixUnspecified: fixAdvertise}

// playbook is how one target applies each recipe it supports.
type playbook map[recipe]fix

type target struct {
	slug string
	book playbook
}

// servers and network return fresh tables on every call: the package keeps
// no mutable state.
func servers() []target {
	return []target{
		{probe.SoftwareVsftpd, vsftpdFixes()},
		{probe.SoftwareProFTPD, proftpdFixes()},
		{probe.SoftwarePureFTPd, pureftpdFixes()},
		{probe.SoftwareIIS, iisFixes()},
		{probe.SoftwareFileZilla, filezillaFixes()},
		{probe.SoftwareServU, servuFixes()},
		{probe.SoftwareAioftp, aioftpFixes()},
		{probe.SoftwareWingFTP, wingFTPFixes()},
		{probe.SoftwareCrushFTP, crushFTPFixes()},
		{probe.SoftwareCerberus, cerberusFixes()},
		{probe.SoftwareTitan, titanFixes()},
		{probe.SoftwareBitvise, bitviseFixes()},
		{probe.SoftwareGlFTPd, glftpdFixes()},
		{probe.SoftwareAWS, awsTransferFixes()},
		{probe.SoftwarePyftpdlib, pyftpdlibFixes()},
		{probe.SoftwareTwisted, twistedFixes()},
		{probe.SoftwareInetutils, inetutilsFixes()},
		{probe.SoftwareNetkit, netkitFixes()},
	}
}

func network() []target {
	return []target{
		{TargetPortForwarding, portForwardingFixes()},
		{TargetNftables, nftablesFixes()},
		{TargetIptables, iptablesFixes()},
		{TargetCiscoASA, ciscoASAFixes()},
		{TargetJuniperSRX, juniperSRXFixes()},
		{TargetMikroTik, mikrotikFixes()},
		{TargetCloud, cloudFixes()},
		{TargetHAProxy, haproxyFixes()},
		{TargetNginx, nginxFixes()},
		{TargetKubernetes, kubernetesFixes()},
	}
}

// serverTargets are the servers with fixes in the order of the program
// registry (see remedies): shared, so the caller must not change them.
func serverTargets() []target { return remedyTables().servers }

// sortedServers are the servers with fixes in the order of the program
// registry; a playbook for a slug the registry does not know comes last.
func sortedServers() []target {
	ts := servers()
	rank := map[string]int{}
	for i, p := range probe.Programs() {
		rank[p.Slug] = i
	}
	pos := func(slug string) int {
		if i, ok := rank[slug]; ok {
			return i
		}
		return len(rank)
	}
	slices.SortStableFunc(ts, func(a, b target) int { return pos(a.slug) - pos(b.slug) })
	return ts
}

// orderedTargets orders the targets by the finding's cause (see
// Cause.orderedFor): the detected software (its playbook for the detected
// version), the other servers in registry order, and the network.
func orderedTargets(sw probe.Software, cause Cause) []target {
	var detected, others []target
	for _, t := range serverTargets() {
		if t.slug == sw.Name {
			t.book = versionedBook(t, sw.Version)
			detected = append(detected, t)
		} else {
			others = append(others, t)
		}
	}
	return cause.orderedFor(detected, others, remedyTables().network)
}

func remediate(recipes []recipe, p probe.Finding, sw probe.Software, cause Cause) []Remediation {
	if len(recipes) == 0 {
		return nil
	}
	fl := newFiller(p)
	var out []Remediation
	for _, t := range orderedTargets(sw, cause) {
		for _, r := range recipes {
			f, ok := t.book[r]
			if !ok {
				f, ok = t.book[fallback[r]]
			}
			if !ok {
				f, ok = topicFixes(t.slug)[r]
			}
			if ok {
				out = append(out, Remediation{AppliesTo: t.slug, Text: fl.fill(f.text), Config: fl.fill(f.config)})
			}
		}
	}
	return out
}
