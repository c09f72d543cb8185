package report

import (
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestWriteTextTLSLine(t *testing.T) {
	const full = "TLS       explicit (AUTH TLS) | TLS 1.3 TLS_AES_128_GCM_SHA256 | certificate self-signed, 364 days " +
		"left | plaintext login allowed | PROT C refused | 4/4 protected listings resumed | reuse required\n"
	tests := []struct {
		name string
		opts TextOptions
		want string
	}{
		{"wide", TextOptions{Width: 200}, "2.87s\n" + full + "Greeting  < 220 (vsFTPd 3.0.5)\n"},
		// Lines break between parts and end with the separator.
		{"default width", TextOptions{}, "TLS       explicit (AUTH TLS) | TLS 1.3 TLS_AES_128_GCM_SHA256 |\n" +
			"          certificate self-signed, 364 days left | plaintext login allowed | PROT C refused |\n" +
			"          4/4 protected listings resumed | reuse required\n"},
		{"unicode", TextOptions{Width: 200, Unicode: true}, "TLS       explicit (AUTH TLS) · TLS 1.3 TLS_AES_128_GCM_SHA256 · " +
			"certificate self-signed, 364 days left · plaintext login allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if out := renderText(t, reporttest.TLSBehindALG(), tt.opts); !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q\n---\n%s", tt.want, out)
			}
		})
	}
}

func TestWriteTextNoTLSLineWithoutTLS(t *testing.T) {
	res := reporttest.Healthy()
	res.Facts.TLSMode = probe.TLSOff
	if out := renderText(t, res, TextOptions{}); strings.Contains(out, "\nTLS ") {
		t.Errorf("TLS line without a TLS session:\n%s", out)
	}
}

