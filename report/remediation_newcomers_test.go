package report

import (
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// The NAT case's fixes for pyftpdlib, Twisted, GNU inetutils ftpd and
// netkit ftpd, each in the program's own terms and filled with the
// observed values.
func TestRemediateNewcomersUnroutable(t *testing.T) {
	tests := []struct {
		slug      string
		wantLines []string // exact config lines
		wantText  []string // substrings of Text
	}{
		{probe.SoftwarePyftpdlib, []string{
			`handler.masquerade_address = "203.0.113.10"`,
			"handler.passive_ports = range(30000, 30009 + 1)",
			"# command line: python3 -m pyftpdlib -p 21 -n 203.0.113.10 -r 30000-30009",
		}, []string{"observed range 30000-30009", "--nat-address", "--range", "restart the script"}},
		{probe.SoftwareTwisted, []string{"factory.passivePortRange = range(30000, 30009 + 1)"},
			[]string{"has no setting for the address", "10.0.0.5", "FTP ALG", "1:1 NAT", "pasv_address"}},
		{probe.SoftwareInetutils, []string{
			"nft add table ip ftp_alg",
			`nft add ct helper ip ftp_alg ftp-standard '{ type "ftp" protocol tcp; }'`,
			"nft add chain ip ftp_alg pre '{ type filter hook prerouting priority 0; policy accept; }'",
			`nft add rule ip ftp_alg pre ip daddr 10.0.0.5 tcp dport 21 ct helper set "ftp-standard"`,
		}, []string{"GNU inetutils ftpd has no setting for the address", "Plaintext FTP only", "1:1 NAT",
			"announce 203.0.113.10", "no TLS"}},
		{probe.SoftwareNetkit, []string{`nft add rule ip ftp_alg pre ip daddr 10.0.0.5 tcp dport 21 ct helper set "ftp-standard"`},
			[]string{"has no setting for the address", "1:1 NAT", "-z secure"}},
	}
	rs := Remediate(unroutable(natParams()), probe.SoftwarePyftpdlib)
	for _, tt := range tests {
		t.Run(tt.slug, func(t *testing.T) {
			r, ok := find(rs, tt.slug)
			if !ok {
				t.Fatalf("no remediation for %s", tt.slug)
			}
			for _, w := range tt.wantLines {
				if !slices.Contains(configLines(r), w) {
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

// Programs that cannot announce another address never pretend to: their
// fix for an unroutable address names the ways out, not a setting.
func TestRemediateProgramsThatCannotAnnounce(t *testing.T) {
	for _, slug := range []string{probe.SoftwareTwisted, probe.SoftwareInetutils, probe.SoftwareNetkit} {
		p, ok := probe.LookupProgram(slug)
		if !ok || p.Announces {
			t.Fatalf("%s: registry says it announces another address (%+v)", slug, p)
		}
		r, _ := find(Remediate(unroutable(natParams()), slug), slug)
		for _, w := range []string{"has no setting for the address", "Replace it", "FTP ALG", "cannot read FTPS", "1:1 NAT"} {
			if !strings.Contains(r.Text, w) {
				t.Errorf("%s: text lacks %q:\n%s", slug, w, r.Text)
			}
		}
	}
}

// The other fixes use each program's own settings: pyftpdlib's handler
// attributes; for inetutils and netkit ftpd, which have no passive port
// setting, the kernel's ephemeral range in the server's namespace.
func TestRemediateNewcomersSpecific(t *testing.T) {
	tests := []struct {
		id, slug, want string
	}{
		{probe.FindingDataPortFiltered, probe.SoftwarePyftpdlib, "handler.passive_ports = range(30000, 30009 + 1)"},
		{probe.FindingTLSNotOffered, probe.SoftwarePyftpdlib, "handler = TLS_FTPHandler"},
		{probe.FindingTLSNotOffered, probe.SoftwarePyftpdlib, "handler.tls_control_required = True"},
		{probe.FindingActivePortRejected, probe.SoftwarePyftpdlib, "handler.permit_foreign_addresses = False"},
		{probe.FindingControlNoGreeting, probe.SoftwarePyftpdlib, "server.max_cons_per_ip"},
		{probe.FindingDataPortFiltered, probe.SoftwareInetutils, `sysctl -w net.ipv4.ip_local_port_range="30000 30009"`},
		{probe.FindingDataPortFiltered, probe.SoftwareNetkit, `docker run --sysctl net.ipv4.ip_local_port_range="30000 30009"`},
		{probe.FindingDataPortFiltered, probe.SoftwareTwisted, "factory.passivePortRange = range(30000, 30009 + 1)"},
		{probe.FindingTLSNotOffered, probe.SoftwareInetutils, "has no TLS"},
		{probe.FindingTLSNotOffered, probe.SoftwareNetkit, "-z cert=/etc/ssl/certs/ftpd-fullchain.pem"},
	}
	for _, tt := range tests {
		r, ok := find(Remediate(probe.Finding{ID: tt.id, Params: natParams(), Ports: natPorts()}, tt.slug), tt.slug)
		if !ok || !strings.Contains(r.Text+"\n"+r.Config, tt.want) {
			t.Errorf("%s/%s: want %q, got %+v", tt.id, tt.slug, tt.want, r)
		}
	}
}

// The address and range findings put the detected program's own fix
// first among the servers (after the network devices for the range
// findings, whose cause is the network), filled with the observed values (the rows follow the shape of
// the other programs' table).
func TestNewcomerFixesComeFirstFilled(t *testing.T) {
	type want struct{ advertise, pinRange []string }
	noAnnounce := []string{"has no setting for the address", "1:1 NAT", `ct helper set "ftp-standard"`}
	ephemeral := []string{`sysctl -w net.ipv4.ip_local_port_range="30000 30009"`}
	tests := map[string]want{
		probe.SoftwarePyftpdlib: {
			[]string{`handler.masquerade_address = "203.0.113.10"`, "handler.passive_ports = range(30000, 30009 + 1)", "-n 203.0.113.10 -r 30000-30009"},
			[]string{"handler.passive_ports = range(30000, 30009 + 1)", "-r 30000-30009"}},
		probe.SoftwareTwisted: {
			[]string{"has no setting for the address", "1:1 NAT", "factory.passivePortRange = range(30000, 30009 + 1)"},
			[]string{"factory.passivePortRange = range(30000, 30009 + 1)"}},
		probe.SoftwareInetutils: {noAnnounce, ephemeral},
		probe.SoftwareNetkit:    {noAnnounce, ephemeral},
	}
	for slug, w := range tests {
		check := func(id string, wants []string) {
			rs := Remediate(probe.Finding{ID: id, Params: natParams(), Ports: natPorts()}, slug)
			r := detectedFix(t, rs, id, slug)
			all := r.Text + "\n" + r.Config
			for _, s := range wants {
				if !strings.Contains(all, s) {
					t.Errorf("%s/%s: fix lacks %q:\n%s", slug, id, s, all)
				}
			}
		}
		check(probe.FindingPASVUnroutable, w.advertise)
		check(probe.FindingDataPortFiltered, w.pinRange)
		check(probe.FindingRangePartiallyBlocked, w.pinRange)
	}
}
