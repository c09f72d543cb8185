package main

import "testing"

func TestSplitTarget(t *testing.T) {
	tests := []struct {
		in       string
		host     string
		port     int
		usageErr bool
	}{
		{"ftp.example.com", "ftp.example.com", 0, false},
		{"ftp.example.com:2121", "ftp.example.com", 2121, false},
		{"203.0.113.10", "203.0.113.10", 0, false},
		{"203.0.113.10:21", "203.0.113.10", 21, false},
		{"2001:db8::1", "2001:db8::1", 0, false},
		{"[2001:db8::1]:990", "2001:db8::1", 990, false},
		{"ftp://ftp.example.com/pub/", "ftp.example.com", 0, false},
		{"FTP://ftp.example.com:21", "ftp.example.com", 21, false},
		{"ftp://alice:secret@ftp.example.com/", "", 0, true},
		{"ftp.example.com:0", "", 0, true},
		{"ftp.example.com:70000", "", 0, true},
		{"ftp.example.com:ftp", "", 0, true},
		{":21", "", 0, true},
		{"", "", 0, true},
	}
	for _, tt := range tests {
		host, port, err := splitTarget(tt.in)
		if tt.usageErr {
			if _, ok := err.(usageError); !ok {
				t.Errorf("splitTarget(%q) error = %v, want a usage error", tt.in, err)
			}
			continue
		}
		if err != nil || host != tt.host || port != tt.port {
			t.Errorf("splitTarget(%q) = %q, %d, %v; want %q, %d", tt.in, host, port, err, tt.host, tt.port)
		}
	}
}

func TestParseNetrc(t *testing.T) {
	const netrc = `machine other.example.com login bob password b0b
# comment-free format: tokens only
machine ftp.example.com
  login alice
  password s3cret
macdef init
cd /pub
binary

default login anonymous password guest@
`
	tests := []struct {
		host string
		want netrcEntry
		ok   bool
	}{
		{"ftp.example.com", netrcEntry{"alice", "s3cret"}, true},
		{"FTP.EXAMPLE.COM", netrcEntry{"alice", "s3cret"}, true},
		{"other.example.com", netrcEntry{"bob", "b0b"}, true},
		{"unknown.example.com", netrcEntry{"anonymous", "guest@"}, true},
	}
	for _, tt := range tests {
		got, ok := parseNetrc(netrc, tt.host)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseNetrc(%q) = %+v, %v; want %+v, %v", tt.host, got, ok, tt.want, tt.ok)
		}
	}
	if _, ok := parseNetrc("machine a login x password y\n", "b"); ok {
		t.Error("no default entry: want no match")
	}
}
