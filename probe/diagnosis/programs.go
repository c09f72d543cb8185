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
}

// Programs lists every recognised program, in display order. A fresh
// slice on every call: the package keeps no mutable state.
func Programs() []Program {
	return []Program{
		{SoftwareVsftpd, "vsftpd", true},
		{SoftwareProFTPD, "ProFTPD", true},
		{SoftwarePureFTPd, "Pure-FTPd", true},
		{SoftwareFileZilla, "FileZilla Server", true},
		{SoftwareIIS, "Microsoft IIS FTP", true},
		{SoftwareServU, "Serv-U", true},
		{SoftwarePyftpdlib, "pyftpdlib", true},
		{SoftwareTwisted, "Twisted FTP", false},
		{SoftwareInetutils, "GNU inetutils ftpd", false},
		{SoftwareNetkit, "netkit ftpd (linux-ftpd)", false},
		{SoftwareAioftp, "aioftp", true},
		{SoftwareWingFTP, "Wing FTP Server", true},
		{SoftwareCrushFTP, "CrushFTP", true},
		{SoftwareCerberus, "Cerberus FTP Server", true},
		{SoftwareTitan, "Titan FTP Server", true},
		{SoftwareBitvise, "Bitvise SSH Server", true},
		{SoftwareGlFTPd, "glFTPd", true},
		{SoftwareAWS, "AWS Transfer Family", true},
	}
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
