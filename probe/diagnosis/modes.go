package diagnosis

// TLSMode selects how a diagnosis uses TLS on the control channel.
type TLSMode string

const (
	TLSAuto     TLSMode = "auto"     // try AUTH TLS and also test plaintext
	TLSExplicit TLSMode = "explicit" // AUTH TLS required
	TLSImplicit TLSMode = "implicit" // TLS from the first byte
	TLSOff      TLSMode = "off"      // plaintext only
)

// ErrorKind classifies how a control exchange failed.
type ErrorKind string

const (
	ErrKindTimeout  ErrorKind = "timeout"  // no (complete) reply in time
	ErrKindClosed   ErrorKind = "closed"   // the server closed or reset the connection
	ErrKindProtocol ErrorKind = "protocol" // the bytes received are not an FTP reply
	ErrKindLimit    ErrorKind = "limit"    // a line or a reply exceeded the size bounds
)
