package report

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// headerBlock is the text output from the server line to the first blank line.
func headerBlock(t *testing.T, res probe.Result, opts TextOptions) string {
	t.Helper()
	out := renderText(t, res, opts)
	_, rest, _ := strings.Cut(out, "\n\n")
	block, _, _ := strings.Cut(rest, "\n\n")
	return block
}

func TestWriteTextActiveAndRangeLines(t *testing.T) {
	tests := []struct {
		name string
		res  probe.Result
		opts TextOptions
		want string
	}{
		{"refused behind nat", reporttest.ActiveBehindNAT(), TextOptions{}, "" +
			"Server    Pure-FTPd | logged in as anonymous | finished in 4.63s\n" +
			"Active    PORT 192.168.1.77:40123 refused: the server sees 198.51.100.77 |\n" +
			"          EPRT 192.168.1.77:40125 refused: the server sees 198.51.100.77\n" +
			"Range     30000-30019: forwarded 30000-30009, missing 30010-30019 (10 silent) | 0 open, 10 reset\n" +
			"Greeting  < 220---------- Welcome to Pure-FTPd [privsep] [TLS] ---------- (+3 lines)"},
		{"connected, unicode", reporttest.ActiveFromPublicClient(), TextOptions{Unicode: true, Width: 120}, "" +
			"Server    vsftpd 3.0.5 · logged in as anonymous · finished in 1.24s\n" +
			"Active    PORT 198.51.100.77:40123 accepted, server connected back from 203.0.113.10:20 (804 bytes) ·\n" +
			"          EPRT 198.51.100.77:40124 accepted, server connected back from 203.0.113.10:20 (804 bytes)\n" +
			"Range     30000-30009: all 10 ports answer · 0 open, 10 reset\n" +
			"Greeting  < 220 (vsFTPd 3.0.5)"},
		{"not tested", reporttest.Healthy(), TextOptions{}, "" +
			"Server    vsftpd 3.0.5 | logged in as anonymous | finished in 1.24s\n" +
			"Greeting  < 220 (vsFTPd 3.0.5)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := headerBlock(t, tt.res, tt.opts); got != tt.want {
				t.Errorf("header\n got:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
}

// activeTest is an attempt from a client at 198.51.100.77 with its
// listener on port 40123 (PORT) or 40124 (EPRT).
func activeTest(command, sent string) *probe.ActiveTest {
	port := map[string]uint16{"PORT": 40123, "EPRT": 40124}[command]
	if sent == "" {
		port = 0
	}
	return &probe.ActiveTest{Command: command, Sent: sent, Listener: netip.AddrPortFrom(netip.MustParseAddr("198.51.100.77"), port)}
}

func TestActivePart(t *testing.T) {
	accepted := func(at *probe.ActiveTest) *probe.ActiveTest {
		at.Reply, at.Accepted = probe.Reply{Code: 200, Lines: []string{"200 PORT command successful."}}, true
		return at
	}
	noConnect := accepted(activeTest("PORT", "PORT 198,51,100,77,156,187"))
	noConnect.ListReplies = []probe.Reply{{Code: 425, Lines: []string{"425 Failed to establish connection."}}}
	timedOut := accepted(activeTest("EPRT", "EPRT |1|198.51.100.77|40124|"))
	timedOut.Error = "the server did not connect back within 13s"
	broken := accepted(activeTest("PORT", "PORT 198,51,100,77,156,187"))
	broken.Connected, broken.From = true, netip.MustParseAddrPort("203.0.113.10:20")
	broken.Error = "transfer ended with 426 Failure writing network stream."
	refused := activeTest("PORT", "PORT 198,51,100,77,156,187")
	refused.Reply = probe.Reply{Code: 500, Lines: []string{"500 Illegal PORT command. Please use passive mode instead."}}
	noReply := activeTest("EPRT", "EPRT |1|198.51.100.77|40124|")
	noReply.Error = "read: connection reset by peer"
	ascii := newMarks(false)
	tests := []struct {
		at   *probe.ActiveTest
		want string
	}{
		{noConnect, "PORT 198.51.100.77:40123 accepted, no connection back: 425 Failed to establish connection."},
		{timedOut, "EPRT 198.51.100.77:40124 accepted, no connection back"},
		{broken, "PORT 198.51.100.77:40123 accepted, server connected back from 203.0.113.10:20, listing failed: " +
			"transfer ended with 426 Failure writing network stream."},
		{refused, "PORT 198.51.100.77:40123 refused: 500 Illegal PORT command. Please use..."},
		{noReply, "EPRT 198.51.100.77:40124 failed: read: connection reset by peer"},
		{activeTest("EPRT", ""), "EPRT got no reply"},
	}
	for _, tt := range tests {
		if got := activePart(tt.at, netip.MustParseAddr("198.51.100.77"), ascii); got != tt.want {
			t.Errorf("got  %q\nwant %q", got, tt.want)
		}
	}
}

func TestWriteTextRangeLine(t *testing.T) {
	span := func(lo, hi int) probe.PortSpan { return probe.PortSpan{Min: lo, Max: hi} }
	var fragmented []probe.PortSpan
	for p := 30001; p <= 30019; p += 2 {
		fragmented = append(fragmented, span(p, p))
	}
	tests := []struct {
		name string
		rs   probe.RangeScan
		want string
	}{
		{"none answers", probe.RangeScan{Min: 30000, Max: 30019, Silent: []probe.PortSpan{span(30000, 30019)}},
			"Range     30000-30019: no port answers (20 silent)"},
		{"all open", probe.RangeScan{Min: 30000, Max: 30009, Answering: []probe.PortSpan{span(30000, 30009)}, Open: 10},
			"Range     30000-30009: all 10 ports answer"},
		{"timed out", probe.RangeScan{Min: 30000, Max: 30099, Answering: []probe.PortSpan{span(30000, 30009)},
			Silent: []probe.PortSpan{span(30010, 30019)}, Open: 10},
			"Range     30000-30099: forwarded 30000-30009, missing 30010-30019 (10 silent) |\n" +
				"          80 not tested before the timeout"},
		{"only answering, cut short", probe.RangeScan{Min: 30000, Max: 30099, Answering: []probe.PortSpan{span(30000, 30009)}, Open: 10},
			"Range     30000-30099: forwarded 30000-30009 | 90 not tested before the timeout"},
		{"fragmented", probe.RangeScan{Min: 30000, Max: 30019, Answering: []probe.PortSpan{span(30000, 30000)}, Silent: fragmented},
			"Range     30000-30019: forwarded 30000, missing 30001, 30003, 30005, 30007, 30009, 30011 and 4 more\n" +
				"          runs (10 silent) |\n" +
				"          9 not tested before the timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := reporttest.Healthy()
			res.RefPath().Range = &tt.rs
			block := headerBlock(t, res, TextOptions{})
			var got []string
			for _, l := range strings.Split(block, "\n") {
				if strings.HasPrefix(l, "Range") || (len(got) > 0 && strings.HasPrefix(l, "   ")) {
					got = append(got, l)
				}
			}
			if g := strings.Join(got, "\n"); g != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", g, tt.want)
			}
		})
	}
}

func TestClip(t *testing.T) {
	if got := clip("500 Illegal PORT command.", 40, "..."); got != "500 Illegal PORT command." {
		t.Errorf("short text clipped: %q", got)
	}
	if got := clip("abcdef ghij", 8, "…"); got != "abcdef…" {
		t.Errorf("clip: %q", got)
	}
}
