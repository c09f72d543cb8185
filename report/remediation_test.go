package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// natParams are the values of the typical NAT case: the server 10.0.0.5
// behind 203.0.113.10, with a recommended range.
func natParams() probe.Params {
	return probe.Params{
		probe.ParamPublicAddress: "203.0.113.10", probe.ParamAdvertisedAddress: "10.0.0.5",
		probe.ParamServerAddress: "10.0.0.5", probe.ParamControlPort: "21",
		probe.ParamPortMin: "30000", probe.ParamPortMax: "30009", probe.ParamRangeObserved: "true",
		probe.ParamHost:          "ftp.example.test",
		probe.ParamClientAddress: "192.168.1.77", probe.ParamClientPublicAddress: "198.51.100.77",
		probe.ParamClientNetwork: "192.168.1.0/24",
		probe.ParamSpread:        "3",
		probe.ParamSessionLimit:  "1",
	}
}

// natPorts are the port lists of the typical NAT case.
func natPorts() probe.PortLists {
	return probe.PortLists{Ports: runs("30001,30004"), Forwarded: runs("30000-30004, 30007"), Missing: runs("30005-30006, 30008-30009")}
}

// natFinding is a finding with the values p and the NAT case's ports.
func natFinding(p probe.Params) probe.Finding { return probe.Finding{Params: p, Ports: natPorts()} }

func unroutable(p probe.Params) probe.Finding {
	return probe.Finding{ID: probe.FindingPASVUnroutable, Severity: probe.SeverityCritical, Params: p, Ports: natPorts()}
}

func configLines(r Remediation) []string { return strings.Split(r.Config, "\n") }

func find(rs []Remediation, slug string) (Remediation, bool) {
	i := slices.IndexFunc(rs, func(r Remediation) bool { return r.AppliesTo == slug })
	if i < 0 {
		return Remediation{}, false
	}
	return rs[i], true
}

func TestRemediateUnroutableFilledWithObservedValues(t *testing.T) {
	rs := Remediate(unroutable(natParams()), probe.SoftwareVsftpd)
	tests := []struct {
		slug      string
		wantLines []string // exact config lines
		wantText  []string // substrings of Text
	}{
		{probe.SoftwareVsftpd, []string{"pasv_enable=YES", "pasv_address=203.0.113.10", "pasv_min_port=30000", "pasv_max_port=30009"}, []string{"observed range 30000-30009"}},
		{probe.SoftwareProFTPD, []string{"MasqueradeAddress 203.0.113.10", "PassivePorts 30000 30009"}, nil},
		{probe.SoftwarePureFTPd, []string{"ForcePassiveIP 203.0.113.10", "PassivePortRange 30000 30009"}, []string{"-P 203.0.113.10", "-p 30000:30009"}},
		{probe.SoftwareIIS, []string{
			`%windir%\system32\inetsrv\appcmd.exe set site /site.name:"<site-name>" /ftpServer.firewallSupport.externalIp4Address:"203.0.113.10"`,
			`%windir%\system32\inetsrv\appcmd.exe set config -section:system.ftpServer/firewallSupport /lowDataChannelPort:30000 /highDataChannelPort:30009 /commit:apphost`,
		}, []string{"External IP Address of Firewall = 203.0.113.10"}},
		{probe.SoftwareFileZilla, nil, []string{"Passive mode", "'Use the following host' = 203.0.113.10", "30000-30009"}},
		{TargetNftables, []string{
			"nft add rule ip nat prerouting ip daddr 203.0.113.10 tcp dport 30000-30009 dnat to 10.0.0.5",
			"nft add rule inet filter forward ip daddr 10.0.0.5 tcp dport 30000-30009 ct state new accept",
		}, nil},
		{TargetIptables, []string{
			"iptables -t nat -A PREROUTING -d 203.0.113.10 -p tcp --dport 30000:30009 -j DNAT --to-destination 10.0.0.5",
		}, nil},
		{TargetCiscoASA, []string{" host 10.0.0.5", " nat (inside,outside) static 203.0.113.10", " port-object range 30000 30009"}, nil},
		{TargetJuniperSRX, []string{"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE match destination-port 30000 to 30009",
			"set security nat destination pool FTP-SERVER address 10.0.0.5/32"}, nil},
		{TargetMikroTik, []string{`/ip firewall nat add chain=dstnat protocol=tcp dst-port=30000-30009 action=dst-nat to-addresses=10.0.0.5 in-interface-list=WAN comment="FTP passive"`}, nil},
		{TargetCloud, nil, []string{"security group", "203.0.113.10"}},
		{TargetPortForwarding, nil, []string{"leave the rule for the control port 21 as it is", "30000-30009 from 203.0.113.10 to 10.0.0.5"}},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			r, ok := find(rs, tt.slug)
			if !ok {
				t.Fatalf("no remediation for %s", tt.slug)
			}
			lines := configLines(r)
			for _, w := range tt.wantLines {
				if !slices.Contains(lines, w) {
					t.Errorf("config lacks line %q:\n%s", w, r.Config)
				}
			}
			for _, w := range tt.wantText {
				if !strings.Contains(r.Text, w) {
					t.Errorf("text lacks %q:\n%s", w, r.Text)
				}
			}
		})
	}
}

