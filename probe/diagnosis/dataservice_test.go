package diagnosis

import (
	"net/netip"
	"slices"
	"strings"
	"testing"
)

func TestDataService(t *testing.T) {
	tests := []struct {
		name      string
		head      string
		protected bool
		want      string // substring; "" means not named
	}{
		{"unix listing", "-rw-r--r--    1 ftp      ftp           120 Jan 01 00:00 readme\r\n", false, ""},
		{"mlsd listing", "type=file;size=120;modify=20240101000000; readme\r\n", false, ""},
		{"dos listing", "01-01-24  12:00AM                  120 readme\r\n", false, ""},
		{"ssh banner", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n", false, "an SSH server (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3)"},
		{"http response", "HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n", false, "an HTTP server (HTTP/1.1 400 Bad Request)"},
		{"html page", "<!DOCTYPE html>\n<html><head>", false, "an HTTP server (an HTML page"},
		{"ftp greeting", "220 (vsFTPd 3.0.3)\r\n", false, "an FTP or mail server's greeting (220 (vsFTPd 3.0.3))"},
		{"smtp refusal", "554 5.7.1 No\r\n", false, "a server greeting (554"},
		{"tls alert", "\x15\x03\x03\x00\x02\x02\x28", false, "a TLS alert record: handshake_failure"},
		{"tls handshake on plaintext", "\x16\x03\x03\x00\x4a\x02", false, "a TLS handshake record"},
		{"tls handshake when protected", "\x16\x03\x03\x00\x4a\x02", true, ""},
		{"ssh when protected", "SSH-2.0-dropbear\r\n", true, "an SSH server"},
		{"binary garbage", "\x00\x01\xff\xfe", false, ""},
		{"control bytes in a banner", "SSH-2.0-\x1b[2Jevil\r\n", false, "SSH-2.0-?[2Jevil"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DataService([]byte(tt.head), tt.protected)
			if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
				t.Errorf("DataService(%q) = %q, want %q", tt.head, got, tt.want)
			}
		})
	}
}

func FuzzDataService(f *testing.F) {
	for _, s := range []string{"SSH-2.0-x\r\n", "HTTP/1.0 200 OK", "220 ready", "\x15\x03\x01\x00\x02\x02", "<html>", "-rw-r--r-- x"} {
		f.Add([]byte(s), false)
	}
	f.Fuzz(func(t *testing.T, head []byte, protected bool) {
		got := DataService(head, protected)
		if len(got) > 200 || strings.ContainsAny(got, "\r\n\x00\x1b") {
			t.Fatalf("unbounded or unsanitised: %q", got)
		}
	})
}

// Evidence lines of a failed listing come in the order they happened:
// PASV and its reply, the data connection, the command, its reply, what
// the data connection said, the final reply.
func TestListingEvidenceOrder(t *testing.T) {
	tr := Transfer{Command: "LIST", Via: "PASV", Endpoint: netip.MustParseAddrPort("203.0.113.10:30000"), Connected: true,
		Replies: []Reply{
			{227, []string{"227 Entering Passive Mode (203,0,113,10,117,48)."}},
			{150, []string{"150 Here comes the directory listing."}},
			{425, []string{"425 Failed to establish connection."}},
		},
		DataHead: []byte("SSH-2.0-OpenSSH_9.2p1\r\n"),
		Stage:    StageFinal, Error: "transfer ended with 425 Failed to establish connection. while the data connection was still open"}
	got := listingEvidence(tr, "data connection 203.0.113.10:30000 (PASV) opened")
	want := []string{
		"> PASV", "< 227 Entering Passive Mode (203,0,113,10,117,48).",
		"data connection 203.0.113.10:30000 (PASV) opened",
		"> LIST", "< 150 Here comes the directory listing.",
		"the data connection was answered by an SSH server (SSH-2.0-OpenSSH_9.2p1), not by the FTP server",
		"< 425 Failed to establish connection.",
	}
	if !slices.Equal(got, want) {
		t.Errorf("evidence\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Through Diagnose: the data.transfer_failed finding names the service.
	f := healthyFacts()
	f.Paths[0].Transfer = &tr
	d := Diagnose(f)
	k := slices.IndexFunc(d.Findings, func(fd Finding) bool { return fd.ID == FindingDataTransferFailed })
	if k < 0 {
		t.Fatalf("no %s in %v", FindingDataTransferFailed, idsOf(d.Findings))
	}
	fd := d.Findings[k]
	if !slices.Equal(fd.Evidence, want) || !strings.Contains(fd.Summary, "answered by an SSH server") {
		t.Errorf("finding %q\n%s", fd.Summary, strings.Join(fd.Evidence, "\n"))
	}
}
