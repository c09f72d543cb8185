package diagnosis

// Severity of a finding.
type Severity string

const (
	SeverityInfo     Severity = "info"
	SeverityWarning  Severity = "warning"
	SeverityCritical Severity = "critical"
)

// Rank orders severities: info < warning < critical.
func (s Severity) Rank() int {
	switch s {
	case SeverityCritical:
		return 2
	case SeverityWarning:
		return 1
	default:
		return 0
	}
}

// Finding IDs are a public contract (docs/findings.md, JSON reports, metrics).
const (
	FindingDNSUnresolved           = "dns.unresolved"
	FindingControlUnreachable      = "control.unreachable"
	FindingControlNoGreeting       = "control.no_greeting"
	FindingControlSessionFailed    = "control.session_failed"
	FindingControlHeldForData      = "control.held_for_data"
	FindingLoginFailed             = "login.failed"
	FindingTLSNotOffered           = "tls.not_offered"
	FindingPASVUnroutable          = "pasv.unroutable_address"
	FindingPASVMismatch            = "pasv.address_mismatch"
	FindingPASVUnsupported         = "pasv.unsupported"
	FindingPASVMalformed           = "pasv.malformed"
	FindingEPSVUnsupported         = "epsv.unsupported"
	FindingEPSVMalformed           = "epsv.malformed"
	FindingDataPortFiltered        = "data.port_filtered"
	FindingDataPortRefused         = "data.port_refused"
	FindingDataTransferFailed      = "data.transfer_failed"
	FindingPassivePortRange        = "passive.port_range"
	FindingBannerLeaksPrivateAddr  = "banner.leaks_private_address"
	FindingTLSHandshakeFailed      = "tls.handshake_failed"
	FindingTLSCertificateInvalid   = "tls.certificate_invalid"
	FindingTLSCertificateExpiring  = "tls.certificate_expiring"
	FindingTLSSessionReuseRequired = "tls.session_reuse_required"
	FindingTLSDataFailed           = "tls.data_failed"
	FindingRangePartiallyBlocked   = "passive.range_partially_blocked"
	FindingALGPASVRewritten        = "alg.pasv_rewritten"
	FindingALGDataPortsInspection  = "alg.data_ports_need_inspection"
	FindingALGReplyDropped         = "alg.reply_dropped"
	FindingALGSystMasked           = "alg.syst_masked"
	FindingActivePortRejected      = "active.port_rejected"
	FindingActiveNoConnectBack     = "active.no_connect_back"
	FindingFamilyDataBlocked       = "family.data_blocked"
	FindingFamilyControlBlocked    = "family.control_unreachable"
	FindingBalancerNoAffinity      = "balancer.no_affinity"
	FindingVantageInside           = "vantage.inside_network"
	FindingVantageNoHairpin        = "vantage.no_hairpin"
)

// Params are the observed values a finding's remediation is filled in with.
// Keys are the Param* constants; every value is plain text.
type Params map[string]string

const (
	ParamPublicAddress     = "public_address"     // the address the client reached the server at
	ParamAdvertisedAddress = "advertised_address" // the address the server put in its 227 reply
	ParamServerAddress     = "server_address"     // the server's own (internal) address, when known
	ParamControlPort       = "control_port"       // the port clients connect to (the public one)
	ParamServerPort        = "server_port"        // the port the server itself listens on, when the user said (--nat)
	ParamPortMin           = "port_min"           // passive range: observed or recommended
	ParamPortMax           = "port_max"
	ParamRangeObserved     = "range_observed" // "true" when min/max come from samples, "false" when recommended
	ParamRangeSource       = "range_source"   // where min/max come from: a RangeSource (configured, observed, recommended)
	ParamHost              = "host"
	ParamFamily            = "family"          // the address family of the path concerned: ipv4 | ipv6
	ParamWorkingFamily     = "working_family"  // family.*: the family that works
	ParamWorkingAddress    = "working_address" // family.*: the address that works

	ParamClientAddress       = "client_address"        // the address PORT/EPRT named (ftpnat's listener)
	ParamClientPublicAddress = "client_public_address" // the client address the server says it sees
	ParamClientNetwork       = "client_network"        // the network of this machine's address on the path
	ParamSpread              = "spread"                // max - min of the sampled passive ports
	ParamAnyPort             = "any_port"              // "true" when the samples look like any ephemeral port

	ParamNotAfter = "not_after" // tls.certificate_expiring: the certificate's end of validity, RFC 3339
	ParamDaysLeft = "days_left" // tls.certificate_expiring: whole days until then
)

// Finding is one diagnosed problem (or notable fact) with its evidence.
type Finding struct {
	ID       string
	Severity Severity
	Summary  string   // one sentence with the observed values
	Evidence []string // see below
	Params   Params
	// Ports are the port lists the finding concerns, as numbers.
	Ports PortLists
	// Paths are the paths that show the problem.
	Paths []PathID
}

// PortLists are the port lists a finding concerns. Fixes are filled in
// with them, one rule per run for tools that take one range per rule.
type PortLists struct {
	Ports     []PortSpan // the ports concerned
	Forwarded []PortSpan // of a verified range: the runs that answer
	Missing   []PortSpan // of a verified range: the runs that do not
	ALG       []PortSpan // ports of the range that other protocols' ALGs grab
}

// SpansOf lists ports as one-port runs, in order.
func SpansOf(ports []int) []PortSpan {
	if len(ports) == 0 {
		return nil
	}
	out := make([]PortSpan, len(ports))
	for i, p := range ports {
		out[i] = PortSpan{Min: p, Max: p}
	}
	return out
}

// Evidence lines that start with EvidenceRecv are verbatim lines received
// from the server, EvidenceSent lines are commands sent (PASS redacted);
// every other line is a measured fact in plain words.
const (
	EvidenceRecv = "< "
	EvidenceSent = "> "
)
