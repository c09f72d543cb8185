package report

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// findingParams returns the params of the first finding with the ID.
func findingParams(t *testing.T, res probe.Result, id string) probe.Params {
	t.Helper()
	for _, f := range res.Findings {
		if f.ID == id {
			return f.Params
		}
	}
	t.Fatalf("sample has no %s", id)
	return nil
}

func advice(id string, f probe.Finding) string {
	e, _ := Lookup(id)
	return e.Advice(f)
}

func TestActiveAdvice(t *testing.T) {
	rejected := findingParams(t, reporttest.ActiveBehindNAT(), probe.FindingActivePortRejected)
	anonymous := maps.Clone(rejected)
	delete(anonymous, probe.ParamClientPublicAddress)
	tests := []struct {
		name, id string
		p        probe.Params
		want     string
	}{
		{"server names what it sees", probe.FindingActivePortRejected, rejected,
			"The server sees you as 198.51.100.77, while PORT/EPRT named 192.168.1.77: you are behind NAT. Active mode " +
				"would need the client to name the public address 198.51.100.77 and your router to forward the data port " +
				"to 192.168.1.77; use passive mode instead."},
		{"private address refused", probe.FindingActivePortRejected, anonymous,
			"PORT/EPRT named 192.168.1.77, a private address of this client, which the server cannot reach and refuses " +
				"as a guard against bounce attacks, rightly. Use passive mode; active mode through NAT needs the client to " +
				"name its public address and its router to forward the data ports to 192.168.1.77."},
		{"public address refused", probe.FindingActivePortRejected, probe.Params{probe.ParamClientAddress: "198.51.100.77"},
			"Use passive mode. PORT/EPRT named 198.51.100.77: if the server sees this client at that address, active " +
				"mode is switched off or restricted on the server; enable PORT/EPRT there if clients need active mode, " +
				"keeping the check that PORT names the client's own address. If the client is behind NAT with another " +
				"public address, the refusal is the server's bounce guard, and right."},
		{"private address accepted", probe.FindingActiveNoConnectBack, probe.Params{probe.ParamClientAddress: "192.168.1.77"},
			"PORT/EPRT named 192.168.1.77, a private address of this client, and the server accepted it: it tried to " +
				"connect to an address it cannot reach. Use passive mode; for active mode the client must name its public " +
				"address and its router must forward the data ports to 192.168.1.77."},
		{"public address, dropped", probe.FindingActiveNoConnectBack, probe.Params{probe.ParamClientAddress: "198.51.100.77"},
			"Use passive mode. For active mode, the firewall in front of 198.51.100.77 must let the server's connections " +
				"in: allow a fixed range of data ports and, behind NAT, forward it to 198.51.100.77 and name the router's " +
				"public address in PORT/EPRT."},
	}
	for _, tt := range tests {
		if got := advice(tt.id, probe.Finding{Params: tt.p}); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestActiveRemediation(t *testing.T) {
	p := findingParams(t, reporttest.ActiveBehindNAT(), probe.FindingActivePortRejected)
	rs := Remediate(probe.Finding{ID: probe.FindingActivePortRejected, Params: p}, probe.SoftwarePureFTPd)
	var order []string
	for _, r := range rs {
		order = append(order, r.AppliesTo)
	}
	if want := []string{"pure-ftpd", "vsftpd", "proftpd", "iis", "pyftpdlib", "twisted", "inetutils-ftpd", "netkit-ftpd", "port-forwarding"}; !slices.Equal(order, want) {
		t.Errorf("order: %v, want %v", order, want)
	}
	pure, _ := find(rs, probe.SoftwarePureFTPd)
	for _, w := range []string{"'500 I won't open a connection to 192.168.1.77 (only to 198.51.100.77)'",
		"bounce protection", "AllowUserFXP", "keep them off"} {
		if !strings.Contains(pure.Text, w) {
			t.Errorf("pure-ftpd fix lacks %q:\n%s", w, pure.Text)
		}
	}
	vs, _ := find(rs, probe.SoftwareVsftpd)
	if !slices.Equal(configLines(vs), []string{"port_enable=YES", "port_promiscuous=NO", "connect_from_port_20=YES"}) ||
		!strings.Contains(vs.Text, "port_promiscuous=NO is the safe default") {
		t.Errorf("vsftpd fix:\n%+v", vs)
	}
	client, _ := find(rs, TargetPortForwarding)
	for _, w := range []string{"'Use the following IP address' = the public address the server sees, 198.51.100.77",
		"'Limit local ports used by FileZilla'", "forward that range to 192.168.1.77", "Transfer Mode: Passive"} {
		if !strings.Contains(client.Text, w) {
			t.Errorf("client fix lacks %q:\n%s", w, client.Text)
		}
	}
	// The connect-back failure is the client's side: no server fix.
	nc := Remediate(probe.Finding{ID: probe.FindingActiveNoConnectBack, Params: p}, probe.SoftwarePureFTPd)
	if len(nc) != 1 || nc[0].AppliesTo != TargetPortForwarding {
		t.Errorf("no_connect_back fixes: %+v", nc)
	}
}

func TestRangePartiallyBlockedExactScan(t *testing.T) {
	p := findingParams(t, reporttest.ActiveBehindNAT(), probe.FindingRangePartiallyBlocked)
	p[probe.ParamServerAddress] = reporttest.ServerAddress
	f := probe.Finding{ID: probe.FindingRangePartiallyBlocked, Params: p, Ports: probe.PortLists{
		Missing: runs("30010-30014, 30016-30019"), Ports: runs("30010-30014, 30016-30019"), Forwarded: runs("30000-30009, 30015")}}
	if got, want := advice(probe.FindingRangePartiallyBlocked, f),
		"Of the range 30000-30019, 30000-30009, 30015 answer and 30010-30014, 30016-30019 do not. Forward exactly the "+
			"missing part, 30010-30014, 30016-30019, to 10.0.0.5 on every hop (router, host firewall, cloud), or shrink "+
			"the server's passive range to the part that is forwarded."; got != want {
		t.Errorf("advice:\n got %q\nwant %q", got, want)
	}
	rs := Remediate(f, probe.SoftwarePureFTPd)
	tests := []struct {
		slug string
		want []string // the whole config, line by line
	}{
		{probe.SoftwarePureFTPd, []string{"PassivePortRange 30000 30019"}},
		{TargetNftables, []string{
			"nft add rule ip nat prerouting ip daddr 203.0.113.10 tcp dport '{ 30010-30014, 30016-30019 }' dnat to 10.0.0.5",
			"nft add rule inet filter forward ip daddr 10.0.0.5 tcp dport '{ 30010-30014, 30016-30019 }' ct state new accept"}},
		{TargetIptables, []string{
			"iptables -t nat -A PREROUTING -d 203.0.113.10 -p tcp --dport 30010:30014 -j DNAT --to-destination 10.0.0.5",
			"iptables -t nat -A PREROUTING -d 203.0.113.10 -p tcp --dport 30016:30019 -j DNAT --to-destination 10.0.0.5",
			"iptables -A FORWARD -d 10.0.0.5 -p tcp --dport 30010:30014 -m conntrack --ctstate NEW -j ACCEPT",
			"iptables -A FORWARD -d 10.0.0.5 -p tcp --dport 30016:30019 -m conntrack --ctstate NEW -j ACCEPT"}},
		{TargetCiscoASA, []string{
			"object network FTP-SERVER", " host 10.0.0.5", "object-group service FTP-PASSIVE-MISSING tcp",
			" port-object range 30010 30014", " port-object range 30016 30019",
			"access-list OUTSIDE-IN extended permit tcp any object FTP-SERVER object-group FTP-PASSIVE-MISSING"}},
		{TargetJuniperSRX, []string{
			"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE match destination-port 30010 to 30014",
			"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE match destination-port 30016 to 30019",
			"set applications application FTP-PASSIVE-MISSING-1 protocol tcp destination-port 30010-30014",
			"set applications application FTP-PASSIVE-MISSING-2 protocol tcp destination-port 30016-30019",
			"set security policies from-zone untrust to-zone trust policy ALLOW-FTP match application FTP-PASSIVE-MISSING-1",
			"set security policies from-zone untrust to-zone trust policy ALLOW-FTP match application FTP-PASSIVE-MISSING-2"}},
		{TargetMikroTik, []string{
			`/ip firewall nat add chain=dstnat protocol=tcp dst-port=30010-30014 action=dst-nat to-addresses=10.0.0.5 in-interface-list=WAN comment="FTP passive (missing part)"`,
			`/ip firewall nat add chain=dstnat protocol=tcp dst-port=30016-30019 action=dst-nat to-addresses=10.0.0.5 in-interface-list=WAN comment="FTP passive (missing part)"`}},
		{TargetCloud, []string{
			"# AWS",
			"aws ec2 authorize-security-group-ingress --group-id <security-group-id> --ip-permissions 'IpProtocol=tcp,FromPort=30010,ToPort=30014,IpRanges=[{CidrIp=0.0.0.0/0}]'",
			"aws ec2 authorize-security-group-ingress --group-id <security-group-id> --ip-permissions 'IpProtocol=tcp,FromPort=30016,ToPort=30019,IpRanges=[{CidrIp=0.0.0.0/0}]'",
			"# Azure",
			"az network nsg rule create --resource-group <resource-group> --nsg-name <nsg-name> --name allow-ftp-passive-missing --priority 320 --direction Inbound --access Allow --protocol Tcp --destination-port-ranges 30010-30014 30016-30019",
			"# Google Cloud",
			"gcloud compute firewall-rules create allow-ftp-passive-missing-1 --direction=INGRESS --allow=tcp:30010-30014 --target-tags=<network-tag>",
			"gcloud compute firewall-rules create allow-ftp-passive-missing-2 --direction=INGRESS --allow=tcp:30016-30019 --target-tags=<network-tag>"}},
	}
	for _, tt := range tests {
		r, ok := find(rs, tt.slug)
		if !ok {
			t.Errorf("no %s fix", tt.slug)
			continue
		}
		if got := configLines(r); !slices.Equal(got, tt.want) {
			t.Errorf("%s config:\n got %q\nwant %q", tt.slug, got, tt.want)
		}
	}
	pf, _ := find(rs, TargetPortForwarding)
	if want := "The router or NAT device in front of the server forwards only part of the passive range: 30000-30009, " +
		"30015 answer, 30010-30014, 30016-30019 do not. Forward TCP 30010-30014, 30016-30019 from 203.0.113.10 to " +
		"10.0.0.5 as well (or widen the existing rule to 30000-30019), and allow them in every firewall on the way. " +
		"Docker: publish the whole range (docker run -p 30000-30019:30000-30019; Compose: ports: - \"30000-30019:30000-30019\")."; pf.Text != want {
		t.Errorf("port-forwarding:\n got %q\nwant %q", pf.Text, want)
	}
}

// From sampled ports only, nobody knows the whole missing part: forward
// the whole range, and say how to find out.
func TestRangePartiallyBlockedFromSamples(t *testing.T) {
	f := probe.Finding{ID: probe.FindingRangePartiallyBlocked,
		Params: probe.Params{probe.ParamPortMin: "30002", probe.ParamPortMax: "30009", probe.ParamRangeObserved: "true",
			probe.ParamServerAddress: "10.0.0.5"},
		Ports: probe.PortLists{Ports: runs("30005, 30007"), Missing: runs("30005,30007"), Forwarded: runs("30002,30004,30009")}}
	want := "Forward the whole range 30002-30009 to 10.0.0.5, or shrink the server's range to what is forwarded. Ports " +
		"that did not work: 30005, 30007. To see exactly which part is missing, run again with --expect-range 30002-30009."
	if got := advice(probe.FindingRangePartiallyBlocked, f); got != want {
		t.Errorf("advice:\n got %q\nwant %q", got, want)
	}
	r, _ := find(Remediate(f, ""), TargetNftables)
	if !strings.Contains(r.Config, "tcp dport 30002-30009 dnat") {
		t.Errorf("samples: want the whole-range rule:\n%s", r.Config)
	}
}

func TestWholeRangeClassified(t *testing.T) {
	base := probe.Params{probe.ParamPortMin: "30000", probe.ParamPortMax: "30019", probe.ParamRangeObserved: "true"}
	with := func(fwd, miss []probe.PortSpan) probe.Finding {
		return probe.Finding{Params: base, Ports: probe.PortLists{Forwarded: fwd, Missing: miss}}
	}
	tests := []struct {
		f    probe.Finding
		want bool
	}{
		{with(runs("30000-30009"), runs("30010-30019")), true},
		{with(runs("30010-30019"), runs("30000-30009")), true},
		{with(runs("30000-30009"), runs("30011-30019")), false},                        // 30010 untested
		{with(runs("30000-30010"), runs("30010-30019")), false},                        // overlap
		{with(runs("30000-30009"), runs("30010-30020")), false},                        // beyond the range
		{with(nil, runs("30000-30019")), false},                                        // nothing forwarded: data.port_filtered's case
		{with(runs("30000-30009"), []probe.PortSpan{{Min: 30019, Max: 30010}}), false}, // malformed
		{with(runs("30000-30009"), []probe.PortSpan{{Min: 30010, Max: 70000}}), false}, // not a port
		{with(runs("30000,30002,30004,30006,30008,30010,30012,30014,30016,30018"),
			runs("30001,30003,30005,30007,30009,30011,30013,30015,30017,30019")), false}, // too fragmented for rules
		{probe.Finding{Params: probe.Params{probe.ParamPortMin: "30000", probe.ParamPortMax: "30019", probe.ParamRangeObserved: "false"},
			Ports: probe.PortLists{Forwarded: runs("30000-30009"), Missing: runs("30010-30019")}}, false}, // a recommendation
	}
	for _, tt := range tests {
		if got := wholeRangeClassified(tt.f); got != tt.want {
			t.Errorf("%+v: got %v", tt.f, got)
		}
	}
}

func TestPortRangeWarnings(t *testing.T) {
	anyPort := probe.Finding{ID: probe.FindingPassivePortRange, Params: probe.Params{probe.ParamPortMin: "1034", probe.ParamPortMax: "61002",
		probe.ParamRangeObserved: "false", probe.ParamSpread: "59968", probe.ParamAnyPort: "true",
		probe.ParamServerAddress: "10.0.0.5", probe.ParamPublicAddress: "203.0.113.10", probe.ParamControlPort: "21"},
		Ports: probe.PortLists{Ports: runs("1034, 40211, 61002")}}
	alg := probe.Finding{ID: probe.FindingPassivePortRange, Params: probe.Params{probe.ParamPortMin: "5050", probe.ParamPortMax: "5070",
		probe.ParamRangeObserved: "true", probe.ParamSpread: "20", probe.ParamAnyPort: "false", probe.ParamServerAddress: "10.0.0.5"},
		Ports: probe.PortLists{Ports: runs("5050, 5070, 5055"), ALG: runs("5060,5061")}}
	plain := probe.Finding{ID: probe.FindingPassivePortRange, Params: probe.Params{probe.ParamPortMin: "30001", probe.ParamPortMax: "30009",
		probe.ParamRangeObserved: "true", probe.ParamAnyPort: "false"}}
	tests := []struct {
		name string
		f    probe.Finding
		want string
	}{
		{"any port", anyPort, "The server hands out passive ports from anywhere (the samples 1034, 40211, 61002 spread " +
			"over 59968 port numbers): no forwarding rule short of opening everything covers that. Pin the passive range " +
			"to a block such as the recommended range 50000-50099, clear of the ports other ALGs grab, and forward " +
			"exactly that block to 10.0.0.5."},
		{"alg ports", alg, "The passive range includes 5060, 5061, which routers' SIP (5060/5061), H.323 (1720), PPTP " +
			"(1723), RTSP (554) and IRC (6660-6669) ALGs and firewall rules grab: transfers that land there fail or are " +
			"mangled. Move the range clear of them, for example to the recommended range 50000-50099, and forward the " +
			"new range to 10.0.0.5."},
		{"plain", plain, "Pin the passive range in the server configuration (observed range: 30001-30009) so that " +
			"firewall rules can match it exactly, and forward all of it."},
	}
	for _, tt := range tests {
		if got := advice(probe.FindingPassivePortRange, tt.f); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	rs := Remediate(anyPort, probe.SoftwareVsftpd)
	vs, _ := find(rs, probe.SoftwareVsftpd)
	if !slices.Equal(configLines(vs), []string{"pasv_enable=YES", "pasv_min_port=50000", "pasv_max_port=50099"}) {
		t.Errorf("any port: vsftpd must pin the recommended range:\n%s", vs.Config)
	}
	nft, _ := find(rs, TargetNftables)
	if !strings.Contains(nft.Config, "ip daddr 203.0.113.10 tcp dport 50000-50099 dnat to 10.0.0.5") {
		t.Errorf("any port: forward the recommended range:\n%s", nft.Config)
	}
	if anyPort.Params[probe.ParamPortMin] != "1034" {
		t.Error("adjusting the range changed the finding's own params")
	}
	if rs := Remediate(plain, ""); len(rs) != len(ServerTargets()) {
		t.Errorf("plain range: want a pin-range fix per server program, got %d", len(rs))
	}
}

func TestCases(t *testing.T) {
	e, _ := Lookup(probe.FindingPassivePortRange)
	cs := e.Cases()
	// Every server and forwarding fix names the recommended range, except
	// AWS Transfer Family's, whose passive ports are fixed by the service.
	if len(cs) != 2 || cs[0].When != "the server hands out any port" || len(cs[0].Remediation) != len(ServerTargets())-1+len(ForwardingTargets()) {
		t.Fatalf("port_range cases: %d, %+v", len(cs), cs)
	}
	if g := groupCases(cs); len(g) != 1 || g[0].When != "the server hands out any port, or when the range holds ports other ALGs grab" {
		t.Errorf("grouped: %+v", g)
	}
	// A case lists only the fixes the entry's own do not.
	e, _ = Lookup(probe.FindingRangePartiallyBlocked)
	cs = e.Cases()
	k := slices.IndexFunc(cs, func(c Case) bool { return strings.HasPrefix(c.When, "every port of the range was dialled") })
	if k < 0 {
		t.Fatalf("no exact-scan case: %+v", cs)
	}
	var slugs []string
	for _, r := range cs[k].Remediation {
		slugs = append(slugs, r.AppliesTo)
	}
	if want := ForwardingTargets(); !slices.Equal(slugs, want) {
		t.Errorf("exact-scan case fixes: %v, want %v", slugs, want)
	}
	if e, _ := Lookup(probe.FindingDNSUnresolved); e.Cases() == nil || len(e.Cases()) != 0 {
		t.Error("an entry without cases has an empty, non-nil list")
	}
}

func TestExplainShowsCases(t *testing.T) {
	var b strings.Builder
	if err := WriteExplain(&b, probe.FindingPassivePortRange, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"\nWhat to do when the server hands out any port\n  The server hands out passive ports from anywhere",
		"\nWhat to do when the range holds ports other ALGs grab\n",
		"\nFixes when the server hands out any port, or when the range holds ports other ALGs grab\n",
		"      pasv_min_port=50000\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q", want)
		}
	}
}
