package report

import (
	"encoding/json"
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// The address and range findings give every program a fix in its own
// terms, filled with the observed public address and range.
func TestProgramFixesFilledWithObservedValues(t *testing.T) {
	type want struct {
		advertise []string // substrings of Text+Config for pasv.unroutable_address
		pinRange  []string // substrings of Text+Config for data.port_filtered and passive.range_partially_blocked
	}
	tests := map[string]want{
		probe.SoftwareFileZilla: {
			[]string{"Passive mode", "'Use the following host' = 203.0.113.10", "'Use custom port range' = 30000-30009",
				`localport=30000-30009`},
			[]string{"'Use custom port range' = 30000-30009", "localport=30000-30009"}},
		probe.SoftwareIIS: {
			[]string{"External IP Address of Firewall = 203.0.113.10",
				`/siteDefaults.ftpServer.firewallSupport.externalIp4Address:"203.0.113.10" /commit:apphost`,
				`/site.name:"<site-name>" /ftpServer.firewallSupport.externalIp4Address:"203.0.113.10"`,
				"/lowDataChannelPort:30000 /highDataChannelPort:30009", "net stop ftpsvc && net start ftpsvc",
				`netsh advfirewall firewall add rule name="FTP passive 30000-30009" dir=in action=allow protocol=TCP localport=30000-30009`},
			[]string{"/lowDataChannelPort:30000 /highDataChannelPort:30009", "net stop ftpsvc && net start ftpsvc"}},
		probe.SoftwareServU: {
			[]string{"Listeners", "PASV IP address to 203.0.113.10", "PASV port range 30000-30009", `net stop "Serv-U" && net start "Serv-U"`},
			[]string{"PASV port range 30000-30009", "localport=30000-30009"}},
		probe.SoftwarePyftpdlib: {
			[]string{`handler.masquerade_address = "203.0.113.10"`, "handler.passive_ports = range(30000, 30009 + 1)"},
			[]string{"handler.passive_ports = range(30000, 30009 + 1)"}},
		probe.SoftwareTwisted: {
			[]string{"has no setting for the address", "1:1 NAT", "factory.passivePortRange = range(30000, 30009 + 1)"},
			[]string{"factory.passivePortRange = range(30000, 30009 + 1)"}},
		probe.SoftwareInetutils: {
			[]string{"has no setting for the address", "1:1 NAT", "ct helper set"},
			[]string{`ip_local_port_range="30000 30009"`}},
		probe.SoftwareNetkit: {
			[]string{"has no setting for the address", "1:1 NAT", "ct helper set"},
			[]string{`ip_local_port_range="30000 30009"`}},
		probe.SoftwareAioftp: {
			[]string{`ipv4_pasv_forced_response_address="203.0.113.10"`, "data_ports=range(30000, 30009 + 1)"},
			[]string{"data_ports=range(30000, 30009 + 1)"}},
		probe.SoftwareWingFTP: {
			[]string{"'Fixed IP' = 203.0.113.10", "'Passive port range' to 30000-30009"},
			[]string{"'Passive port range' to 30000-30009"}},
		probe.SoftwareCrushFTP: {
			[]string{"Preferences > IP/Servers", "PASV) IP to 203.0.113.10", "30000-30009", "'FTP Aware Router'"},
			[]string{"passive port range to 30000-30009"}},
		probe.SoftwareCerberus: {
			[]string{"PASV IP address 203.0.113.10", "30000-30009", "localport=30000-30009"},
			[]string{"passive port range to 30000-30009"}},
		probe.SoftwareTitan: {
			[]string{"external IP address 203.0.113.10", "30000-30009", "localport=30000-30009"},
			[]string{"restrict passive ports to 30000-30009"}},
		probe.SoftwareBitvise: {
			[]string{"Bindings and UPnP", "passive mode to 203.0.113.10", "port range to 30000-30009", "localport=30000-30009"},
			[]string{"port range to 30000-30009"}},
		probe.SoftwareGlFTPd: {
			[]string{"glftpd.conf", "\npasv_addr 203.0.113.10\npasv_ports 30000-30009"},
			[]string{"\npasv_ports 30000-30009"}},
		probe.SoftwareAWS: {
			[]string{`--protocol-details '{"PassiveIp":"203.0.113.10"}'`, "aws transfer stop-server", "aws transfer start-server",
				`"FromPort":8192,"ToPort":8200`, "8192-8200"},
			[]string{"fixed at 8192-8200", `"FromPort":8192,"ToPort":8200`}},
	}
	for slug, w := range tests {
		t.Run(slug, func(t *testing.T) {
			check := func(id string, wants []string) {
				t.Helper()
				rs := Remediate(probe.Finding{ID: id, Params: natParams(), Ports: natPorts()}, slug)
				r := detectedFix(t, rs, id, slug)
				all := r.Text + "\n" + r.Config
				for _, s := range wants {
					if !strings.Contains(all, s) {
						t.Errorf("%s: fix lacks %q:\n%s", id, s, all)
					}
				}
				if strings.Contains(all, "{{") {
					t.Errorf("%s: unfilled marker:\n%s", id, all)
				}
			}
			check(probe.FindingPASVUnroutable, w.advertise)
			check(probe.FindingDataPortFiltered, w.pinRange)
			check(probe.FindingRangePartiallyBlocked, w.pinRange)
		})
	}
	// Every program with a playbook is in the table.
	for _, slug := range ServerTargets() {
		if _, ok := tests[slug]; !ok && !slices.Contains([]string{probe.SoftwareVsftpd, probe.SoftwareProFTPD, probe.SoftwarePureFTPd}, slug) {
			t.Errorf("%s has fixes but no test row", slug)
		}
	}
}

// ServerTargets follows the program registry: every program with a
// playbook, in registry order.
func TestServerTargetsFollowTheRegistry(t *testing.T) {
	var registry []string
	for _, p := range probe.Programs() {
		registry = append(registry, p.Slug)
	}
	got := ServerTargets()
	for i, slug := range got {
		k := slices.Index(registry, slug)
		if k < 0 {
			t.Errorf("%s is not a registered program", slug)
		}
		if i > 0 && k < slices.Index(registry, got[i-1]) {
			t.Errorf("%s comes after %s, against the registry order", slug, got[i-1])
		}
	}
	for _, slug := range []string{probe.SoftwareIIS, probe.SoftwareFileZilla, probe.SoftwareServU, probe.SoftwareWingFTP,
		probe.SoftwareCrushFTP, probe.SoftwareCerberus, probe.SoftwareTitan, probe.SoftwareBitvise, probe.SoftwareGlFTPd,
		probe.SoftwareAWS, probe.SoftwareAioftp} {
		if !slices.Contains(got, slug) {
			t.Errorf("no fixes for %s", slug)
		}
	}
}

// FileZilla Server 0.9 and 1.x keep their passive settings in different
// places: the detected version chooses the fix.
func TestFileZillaFixByVersion(t *testing.T) {
	f := unroutable(natParams())
	tests := []struct {
		version    string
		want, not  string
		wantConfig bool
	}{
		{"1.8.0", "'Use the following host' = 203.0.113.10", "Custom PASV IP", false},
		{"", "'Use the following host' = 203.0.113.10", "Custom PASV IP", false},
		{"0.9.60 beta", "'Use the following IP' = 203.0.113.10", "Use the following host", true},
		{"version 0.9.41 beta", "'Use the following IP' = 203.0.113.10", "Use the following host", true},
	}
	for _, tt := range tests {
		rs := RemediateSoftware(f, probe.Software{Name: probe.SoftwareFileZilla, Version: tt.version})
		r := rs[0]
		if r.AppliesTo != probe.SoftwareFileZilla || !strings.Contains(r.Text, tt.want) || strings.Contains(r.Text+r.Config, tt.not) {
			t.Errorf("version %q: %+v", tt.version, r)
		}
		if got := strings.Contains(r.Config, "<Item"); got != tt.wantConfig {
			t.Errorf("version %q: settings file items %v, want %v", tt.version, got, tt.wantConfig)
		}
	}
	// When another program answered, FileZilla's entry is the 1.x one.
	r, _ := find(RemediateSoftware(f, probe.Software{Name: probe.SoftwareVsftpd, Version: "0.9"}), probe.SoftwareFileZilla)
	if !strings.Contains(r.Text, "Use the following host") {
		t.Errorf("undetected FileZilla Server: %+v", r)
	}
	// The version only picks a playbook: other programs are unaffected.
	if a, b := RemediateSoftware(f, probe.Software{Name: probe.SoftwareVsftpd, Version: "3.0.3"}), Remediate(f, probe.SoftwareVsftpd); !slices.Equal(a, b) {
		t.Error("a version changed the vsftpd fixes")
	}
}

// FileZilla Server 0.9's settings-file snippet is XML that its settings
// file takes: items named as FileZilla Server.xml names them.
func TestFileZilla09SnippetIsXML(t *testing.T) {
	sw := probe.Software{Name: probe.SoftwareFileZilla, Version: "0.9.60 beta"}
	for _, id := range []string{probe.FindingPASVUnroutable, probe.FindingDataPortFiltered} {
		r := detectedFix(t, RemediateSoftware(probe.Finding{ID: id, Params: natParams(), Ports: natPorts()}, sw), id, sw.Name)
		var settings struct {
			XMLName xml.Name `xml:"Settings"`
			Items   []struct {
				Name  string `xml:"name,attr"`
				Type  string `xml:"type,attr"`
				Value string `xml:",chardata"`
			} `xml:"Item"`
		}
		if err := xml.Unmarshal([]byte(r.Config), &settings); err != nil {
			t.Fatalf("%s: not XML: %v\n%s", id, err, r.Config)
		}
		got := map[string]string{}
		for _, it := range settings.Items {
			got[it.Name] = it.Value
		}
		want := map[string]string{"Use custom PASV ports": "1", "Custom PASV min port": "30000", "Custom PASV max port": "30009"}
		if id == probe.FindingPASVUnroutable {
			want["Custom PASV IP type"] = "1"
			want["Custom PASV IP"] = "203.0.113.10"
		}
		if !mapsEqual(got, want) {
			t.Errorf("%s: items %v, want %v", id, got, want)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// quotedJSON is the argument of an AWS CLI line given as JSON in single
// quotes.
var quotedJSON = regexp.MustCompile(`'([\[{].*[\]}])'`)

// AWS Transfer Family's fixes pass their structures to the AWS CLI as
// JSON: it parses, and holds the observed address and the service's range.
func TestAWSTransferSnippetsAreJSON(t *testing.T) {
	rs := Remediate(unroutable(natParams()), probe.SoftwareAWS)
	var passiveIP string
	var from, to int
	for _, l := range configLines(rs[0]) {
		m := quotedJSON.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		switch {
		case strings.HasPrefix(l, "aws transfer update-server"):
			var pd struct{ PassiveIp string }
			if err := json.Unmarshal([]byte(m[1]), &pd); err != nil {
				t.Fatalf("protocol details not JSON: %v: %s", err, m[1])
			}
			passiveIP = pd.PassiveIp
		case strings.HasPrefix(l, "aws ec2 authorize-security-group-ingress"):
			var perms []struct {
				IpProtocol       string
				FromPort, ToPort int
				IpRanges         []struct{ CidrIp string }
			}
			if err := json.Unmarshal([]byte(m[1]), &perms); err != nil || len(perms) != 1 {
				t.Fatalf("ip permissions not JSON: %v: %s", err, m[1])
			}
			from, to = perms[0].FromPort, perms[0].ToPort
			if perms[0].IpProtocol != "tcp" || len(perms[0].IpRanges) != 1 || perms[0].IpRanges[0].CidrIp != "0.0.0.0/0" {
				t.Errorf("ip permissions: %+v", perms)
			}
		}
	}
	if passiveIP != "203.0.113.10" || from != 8192 || to != 8200 {
		t.Errorf("PassiveIp %q, ports %d-%d:\n%s", passiveIP, from, to, rs[0].Config)
	}
	reuse := Remediate(probe.Finding{ID: probe.FindingTLSSessionReuseRequired, Params: natParams()}, probe.SoftwareAWS)
	m := quotedJSON.FindStringSubmatch(reuse[0].Config)
	var pd struct{ TlsSessionResumptionMode string }
	if reuse[0].AppliesTo != probe.SoftwareAWS || m == nil || json.Unmarshal([]byte(m[1]), &pd) != nil || pd.TlsSessionResumptionMode != "ENABLED" {
		t.Errorf("session reuse: %+v", reuse[0])
	}
}

// vsftpd and Pure-FTPd name the variables of the container images users
// run them in, filled with the observed values; the snippet stays a valid
// configuration file (the image forms are comments).
func TestContainerImageForms(t *testing.T) {
	rs := Remediate(unroutable(natParams()), probe.SoftwareVsftpd)
	v, _ := find(rs, probe.SoftwareVsftpd)
	p, _ := find(rs, probe.SoftwarePureFTPd)
	for _, tt := range []struct {
		r    Remediation
		want []string
	}{
		{v, []string{
			"#   fauria/vsftpd: -e PASV_ADDRESS=203.0.113.10 -e PASV_MIN_PORT=30000 -e PASV_MAX_PORT=30009",
			"#   delfer/alpine-ftp-server: -e ADDRESS=203.0.113.10 -e MIN_PORT=30000 -e MAX_PORT=30009",
			"#   garethflowers/ftp-server: -e PUBLIC_IP=203.0.113.10 (passive ports fixed at 40000-40009)",
			"#   and publish the range on the same numbers: -p 30000-30009:30000-30009"}},
		{p, []string{"#   -e PUBLICHOST=203.0.113.10 -e FTP_PASSIVE_PORTS=30000:30009"}},
	} {
		lines := configLines(tt.r)
		for _, w := range tt.want {
			if !slices.Contains(lines, w) {
				t.Errorf("%s config lacks %q:\n%s", tt.r.AppliesTo, w, tt.r.Config)
			}
		}
		for _, l := range lines {
			if strings.Contains(l, "-e ") && !strings.HasPrefix(l, "#") {
				t.Errorf("%s: container line %q is not a comment", tt.r.AppliesTo, l)
			}
		}
	}
	pin := Remediate(probe.Finding{ID: probe.FindingDataPortFiltered, Params: natParams(), Ports: natPorts()}, probe.SoftwareVsftpd)
	pv, _ := find(pin, probe.SoftwareVsftpd)
	pp, _ := find(pin, probe.SoftwarePureFTPd)
	if !strings.Contains(pv.Text, "fauria/vsftpd -e PASV_MIN_PORT=30000 -e PASV_MAX_PORT=30009") ||
		!strings.Contains(pp.Text, "-e FTP_PASSIVE_PORTS=30000:30009") {
		t.Errorf("pin-range container forms:\n%s\n%s", pv.Text, pp.Text)
	}
}

// remapped is a data.port_filtered finding behind a port mapping: the
// control port published as 2121 for the server's 21.
func remapped(p probe.Params) probe.Finding {
	p[probe.ParamControlPort] = "2121"
	p[probe.ParamServerPort] = "21"
	return probe.Finding{ID: probe.FindingDataPortFiltered, Params: p, Ports: natPorts()}
}

// Behind a port mapping, Docker and Compose publish the control port and
// the range on the same numbers, and a Kubernetes Service lists every
// passive port with targetPort equal to port.
func TestPublishRangeContainerForms(t *testing.T) {
	rs := Remediate(remapped(natParams()), "")
	pf, ok := find(rs, TargetPortForwarding)
	if !ok || !slices.Contains(configLines(pf), "docker run -d -p 2121:21 -p 30000-30009:30000-30009 <image>") ||
		!slices.Contains(configLines(pf), `  - "30000-30009:30000-30009"`) || !slices.Contains(configLines(pf), `  - "2121:21"`) {
		t.Fatalf("docker forms:\n%s", pf.Config)
	}
	k, ok := find(rs, TargetKubernetes)
	if !ok {
		t.Fatalf("no kubernetes fix: %v", rs)
	}
	if !strings.Contains(k.Text, "cannot expose a port range") || !strings.Contains(k.Text, "hostNetwork: true") {
		t.Errorf("kubernetes text: %s", k.Text)
	}
	entry := regexp.MustCompile(`^    - \{name: pasv-(\d+), protocol: TCP, port: (\d+), targetPort: (\d+)\}$`)
	var ports []string
	for _, l := range configLines(k) {
		if m := entry.FindStringSubmatch(l); m != nil {
			if m[1] != m[2] || m[2] != m[3] {
				t.Errorf("port and targetPort differ: %q", l)
			}
			ports = append(ports, m[2])
		}
	}
	if len(ports) != 10 || ports[0] != "30000" || ports[9] != "30009" {
		t.Errorf("service ports %v:\n%s", ports, k.Config)
	}
	if !slices.Contains(configLines(k), "    - {name: ftp, protocol: TCP, port: 2121, targetPort: 21}") {
		t.Errorf("control port:\n%s", k.Config)
	}

	// A range too long to list says so instead of writing thousands of lines.
	p := natParams()
	p[probe.ParamPortMax] = "40000"
	k, _ = find(Remediate(remapped(p), ""), TargetKubernetes)
	if n := len(configLines(k)); n > 20 || !strings.Contains(k.Config, "# 30000-40000: more than 200 ports") {
		t.Errorf("long range: %d lines:\n%s", n, k.Config)
	}
	// Unknown range: one line with a placeholder.
	p = natParams()
	delete(p, probe.ParamPortMin)
	k, _ = find(Remediate(remapped(p), ""), TargetKubernetes)
	if !strings.Contains(k.Config, "port: "+PlaceholderEachPort) {
		t.Errorf("unknown range:\n%s", k.Config)
	}
}

func TestMajorVersion(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"0.9.60 beta", 0, true}, {"1.8.0", 1, true}, {"version 0.9.41 beta", 0, true}, {"v2", 2, true},
		{"", 0, false}, {"beta", 0, false}, {"12345678901234567890", 0, false}, {" 1 ", 1, true},
	} {
		if got, ok := majorVersion(tt.in); got != tt.want || ok != tt.ok {
			t.Errorf("majorVersion(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzMajorVersion(f *testing.F) {
	for _, s := range []string{"0.9.60 beta", "1.8.0", "", "version 1", "v", "99999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, ok := majorVersion(s); ok && (n < 0 || n > 999999) {
			t.Errorf("majorVersion(%q) = %d", s, n)
		}
	})
}

// FileZilla Server 0.9 has a switch for TLS session resumption; 1.x has
// none.
func TestFileZillaSessionReuseByVersion(t *testing.T) {
	f := probe.Finding{ID: probe.FindingTLSSessionReuseRequired, Params: natParams()}
	old := RemediateSoftware(f, probe.Software{Name: probe.SoftwareFileZilla, Version: "0.9.60 beta"})[0]
	var settings struct {
		Items []struct {
			Name  string `xml:"name,attr"`
			Value string `xml:",chardata"`
		} `xml:"Item"`
	}
	if err := xml.Unmarshal([]byte(old.Config), &settings); err != nil || len(settings.Items) != 1 ||
		settings.Items[0].Name != "Force TLS session resumption" || settings.Items[0].Value != "0" ||
		!strings.HasPrefix(old.Text, "Last resort") {
		t.Errorf("0.9: %+v (%v)", old, err)
	}
	if cur := RemediateSoftware(f, probe.Software{Name: probe.SoftwareFileZilla, Version: "1.8.0"})[0]; !strings.Contains(cur.Text, "cannot be turned off") {
		t.Errorf("1.x: %+v", cur)
	}
}

// FileZilla Server 1.x's settings-file snippet is the <session><pasv>
// element of settings.xml, filled with the observed values.
func TestFileZilla1SnippetIsXML(t *testing.T) {
	for _, id := range []string{probe.FindingPASVUnroutable, probe.FindingDataPortFiltered} {
		r := detectedFix(t, RemediateSoftware(probe.Finding{ID: id, Params: natParams(), Ports: natPorts()},
			probe.Software{Name: probe.SoftwareFileZilla, Version: "1.8.0"}), id, probe.SoftwareFileZilla)
		var session struct {
			XMLName xml.Name `xml:"session"`
			Pasv    struct {
				HostOverride string `xml:"host_override"`
				NotLocal     string `xml:"do_not_override_host_if_peer_is_local"`
				Min          int    `xml:"port_range>min"`
				Max          int    `xml:"port_range>max"`
			} `xml:"pasv"`
		}
		if err := xml.Unmarshal([]byte(r.Config), &session); err != nil {
			t.Fatalf("%s: not XML: %v\n%s", id, err, r.Config)
		}
		p := session.Pasv
		wantHost, wantLocal := "", ""
		if id == probe.FindingPASVUnroutable {
			wantHost, wantLocal = "203.0.113.10", "true"
		}
		if p.HostOverride != wantHost || p.NotLocal != wantLocal || p.Min != 30000 || p.Max != 30009 {
			t.Errorf("%s: pasv %+v", id, p)
		}
	}
}

// AWS Transfer Family announcing 0.0.0.0 is its PassiveIp convention, not
// a broken listener: the fix says so and sets the public address.
func TestAWSTransferUnspecified(t *testing.T) {
	p := natParams()
	p[probe.ParamAdvertisedAddress] = "0.0.0.0"
	r := Remediate(unroutable(p), probe.SoftwareAWS)[0]
	if r.AppliesTo != probe.SoftwareAWS || !strings.Contains(r.Text, "PassiveIp=0.0.0.0 is AWS Transfer Family's way") ||
		!strings.Contains(r.Config, `'{"PassiveIp":"203.0.113.10"}'`) || !strings.Contains(r.Config, "aws transfer start-server") {
		t.Errorf("unspecified: %+v", r)
	}
	// Other programs keep their advertise fix for 0.0.0.0.
	if g, _ := find(Remediate(unroutable(p), probe.SoftwareAWS), probe.SoftwareGlFTPd); !strings.Contains(g.Config, "pasv_addr 203.0.113.10") {
		t.Errorf("glftpd for 0.0.0.0: %+v", g)
	}
}
