package diagnosis

import (
	"cmp"
	"slices"
)

// causalOrder lists the finding IDs in the order a session meets the
// problems they describe: a problem earlier in the list keeps the later
// ones from being seen or fixed, so among findings of equal severity the
// earlier one is the root cause and heads the report. Name resolution
// before the control connection, the control session before the address
// the server announces, the address before the reachability of the data
// ports, reachability before the transfer itself; descriptions of the
// server (its banner, its passive range) come last.
var causalOrder = []string{
	FindingDNSUnresolved,
	FindingVantageInside,
	FindingControlUnreachable,
	FindingFamilyControlBlocked,
	FindingVantageNoHairpin,
	FindingControlNoGreeting,
	FindingConnectionLimit,
	FindingControlSessionFailed,
	FindingLoginFailed,
	FindingTLSNotOffered,
	FindingTLSHandshakeFailed,
	FindingTLSCertificateInvalid,
	FindingTLSCertificateExpiring,
	FindingALGReplyDropped,
	FindingPASVUnsupported,
	FindingPASVMalformed,
	FindingEPSVMalformed,
	FindingPASVUnroutable,
	FindingALGPASVRewritten,
	FindingPASVMismatch,
	FindingBalancerNoAffinity,
	FindingDataPortFiltered,
	FindingDataPortRefused,
	FindingRangePartiallyBlocked,
	FindingFamilyDataBlocked,
	FindingALGDataPortsInspection,
	FindingControlHeldForData,
	FindingTLSSessionReuseRequired,
	FindingDataTransferFailed,
	FindingTLSDataFailed,
	FindingActivePortRejected,
	FindingActiveNoConnectBack,
	FindingEPSVUnsupported,
	FindingALGSystMasked,
	FindingBannerLeaksPrivateAddr,
	FindingPassivePortRange,
}

// causeRank is a finding ID's place in causalOrder; an ID the list does
// not know comes after every listed one.
func causeRank(id string) int {
	if i := slices.Index(causalOrder, id); i >= 0 {
		return i
	}
	return len(causalOrder)
}

// CompareFindings is the one order of findings: the most severe first;
// among equals the root cause first (causalOrder), then by ID. Every list
// of findings and every headline (the first finding) follows it.
func CompareFindings(a, b Finding) int {
	if c := cmp.Compare(b.Severity.Rank(), a.Severity.Rank()); c != 0 {
		return c
	}
	if c := cmp.Compare(causeRank(a.ID), causeRank(b.ID)); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}
