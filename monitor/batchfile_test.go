package monitor

import (
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

func TestParseBatch(t *testing.T) {
	in := `# fleet
ftp.example.com

ftp.example.net:2121 user=alice password-file=/etc/ftpnat/alice tls=explicit timeout=30s
  198.51.100.7 tls=off active expect-range=30000-30009 data-timeout=2s samples=8 no-standard-client
[2001:db8::1]:21
ftp://files.example.org/pub
{"target": "ftp.example.org:990", "tls": "implicit", "user": "bob", "password_file": "bob.pw", "timeout": "1m", "samples": 2, "no_standard_client": true}
`
	ts, err := ParseBatch(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 6 {
		t.Fatalf("%d targets", len(ts))
	}
	want := []Target{
		{Line: 2, Host: "ftp.example.com"},
		{Line: 4, Host: "ftp.example.net", Port: 2121, User: "alice", PasswordFile: "/etc/ftpnat/alice", TLS: probe.TLSExplicit, Timeout: 30 * time.Second},
		{Line: 5, Host: "198.51.100.7", TLS: probe.TLSOff, Active: true, ExpectRange: &probe.PortSpan{Min: 30000, Max: 30009},
			DataTimeout: 2 * time.Second, Samples: 8, NoStdClient: true},
		{Line: 6, Host: "2001:db8::1", Port: 21},
		{Line: 7, Host: "files.example.org"},
		{Line: 8, Host: "ftp.example.org", Port: 990, TLS: probe.TLSImplicit, User: "bob", PasswordFile: "bob.pw",
			Timeout: time.Minute, Samples: 2, NoStdClient: true},
	}
	for i, w := range want {
		g := ts[i]
		if (g.ExpectRange == nil) != (w.ExpectRange == nil) || g.ExpectRange != nil && *g.ExpectRange != *w.ExpectRange {
			t.Errorf("line %d: range %v, want %v", w.Line, g.ExpectRange, w.ExpectRange)
		}
		g.ExpectRange, w.ExpectRange = nil, nil
		if g != w {
			t.Errorf("target %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	if ts[3].Name() != "[2001:db8::1]:21" || ts[0].Name() != "ftp.example.com" {
		t.Errorf("names %q %q", ts[3].Name(), ts[0].Name())
	}
}

func TestParseBatchErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"h password=x", "passwords do not belong"},
		{`{"target": "h", "password": "x"}`, "passwords do not belong"},
		{"h tls=maybe", "line 1: tls must be"},
		{"ok\nh bogus=1", "line 2: unknown option"},
		{"h active=yes", "takes no value"},
		{"h timeout=0s", "positive duration"},
		{"h samples=0", "samples must be"},
		{"h expect-range=9-1", "expect-range must be"},
		{"h password-file=/x", "password-file needs user="},
		{"ftp://u:p@h/", "credentials do not belong"},
		{"h:0", "bad port"},
		{`{"target": "h", "bogus": 1}`, "unknown field"},
		{`{"target": "h"} {}`, "one object per line"},
		{"# nothing\n\n", "names no target"},
		{"h " + strings.Repeat("x", maxBatchLineBytes), "longer than"},
		{"a bad=1\nb bad=2", "line 1: unknown option"},
	}
	for _, tt := range tests {
		_, err := ParseBatch(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%.40q: error %v, want %q", tt.in, err, tt.want)
		}
	}
	// Every bad line is named, not just the first.
	_, err := ParseBatch(strings.NewReader("a bad=1\nb bad=2"))
	if err == nil || !strings.Contains(err.Error(), "line 2:") {
		t.Errorf("second error missing: %v", err)
	}
}

func TestTargetOptions(t *testing.T) {
	base := probe.Options{TLS: probe.TLSAuto, Timeout: 20 * time.Second, DataTimeout: 3 * time.Second, Samples: 4}
	o := Target{Host: "h", Port: 2121, User: "u", Password: "p", TLS: probe.TLSOff, Timeout: time.Second, NoStdClient: true}.Options(base)
	if o.Host != "h" || o.Port != 2121 || o.User != "u" || o.Password != "p" || o.TLS != probe.TLSOff ||
		o.Timeout != time.Second || o.DataTimeout != 3*time.Second || o.Samples != 4 || !o.SkipStdClient || o.ProbeAdvertised {
		t.Errorf("merged options %+v", o)
	}
	if o := (Target{Host: "h"}).Options(probe.Options{}); o.Timeout != probe.DefaultTimeout || o.TLS != "" {
		t.Errorf("defaults: timeout %s, tls %q", o.Timeout, o.TLS)
	}
}

func TestEffectiveConcurrency(t *testing.T) {
	if got := EffectiveConcurrency(0, 10); got != 10 {
		t.Errorf("10 targets: %d", got)
	}
	if got := EffectiveConcurrency(5000, 5000); got > MaxConcurrency || got < 1 {
		t.Errorf("capped: %d", got)
	}
	if got := EffectiveConcurrency(0, 100_000); got > DefaultConcurrency || got < 1 {
		t.Errorf("default: %d", got)
	}
}
