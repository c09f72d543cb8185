package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// sampleFinding is a finding of the TLS sample, with the values the
// probe's analysis gives it.
func sampleFinding(t *testing.T, id string) probe.Finding {
	t.Helper()
	for _, f := range reporttest.TLSBehindALG().Findings {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("the TLS sample has no %s", id)
	return probe.Finding{}
}

func TestRemediatePASVRewritten(t *testing.T) {
	f := sampleFinding(t, probe.FindingALGPASVRewritten)
	rs := Remediate(f, probe.SoftwareVsftpd)
	if rs[0].AppliesTo != probe.SoftwareVsftpd {
		t.Errorf("detected software not first: %s", rs[0].AppliesTo)
	}
	tests := []struct {
		slug      string
		wantLines []string // exact config lines, in any of the target's fixes
		wantText  []string // substrings of the target's texts
	}{
		{probe.SoftwareVsftpd, []string{"pasv_address=203.0.113.10", "pasv_min_port=30001", "pasv_max_port=30009"},
			[]string{"observed range 30001-30009"}},
		{probe.SoftwareProFTPD, []string{"MasqueradeAddress 203.0.113.10", "PassivePorts 30001 30009"}, nil},
		{TargetPortForwarding, nil, []string{"30001-30009 from 203.0.113.10 to 10.0.0.5", "'FTP ALG'", "plaintext FTP only"}},
		{TargetNftables, []string{"nft add rule ip nat prerouting ip daddr 203.0.113.10 tcp dport 30001-30009 dnat to 10.0.0.5"},
			[]string{"nf_nat_ftp", "helps plaintext clients and can do nothing for FTPS"}},
		{TargetIptables, []string{"iptables -t raw -D PREROUTING -p tcp --dport 21 -j CT --helper ftp"},
			[]string{"can do nothing for FTPS"}},
		{TargetCiscoASA, []string{" port-object range 30001 30009",
			"access-list OUTSIDE-IN extended permit tcp any object FTP-SERVER object-group FTP-PASSIVE",
			"access-list FTP-INSPECT extended deny tcp any host 10.0.0.5 eq 21", "  no inspect ftp", " class FTP-INSPECT", "  inspect ftp"},
			[]string{"Exempt this server from 'inspect ftp'"}},
		{TargetJuniperSRX, []string{"set security alg ftp disable",
			"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE match destination-port 30001 to 30009"},
			[]string{"CVE-2015-5361", "ftps-extension", "application-protocol ignore"}},
	}
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			var lines []string
			text := ""
			for _, r := range rs {
				if r.AppliesTo == tt.slug {
					lines = append(lines, configLines(r)...)
					text += r.Text + "\n"
				}
			}
			if text == "" {
				t.Fatalf("no remediation for %s", tt.slug)
			}
			for _, w := range tt.wantLines {
				if !slices.Contains(lines, w) {
					t.Errorf("config lacks line %q:\n%s", w, strings.Join(lines, "\n"))
				}
			}
			for _, w := range tt.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("text lacks %q:\n%s", w, text)
				}
			}
		})
	}
	if rs := Remediate(f, probe.SoftwareProFTPD); rs[0].AppliesTo != probe.SoftwareProFTPD {
		t.Errorf("proftpd detected but %s first", rs[0].AppliesTo)
	}
	e, _ := Lookup(f.ID)
	want := "Under TLS the server announces 10.0.0.5. Make it announce 203.0.113.10 itself and forward the observed " +
		"range 30001-30009 to 10.0.0.5 explicitly;"
	if got := e.Advice(f); !strings.HasPrefix(got, want) {
		t.Errorf("advice:\n got %q\nwant prefix %q", got, want)
	}
}

