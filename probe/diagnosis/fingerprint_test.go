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

func TestFingerprint(t *testing.T) {
	tests := []struct {
		name     string
		greeting string // "" means nil
		syst     string // "" means nil
		feat     string // "" means nil
		want     Software
	}{
		{"vsftpd", "220 (vsFTPd 3.0.3)", "", "", Software{SoftwareVsftpd, "3.0.3", "greeting"}},
		{"vsftpd 2.0.5", "220 (vsFTPd 2.0.5)", "215 UNIX Type: L8", featVsftpd, Software{SoftwareVsftpd, "2.0.5", "greeting"}},
		{"proftpd debian", "220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.5]", "", "", Software{SoftwareProFTPD, "1.3.8", "greeting"}},
		{"proftpd letter suffix", "220 ProFTPD 1.3.5e Server (ProFTPD) [192.168.1.20]", "", "", Software{SoftwareProFTPD, "1.3.5e", "greeting"}},
		{"proftpd default installation", "220 ProFTPD Server (ProFTPD Default Installation) [10.0.0.5]", "", "", Software{SoftwareProFTPD, "", "greeting"}},
		{"pure-ftpd", greetingPureFTPd, "", "", Software{SoftwarePureFTPd, "", "greeting"}},
		{"iis", "220 Microsoft FTP Service", "215 Windows_NT", featIIS, Software{SoftwareIIS, "", "greeting"}},
		{"iis 5 version", "220 ftp.example.com Microsoft FTP Service (Version 5.0).", "", "", Software{SoftwareIIS, "5.0", "greeting"}},
		{"pyftpdlib", "220 pyftpdlib 1.5.7 ready.", "215 UNIX Type: L8", "", Software{SoftwarePyftpdlib, "1.5.7", "greeting"}},
		{"inetutils", "220 localhost FTP server (GNU inetutils 2.4) ready.", "", "", Software{SoftwareInetutils, "2.4", "greeting"}},
		{"filezilla 1.x", "220-FileZilla Server 1.8.0\n220 Please visit https://filezilla-project.org/", "", "", Software{SoftwareFileZilla, "1.8.0", "greeting"}},
		{"filezilla 0.9", "220-FileZilla Server version 0.9.60 beta\n220-written by Tim Kosse (tim.kosse@filezilla-project.org)\n220 Please visit https://filezilla-project.org/", "", "", Software{SoftwareFileZilla, "0.9.60 beta", "greeting"}},
		{"filezilla custom first line", "220-Welcome to ACME\n220 Please visit https://filezilla-project.org/", "", "", Software{SoftwareFileZilla, "", "greeting"}},
		{"serv-u 15", "220 Serv-U FTP Server v15.1 ready...", "", "", Software{SoftwareServU, "15.1", "greeting"}},
		{"serv-u 6", "220 Serv-U FTP Server v6.4 for WinSock ready...", "", "", Software{SoftwareServU, "6.4", "greeting"}},
		{"greeting wins over syst", "220 (vsFTPd 3.0.5)", "215 Windows_NT", "", Software{SoftwareVsftpd, "3.0.5", "greeting"}},

		{"custom greeting, syst windows", "220 Welcome to ACME", "215 Windows_NT", "", Software{SoftwareIIS, "", "syst"}},
		{"custom greeting, syst filezilla 0.9", "220 Welcome", "215 UNIX emulated by FileZilla", "", Software{SoftwareFileZilla, "", "syst"}},
		{"custom greeting, syst filezilla 1.x", "220 Welcome", "215 UNIX emulated by FileZilla.", "", Software{SoftwareFileZilla, "", "syst"}},
		{"custom greeting, feat pure-ftpd", "220 Welcome", "215 UNIX Type: L8", featPure, Software{SoftwarePureFTPd, "", "feat"}},
		{"custom greeting, feat iis", "220 Welcome", "", featIIS, Software{SoftwareIIS, "", "feat"}},
		{"custom greeting, feat proftpd mff", "220 Welcome", "215 UNIX Type: L8", featProFTPD, Software{SoftwareProFTPD, "", "feat"}},
		{"custom greeting, feat proftpd mod_copy", "220 Welcome", "", featCodePrefixed, Software{SoftwareProFTPD, "", "feat"}},
		{"custom greeting, feat serv-u", "220 Welcome", "215 UNIX Type: L8", featServU, Software{SoftwareServU, "", "feat"}},
		{"custom greeting, vsftpd feat is not distinctive", "220 Welcome", "215 UNIX Type: L8", featVsftpd, Software{Name: SoftwareOther}},
		{"filezilla 0.9 feat is not distinctive", "220 Welcome", "", featFileZilla09, Software{Name: SoftwareOther}},
		{"masked syst", "220 Welcome", "215 XXXXXXXXXXXXXXX", "", Software{Name: SoftwareOther}},
		{"refused syst mentioning windows", "220 Welcome", "500 Windows_NT", "", Software{Name: SoftwareOther}},
		{"unrecognised greeting", "220 FTP server ready.", "", "", Software{Name: SoftwareOther}},
		{"syst only", "", "215 UNIX Type: L8", "", Software{Name: SoftwareOther}},
		{"nothing", "", "", "", Software{Name: SoftwareUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var g, s *Reply
			var f *Features
			if tt.greeting != "" {
				r := parsersTestReply(tt.greeting)
				g = &r
			}
			if tt.syst != "" {
				r := parsersTestReply(tt.syst)
				s = &r
			}
			if tt.feat != "" {
				ff := ParseFEAT(parsersTestReply(tt.feat))
				f = &ff
			}
			if got := Fingerprint(g, s, f); got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestFingerprintEmptyArguments(t *testing.T) {
	if got := Fingerprint(&Reply{}, &Reply{}, &Features{}); got != (Software{Name: SoftwareUnknown}) {
		t.Errorf("got %+v", got)
	}
}

var softwareNames = map[string]bool{
	SoftwareVsftpd: true, SoftwareProFTPD: true, SoftwarePureFTPd: true, SoftwareIIS: true,
	SoftwareFileZilla: true, SoftwareServU: true, SoftwareOther: true, SoftwareUnknown: true,
}

func FuzzFingerprint(f *testing.F) {
	f.Fuzz(func(t *testing.T, greeting, syst, feat string) {
		var g, s *Reply
		var fe *Features
		if greeting != "" {
			r := parsersTestReply(greeting)
			g = &r
		}
		if syst != "" {
			r := parsersTestReply(syst)
			s = &r
		}
		if feat != "" {
			ff := ParseFEAT(parsersTestReply(feat))
			fe = &ff
		}
		sw := Fingerprint(g, s, fe)
		if !softwareNames[sw.Name] {
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
			switch sw.Source {
			case "greeting":
				if !strings.Contains(greeting, sw.Version) {
					t.Fatalf("version %q not in greeting %q", sw.Version, greeting)
				}
			case "syst", "feat":
				if sw.Version != "" {
					t.Fatalf("version %q from %s", sw.Version, sw.Source)
				}
			default:
				t.Fatalf("source %q", sw.Source)
			}
		}
		if strings.ContainsAny(sw.Version, "\n\r") {
			t.Fatalf("version %q spans lines", sw.Version)
		}
	})
}
