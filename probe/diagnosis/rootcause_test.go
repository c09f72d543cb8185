package diagnosis

import (
	"slices"
	"testing"
)

// Among findings of one severity the root cause comes first, whatever
// the IDs' alphabetical order; severity still decides first.
func TestCompareFindingsRootCause(t *testing.T) {
	c, w, i := SeverityCritical, SeverityWarning, SeverityInfo
	tests := []struct {
		name string
		in   []Finding
		want []string
	}{
		{"the unroutable address before the filtered ports it leads to",
			[]Finding{{ID: FindingDataPortFiltered, Severity: c}, {ID: FindingPASVUnroutable, Severity: c}},
			[]string{FindingPASVUnroutable, FindingDataPortFiltered}},
		{"an address mismatch heads a warning passive range",
			[]Finding{{ID: FindingPassivePortRange, Severity: w}, {ID: FindingPASVMismatch, Severity: w}},
			[]string{FindingPASVMismatch, FindingPassivePortRange}},
		{"the passive range describes, it comes last among info",
			[]Finding{{ID: FindingPassivePortRange, Severity: i}, {ID: FindingTLSSessionReuseRequired, Severity: i}, {ID: FindingEPSVUnsupported, Severity: i}},
			[]string{FindingTLSSessionReuseRequired, FindingEPSVUnsupported, FindingPassivePortRange}},
		{"the control connection before the login before the data",
			[]Finding{{ID: FindingDataTransferFailed, Severity: c}, {ID: FindingLoginFailed, Severity: c}, {ID: FindingControlUnreachable, Severity: c}},
			[]string{FindingControlUnreachable, FindingLoginFailed, FindingDataTransferFailed}},
		{"the rewritten reply before the inspection it makes necessary",
			[]Finding{{ID: FindingALGDataPortsInspection, Severity: c}, {ID: FindingALGPASVRewritten, Severity: c}},
			[]string{FindingALGPASVRewritten, FindingALGDataPortsInspection}},
		{"unreachable ports before the transfer that fails on them",
			[]Finding{{ID: FindingTLSDataFailed, Severity: c}, {ID: FindingRangePartiallyBlocked, Severity: c}, {ID: FindingDataPortRefused, Severity: c}},
			[]string{FindingDataPortRefused, FindingRangePartiallyBlocked, FindingTLSDataFailed}},
		{"severity first: a critical data finding before a warning address finding",
			[]Finding{{ID: FindingPASVMismatch, Severity: w}, {ID: FindingDataPortFiltered, Severity: c}},
			[]string{FindingDataPortFiltered, FindingPASVMismatch}},
		{"an ID the order does not know comes after the known ones, then by ID",
			[]Finding{{ID: "zz.new", Severity: w}, {ID: "aa.new", Severity: w}, {ID: FindingPassivePortRange, Severity: w}},
			[]string{FindingPassivePortRange, "aa.new", "zz.new"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := slices.Clone(tt.in)
			sortFindings(fs)
			var got []string
			for _, f := range fs {
				got = append(got, f.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("order %v, want %v", got, tt.want)
			}
		})
	}
}

// Every finding ID the diagnosis raises has its place in the causal
// order, so that no new one falls to the end by oversight.
func TestCausalOrderListsEveryFinding(t *testing.T) {
	ids := []string{FindingDNSUnresolved, FindingControlUnreachable, FindingControlNoGreeting, FindingControlSessionFailed,
		FindingControlHeldForData, FindingLoginFailed, FindingTLSNotOffered, FindingPASVUnroutable, FindingPASVMismatch,
		FindingPASVUnsupported, FindingPASVMalformed, FindingEPSVUnsupported, FindingEPSVMalformed, FindingDataPortFiltered,
		FindingDataPortRefused, FindingDataTransferFailed, FindingPassivePortRange, FindingBannerLeaksPrivateAddr,
		FindingTLSHandshakeFailed, FindingTLSCertificateInvalid, FindingTLSCertificateExpiring, FindingTLSSessionReuseRequired,
		FindingTLSDataFailed, FindingRangePartiallyBlocked, FindingALGPASVRewritten, FindingALGDataPortsInspection,
		FindingALGReplyDropped, FindingALGSystMasked, FindingActivePortRejected, FindingActiveNoConnectBack,
		FindingFamilyDataBlocked, FindingFamilyControlBlocked, FindingBalancerNoAffinity, FindingVantageInside,
		FindingVantageNoHairpin, FindingConnectionLimit}
	for _, id := range ids {
		if !slices.Contains(causalOrder, id) {
			t.Errorf("%s has no place in causalOrder", id)
		}
	}
	if len(causalOrder) != len(ids) {
		t.Errorf("causalOrder has %d IDs, the diagnosis %d", len(causalOrder), len(ids))
	}
}