func TestTLSParts(t *testing.T) {
	// sample edits the TLS path of the TLS sample, its TLS facts and the
	// TLS policy the diagnosis derived from them.
	sample := func(edit func(sp *probe.Path, tf *probe.TLSFacts, pol *probe.TLSPolicy)) probe.Result {
		res := reporttest.TLSBehindALG()
		sp := res.TLSPath()
		edit(sp, sp.TLS, res.TLS)
		return res
	}
	expired := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		res  probe.Result
		want string
	}{
		{"refused", tlsRefused(), "not offered: AUTH TLS and AUTH SSL refused (500 'AUTH SSL': command not understood)"},
		{"handshake failed", tlsHandshakeFailed(), "explicit (AUTH TLS) | handshake failed: remote error: tls: handshake failure"},
		{"never reached AUTH", sample(func(sp *probe.Path, tf *probe.TLSFacts, _ *probe.TLSPolicy) {
			*tf = probe.TLSFacts{}
			sp.SessionFacts = probe.SessionFacts{GreetingError: "421 Too many connections (1) from this IP"}
		}), "not negotiated: 421 Too many connections (1) from this IP"},
		{"implicit, verified, partial listings", sample(func(sp *probe.Path, tf *probe.TLSFacts, pol *probe.TLSPolicy) {
			sp.Transport, tf.AuthCommand, tf.AuthReplies = probe.TransportImplicitTLS, "", nil
			tf.Certificate = &probe.Certificate{Subject: "CN=x", NotAfter: expired.AddDate(1, 0, 0), DaysLeft: 1, Verified: true, NameMatch: true}
			pol.PlaintextLogin, pol.ProtC, pol.CCC = probe.PolicyUnknown, probe.PolicyNotTested, true
			tf.Transfers[2].OK, tf.Transfers[3].OK, tf.Transfers[3].Resumed = false, false, false
			pol.SessionReuseRequired, tf.NoResume = false, nil
		}), "implicit | TLS 1.3 TLS_AES_128_GCM_SHA256 | certificate valid, 1 day left | CCC advertised | " +
			"2/4 protected listings worked, 3 resumed"},
		{"expired, reuse optional, sequential", sample(func(sp *probe.Path, tf *probe.TLSFacts, pol *probe.TLSPolicy) {
			tf.Certificate.NotAfter, tf.Certificate.DaysLeft = expired, -41
			tf.Certificate.Problem, tf.Certificate.Error = probe.CertExpired, "expired on 2026-01-31"
			tf.NoResume.OK, pol.SessionReuseRequired, sp.Sequential = true, false, true
			pol.PlaintextLogin, pol.ProtC = probe.PolicyRefused, probe.PolicyAllowed
		}), "explicit (AUTH TLS) | TLS 1.3 TLS_AES_128_GCM_SHA256 | certificate expired on 2026-01-31 | " +
			"plaintext login refused | PROT C allowed | 4/4 protected listings resumed | reuse optional | " +
			"run after the plaintext session (one session per client)"},
		{"wrong name, none resumed", sample(func(_ *probe.Path, tf *probe.TLSFacts, _ *probe.TLSPolicy) {
			tf.Certificate.NameMatch, tf.Certificate.SelfSigned = false, false
			tf.Certificate.Problem = probe.CertNameMismatch
			for i := range tf.Transfers {
				tf.Transfers[i].Resumed = false
			}
		}), "certificate issued for other names, 364 days left | plaintext login allowed | PROT C refused | " +
			"4/4 protected listings worked, none resumed | reuse required"},
		{"expires today", sample(func(_ *probe.Path, tf *probe.TLSFacts, _ *probe.TLSPolicy) {
			tf.Certificate.DaysLeft = 0
		}), "certificate self-signed, expires within a day | "},
		{"untrusted issuer", sample(func(_ *probe.Path, tf *probe.TLSFacts, _ *probe.TLSPolicy) {
			tf.Certificate.SelfSigned, tf.Certificate.Problem = false, probe.CertUntrusted
		}), "certificate not trusted, 364 days left"},
		{"no certificate", sample(func(_ *probe.Path, tf *probe.TLSFacts, _ *probe.TLSPolicy) {
			tf.Certificate = &probe.Certificate{Problem: probe.CertNone, Error: "the server sent no certificate"}
		}), "TLS_AES_128_GCM_SHA256 | no certificate | plaintext"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(tlsParts(tt.res), " | "); !strings.Contains(got, tt.want) {
				t.Errorf("\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// The policy shown is the one derived from the facts: PROT C allowed, a
// plaintext login refused by a "use TLS" policy, CCC in the TLS session's
// FEAT.
func TestTLSPartsDerivedPolicy(t *testing.T) {
	res := reporttest.TLSBehindALG()
	plain, sp := res.PlainPath(), res.TLSPath()
	plain.LoggedIn = false
	plain.PassReply = &probe.Reply{Code: 530, Lines: []string{"530 Non-anonymous sessions must use encryption."}}
	sp.TLS.ProtCReply = &probe.Reply{Code: 200, Lines: []string{"200 PROT now Clear."}}
	sp.Features.List = append(sp.Features.List, "CCC")
	reporttest.Rediagnose(&res)
	want := "plaintext login refused | PROT C allowed | CCC advertised"
	if got := strings.Join(tlsParts(res), " | "); !strings.Contains(got, want) {
		t.Errorf("\n got %q\nwant %q", got, want)
	}
}

// Server-supplied text in the TLS line cannot reach the terminal raw.
func TestTLSPartsSanitized(t *testing.T) {
	res := tlsRefused()
	res.TLSFacts().AuthReplies[1].Lines = []string{"500 no\x1b[2J"}
	if got := strings.Join(tlsParts(res), " | "); strings.Contains(got, "\x1b") || !strings.Contains(got, `500 no\x1b[2J`) {
		t.Errorf("not sanitized: %q", got)
	}
}

func TestWriteTextTLSWidthAndColor(t *testing.T) {
	res := reporttest.TLSBehindALG()
	for _, w := range []int{40, 60, 100} {
		out := renderText(t, res, TextOptions{Width: w})
		_, block, _ := strings.Cut(out, "\nTLS ")
		block, _, _ = strings.Cut("TLS "+block, "\nGreeting")
		for _, l := range strings.Split(block, "\n") {
			if len([]rune(l)) > w {
				t.Errorf("width %d: TLS line of %d runes: %q", w, len([]rune(l)), l)
			}
		}
		if strings.Count(block, "\n") < 1 {
			t.Errorf("width %d: TLS block not wrapped: %q", w, block)
		}
	}
	if on, off := renderText(t, res, TextOptions{Color: true}), renderText(t, res, TextOptions{}); stripANSI(on) != off {
		t.Error("coloured text differs from plain text beyond escapes")
	}
}

func TestWriteTextEvidenceMarks(t *testing.T) {
	out := renderText(t, reporttest.TLSBehindALG(), TextOptions{})
	want := "  Evidence\n    - plaintext session:\n    > PASV\n    < 227 Entering Passive Mode (203,0,113,10,117,49).\n" +
		"    - TLS session:\n    > PASV\n    < 227 Entering Passive Mode (10,0,0,5,117,50).\n"
	if !strings.Contains(out, want) {
		t.Errorf("output lacks %q\n---\n%s", want, out)
	}
}
