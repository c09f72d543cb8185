package diagnosis

import (
	"regexp"
	"strings"
)

// sign is one mark a server program leaves in what it says: where to look
// (a source*) and what to look for. Group 1 of the pattern, when the
// pattern has one and it matched, is the program's version. A FEAT sign
// tests the parsed feature list instead.
//
// Only marks specific to one product qualify: a product name, a default
// wording nobody else copied, an extension only it implements. A wrong
// guess would put another program's configuration in front of the user,
// so a mark shared with any other server (a bare "230 Login successful.",
// "215 UNIX Type: L8") is left out, and the program stays "other".
type sign struct {
	in   string
	what string // for people: what is looked for, with a real example
	re   *regexp.Regexp
	feat func(Features) bool
}

// FingerprintSign is one sign of a program as people read it: where
// ftpnat looks (a FingerprintSources value) and what it looks for.
type FingerprintSign struct {
	Source string
	What   string
}

// FingerprintSigns lists the signs that name the program, in the order
// they are tried within each source.
func FingerprintSigns(slug string) []FingerprintSign {
	var out []FingerprintSign
	for _, s := range programSigns[slug] {
		out = append(out, FingerprintSign{Source: s.in, What: s.what})
	}
	return out
}

// Version patterns: dotted numbers, with the letter or build suffixes the
// programs use (ProFTPD 1.3.5e, glFTPd 2.11a).
const (
	verDotted = `(\d+(?:\.\d+)+)`
	verLoose  = `(\d+(?:\.\d+)*[a-z]?)`
)

func re(expr string) *regexp.Regexp { return regexp.MustCompile(expr) }

