package report

import "github.com/ftpnat/ftpnat/probe"

// StepLabel names a step of a path for lists of steps: the step alone on
// an IPv4 plaintext path (the common case), prefixed with what sets the
// path apart otherwise: "tls pasv", "ipv6 connect", "ipv6 tls connect".
func StepLabel(step string, path probe.PathID) string {
	prefix := ""
	if path.Family == probe.IPv6 {
		prefix = "ipv6 "
	}
	switch path.Transport {
	case probe.TransportExplicitTLS:
		prefix += "tls "
	case probe.TransportImplicitTLS:
		prefix += "implicit "
	}
	return prefix + step
}
