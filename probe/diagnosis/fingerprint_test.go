package diagnosis

import (
	"strings"
	"testing"
)

const greetingPureFTPd = "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\n" +
	"220-You are user number 1 of 50 allowed.\n" +
	"220-Local time is now 10:11. Server port: 21.\n" +
	"220-This is a private system - No anonymous login\n" +
	"220-IPv6 connections are also welcome on this server.\n" +
	"220 You will be disconnected after 15 minutes of inactivity."

// vsftpd 3.0.3's STAT (postlogin.c handle_stat), behind a custom banner.
const statVsftpd = "211-FTP server status:\n" +
	"     Connected to 198.51.100.7\n" +
	"     Logged in as ftp\n" +
	"     TYPE: ASCII\n" +
	"     No session bandwidth limit\n" +
	"     Session timeout in seconds is 300\n" +
	"     Control connection is plain text\n" +
	"     Data connections will be plain text\n" +
	"     At session startup, client count was 1\n" +
	"     vsFTPd 3.0.3 - secure, fast, stable\n" +
	"211 End of status"

// fpCase is one server's evidence as text; "" and nil mean not seen.
type fpCase struct {
	name     string
	greeting string
	syst     string
	feat     string
	stat     string
	help     string
	replies  []string
	issuer   string
	host     string
	want     Software
}

func (c fpCase) evidence() FingerprintEvidence {
	reply := func(s string) *Reply {
		if s == "" {
			return nil
		}
		r := parsersTestReply(s)
		return &r
	}
	ev := FingerprintEvidence{
		Host:     c.host,
		Greeting: reply(c.greeting),
		Syst:     reply(c.syst),
		Stat:     reply(c.stat),
		Help:     reply(c.help),
	}
	if c.feat != "" {
		f := ParseFEAT(parsersTestReply(c.feat))
		ev.Features = &f
	}
	for _, r := range c.replies {
		ev.Replies = append(ev.Replies, parsersTestReply(r))
	}
	if c.issuer != "" {
		ev.Certificate = &Certificate{Issuer: c.issuer}
	}
	return ev
}