// programSigns are every program's signs, keyed by its slug: together with
// Programs() the one list that drives fingerprints and their tests
// (TestEveryProgramIsRecognised). Read-only after package initialisation.
var programSigns = map[string][]sign{
	SoftwareVsftpd: {
		// 220 (vsFTPd 3.0.3)
		{in: sourceGreeting, what: `the name and version: "220 (vsFTPd 3.0.3)"`, re: re(`(?i)\bvsftpd\b(?:\s+v?` + verDotted + `)?`)},
		// STAT: "     vsFTPd 3.0.3 - secure, fast, stable" (postlogin.c).
		{in: sourceStat, what: `the status ends "vsFTPd 3.0.3 - secure, fast, stable"`, re: re(`(?i)\bvsftpd\s+` + verDotted + `\s+- secure, fast, stable`)},
		// HELP ends with vsftpd's own "214 Help OK.".
		{in: sourceHelp, what: `"214 Help OK."`, re: re(`(?m)^214 Help OK\.`)},
		// Its own wordings for USER and the listing.
		{in: sourceReply, what: `USER: "331 Please specify the password."`, re: re(`(?m)^331 Please specify the password\.`)},
		{in: sourceReply, what: `LIST: "150 Here comes the directory listing."`, re: re(`(?m)^150 Here comes the directory listing\.`)},
		{in: sourceReply, what: `LIST: "226 Directory send OK."`, re: re(`(?m)^226 Directory send OK\.`)},
	},
	SoftwareProFTPD: {
		// 220 ProFTPD 1.3.8 Server (Debian) [::ffff:10.0.0.5]
		// 220 ProFTPD Server (ProFTPD Default Installation) [10.0.0.5]
		{in: sourceGreeting, what: `the name and version: "220 ProFTPD 1.3.8 Server (Debian)"`, re: re(`(?i)\bproftpd\b(?:\s+v?(\d+\.\d+(?:\.\d+)?[a-z0-9]*))?`)},
		{in: sourceStat, what: `the server name in "211-Status of 'ProFTPD Default Installation'"`, re: re(`(?i)\bproftpd\b(?:\s+v?(\d+\.\d+(?:\.\d+)?[a-z0-9]*))?`)},
		// mod_facts: "MFF modify;UNIX.group;UNIX.mode;"; mod_copy: "SITE COPY".
		{in: sourceFeat, what: `"MFF modify;UNIX.group;UNIX.mode;" (mod_facts) or "SITE COPY" (mod_copy)`, feat: featProFTPDFacts},
		// mod_core's HELP: "(* =>'s unimplemented):" with a colon (the
		// BSD ftpd family ends the same sentence with a period).
		{in: sourceHelp, what: `"214-The following commands are recognized (* =>'s unimplemented):" with a colon`, re: re(`(?m)^214-The following commands are recognized \(\* =>'s unimplemented\):`)},
		// Anonymous login wordings of mod_auth.
		{in: sourceReply, what: `anonymous USER: "331 Anonymous login ok, send your complete email address as your password"`, re: re(`(?m)^331 Anonymous login ok, send your complete email address as your password`)},
		{in: sourceReply, what: `anonymous PASS: "230 Anonymous access granted, restrictions apply"`, re: re(`(?m)^230 Anonymous access granted, restrictions apply`)},
	},
	SoftwarePureFTPd: {
		// 220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------
		{in: sourceGreeting, what: `the name: "220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------"`, re: re(`(?i)\bpure-?ftpd\b(?:\s+v?` + verDotted + `)?`)},
		// ESTA/ESTP: Pure-FTPd's own "establish active/passive" tests.
		{in: sourceFeat, what: `"ESTA" or "ESTP", its own active/passive tests`, feat: func(f Features) bool { return f.Has("ESTA") || f.Has("ESTP") }},
		// HELP: "214 Pure-FTPd - http://pureftpd.org/".
		{in: sourceHelp, what: `"214 Pure-FTPd - http://pureftpd.org/"`, re: re(`(?mi)^214[- ]Pure-FTPd\b`)},
	},
	SoftwareFileZilla: {
		// 220-FileZilla Server 1.8.0 / 220-FileZilla Server version 0.9.60 beta;
		// both end with "220 Please visit https://filezilla-project.org/".
		{in: sourceGreeting, what: `the name and version, or the closing "220 Please visit https://filezilla-project.org/"`, re: re(`(?i)\bfilezilla(?:\s+server|-project\.org)\b(?:\s+(?:version\s+)?v?(\d+(?:\.\d+)+(?:[ -]?(?:beta|alpha|rc)\d*)?))?`)},
		// "215 UNIX emulated by FileZilla" (0.9; 1.x adds a '.').
		{in: sourceSyst, what: `"215 UNIX emulated by FileZilla"`, re: re(`(?i)^215 UNIX emulated by FileZilla\b`)},
		// 1.x: "331 Please, specify the password." (with the comma).
		{in: sourceReply, what: `USER (1.x): "331 Please, specify the password." with the comma`, re: re(`(?m)^331 Please, specify the password\.`)},
		// 0.9: "230 Logged on".
		{in: sourceReply, what: `PASS (0.9): "230 Logged on"`, re: re(`(?m)^230 Logged on$`)},
	},
	SoftwareIIS: {
		// 220 Microsoft FTP Service; IIS 5/6 added "(Version 5.0)".
		{in: sourceGreeting, what: `"220 Microsoft FTP Service", IIS 5/6 with "(Version 5.0)"`, re: re(`(?i)\bmicrosoft ftp service\b(?:\s*\(version\s+(\d+(?:\.\d+)*)\))?`)},
		// IIS answers "215 Windows_NT"; the other common Windows servers
		// (FileZilla, Serv-U) pretend to be UNIX.
		{in: sourceSyst, what: `"215 Windows_NT"`, re: re(`(?i)^215 Windows_NT\b`)},
		// IIS 7+ lists exactly "AUTH TLS;TLS-C;SSL;TLS-P;"; Serv-U and ICS
		// list the same mechanisms in another order.
		{in: sourceFeat, what: `"AUTH TLS;TLS-C;SSL;TLS-P;" in exactly this order`, feat: featIISAuth},
		// "331 Anonymous access allowed, send identity (e-mail name) as password."
		{in: sourceReply, what: `anonymous USER: "331 Anonymous access allowed, send identity (e-mail name) as password."`, re: re(`(?m)^331 Anonymous access allowed, send identity \(e-mail name\) as password\.`)},
		// "125 Data connection already open; Transfer starting." (a ';').
		{in: sourceReply, what: `LIST: "125 Data connection already open; Transfer starting."`, re: re(`(?m)^125 Data connection already open; Transfer starting\.`)},
	},
	SoftwareServU: {
		// 220 Serv-U FTP Server v15.1 ready...; 220 Serv-U FTP-Server v2.5 build 6 for WinSock ready...
		{in: sourceGreeting, what: `the name and version: "220 Serv-U FTP Server v15.1 ready..."`, re: re(`(?i)\bserv-u\b(?:\s+ftp[ -]server)?(?:\s+v(\d+(?:\.\d+)*(?: build \d+)?))?`)},
		// RMDA (recursive delete) and THMB (thumbnails) are Serv-U's own.
		{in: sourceFeat, what: `"RMDA" (recursive delete) or "THMB" (thumbnails)`, feat: func(f Features) bool { return f.Has("RMDA") || f.Has("THMB") }},
	},
	SoftwarePyftpdlib: {
		// 220 pyftpdlib 1.5.7 ready. / 220 pyftpdlib based ftpd ready.
		{in: sourceGreeting, what: `the name and version: "220 pyftpdlib 1.5.7 ready."`, re: re(`(?i)\bpyftpdlib\b(?:\s+` + verDotted + `)?`)},
		// USER and TYPE I wordings of pyftpdlib's FTPHandler.
		{in: sourceReply, what: `USER: "331 Username ok, send password."`, re: re(`(?m)^331 Username ok, send password\.`)},
		{in: sourceReply, what: `TYPE I: "200 Type set to: Binary."`, re: re(`(?m)^200 Type set to: Binary\.`)},
	},
	SoftwareTwisted: {
		// 220 Twisted 22.4.0 FTP Server (FTPFactory.welcomeMessage)
		{in: sourceGreeting, what: `the name and version: "220 Twisted 22.4.0 FTP Server"`, re: re(`(?i)\btwisted\s+` + verLoose + `\s+ftp server\b`)},
		// twisted.protocols.ftp RESPONSE table wordings.
		{in: sourceReply, what: `anonymous USER: "331 Guest login ok, type your email address as password."`, re: re(`(?m)^331 Guest login ok, type your email address as password\.`)},
		{in: sourceReply, what: `anonymous PASS: "230 Anonymous login ok, access restrictions apply."`, re: re(`(?m)^230 Anonymous login ok, access restrictions apply\.`)},
		// STAT is not implemented: "502 Command 'STAT' not implemented".
		{in: sourceStat, what: `"502 Command 'STAT' not implemented"`, re: re(`^502 Command 'STAT' not implemented`)},
	},
	SoftwareInetutils: {
		// 220 host FTP server (GNU inetutils 2.4) ready.
		// STAT: "     ftpd (GNU inetutils) 1.9.4"
		{in: sourceGreeting, what: `the name and version: "220 host FTP server (GNU inetutils 2.4) ready."`, re: re(`(?i)\bgnu inetutils\)?(?:\s+` + verDotted + `)?`)},
		{in: sourceStat, what: `the status names "ftpd (GNU inetutils) 1.9.4"`, re: re(`(?i)\bgnu inetutils\)?(?:\s+` + verDotted + `)?`)},
	},
	SoftwareNetkit: {
		// 220 host FTP server (Version 6.4/OpenBSD/Linux-ftpd-0.17) ready.
		// The same string in STAT; the version is netkit's.
		{in: sourceGreeting, what: `the version: "220 host FTP server (Version 6.4/OpenBSD/Linux-ftpd-0.17) ready."`, re: re(`(?i)/OpenBSD/Linux-ftpd-` + verDotted)},
		{in: sourceStat, what: `the status names "Version 6.4/OpenBSD/Linux-ftpd-0.17"`, re: re(`(?i)/OpenBSD/Linux-ftpd-` + verDotted)},
	},
	SoftwareAioftp: {
		// aioftp greets with a bare "220 welcome": only its other
		// wordings are its own (aioftp/server.py).
		{in: sourceReply, what: `PASS: "230 normal login"`, re: re(`(?m)^230 normal login$`)},
		{in: sourceReply, what: `PASV/EPSV: "227-listen socket created", "229 listen socket created (|||port|)"`, re: re(`(?m)^22[79][- ]listen socket (?:created|already exists)\b`)},
		{in: sourceReply, what: `LIST/MLSD: "150 list transfer started", "226 list transfer done"`, re: re(`(?m)^(?:150|226|200) (?:list|mlsd) transfer (?:started|done)$`)},
	},
	SoftwareWingFTP: {
		// 220 Wing FTP Server ready... / 220 Wing FTP Server 4.3.8 ready...
		{in: sourceGreeting, what: `the name: "220 Wing FTP Server ready..."`, re: re(`(?i)\bwing ftp server\b(?:\s+` + verDotted + `)?`)},
	},
	SoftwareCrushFTP: {
		// 220 CrushFTP Server Ready! / 220-Welcome to CrushFTP10!
		{in: sourceGreeting, what: `the name: "220 CrushFTP Server Ready!"`, re: re(`(?i)\bcrushftp(?:\s*v?(\d+(?:\.\d+)*)\b)?`)},
	},
	SoftwareCerberus: {
		// 220-Welcome to Cerberus FTP Server / 220 Created by Cerberus, LLC
		{in: sourceGreeting, what: `the name: "220-Welcome to Cerberus FTP Server", "220 Created by Cerberus, LLC"`, re: re(`(?i)\bcerberus(?: ftp server\b|, llc\b)`)},
	},
	SoftwareTitan: {
		// 220 Titan FTP Server 10.32.1960 Ready.
		{in: sourceGreeting, what: `the name and version: "220 Titan FTP Server 10.32.1960 Ready."`, re: re(`(?i)\btitan ftp server\b(?:\s+` + verDotted + `)?`)},
	},
	SoftwareBitvise: {
		// 220 Bitvise SSH Server 9.32: free only for personal non-commercial use
		{in: sourceGreeting, what: `the name and version: "220 Bitvise SSH Server 9.32"`, re: re(`(?i)\bbitvise ssh server\b(?:\s+` + verDotted + `)?`)},
	},
	SoftwareGlFTPd: {
		// 220 host (glFTPd 2.11a Linux+TLS) ready. / (glftpd 1.32_Linux+TLS) ready.
		{in: sourceGreeting, what: `the name and version: "220 host (glFTPd 2.11a Linux+TLS) ready."`, re: re(`(?i)\bglftpd\b(?:\s+` + verLoose + `)?`)},
	},
	SoftwareAWS: {
		// The endpoint name AWS gives every server:
		// s-1234567890abcdef0.server.transfer.us-east-1.amazonaws.com.
		{in: sourceHost, what: `the endpoint name s-<17 hex digits>.server.transfer.<region>.amazonaws.com`, re: re(`(?i)^s-[0-9a-f]{17}\.server\.transfer\.[a-z0-9-]+\.amazonaws\.com\.?$`)},
		// A certificate from Amazon's own authority (ACM): Transfer Family
		// is the only AWS service that speaks FTP with one. The last sign
		// tried, after every wording of the other programs.
		{in: sourceCertificate, what: `a certificate issued by Amazon (ACM), when nothing else named the server`, re: re(`(?:^|,)O=Amazon(?:,|$)`)},
	},
}

// featProFTPDFacts recognises ProFTPD's mod_facts and mod_copy in FEAT.
func featProFTPDFacts(f Features) bool {
	for _, feat := range f.List {
		w := strings.Fields(feat)
		switch {
		case len(w) == 2 && strings.EqualFold(w[0], "MFF") &&
			strings.Contains(w[1], "UNIX.group") && strings.Contains(w[1], "UNIX.mode"):
			return true
		case len(w) == 2 && strings.EqualFold(w[0], "SITE") && strings.EqualFold(w[1], "COPY"):
			return true
		}
	}
	return false
}

// featIISAuth recognises the AUTH line only IIS 7+ sends.
func featIISAuth(f Features) bool {
	for _, feat := range f.List {
		w := strings.Fields(feat)
		if len(w) == 2 && strings.EqualFold(w[0], "AUTH") && strings.EqualFold(strings.TrimRight(w[1], ";"), "TLS;TLS-C;SSL;TLS-P") {
			return true
		}
	}
	return false
}
