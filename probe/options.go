package probe

import (
	"context"
	"crypto/x509"
	"net"
	"net/netip"
	"time"
)

// Dialer opens TCP connections. net.Dialer satisfies it; tests inject faults.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Resolver looks up host addresses. net.Resolver satisfies it.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// Options describe one diagnosis. The zero value of every field but Host is
// replaced by a sensible default in (Options).withDefaults.
type Options struct {
	Host string
	Port int // default 21 (990 for implicit TLS)
	// ServerPort is the port the server itself listens on when Port is
	// published on another number (--nat 2121:21); 0 when not known.
	ServerPort int
	User       string
	Password   string  // never logged, never serialised
	TLS        TLSMode // default auto

	Samples         int           // PASV samples for port-range inference (default 4)
	Timeout         time.Duration // overall bound (default 20s)
	StepTimeout     time.Duration // bound for one control-channel exchange (default 10s)
	DataTimeout     time.Duration // bound for one data connect (default 3s)
	ProbeAdvertised bool          // also dial the advertised PASV address when it differs from the control peer
	SkipStdClient   bool          // do not run the standard-client check

	// Families restricts the address families diagnosed (-4, -6); empty
	// means both. AllAddresses diagnoses every resolved address (at most
	// MaxAddresses) instead of one of each family.
	Families     []Family
	AllAddresses bool

	// Active also tests active mode (PORT/EPRT) with a listener of our own,
	// named by ActiveAddress (default: the control connection's local
	// address, right unless the client is behind NAT with a forward).
	Active        bool
	ActiveAddress netip.Addr
	// Listen opens the active-mode listener; default net.ListenConfig.
	Listen func(ctx context.Context, network, address string) (net.Listener, error)
	// ExpectRange, when set, dials every port of the range at the control
	// peer to verify it is forwarded.
	ExpectRange *PortSpan
	// MaxSessions bounds the control connections open at once (the
	// plaintext and TLS sessions, the info session, the policy test and
	// the standard client); servers limit connections per client address.
	// Default DefaultMaxSessions: all of a run's sessions side by side.
	MaxSessions int
	// RangeConcurrency bounds the dials of ExpectRange (default 256).
	RangeConcurrency int

	// RootCAs verifies server certificates; nil means the system roots.
	RootCAs *x509.CertPool
	// CertDays is how many days before its expiry a certificate raises a
	// warning (default DefaultCertWarnDays; negative: never).
	CertDays int

	// Interfaces lists this machine's addresses with their prefixes, for
	// the vantage point; default: the network interfaces, loopback left out.
	Interfaces func() []netip.Prefix

	Dialer   Dialer   // default: net.Dialer
	Resolver Resolver // default: net.DefaultResolver
	Events   func(Event)
	Limits   Limits
	Now      func() time.Time
}

// Limits bound what a server can make the probe read.
type Limits struct {
	LineBytes    int   // longest reply line kept (default 4096); longer lines are an error
	ReplyLines   int   // most lines in one reply (default 256)
	ListingBytes int64 // most bytes read from a listing (default 1 MiB)
}

// Defaults used when an option is left zero.
const (
	DefaultPort         = 21
	DefaultImplicitPort = 990
	DefaultSamples      = 4
	DefaultMaxSessions  = 5
	DefaultTimeout      = 20 * time.Second
	DefaultStepTimeout  = 10 * time.Second
	DefaultDataTimeout  = 3 * time.Second
	MaxSamples          = 64
)

func (o Options) withDefaults() Options {
	if o.TLS == "" {
		o.TLS = TLSAuto
	}
	if o.Port == 0 {
		o.Port = DefaultPort
		if o.TLS == TLSImplicit {
			o.Port = DefaultImplicitPort
		}
	}
	if o.User == "" {
		o.User = "anonymous"
		if o.Password == "" {
			o.Password = "ftpnat@"
		}
	}
	if o.Samples <= 0 {
		o.Samples = DefaultSamples
	}
	if o.Samples > MaxSamples {
		o.Samples = MaxSamples
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.StepTimeout <= 0 {
		o.StepTimeout = DefaultStepTimeout
	}
	if o.DataTimeout <= 0 {
		o.DataTimeout = DefaultDataTimeout
	}
	if o.Dialer == nil {
		o.Dialer = &net.Dialer{Control: capRTO}
	}
	if o.Resolver == nil {
		o.Resolver = net.DefaultResolver
	}
	if o.Events == nil {
		o.Events = func(Event) {}
	}
	if o.Limits.LineBytes <= 0 {
		o.Limits.LineBytes = 4096
	}
	if o.Limits.ReplyLines <= 0 {
		o.Limits.ReplyLines = 256
	}
	if o.Limits.ListingBytes <= 0 {
		o.Limits.ListingBytes = 1 << 20
	}
	if o.Listen == nil {
		var lc net.ListenConfig
		o.Listen = lc.Listen
	}
	if o.RangeConcurrency <= 0 {
		o.RangeConcurrency = 1024
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = DefaultMaxSessions
	}
	if o.Interfaces == nil {
		o.Interfaces = localPrefixes
		// A dialer that is a network of its own (a test network) knows
		// this machine's addresses on it.
		if n, ok := o.Dialer.(interface{ Interfaces() []netip.Prefix }); ok {
			o.Interfaces = n.Interfaces
		}
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.CertDays == 0 {
		o.CertDays = DefaultCertWarnDays
	}
	return o
}