// fingerprintCases are real replies; the comment above each says where
// it was seen. nmap = nmap-service-probes (github.com/nmap/nmap);
// greenbone = Greenbone's ftp_banner detection (gb FTP Banner Detection).
var fingerprintCases = []fpCase{
	// vsftpd: default banner; nmap "220 \(vsFTPd ([-.\w]+)\)".
	{name: "vsftpd", greeting: "220 (vsFTPd 3.0.3)", want: Software{SoftwareVsftpd, "3.0.3", "greeting"}},
	{name: "vsftpd 2.0.5", greeting: "220 (vsFTPd 2.0.5)", syst: "215 UNIX Type: L8", feat: featVsftpd, want: Software{SoftwareVsftpd, "2.0.5", "greeting"}},
	// vsftpd ftpd_banner set: its STAT still names it (postlogin.c).
	{name: "vsftpd stat", greeting: "220 Welcome to blah FTP service.", stat: statVsftpd, want: Software{SoftwareVsftpd, "3.0.3", "stat"}},
	// vsftpd HELP ends with "214 Help OK." (postlogin.c handle_help).
	{name: "vsftpd help", greeting: "220 Welcome to blah FTP service.", help: "214-The following commands are recognized.\n ABOR ACCT ALLO APPE CDUP CWD  DELE EPRT EPSV FEAT HELP LIST MDTM MKD\n214 Help OK.", want: Software{SoftwareVsftpd, "", "help"}},
	// vsftpd wordings, from a public transcript of vsFTPd 3.0.5 (USER, LIST).
	{name: "vsftpd wording", greeting: "220 Welcome", replies: []string{"331 Please specify the password.", "230 Login successful.", "150 Here comes the directory listing.", "226 Directory send OK."}, want: Software{SoftwareVsftpd, "", "reply"}},

	// ProFTPD: Debian's default; nmap "220 ProFTPD (\d\S+) Server".
	{name: "proftpd debian", greeting: "220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.5]", want: Software{SoftwareProFTPD, "1.3.8", "greeting"}},
	{name: "proftpd letter suffix", greeting: "220 ProFTPD 1.3.5e Server (ProFTPD) [192.168.1.20]", want: Software{SoftwareProFTPD, "1.3.5e", "greeting"}},
	{name: "proftpd default installation", greeting: "220 ProFTPD Server (ProFTPD Default Installation) [10.0.0.5]", want: Software{SoftwareProFTPD, "", "greeting"}},
	{name: "custom greeting, feat proftpd mff", greeting: "220 Welcome", syst: "215 UNIX Type: L8", feat: featProFTPD, want: Software{SoftwareProFTPD, "", "feat"}},
	{name: "custom greeting, feat proftpd mod_copy", greeting: "220 Welcome", feat: featCodePrefixed, want: Software{SoftwareProFTPD, "", "feat"}},
	// ProFTPD mod_core HELP; nmap labels "(* =>'s unimplemented):" ProFTPD.
	{name: "proftpd help", greeting: "220 FTP Server ready.", help: "214-The following commands are recognized (* =>'s unimplemented):\n CWD     XCWD    CDUP    XCUP    SMNT*   QUIT    PORT    PASV    \n214 Direct comments to root@ftp.example.net", want: Software{SoftwareProFTPD, "", "help"}},
	// ProFTPD mod_auth's anonymous login wordings.
	{name: "proftpd anonymous wording", greeting: "220 FTP Server ready.", replies: []string{"331 Anonymous login ok, send your complete email address as your password", "230 Anonymous access granted, restrictions apply"}, want: Software{SoftwareProFTPD, "", "reply"}},
	// ProFTPD STAT (mod_core): "Status of '<ServerName>'".
	{name: "proftpd stat", greeting: "220 FTP Server ready.", stat: "211-Status of 'ProFTPD Default Installation'\n Connected from 198.51.100.7 (198.51.100.7)\n211 End of status", want: Software{SoftwareProFTPD, "", "stat"}},

	// Pure-FTPd: nmap "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------".
	{name: "pure-ftpd", greeting: greetingPureFTPd, want: Software{SoftwarePureFTPd, "", "greeting"}},
	{name: "custom greeting, feat pure-ftpd", greeting: "220 Welcome", syst: "215 UNIX Type: L8", feat: featPure, want: Software{SoftwarePureFTPd, "", "feat"}},
	// Pure-FTPd HELP; nmap "214 Pure-FTPd - http://pureftpd\.org/?".
	{name: "pure-ftpd help", greeting: "220 FTP server ready.", help: "214-The following SITE commands are recognized\n ALIAS\n CHMOD\n IDLE\n UTIME\n214 Pure-FTPd - http://pureftpd.org/", want: Software{SoftwarePureFTPd, "", "help"}},

	// FileZilla Server: the 1.x and 0.9 default greetings (nmap, public logs).
	{name: "filezilla 1.x", greeting: "220-FileZilla Server 1.8.0\n220 Please visit https://filezilla-project.org/", want: Software{SoftwareFileZilla, "1.8.0", "greeting"}},
	{name: "filezilla 0.9", greeting: "220-FileZilla Server version 0.9.60 beta\n220-written by Tim Kosse (tim.kosse@filezilla-project.org)\n220 Please visit https://filezilla-project.org/", want: Software{SoftwareFileZilla, "0.9.60 beta", "greeting"}},
	{name: "filezilla custom first line", greeting: "220-Welcome to ACME\n220 Please visit https://filezilla-project.org/", want: Software{SoftwareFileZilla, "", "greeting"}},
	{name: "custom greeting, syst filezilla 0.9", greeting: "220 Welcome", syst: "215 UNIX emulated by FileZilla", want: Software{SoftwareFileZilla, "", "syst"}},
	{name: "custom greeting, syst filezilla 1.x", greeting: "220 Welcome", syst: "215 UNIX emulated by FileZilla.", want: Software{SoftwareFileZilla, "", "syst"}},
	// FileZilla Server 1.10.4's log: "331 Please, specify the password.".
	{name: "filezilla 1.x wording", greeting: "220 Welcome", replies: []string{"331 Please, specify the password.", "230 Login successful."}, want: Software{SoftwareFileZilla, "", "reply"}},
	// FileZilla Server 0.9 answers a login with "230 Logged on".
	{name: "filezilla 0.9 wording", greeting: "220 Welcome", replies: []string{"331 Password required for bob", "230 Logged on"}, want: Software{SoftwareFileZilla, "", "reply"}},

	// IIS: nmap "220[ -]Microsoft FTP Service" and "(Version (\d[^)]+)".
	{name: "iis", greeting: "220 Microsoft FTP Service", syst: "215 Windows_NT", feat: featIIS, want: Software{SoftwareIIS, "", "greeting"}},
	{name: "iis 5 version", greeting: "220 ftp.example.com Microsoft FTP Service (Version 5.0).", want: Software{SoftwareIIS, "5.0", "greeting"}},
	{name: "custom greeting, syst windows", greeting: "220 Welcome to ACME", syst: "215 Windows_NT", want: Software{SoftwareIIS, "", "syst"}},
	{name: "custom greeting, feat iis", greeting: "220 Welcome", feat: featIIS, want: Software{SoftwareIIS, "", "feat"}},
	{name: "iis anonymous wording", greeting: "220 Welcome", replies: []string{"331 Anonymous access allowed, send identity (e-mail name) as password.", "230 User logged in."}, want: Software{SoftwareIIS, "", "reply"}},

	// Serv-U: nmap "220[ -]Serv-U FTP[ -]Server v([\w._-]+) ".
	{name: "serv-u 15", greeting: "220 Serv-U FTP Server v15.1 ready...", want: Software{SoftwareServU, "15.1", "greeting"}},
	{name: "serv-u 6", greeting: "220 Serv-U FTP Server v6.4 for WinSock ready...", want: Software{SoftwareServU, "6.4", "greeting"}},
	{name: "serv-u build", greeting: "220 Serv-U FTP-Server v2.5 build 6 for WinSock ready...", want: Software{SoftwareServU, "2.5 build 6", "greeting"}},
	{name: "custom greeting, feat serv-u", greeting: "220 Welcome", syst: "215 UNIX Type: L8", feat: featServU, want: Software{SoftwareServU, "", "feat"}},

	// pyftpdlib: its default banner; nmap "220 pyftpdlib ([\w._-]+) ready\.".
	{name: "pyftpdlib", greeting: "220 pyftpdlib 1.5.7 ready.", want: Software{SoftwarePyftpdlib, "1.5.7", "greeting"}},
	// pyftpdlib before 1.0; nmap "220 pyftpdlib based ftpd ready\.".
	{name: "pyftpdlib old", greeting: "220 pyftpdlib based ftpd ready.", want: Software{SoftwarePyftpdlib, "", "greeting"}},
	// handler.banner set; USER and TYPE I keep pyftpdlib's wording
	// (copyparty's FTP transcript; pyftpdlib test_type).
	{name: "pyftpdlib wording", greeting: "220 meow", replies: []string{"331 Username ok, send password.", "230 Login successful.", "200 Type set to: Binary."}, want: Software{SoftwarePyftpdlib, "", "reply"}},

	// Twisted: FTPFactory.welcomeMessage "Twisted %s FTP Server".
	{name: "twisted", greeting: "220 Twisted 22.4.0 FTP Server", want: Software{SoftwareTwisted, "22.4.0", "greeting"}},
	// twisted.protocols.ftp RESPONSE wordings, welcome message changed.
	{name: "twisted wording", greeting: "220 Files", replies: []string{"331 Guest login ok, type your email address as password.", "230 Anonymous login ok, access restrictions apply."}, want: Software{SoftwareTwisted, "", "reply"}},
	{name: "twisted stat", greeting: "220 Files", stat: "502 Command 'STAT' not implemented", want: Software{SoftwareTwisted, "", "stat"}},

	// GNU inetutils ftpd: nmap "220 ([-.\w]+) FTP server \(GNU inetutils (\d[-.\w ]+)\) ready\.".
	{name: "inetutils", greeting: "220 ftp.example.net FTP server (GNU inetutils 2.4) ready.", want: Software{SoftwareInetutils, "2.4", "greeting"}},
	// greenbone: a device whose STAT said "ftpd (GNU inetutils) 1.9.4".
	{name: "inetutils stat", greeting: "220 Welcome", stat: "211- pCOWeb916E96 FTP server status:\n     ftpd (GNU inetutils) 1.9.4\n211 End of status", want: Software{SoftwareInetutils, "1.9.4", "stat"}},

	// netkit linux-ftpd(-ssl): nmap "FTP server \(Version (\S+)/OpenBSD/Linux-ftpd-([-.\w]+)\) ready.".
	{name: "netkit", greeting: "220 ftp.example.net FTP server (Version 6.4/OpenBSD/Linux-ftpd-0.17) ready.", want: Software{SoftwareNetkit, "0.17", "greeting"}},
	{name: "netkit stat", greeting: "220 Welcome", stat: "211- ftp.example.net FTP server status:\n     Version 6.4/OpenBSD/Linux-ftpd-0.17\n211 End of status", want: Software{SoftwareNetkit, "0.17", "stat"}},

	// aioftp greets "220 welcome"; its PASS, PASV and LIST wordings are
	// its own (aioftp/server.py).
	{name: "aioftp wording", greeting: "220 welcome", replies: []string{"230 normal login", "227-listen socket created\n227 (198,51,100,10,195,80)", "150 list transfer started", "226 list transfer done"}, want: Software{SoftwareAioftp, "", "reply"}},
	{name: "aioftp epsv", greeting: "220 welcome", replies: []string{"229 listen socket created (|||50000|)"}, want: Software{SoftwareAioftp, "", "reply"}},

	// Wing FTP Server: nmap, and curl issue #22587's transcript.
	{name: "wing ftp", greeting: "220 Wing FTP Server ready...", want: Software{SoftwareWingFTP, "", "greeting"}},
	{name: "wing ftp version", greeting: "220 Wing FTP Server 4.3.8 ready...", want: Software{SoftwareWingFTP, "4.3.8", "greeting"}},
	{name: "wing ftp unregistered", greeting: "220 Wing FTP Server ready... (UNREGISTERED WING FTP SERVER)", want: Software{SoftwareWingFTP, "", "greeting"}},

	// CrushFTP: greenbone "220 CrushFTP Server Ready!"; nmap the two-line form.
	{name: "crushftp", greeting: "220 CrushFTP Server Ready!", want: Software{SoftwareCrushFTP, "", "greeting"}},
	{name: "crushftp welcome", greeting: "220-Welcome to CrushFTP!\n220 CrushFTP Server Ready.", want: Software{SoftwareCrushFTP, "", "greeting"}},

	// Cerberus FTP Server: nmap.
	{name: "cerberus", greeting: "220-Welcome to Cerberus FTP Server\n220 Created by Cerberus, LLC", want: Software{SoftwareCerberus, "", "greeting"}},
	{name: "cerberus personal", greeting: "220-Cerberus FTP Server Personal Edition\n220-UNREGISTERED\n220 Welcome", want: Software{SoftwareCerberus, "", "greeting"}},

	// Titan FTP Server: nmap "220 Titan FTP Server ([\d.]+) Ready\.".
	{name: "titan", greeting: "220 Titan FTP Server 10.32.1960 Ready.", want: Software{SoftwareTitan, "10.32.1960", "greeting"}},

	// Bitvise SSH Server's FTPS: greenbone's examples.
	{name: "bitvise", greeting: "220 Bitvise SSH Server 9.32: free only for personal non-commercial use", want: Software{SoftwareBitvise, "9.32", "greeting"}},
	{name: "bitvise bare", greeting: "220 Bitvise SSH Server", want: Software{SoftwareBitvise, "", "greeting"}},

	// glFTPd: nmap "\(glFTPd (\d[-.0-9a-zA-Z]+) Linux\+TLS\) ready" and the "_" form.
	{name: "glftpd", greeting: "220 ftp.example.net (glFTPd 2.11a Linux+TLS) ready.", want: Software{SoftwareGlFTPd, "2.11a", "greeting"}},
	{name: "glftpd underscore", greeting: "220 site (glftpd 1.32_Linux+TLS) ready.", want: Software{SoftwareGlFTPd, "1.32", "greeting"}},

	// AWS Transfer Family: its endpoint name (s- and 17 hex digits, AWS
	// docs) and its ACM certificate ("Amazon RSA 2048 M02", O=Amazon).
	{name: "aws endpoint", greeting: "220 Service ready for new user.", host: "s-1234567890abcdef0.server.transfer.us-east-1.amazonaws.com", want: Software{SoftwareAWS, "", "host"}},
	{name: "aws certificate", greeting: "220 Service ready for new user.", issuer: "CN=Amazon RSA 2048 M02,O=Amazon,C=US", host: "ftp.example.com", want: Software{SoftwareAWS, "", "certificate"}},

	// Precedence and restraint.
	{name: "greeting wins over syst", greeting: "220 (vsFTPd 3.0.5)", syst: "215 Windows_NT", want: Software{SoftwareVsftpd, "3.0.5", "greeting"}},
	{name: "greeting wins over certificate", greeting: "220 (vsFTPd 3.0.5)", issuer: "CN=Amazon RSA 2048 M02,O=Amazon,C=US", want: Software{SoftwareVsftpd, "3.0.5", "greeting"}},
	{name: "version from another sign", greeting: "220 ProFTPD Server (ProFTPD Default Installation) [10.0.0.5]", stat: "211-Status of 'ProFTPD 1.3.8 Server'\n211 End of status", want: Software{SoftwareProFTPD, "1.3.8", "greeting"}},
	{name: "custom greeting, vsftpd feat is not distinctive", greeting: "220 Welcome", syst: "215 UNIX Type: L8", feat: featVsftpd, want: Software{Name: SoftwareOther}},
	{name: "filezilla 0.9 feat is not distinctive", greeting: "220 Welcome", feat: featFileZilla09, want: Software{Name: SoftwareOther}},
	{name: "shared wordings are not distinctive", greeting: "220 Service ready for new user.", replies: []string{"331 Password required for bob.", "230 Login successful.", "200 Type set to I.", "227 Entering Passive Mode (198,51,100,10,195,80)."}, want: Software{Name: SoftwareOther}},
	{name: "bsd help is not distinctive", greeting: "220 FTP server ready.", help: "214- The following commands are recognized (* =>'s unimplemented).\n   USER    PORT    STOR    MSAM*   RNTO    NLST    MKD     CDUP\n214 Direct comments to ftp-bugs@ftp.example.net."},
	{name: "certificate subject is not the issuer", greeting: "220 Welcome", issuer: "CN=R11,O=Let's Encrypt,C=US", want: Software{Name: SoftwareOther}},
	{name: "aws lookalike host", greeting: "220 Welcome", host: "s-1234567890abcdef0.server.transfer.us-east-1.amazonaws.com.example.net", want: Software{Name: SoftwareOther}},
	{name: "masked syst", greeting: "220 Welcome", syst: "215 XXXXXXXXXXXXXXX", want: Software{Name: SoftwareOther}},
	{name: "refused syst mentioning windows", greeting: "220 Welcome", syst: "500 Windows_NT", want: Software{Name: SoftwareOther}},
	{name: "unrecognised greeting", greeting: "220 FTP server ready.", want: Software{Name: SoftwareOther}},
	{name: "syst only", syst: "215 UNIX Type: L8", want: Software{Name: SoftwareOther}},
	{name: "nothing", want: Software{Name: SoftwareUnknown}},
}

