package diagnosis

// Server programs ftpnat recognises (JSON contract: server.software).
// Programs() is the one list: fingerprints, display names, the schema
// enum, the fixes and their tests all derive from it.
const (
	SoftwareVsftpd    = "vsftpd"
	SoftwareProFTPD   = "proftpd"
	SoftwarePureFTPd  = "pure-ftpd"
	SoftwareIIS       = "iis"
	SoftwareFileZilla = "filezilla-server"
	SoftwareServU     = "serv-u"
	SoftwarePyftpdlib = "pyftpdlib"
	SoftwareTwisted   = "twisted"
	SoftwareInetutils = "inetutils-ftpd"
	SoftwareNetkit    = "netkit-ftpd"
	SoftwareAioftp    = "aioftp"
	SoftwareWingFTP   = "wing-ftp"
	SoftwareCrushFTP  = "crushftp"
	SoftwareCerberus  = "cerberus"
	SoftwareTitan     = "titan-ftp"
	SoftwareBitvise   = "bitvise"
	SoftwareGlFTPd    = "glftpd"
	SoftwareAWS       = "aws-transfer"

	// SoftwareOther: an FTP server answered but matched no program.
	SoftwareOther = "other"
	// SoftwareUnknown: nothing was heard from the server.
	SoftwareUnknown = "unknown"
)

// Program is one FTP server implementation.
type Program struct {
	Slug string // a Software* constant
	Name string // as its administrators know it ("Microsoft IIS FTP")
	// Announces is false for programs that cannot be told to announce
	// another address in their 227 reply: behind NAT they need an ALG,
	// 1:1 NAT or a replacement.
	Announces bool
	// Pipelines: the program reads one command at a time from what the
	// client sent, so commands may go out together without waiting for
	// each reply (checked against the real server in the lab). Only then
	// does ftpnat send, say, USER and PASS in one round trip.
	Pipelines bool
}

// Programs lists every recognised program, in display order. A fresh
// slice on every call: the package keeps no mutable state.
func Programs() []Program {
	return []Program{
		{SoftwareVsftpd, "vsftpd", true, true},
		{SoftwareProFTPD, "ProFTPD", true, true},
		{SoftwarePureFTPd, "Pure-FTPd", true, true},
		{SoftwareFileZilla, "FileZilla Server", true, false},
		{SoftwareIIS, "Microsoft IIS FTP", true, false},
		{SoftwareServU, "Serv-U", true, false},
		{SoftwarePyftpdlib, "pyftpdlib", true, true},
		{SoftwareTwisted, "Twisted FTP", false, false},
		{SoftwareInetutils, "GNU inetutils ftpd", false, false},
		{SoftwareNetkit, "netkit ftpd (linux-ftpd)", false, false},
		{SoftwareAioftp, "aioftp", true, false},
		{SoftwareWingFTP, "Wing FTP Server", true, false},
		{SoftwareCrushFTP, "CrushFTP", true, false},
		{SoftwareCerberus, "Cerberus FTP Server", true, false},
		{SoftwareTitan, "Titan FTP Server", true, false},
		{SoftwareBitvise, "Bitvise SSH Server", true, false},
		{SoftwareGlFTPd, "glFTPd", true, false},
		{SoftwareAWS, "AWS Transfer Family", true, false},
	}
}

// PipelinesCommands reports whether the server program is known to accept
// several commands sent together.
func PipelinesCommands(sw Software) bool {
	p, ok := LookupProgram(sw.Name)
	return ok && p.Pipelines
}

// LookupProgram returns the program with the slug.
func LookupProgram(slug string) (Program, bool) {
	for _, p := range Programs() {
		if p.Slug == slug {
			return p, true
		}
	}
	return Program{}, false
}

// SoftwareNames is the schema enum: every program slug, then other and
// unknown.
func SoftwareNames() []string {
	ps := Programs()
	out := make([]string, 0, len(ps)+2)
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return append(out, SoftwareOther, SoftwareUnknown)
}

// Label is the software as an administrator reads it: the program's name
// and version, "other FTP server", or "server software not recognised".
// The version is sanitised by the caller's renderer.
func (s Software) Label() string {
	if p, ok := LookupProgram(s.Name); ok {
		if s.Version != "" {
			return p.Name + " " + s.Version
		}
		return p.Name
	}
	if s.Name == SoftwareOther {
		return "other FTP server"
	}
	return "server software not recognised"
}
