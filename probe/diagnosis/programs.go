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
	// AwaitsCloseNotify: at the end of a protected download the program
	// waits for the client's TLS close_notify (and the acknowledgement of
	// its own FIN) before its final reply, and reads nothing from the data
	// connection meanwhile (vsftpd; checked against the real server in
	// the lab). Under TLS 1.3, whose close_notify closes one direction
	// only, a client that sends it right after the handshake spares that
	// wait's round trip.
	AwaitsCloseNotify bool
	// P256Only: the program's TLS takes P-256 for the key exchange and,
	// as built upstream, nothing else (vsftpd fixes its curve; builds
	// that drop the fixing keep OpenSSL's defaults, P-256 among them), so
	// a TLS 1.3 client whose key share is for another group pays a
	// HelloRetryRequest's round trip (checked against the real server in
	// the lab).
	P256Only bool
}

// Programs lists every recognised program, in display order. A fresh
// slice on every call: the package keeps no mutable state.
func Programs() []Program {
	return []Program{
		{Slug: SoftwareVsftpd, Name: "vsftpd", Announces: true, Pipelines: true, AwaitsCloseNotify: true, P256Only: true},
		{Slug: SoftwareProFTPD, Name: "ProFTPD", Announces: true, Pipelines: true},
		{Slug: SoftwarePureFTPd, Name: "Pure-FTPd", Announces: true, Pipelines: true},
		{Slug: SoftwareFileZilla, Name: "FileZilla Server", Announces: true},
		{Slug: SoftwareIIS, Name: "Microsoft IIS FTP", Announces: true},
		{Slug: SoftwareServU, Name: "Serv-U", Announces: true},
		{Slug: SoftwarePyftpdlib, Name: "pyftpdlib", Announces: true, Pipelines: true},
		{Slug: SoftwareTwisted, Name: "Twisted FTP", Announces: false},
		{Slug: SoftwareInetutils, Name: "GNU inetutils ftpd", Announces: false},
		{Slug: SoftwareNetkit, Name: "netkit ftpd (linux-ftpd)", Announces: false},
		{Slug: SoftwareAioftp, Name: "aioftp", Announces: true},
		{Slug: SoftwareWingFTP, Name: "Wing FTP Server", Announces: true},
		{Slug: SoftwareCrushFTP, Name: "CrushFTP", Announces: true},
		{Slug: SoftwareCerberus, Name: "Cerberus FTP Server", Announces: true},
		{Slug: SoftwareTitan, Name: "Titan FTP Server", Announces: true},
		{Slug: SoftwareBitvise, Name: "Bitvise SSH Server", Announces: true},
		{Slug: SoftwareGlFTPd, Name: "glFTPd", Announces: true},
		{Slug: SoftwareAWS, Name: "AWS Transfer Family", Announces: true},
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
