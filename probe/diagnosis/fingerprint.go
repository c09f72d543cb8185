package diagnosis

import (
	"regexp"
	"strings"
)

// Software is the server implementation recognised from its replies.
type Software struct {
	Name    string // one of the Software* constants
	Version string // empty when not disclosed
	Source  string // what gave it away: "greeting", "syst", "feat"; empty for other/unknown
}

// Sources of a fingerprint.
const (
	sourceGreeting = "greeting"
	sourceSyst     = "syst"
	sourceFeat     = "feat"
)

// greetingPatterns recognise the default greetings. Group 1, when it
// matches, is the version. The patterns are read-only after init.
var greetingPatterns = []struct {
	name string
	re   *regexp.Regexp
}{
	// 220 (vsFTPd 3.0.3)
	{SoftwareVsftpd, regexp.MustCompile(`(?i)\bvsftpd\b(?:\s+v?(\d+(?:\.\d+)+))?`)},
	// 220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.5]
	// 220 ProFTPD Server (ProFTPD Default Installation) [10.0.0.5]   (no version)
	// 1.3.5e, 1.3.6rc4 carry a letter suffix.
	{SoftwareProFTPD, regexp.MustCompile(`(?i)\bproftpd\b(?:\s+v?(\d+\.\d+(?:\.\d+)?[a-z0-9]*))?`)},
	// 220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------
	{SoftwarePureFTPd, regexp.MustCompile(`(?i)\bpure-ftpd\b(?:\s+v?(\d+(?:\.\d+)+))?`)},
	// 220-FileZilla Server 1.8.0 / 220-FileZilla Server version 0.9.60 beta;
	// both versions end with "Please visit https://filezilla-project.org/".
	{SoftwareFileZilla, regexp.MustCompile(`(?i)\bfilezilla(?:\s+server|-project\.org)\b(?:\s+(?:version\s+)?v?(\d+(?:\.\d+)+(?:[ -]?(?:beta|alpha|rc)\d*)?))?`)},
	// 220 Serv-U FTP Server v15.1 ready...
	{SoftwareServU, regexp.MustCompile(`(?i)\bserv-u\b(?:\s+ftp\s+server)?(?:\s+v(\d+(?:\.\d+)*))?`)},
	// 220 Microsoft FTP Service; IIS 5/6 added "(Version 5.0)".
	{SoftwareIIS, regexp.MustCompile(`(?i)\bmicrosoft ftp service\b(?:\s*\(version\s+(\d+(?:\.\d+)*)\))?`)},
	// 220 pyftpdlib 1.5.7 ready.
	{SoftwarePyftpdlib, regexp.MustCompile(`(?i)\bpyftpdlib\b(?:\s+v?(\d+(?:\.\d+)+))?`)},
	// 220 localhost FTP server (GNU inetutils 2.4) ready.
	{SoftwareInetutils, regexp.MustCompile(`(?i)\bGNU inetutils\b(?:\s+(\d+(?:\.\d+)+))?`)},
}

// Fingerprint recognises the server software from the greeting, and when
// that is not conclusive, from SYST and FEAT. Any argument may be nil.
// Only signs specific to one product are used: a guess would put the wrong
// configuration snippet in front of the user.
func Fingerprint(greeting *Reply, syst *Reply, feat *Features) Software {
	seen := false
	if greeting != nil && len(greeting.Lines) > 0 {
		seen = true
		raw := greeting.Raw()
		for _, p := range greetingPatterns {
			if m := p.re.FindStringSubmatch(raw); m != nil {
				return Software{Name: p.name, Version: m[1], Source: sourceGreeting}
			}
		}
	}
	if syst != nil && len(syst.Lines) > 0 {
		seen = true
		s := ParseSYST(*syst)
		switch {
		case strings.EqualFold(s.Type, "Windows_NT"):
			// IIS answers "215 Windows_NT"; the other common Windows
			// servers (FileZilla, Serv-U) pretend to be UNIX.
			return Software{Name: SoftwareIIS, Source: sourceSyst}
		case s.Type != "" && strings.Contains(strings.ToLower(s.Text), "filezilla"):
			// "215 UNIX emulated by FileZilla" (0.9 and 1.x, the latter with a '.').
			return Software{Name: SoftwareFileZilla, Source: sourceSyst}
		}
	}
	if feat != nil && (len(feat.List) > 0 || len(feat.Problems) > 0) {
		seen = true
		if name := featFingerprint(*feat); name != "" {
			return Software{Name: name, Source: sourceFeat}
		}
	}
	if seen {
		return Software{Name: SoftwareOther}
	}
	return Software{Name: SoftwareUnknown}
}

// featFingerprint recognises FEAT lists that only one product sends.
func featFingerprint(f Features) string {
	switch {
	case f.Has("ESTA") || f.Has("ESTP"):
		// Pure-FTPd's own extensions (establish active/passive test).
		return SoftwarePureFTPd
	case f.Has("RMDA") || f.Has("THMB"):
		// Serv-U's recursive delete and thumbnail commands.
		return SoftwareServU
	}
	for _, feat := range f.List {
		w := strings.Fields(feat)
		switch {
		case len(w) == 2 && strings.EqualFold(w[0], "AUTH") &&
			strings.EqualFold(strings.TrimRight(w[1], ";"), "TLS;TLS-C;SSL;TLS-P"):
			// IIS 7+ lists exactly this order; Serv-U and ICS list the same
			// mechanisms in another order ("TLS;SSL;TLS-C;TLS-P;").
			return SoftwareIIS
		case len(w) == 2 && strings.EqualFold(w[0], "MFF") &&
			strings.Contains(w[1], "UNIX.group") && strings.Contains(w[1], "UNIX.mode"):
			// ProFTPD's mod_facts: "MFF modify;UNIX.group;UNIX.mode;".
			return SoftwareProFTPD
		case len(w) == 2 && strings.EqualFold(w[0], "SITE") && strings.EqualFold(w[1], "COPY"):
			// ProFTPD's mod_copy.
			return SoftwareProFTPD
		}
	}
	return ""
}