func TestRemediateCloudRulesCoverTheRange(t *testing.T) {
	r, _ := find(Remediate(unroutable(natParams()), ""), TargetCloud)
	for _, w := range []string{"FromPort=30000,ToPort=30009", "--destination-port-ranges 30000-30009", "--allow=tcp:30000-30009"} {
		if !strings.Contains(r.Config, w) {
			t.Errorf("cloud config lacks %q:\n%s", w, r.Config)
		}
	}
}

func TestRemediateOrder(t *testing.T) {
	others := []string{"serv-u", "pyftpdlib", "twisted", "inetutils-ftpd", "netkit-ftpd", "aioftp", "wing-ftp", "crushftp", "cerberus", "titan-ftp", "bitvise", "glftpd", "aws-transfer"}
	servers := slices.Concat([]string{"vsftpd", "proftpd", "pure-ftpd", "filezilla-server", "iis"}, others)
	net := []string{"port-forwarding", "nftables", "iptables", "cisco-asa", "juniper-srx", "mikrotik", "cloud"}
	tests := []struct {
		software string
		want     []string
	}{
		{probe.SoftwareVsftpd, slices.Concat(servers, net)},
		{probe.SoftwarePureFTPd, slices.Concat([]string{"pure-ftpd", "vsftpd", "proftpd", "filezilla-server", "iis"}, others, net)},
		{probe.SoftwareFileZilla, slices.Concat([]string{"filezilla-server", "vsftpd", "proftpd", "pure-ftpd", "iis"}, others, net)},
		{probe.SoftwareGlFTPd, slices.Concat([]string{"glftpd", "vsftpd", "proftpd", "pure-ftpd", "filezilla-server", "iis"},
			[]string{"serv-u", "pyftpdlib", "twisted", "inetutils-ftpd", "netkit-ftpd", "aioftp", "wing-ftp", "crushftp", "cerberus", "titan-ftp", "bitvise", "aws-transfer"}, net)},
		{probe.SoftwareUnknown, slices.Concat(servers, net)},
		{probe.SoftwareOther, slices.Concat(servers, net)},
		{probe.SoftwareServU, slices.Concat([]string{"serv-u", "vsftpd", "proftpd", "pure-ftpd", "filezilla-server", "iis"}, others[1:], net)},
		{"", slices.Concat(servers, net)},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range Remediate(unroutable(natParams()), tt.software) {
			got = append(got, r.AppliesTo)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("software %q: order\n got %v\nwant %v", tt.software, got, tt.want)
		}
	}
}