func TestFingerprint(t *testing.T) {
	for _, tt := range fingerprintCases {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want.Name == "" {
				want = Software{Name: SoftwareOther}
			}
			if got := Fingerprint(tt.evidence()); got != want {
				t.Errorf("got %+v, want %+v", got, want)
			}
		})
	}
}

// TestEveryProgramIsRecognised: every program in the one list has signs
// and a real reply above that recognises it, so no program is listed that
// ftpnat cannot name.
func TestEveryProgramIsRecognised(t *testing.T) {
	for _, p := range Programs() {
		if len(programSigns[p.Slug]) == 0 {
			t.Errorf("%s: no signs", p.Slug)
		}
		found := false
		for _, c := range fingerprintCases {
			if c.want.Name == p.Slug {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: no test case recognises it", p.Slug)
		}
	}
	for slug := range programSigns {
		if _, ok := LookupProgram(slug); !ok {
			t.Errorf("signs for %q, which is not a program", slug)
		}
	}
	for slug, signs := range programSigns {
		for i, s := range signs {
			if (s.re == nil) == (s.feat == nil) {
				t.Errorf("%s sign %d: needs exactly one of a pattern and a FEAT test", slug, i)
			}
			if s.feat != nil && s.in != sourceFeat {
				t.Errorf("%s sign %d: a FEAT test read from %s", slug, i, s.in)
			}
			if s.what == "" {
				t.Errorf("%s sign %d: says nothing of what it looks for", slug, i)
			}
			if !isFingerprintSource(s.in) {
				t.Errorf("%s sign %d: unknown source %q", slug, i, s.in)
			}
		}
	}
}

func isFingerprintSource(s string) bool {
	for _, src := range FingerprintSources() {
		if s == src {
			return true
		}
	}
	return false
}

func TestFingerprintEmptyArguments(t *testing.T) {
	ev := FingerprintEvidence{Greeting: &Reply{}, Syst: &Reply{}, Features: &Features{}, Stat: &Reply{}, Help: &Reply{}, Replies: []Reply{{}}}
	if got := Fingerprint(ev); got != (Software{Name: SoftwareUnknown}) {
		t.Errorf("got %+v", got)
	}
}

// TestPathFingerprintEvidence: the path's replies reach the fingerprint,
// so a program that changed its banner is still named by its wording.
func TestPathFingerprintEvidence(t *testing.T) {
	g := parsersTestReply("220 Welcome")
	pasv := parsersTestReply("227 Entering passive mode (198,51,100,10,195,80).")
	p := Path{SessionFacts: SessionFacts{
		Greeting:  &g,
		UserReply: &Reply{Code: 331, Lines: []string{"331 Username ok, send password."}},
		PASV:      []PassiveSample{{Command: "PASV", Reply: pasv}},
		Transfer:  &Transfer{Replies: []Reply{{Code: 226, Lines: []string{"226 Transfer complete."}}}},
	}, TLS: &TLSFacts{Certificate: &Certificate{Issuer: "CN=Example CA"}}}
	ev := p.FingerprintEvidence("ftp.example.com")
	if ev.Host != "ftp.example.com" || ev.Certificate == nil || len(ev.Replies) != 3 {
		t.Fatalf("evidence %+v", ev)
	}
	if got := Fingerprint(ev); got != (Software{SoftwarePyftpdlib, "", "reply"}) {
		t.Errorf("got %+v", got)
	}
}

func FuzzFingerprint(f *testing.F) {
	f.Fuzz(func(t *testing.T, greeting, syst, feat string) {
		c := fpCase{greeting: greeting, syst: syst, feat: feat}
		// The same texts again as every other source: a sign read from
		// the wrong source must still give a sane answer.
		c.stat, c.help, c.issuer, c.host = syst, feat, feat, greeting
		if syst != "" {
			c.replies = []string{syst}
		}
		for _, c := range []fpCase{c, {greeting: greeting, syst: syst, feat: feat}} {
			sw := Fingerprint(c.evidence())
			if _, ok := LookupProgram(sw.Name); !ok && sw.Name != SoftwareOther && sw.Name != SoftwareUnknown {
				t.Fatalf("name %q", sw.Name)
			}
			switch sw.Name {
			case SoftwareUnknown:
				if greeting != "" || syst != "" || sw.Source != "" || sw.Version != "" {
					t.Fatalf("unknown although something was seen: %+v", sw)
				}
			case SoftwareOther:
				if sw.Source != "" || sw.Version != "" {
					t.Fatalf("other with %+v", sw)
				}
			default:
				if !isFingerprintSource(sw.Source) {
					t.Fatalf("source %q", sw.Source)
				}
				if !strings.Contains(greeting, sw.Version) && !strings.Contains(syst, sw.Version) && !strings.Contains(feat, sw.Version) {
					t.Fatalf("version %q in none of the texts", sw.Version)
				}
				if sw.Source == sourceFeat && feat == "" {
					t.Fatalf("feat source without FEAT: %+v", sw)
				}
			}
			if strings.ContainsAny(sw.Version, "\n\r") {
				t.Fatalf("version %q spans lines", sw.Version)
			}
		}
	})
}

// TestDiagnoseSoftwareFromHost: Diagnose hands the name diagnosed to the
// fingerprint, so an AWS Transfer Family endpoint is named by its host
// when its greeting says nothing.
func TestDiagnoseSoftwareFromHost(t *testing.T) {
	g := parsersTestReply("220 Service ready for new user.")
	f := Facts{
		Host: "s-1234567890abcdef0.server.transfer.eu-west-1.amazonaws.com",
		Port: 21,
		Paths: []Path{{
			PathID:       PathID{Family: IPv4, Transport: TransportPlain},
			Control:      Dial{Reach: ReachOpen},
			SessionFacts: SessionFacts{Greeting: &g},
		}},
	}
	if got := Diagnose(f).Software; got != (Software{SoftwareAWS, "", "host"}) {
		t.Errorf("software %+v", got)
	}
}