func TestRemediateDataPortsNeedInspection(t *testing.T) {
	f := probe.Finding{ID: probe.FindingALGDataPortsInspection, Params: natParams(), Ports: natPorts()}
	f.Ports.Ports = runs("30002,30005")
	e, _ := Lookup(f.ID)
	if got, want := e.Advice(f), "Under TLS, data ports 30002, 30005 did not answer although plaintext data connections work. Pin the server's passive ports to the "+
		"observed range 30000-30009, then forward and allow exactly that range to 10.0.0.5"; !strings.HasPrefix(got, want) {
		t.Errorf("advice:\n got %q\nwant prefix %q", got, want)
	}
	rs := Remediate(f, probe.SoftwarePureFTPd)
	if rs[0].AppliesTo != TargetPortForwarding {
		t.Errorf("first fix: %+v, want the forwarding fix (a network cause)", rs[0])
	}
	if r := detectedFix(t, rs, f.ID, probe.SoftwarePureFTPd); r.Config != "PassivePortRange 30000 30009" {
		t.Errorf("detected program's fix: %+v", r)
	}
	for slug, want := range map[string]string{
		TargetNftables:   "nft add rule inet filter forward ip daddr 10.0.0.5 tcp dport 30000-30009 ct state new accept",
		TargetIptables:   "iptables -A FORWARD -d 10.0.0.5 -p tcp --dport 30000:30009 -m conntrack --ctstate NEW -j ACCEPT",
		TargetCiscoASA:   " port-object range 30000 30009",
		TargetMikroTik:   `/ip firewall nat add chain=dstnat protocol=tcp dst-port=30000-30009 action=dst-nat to-addresses=10.0.0.5 in-interface-list=WAN comment="FTP passive"`,
		TargetCloud:      "gcloud compute firewall-rules create allow-ftp-passive --direction=INGRESS --allow=tcp:30000-30009 --target-tags=<network-tag>",
		TargetJuniperSRX: "set applications application FTP-PASSIVE protocol tcp destination-port 30000-30009",
	} {
		r, ok := find(rs, slug)
		if !ok || !slices.Contains(configLines(r), want) {
			t.Errorf("%s: config lacks %q:\n%s", slug, want, r.Config)
		}
	}
}

func TestRemediateReplyDropped(t *testing.T) {
	e, _ := Lookup(probe.FindingALGReplyDropped)
	if got := e.Advice(natFinding(natParams())); !strings.Contains(got, "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2).") ||
		!strings.Contains(got, "observed range 30000-30009 to 10.0.0.5") {
		t.Errorf("advice: %q", got)
	}
	rs := Remediate(probe.Finding{ID: probe.FindingALGReplyDropped, Params: natParams(), Ports: natPorts()}, probe.SoftwareVsftpd)
	if slices.ContainsFunc(rs, func(r Remediation) bool { return r.AppliesTo == probe.SoftwareVsftpd }) {
		t.Error("a server fix for a middlebox problem")
	}
	asa, _ := find(rs, TargetCiscoASA)
	if !strings.Contains(asa.Config, "access-list FTP-INSPECT extended deny tcp any host 10.0.0.5 eq 21") {
		t.Errorf("ASA does not exempt the server:\n%s", asa.Config)
	}
}

func TestRemediateTLSFindings(t *testing.T) {
	reuse := sampleFinding(t, probe.FindingTLSSessionReuseRequired)
	rs := Remediate(reuse, probe.SoftwareFileZilla)
	var got []string
	for _, r := range rs {
		got = append(got, r.AppliesTo)
	}
	if !slices.Equal(got, []string{probe.SoftwareFileZilla, probe.SoftwareVsftpd, probe.SoftwareProFTPD, probe.SoftwareAWS}) {
		t.Errorf("session reuse fixes: %v", rs)
	}
	if !strings.Contains(rs[0].Text, "cannot be turned off") || rs[0].Config != "" {
		t.Errorf("FileZilla Server has no switch: %+v", rs[0])
	}
	for _, r := range rs[1:] {
		if !strings.HasPrefix(r.Text, "Last resort") {
			t.Errorf("%s: not called a last resort: %q", r.AppliesTo, r.Text)
		}
	}

	cert := sampleFinding(t, probe.FindingTLSCertificateInvalid)
	e, _ := Lookup(cert.ID)
	if got := e.Advice(cert); !strings.Contains(got, "openssl s_client -starttls ftp -connect ftp.example.test:21 -servername ftp.example.test") {
		t.Errorf("certificate advice: %q", got)
	}
	if v, _ := find(Remediate(cert, probe.SoftwareVsftpd), probe.SoftwareVsftpd); !strings.Contains(v.Text, "certificate for ftp.example.test") {
		t.Errorf("vsftpd certificate fix: %q", v.Text)
	}

	data := probe.Finding{ID: probe.FindingTLSDataFailed, Params: natParams(), Ports: natPorts()}
	rs = Remediate(data, probe.SoftwareVsftpd)
	var vs []string
	for _, r := range rs {
		if r.AppliesTo == probe.SoftwareVsftpd {
			vs = append(vs, r.Text+"\n"+r.Config)
		}
	}
	if len(vs) != 2 || !strings.Contains(vs[0], "pasv_address=203.0.113.10") || !strings.Contains(vs[1], "522") {
		t.Errorf("tls.data_failed vsftpd fixes: %q", vs)
	}
	e, _ = Lookup(probe.FindingTLSDataFailed)
	if got := e.Advice(natFinding(natParams())); !strings.HasPrefix(got, "Make the server announce 203.0.113.10 itself and forward "+
		"and allow the observed range 30000-30009 to 10.0.0.5 explicitly") {
		t.Errorf("tls.data_failed advice: %q", got)
	}
}
