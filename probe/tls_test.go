package probe

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"
)

type testCert struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCert(t *testing.T, cn string, names []string, from, to time.Time, parent *testCert, ca bool) testCert {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: cn},
		NotBefore: from, NotAfter: to, DNSNames: names,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: ca,
	}
	signer, signKey := tmpl, key
	if parent != nil {
		signer, signKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signer, &key.PublicKey, signKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return testCert{c, key}
}

func TestInspectCertificate(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	year := 365 * 24 * time.Hour
	root := newTestCert(t, "Test Root", nil, now.Add(-year), now.Add(5*year), nil, true)
	inter := newTestCert(t, "Test Intermediate", nil, now.Add(-year), now.Add(3*year), &root, true)
	roots := x509.NewCertPool()
	roots.AddCert(root.cert)
	leaf := func(names []string, from, to time.Time) *x509.Certificate {
		return newTestCert(t, "ftp.example.test", names, from, to, &inter, false).cert
	}
	self := newTestCert(t, "ftp.example.test", []string{"ftp.example.test"}, now.Add(-time.Hour), now.Add(30*24*time.Hour), nil, true).cert

	tests := []struct {
		name       string
		chain      []*x509.Certificate
		verified   bool
		selfSigned bool
		nameMatch  bool
		errHas     string
		daysLeft   int
		problem    CertProblem
	}{
		{"valid chain", []*x509.Certificate{leaf([]string{"ftp.example.test"}, now.Add(-time.Hour), now.Add(90*24*time.Hour)), inter.cert}, true, false, true, "", 90, ""},
		{"missing intermediate", []*x509.Certificate{leaf([]string{"ftp.example.test"}, now.Add(-time.Hour), now.Add(90*24*time.Hour))}, false, false, true, "untrusted authority", 90, CertUntrusted},
		{"expired", []*x509.Certificate{leaf([]string{"ftp.example.test"}, now.Add(-year), now.Add(-36*time.Hour)), inter.cert}, false, false, true, "expired on 2026-11-24", -2, CertExpired},
		{"not yet valid", []*x509.Certificate{leaf([]string{"ftp.example.test"}, now.Add(24*time.Hour), now.Add(year)), inter.cert}, false, false, true, "not valid before 2026-11-26", 365, CertNotYetValid},
		{"wrong name", []*x509.Certificate{leaf([]string{"other.example.test"}, now.Add(-time.Hour), now.Add(year)), inter.cert}, false, false, false, "issued for other.example.test, not ftp.example.test", 365, CertNameMismatch},
		{"self-signed", []*x509.Certificate{self}, false, true, true, "self-signed", 30, CertSelfSigned},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := inspectCertificate(tls.ConnectionState{PeerCertificates: tt.chain}, roots, "ftp.example.test", now)
			if c.Verified != tt.verified || c.SelfSigned != tt.selfSigned || c.NameMatch != tt.nameMatch {
				t.Errorf("verified %v self-signed %v name %v; want %v %v %v (%s)", c.Verified, c.SelfSigned, c.NameMatch, tt.verified, tt.selfSigned, tt.nameMatch, c.Error)
			}
			if tt.errHas == "" && c.Error != "" || !strings.Contains(c.Error, tt.errHas) {
				t.Errorf("error %q, want %q", c.Error, tt.errHas)
			}
			if c.Problem != tt.problem {
				t.Errorf("problem %q, want %q", c.Problem, tt.problem)
			}
			if c.DaysLeft != tt.daysLeft {
				t.Errorf("days left %d, want %d", c.DaysLeft, tt.daysLeft)
			}
		})
	}
	if c := inspectCertificate(tls.ConnectionState{}, roots, "x", now); c.Verified || c.Error == "" || c.Problem != CertNone {
		t.Errorf("no certificate: %+v", c)
	}
}

// The data connections lead with the group the control connection's
// handshake settled on: the groups Go ranks above it are left out (Go
// sends its share for the best-ranked one), those below stay, and the
// session cache is kept.
func TestLeadWith(t *testing.T) {
	base := &tls.Config{ClientSessionCache: tls.NewLRUClientSessionCache(1)}
	got := leadWith(base, tls.CurveP256)
	want := []tls.CurveID{tls.CurveP256, tls.CurveP384, tls.CurveP521}
	if !slices.Equal(got.CurvePreferences, want) {
		t.Errorf("preferences %v, want %v", got.CurvePreferences, want)
	}
	if got.ClientSessionCache != base.ClientSessionCache {
		t.Error("the session cache is not shared: data connections could not resume")
	}
	if base.CurvePreferences != nil {
		t.Error("the original configuration was changed")
	}
	if again := leadWith(got, tls.CurveP256); again != got {
		t.Error("a configuration that already leads with the group is copied again")
	}
	for _, c := range []tls.CurveID{0, tls.X25519MLKEM768} {
		if same := leadWith(base, c); same != base {
			t.Errorf("%v: the default configuration changes", c)
		}
	}
	if x := leadWith(base, tls.X25519); !slices.Equal(x.CurvePreferences, []tls.CurveID{tls.X25519, tls.CurveP256, tls.CurveP384, tls.CurveP521}) {
		t.Errorf("X25519: %v", x.CurvePreferences)
	}
}