func TestRemediateRecommendedRangeIsSaid(t *testing.T) {
	p := natParams()
	p[probe.ParamRangeObserved] = "false"
	for _, e := range Catalog() {
		for _, r := range e.Remediation(natFinding(p), "") {
			if strings.Contains(r.Text+r.Config, "30009") && !strings.Contains(r.Text, "recommended range") {
				t.Errorf("%s/%s uses the range without calling it recommended: %s", e.ID, r.AppliesTo, r.Text)
			}
			if strings.Contains(r.Text, "observed range") {
				t.Errorf("%s/%s calls a recommended range observed", e.ID, r.AppliesTo)
			}
		}
	}
}

// A placeholder appears only for a value that was not observed, and every
// template marker is known to the filler.
func TestRemediatePlaceholdersOnlyWhenUnknown(t *testing.T) {
	for _, e := range Catalog() {
		for _, r := range e.Remediation(natFinding(natParams()), "") {
			all := r.Text + "\n" + r.Config
			if strings.Contains(all, "{{") || strings.Contains(all, "}}") {
				t.Errorf("%s/%s has an unfilled marker:\n%s", e.ID, r.AppliesTo, all)
			}
			for _, ph := range Placeholders() {
				if strings.Contains(all, ph) {
					t.Errorf("%s/%s shows %s although the value is known", e.ID, r.AppliesTo, ph)
				}
			}
		}
	}

	p := natParams()
	delete(p, probe.ParamServerAddress)
	r, _ := find(Remediate(unroutable(p), ""), TargetNftables)
	if !strings.Contains(r.Config, "dnat to <server-lan-address>") {
		t.Errorf("unknown server address not shown as placeholder:\n%s", r.Config)
	}
	if !strings.Contains(r.Config, "ip daddr 203.0.113.10") {
		t.Errorf("known public address replaced:\n%s", r.Config)
	}
}

func TestRemediateRejectsUnsafeValues(t *testing.T) {
	p := natParams()
	p[probe.ParamPublicAddress] = "203.0.113.10; rm -rf /"
	p[probe.ParamPortMin] = "30000 -j ACCEPT"
	p[probe.ParamHost] = "ftp.example.test`id`"
	for _, r := range Remediate(unroutable(p), probe.SoftwareVsftpd) {
		for _, bad := range []string{"rm -rf", "-j ACCEPT -", "`id`"} {
			if strings.Contains(r.Text+r.Config, bad) {
				t.Errorf("%s: unsafe value pasted: %q", r.AppliesTo, bad)
			}
		}
	}
	v, _ := find(Remediate(unroutable(p), probe.SoftwareVsftpd), probe.SoftwareVsftpd)
	if !slices.Contains(configLines(v), "pasv_address=<public-address>") {
		t.Errorf("invalid address not replaced by placeholder:\n%s", v.Config)
	}
}

func TestRemediateIPv6(t *testing.T) {
	p := natParams()
	p[probe.ParamPublicAddress] = "2001:db8::10"
	p[probe.ParamServerAddress] = "fd00::5"
	rs := Remediate(unroutable(p), "")
	nft, _ := find(rs, TargetNftables)
	if !strings.Contains(nft.Config, "nft add rule ip6 nat prerouting ip6 daddr 2001:db8::10") {
		t.Errorf("nftables not in the ip6 family:\n%s", nft.Config)
	}
	ipt, _ := find(rs, TargetIptables)
	if !strings.HasPrefix(ipt.Config, "ip6tables ") {
		t.Errorf("iptables not ip6tables:\n%s", ipt.Config)
	}
	srx, _ := find(rs, TargetJuniperSRX)
	if !strings.Contains(srx.Config, "fd00::5/128") {
		t.Errorf("SRX prefix not /128:\n%s", srx.Config)
	}
}

