package report

import (
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// An IPv6 path is routed, not translated: its network fixes accept the
// server's own address and never DNAT, for every finding that would
// otherwise forward ports.
func TestRemediateIPv6IsRouted(t *testing.T) {
	p := probe.Params{probe.ParamFamily: "ipv6", probe.ParamPublicAddress: "2001:db8:5::5", probe.ParamControlPort: "21",
		probe.ParamPortMin: "30000", probe.ParamPortMax: "30009", probe.ParamRangeObserved: "true"}
	for _, id := range []string{probe.FindingDataPortFiltered, probe.FindingDataPortRefused, probe.FindingRangePartiallyBlocked,
		probe.FindingFamilyDataBlocked, probe.FindingControlUnreachable, probe.FindingFamilyControlBlocked} {
		rs := Remediate(probe.Finding{ID: id, Params: p, Ports: probe.PortLists{Ports: runs("30001, 30004")}}, probe.SoftwareVsftpd)
		var nft string
		for _, r := range rs {
			if strings.Contains(strings.ToLower(r.Config), "dnat") || strings.Contains(r.Config, "dst-nat") {
				t.Errorf("%s/%s: IPv6 fix translates addresses:\n%s", id, r.AppliesTo, r.Config)
			}
			if r.AppliesTo == TargetNftables {
				nft = r.Config
			}
		}
		want := "ip6 daddr 2001:db8:5::5 tcp dport 30000-30009 ct state new accept"
		if strings.Contains(id, "control") {
			want = "ip6 daddr 2001:db8:5::5 tcp dport 21 ct state new accept"
		}
		if !strings.Contains(nft, want) {
			t.Errorf("%s: nftables fix lacks %q:\n%s", id, want, nft)
		}
	}
	// The same finding over IPv4 keeps the NAT fix.
	p4 := probe.Params{probe.ParamFamily: "ipv4", probe.ParamPublicAddress: "203.0.113.10", probe.ParamPortMin: "30000", probe.ParamPortMax: "30009"}
	if !strings.Contains(fixFor(t, probe.FindingDataPortFiltered, p4, TargetNftables), "dnat to") {
		t.Error("IPv4 data.port_filtered lost its DNAT fix")
	}
}

// vsftpd announcing 0,0,0,0 (one IPv6 socket for both families with
// pasv_address set) is fixed with an IPv4 listener, not by setting
// pasv_address again; other servers announce the public address.
func TestRemediateUnspecifiedAddress(t *testing.T) {
	p := probe.Params{probe.ParamAdvertisedAddress: "0.0.0.0", probe.ParamPublicAddress: "203.0.113.10",
		probe.ParamPortMin: "30000", probe.ParamPortMax: "30009", probe.ParamRangeObserved: "true"}
	vs := fixFor(t, probe.FindingPASVUnroutable, p, probe.SoftwareVsftpd)
	for _, want := range []string{"listen=YES", "listen_ipv6=NO", "#   listen_ipv6=YES"} {
		if !strings.Contains(vs, want) {
			t.Errorf("vsftpd fix lacks %q:\n%s", want, vs)
		}
	}
	for _, l := range strings.Split(vs, "\n") {
		if strings.HasPrefix(l, "pasv_address=") {
			t.Errorf("vsftpd fix sets pasv_address again: %q", l)
		}
	}
	if pro := fixFor(t, probe.FindingPASVUnroutable, p, probe.SoftwareProFTPD); !strings.Contains(pro, "MasqueradeAddress 203.0.113.10") {
		t.Errorf("ProFTPD fix:\n%s", pro)
	}
	// A private address keeps the usual fix.
	p[probe.ParamAdvertisedAddress] = "10.0.0.5"
	if vs := fixFor(t, probe.FindingPASVUnroutable, p, probe.SoftwareVsftpd); !strings.Contains(vs, "pasv_address=203.0.113.10") {
		t.Errorf("vsftpd fix for a private address:\n%s", vs)
	}
}

func fixFor(t *testing.T, id string, p probe.Params, target string) string {
	t.Helper()
	for _, r := range Remediate(probe.Finding{ID: id, Params: p}, probe.SoftwareVsftpd) {
		if r.AppliesTo == target {
			return r.Config
		}
	}
	t.Fatalf("%s: no fix for %s", id, target)
	return ""
}

// A control port published on another number than the server's: the
// control fixes map the public port to the server's own, and the data
// fixes publish the passive range 1:1 and never touch the control port.
func TestRemediatePortMapping(t *testing.T) {
	p := probe.Params{probe.ParamPublicAddress: "203.0.113.1", probe.ParamServerAddress: "10.0.0.5",
		probe.ParamControlPort: "2121", probe.ParamServerPort: "21",
		probe.ParamPortMin: "40000", probe.ParamPortMax: "40009", probe.ParamRangeObserved: "true"}
	ctl := fixFor(t, probe.FindingControlUnreachable, p, TargetNftables)
	for _, want := range []string{"tcp dport 2121 dnat to 10.0.0.5:21", "daddr 10.0.0.5 tcp dport 21 ct state new accept"} {
		if !strings.Contains(ctl, want) {
			t.Errorf("control fix lacks %q:\n%s", want, ctl)
		}
	}
	data := fixFor(t, probe.FindingDataPortFiltered, p, TargetNftables)
	if strings.Contains(data, "2121") || !strings.Contains(data, "tcp dport 40000-40009 dnat to 10.0.0.5") {
		t.Errorf("data fix:\n%s", data)
	}
	if pub := fixFor(t, probe.FindingDataPortFiltered, p, TargetPortForwarding); !strings.Contains(pub, "-p 40000-40009:40000-40009") {
		t.Errorf("publishing fix:\n%s", pub)
	}
	// Unknown server port behind a non-standard public one: a placeholder,
	// never the public port again.
	delete(p, probe.ParamServerPort)
	if ctl := fixFor(t, probe.FindingControlUnreachable, p, TargetNftables); !strings.Contains(ctl, "dnat to 10.0.0.5:<server-control-port>") {
		t.Errorf("control fix with an unknown server port:\n%s", ctl)
	}
}
