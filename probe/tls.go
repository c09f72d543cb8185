package probe

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net/textproto"
	"slices"
	"strings"
	"time"
)

// newTLSConfig returns the client configuration for one control
// connection and its data connections: ServerName set and a session cache
// of its own, so data connections resume the control session (Go keys its
// cache by ServerName; without it nothing resumes). Verification is done
// separately (inspectCertificate) so that a bad certificate is reported
// and the diagnosis goes on.
func (r *run) newTLSConfig() *tls.Config {
	return &tls.Config{
		ServerName:         strings.Trim(r.o.Host, "[]"),
		InsecureSkipVerify: true, // verified by inspectCertificate
		ClientSessionCache: tls.NewLRUClientSessionCache(16),
		MinVersion:         tls.VersionTLS10,
	}
}

// defaultCurves is Go's own ranking of the key-exchange groups.
var defaultCurves = []tls.CurveID{tls.X25519MLKEM768, tls.X25519, tls.CurveP256, tls.CurveP384, tls.CurveP521}

// leadWith returns cfg with the key share for group c: a TLS 1.3 client
// sends its share for the best-ranked group it allows (the order of
// CurvePreferences is ignored), so the groups ranked above c are left out
// and those below stay as the fallback. Leading with the group the server
// picks spares a HelloRetryRequest's round trip; the session cache is
// shared, so resumption is unchanged.
func leadWith(cfg *tls.Config, c tls.CurveID) *tls.Config {
	i := slices.Index(defaultCurves, c)
	if i <= 0 || slices.Equal(cfg.CurvePreferences, defaultCurves[i:]) {
		return cfg
	}
	out := cfg.Clone()
	out.CurvePreferences = slices.Clone(defaultCurves[i:])
	return out
}

// startTLS upgrades the control connection in place.
func (c *controlConn) startTLS(ctx context.Context, cfg *tls.Config) (tls.ConnectionState, error) {
	tc := tls.Client(c.conn, cfg)
	hctx, cancel := context.WithTimeout(ctx, c.stepTimeout)
	defer cancel()
	if err := tc.HandshakeContext(hctx); err != nil {
		c.tr.add(c.session, DirInfo, "TLS handshake failed: "+err.Error())
		return tls.ConnectionState{}, fmt.Errorf("TLS handshake: %w", err)
	}
	c.conn = tc
	c.br = bufio.NewReaderSize(tc, c.limits.LineBytes+2)
	c.w = textproto.NewWriter(bufio.NewWriterSize(tc, 512))
	st := tc.ConnectionState()
	c.tr.add(c.session, DirInfo, fmt.Sprintf("TLS established: %s, %s", tls.VersionName(st.Version), tls.CipherSuiteName(st.CipherSuite)))
	return st, nil
}

// inspectCertificate verifies the server's chain against roots (the system
// pool when nil) for name, at now, and describes what it found.
func inspectCertificate(st tls.ConnectionState, roots *x509.CertPool, name string, now time.Time) *Certificate {
	if len(st.PeerCertificates) == 0 {
		return &Certificate{Problem: CertNone, Error: "the server sent no certificate"}
	}
	leaf := st.PeerCertificates[0]
	sum := sha256.Sum256(leaf.Raw)
	c := &Certificate{
		SHA256:    hex.EncodeToString(sum[:]),
		Subject:   leaf.Subject.String(),
		Issuer:    leaf.Issuer.String(),
		DNSNames:  leaf.DNSNames,
		NotBefore: leaf.NotBefore,
		NotAfter:  leaf.NotAfter,
		DaysLeft:  int(math.Floor(leaf.NotAfter.Sub(now).Hours() / 24)),
	}
	for _, ip := range leaf.IPAddresses {
		c.IPs = append(c.IPs, ip.String())
	}
	c.SelfSigned = bytes.Equal(leaf.RawIssuer, leaf.RawSubject) && leaf.CheckSignatureFrom(leaf) == nil
	c.NameMatch = leaf.VerifyHostname(name) == nil

	inter := x509.NewCertPool()
	for _, ic := range st.PeerCertificates[1:] {
		inter.AddCert(ic)
	}
	_, err := leaf.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, DNSName: name, CurrentTime: now})
	switch {
	case err == nil:
		c.Verified = true
	case now.After(leaf.NotAfter):
		c.Problem, c.Error = CertExpired, fmt.Sprintf("expired on %s", leaf.NotAfter.UTC().Format(time.DateOnly))
	case now.Before(leaf.NotBefore):
		c.Problem, c.Error = CertNotYetValid, fmt.Sprintf("not valid before %s", leaf.NotBefore.UTC().Format(time.DateOnly))
	case !c.NameMatch:
		c.Problem, c.Error = CertNameMismatch, fmt.Sprintf("issued for %s, not %s", c.Names(), name)
	case c.SelfSigned:
		c.Problem, c.Error = CertSelfSigned, "self-signed: no trusted authority vouches for it"
	default:
		var ua x509.UnknownAuthorityError
		if errors.As(err, &ua) {
			c.Problem, c.Error = CertUntrusted, "issued by an untrusted authority ("+leaf.Issuer.CommonName+")"
		} else {
			c.Problem, c.Error = CertOther, err.Error()
		}
	}
	return c
}