func TestRemediateSpecificFindings(t *testing.T) {
	tests := []struct {
		id, slug, want string
	}{
		{probe.FindingControlUnreachable, TargetNftables, "tcp dport 21 dnat to 10.0.0.5"},
		{probe.FindingControlUnreachable, TargetMikroTik, "dst-port=21 action=dst-nat to-addresses=10.0.0.5"},
		{probe.FindingTLSSessionReuseRequired, probe.SoftwareVsftpd, "require_ssl_reuse=NO"},
		{probe.FindingTLSSessionReuseRequired, probe.SoftwareProFTPD, "TLSOptions NoSessionReuseRequired"},
		{probe.FindingALGReplyDropped, TargetCiscoASA, "  no inspect ftp"},
		{probe.FindingALGReplyDropped, TargetJuniperSRX, "set security alg ftp disable"},
		{probe.FindingALGSystMasked, TargetCiscoASA, "  no mask-syst-reply"},
		{probe.FindingControlNoGreeting, probe.SoftwareProFTPD, "UseReverseDNS off"},
		{probe.FindingBannerLeaksPrivateAddr, probe.SoftwareProFTPD, `ServerIdent on "FTP server ready."`},
		{probe.FindingTLSNotOffered, probe.SoftwareVsftpd, "ssl_enable=YES"},
		{probe.FindingDataPortFiltered, probe.SoftwarePureFTPd, "PassivePortRange 30000 30009"},
		{probe.FindingActivePortRejected, probe.SoftwareVsftpd, "port_enable=YES"},
		{probe.FindingActivePortRejected, probe.SoftwareVsftpd, "port_promiscuous=NO"},
		{probe.FindingActivePortRejected, probe.SoftwareProFTPD, "AllowForeignAddress off is the safe default"},
		{probe.FindingActivePortRejected, probe.SoftwarePureFTPd, "(only to 198.51.100.77)"},
		{probe.FindingActiveNoConnectBack, TargetPortForwarding, "forward that range to 192.168.1.77"},
		{probe.FindingRangePartiallyBlocked, TargetMikroTik, "dst-port=30008-30009 action=dst-nat to-addresses=10.0.0.5"},
		{probe.FindingRangePartiallyBlocked, TargetIptables, "--dport 30005:30006 -j DNAT --to-destination 10.0.0.5"},
	}
	for _, tt := range tests {
		r, ok := find(Remediate(probe.Finding{ID: tt.id, Params: natParams(), Ports: natPorts()}, ""), tt.slug)
		if !ok || !strings.Contains(r.Text+"\n"+r.Config, tt.want) {
			t.Errorf("%s/%s: want %q, got %+v", tt.id, tt.slug, tt.want, r)
		}
	}
}

func TestRemediateInformationalFindings(t *testing.T) {
	if rs := Remediate(probe.Finding{ID: probe.FindingEPSVUnsupported}, ""); len(rs) != 0 {
		t.Errorf("epsv.unsupported: want no fixes, got %d", len(rs))
	}
	if rs := Remediate(probe.Finding{ID: probe.FindingDNSUnresolved}, ""); len(rs) != 0 {
		t.Errorf("dns.unresolved: want no fixes, got %d", len(rs))
	}
	if rs := Remediate(probe.Finding{ID: "no.such"}, ""); rs != nil {
		t.Errorf("unknown ID: want nil, got %v", rs)
	}
	// A finding with no fixes still tells the user something useful.
	e, _ := Lookup(probe.FindingDNSUnresolved)
	if got := e.Advice(probe.Finding{Params: probe.Params{probe.ParamHost: "nx.example.test"}}); !strings.Contains(got, "dig +short nx.example.test A") {
		t.Errorf("dns advice not filled: %q", got)
	}
}

func TestEveryTargetHasFixes(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Catalog() {
		for _, r := range e.Remediation(natFinding(natParams()), "") {
			seen[r.AppliesTo] = true
			if r.Text == "" {
				t.Errorf("%s/%s: empty text", e.ID, r.AppliesTo)
			}
		}
	}
	for _, slug := range Targets() {
		if !seen[slug] {
			t.Errorf("no finding has a fix for %s", slug)
		}
	}
}
