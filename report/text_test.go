package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/fatih/color"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func renderText(t *testing.T, res probe.Result, opts TextOptions) string {
	t.Helper()
	var b bytes.Buffer
	if err := WriteText(&b, res, opts); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestWriteTextVerdictLineFirst(t *testing.T) {
	tests := []struct {
		name string
		res  probe.Result
		opts TextOptions
		want string
	}{
		{"nat", reporttest.NATPrivateFiltered(), TextOptions{},
			"CRITICAL  ftp.example.test:21 (203.0.113.10) - PASV announces an unroutable address"},
		{"nat unicode", reporttest.NATPrivateFiltered(), TextOptions{Unicode: true},
			"CRITICAL  ftp.example.test:21 (203.0.113.10) — PASV announces an unroutable address"},
		{"healthy", reporttest.Healthy(), TextOptions{}, "OK  ftp.example.test:21 (203.0.113.10) - all checks passed"},
		{"dns", reporttest.DNSFailure(), TextOptions{}, "CRITICAL  nx.example.test:21 - Host name does not resolve"},
		{"empty", probe.Result{}, TextOptions{}, "UNKNOWN  - diagnosis incomplete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first, _, _ := strings.Cut(renderText(t, tt.res, tt.opts), "\n")
			if first != tt.want {
				t.Errorf("first line\n got %q\nwant %q", first, tt.want)
			}
		})
	}
}

func TestWriteTextFindingsInSeverityOrder(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	// Scramble the probe's order: the renderer must sort by severity itself.
	fs := res.Findings
	res.Findings = []probe.Finding{fs[3], fs[2], fs[1], fs[0]}
	out := renderText(t, res, TextOptions{})
	heads := []string{
		"CRITICAL  pasv.unroutable_address - PASV announces an unroutable address",
		"CRITICAL  data.port_filtered - Passive data ports filtered",
		"WARNING   tls.not_offered - FTPS (AUTH TLS) not offered",
		"INFO      passive.port_range - Passive port range",
	}
	// Equal severities keep the probe's order (data.port_filtered came first).
	heads[0], heads[1] = heads[1], heads[0]
	last := -1
	for _, h := range heads {
		i := strings.Index(out, "\n"+h+"\n")
		if i < 0 {
			t.Fatalf("missing finding header %q in\n%s", h, out)
		}
		if i < last {
			t.Errorf("%q out of order", h)
		}
		last = i
	}
	if !strings.Contains(out, "Findings  2 critical, 1 warning, 1 info\n") {
		t.Error("missing severity counts")
	}
}

func TestWriteTextFindingBody(t *testing.T) {
	out := renderText(t, reporttest.NATPrivateFiltered(), TextOptions{})
	for _, want := range []string{
		"Server    vsftpd 3.0.5 | logged in as anonymous | finished in 9.87s\n",
		"Greeting  < 220 (vsFTPd 3.0.5)\n",
		"    < 227 Entering Passive Mode (10,0,0,5,117,49).\n",
		"    - advertised 10.0.0.5 (private); control peer 203.0.113.10\n",
		"  Fix for vsftpd (detected)\n",
		"      pasv_address=203.0.113.10\n      pasv_min_port=30000\n      pasv_max_port=30009\n",
		"  Other fixes: 17 other server programs, port forwarding, nftables, iptables, Cisco ASA,\n" +
			"  Juniper SRX, MikroTik, cloud firewall - ftpnat explain pasv.unroutable_address --report\n" +
			"  REPORT.json\n",
		"  FAIL  passive           6.10s  PASV announces 10.0.0.5 (private); ports 30001, 30002, 30004\n" +
			"                                 filtered\n",
		"  SKIP  listing                  no reachable data port\n",
		"A standard client (jlaffaye/ftp, replaces unroutable PASV addresses) listed the directory: no - dial\ntcp 203.0.113.10:30003: i/o timeout\n",
		"Next: Apply the vsftpd fix for pasv.unroutable_address above, restart the server, then run again:\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q\n---\n%s", want, out)
		}
	}
	if strings.Contains(out, "nft add rule") {
		t.Error("network fix printed in full without AllFixes")
	}
	if strings.Contains(out, "Transcript") {
		t.Error("transcript printed without the option")
	}
}

func TestWriteTextAllFixesAndTranscript(t *testing.T) {
	out := renderText(t, reporttest.NATPrivateFiltered(), TextOptions{AllFixes: true, Transcript: true})
	for _, want := range []string{
		"  Fix for nftables\n",
		"dnat to 10.0.0.5\n",
		"  Fix for cloud firewall\n",
		"\nTranscript\n",
		"    0.070s  main  -> PASS ****\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if strings.Contains(out, "Other fixes:") {
		t.Error("AllFixes still names other fixes")
	}
}

func TestWriteTextUnknownSoftwareNamesFixes(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	res.Software = probe.Software{Name: probe.SoftwareUnknown}
	out := renderText(t, res, TextOptions{})
	if !strings.Contains(out, "  Fixes for: vsftpd, ProFTPD,") || strings.Contains(out, "(detected)") {
		t.Errorf("unknown software: want only a list of fixes\n%s", out)
	}
	if !strings.Contains(out, "Server    server software not recognised | logged in as anonymous") {
		t.Error("server line does not say the software is unknown")
	}
}

func TestWriteTextSimulationAndStdClient(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	res.Simulated = true
	res.RefPath().StdClient = &probe.StdClient{Ran: true, OK: true, Entries: 3, Duration: 1500e6}
	out := renderText(t, res, TextOptions{Width: 200})
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[1], "SIMULATION  ") {
		t.Errorf("second line is not the simulation banner: %q", lines[1])
	}
	for _, want := range []string{
		"listed the directory: yes - 3 entries in 1.50s\n",
		"  Clients that replace the address (FileZilla, curl, lftp, WinSCP) work;",
		"Next: This was a simulation.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// Colour follows opts.Color only, whatever the fatih/color global says.
func TestWriteTextColor(t *testing.T) {
	old := color.NoColor
	t.Cleanup(func() { color.NoColor = old })
	res := reporttest.NATPrivateFiltered()
	for _, global := range []bool{true, false} {
		color.NoColor = global
		on := renderText(t, res, TextOptions{Color: true})
		off := renderText(t, res, TextOptions{Color: false})
		if !strings.HasPrefix(on, "\x1b[31;1mCRITICAL\x1b[0;22m  ftp.example.test:21") {
			t.Errorf("global NoColor=%v: colour requested but first line is %q", global, strings.SplitN(on, "\n", 2)[0])
		}
		if strings.Contains(off, "\x1b") {
			t.Errorf("global NoColor=%v: escape sequences without colour", global)
		}
		if stripANSI(on) != off {
			t.Errorf("global NoColor=%v: coloured text differs from plain text beyond escapes", global)
		}
	}
}

func stripANSI(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// A hostile server must not be able to send escape sequences to the terminal.
func TestWriteTextSanitizesServerText(t *testing.T) {
	res := reporttest.NATPrivateFiltered()
	res.RefPath().Greeting = &probe.Reply{Code: 220, Lines: []string{"220 hi\x1b[2J\x1b]0;pwned\x07 there\u202e"}}
	res.Findings[0].Evidence = append(res.Findings[0].Evidence, "227 x\x1b[31m")
	res.Checks[0].Detail = "bad\rline"
	out := renderText(t, res, TextOptions{})
	if strings.ContainsAny(out, "\x1b\x07\r\u202e") {
		t.Errorf("control characters reached the output:\n%q", out)
	}
	for _, want := range []string{`220 hi\x1b[2J\x1b]0;pwned\x07 there\u202e`, `< 227 x\x1b[31m`, `bad\x0dline`} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks escaped %q", want)
		}
	}
}

func TestWriteTextWidth(t *testing.T) {
	for _, w := range []int{60, 100} {
		out := renderText(t, reporttest.Healthy(), TextOptions{Width: w})
		for _, l := range strings.Split(out, "\n") {
			// Config snippets are never wrapped; prose is.
			if len([]rune(l)) > w && !strings.HasPrefix(l, "      ") {
				t.Errorf("width %d: line of %d runes: %q", w, len([]rune(l)), l)
			}
		}
	}
}

func TestWriteTextEvidenceLinesAndMissingSeverity(t *testing.T) {
	res := probe.Result{
		Facts: probe.Facts{Host: "ftp.example.test", Port: 2121},
		Diagnosis: probe.Diagnosis{
			Verdict: probe.VerdictCritical,
			Findings: []probe.Finding{
				{ID: probe.FindingPassivePortRange, Severity: probe.SeverityInfo},
				{ID: probe.FindingPASVMalformed, Evidence: []string{"227-Entering Passive Mode\r\n227 =10,0,0,5,117,49\r\n", "parse heuristic: equals"}},
			},
		},
	}
	out := renderText(t, res, TextOptions{})
	for _, want := range []string{
		"CRITICAL  ftp.example.test:2121 - Malformed PASV reply\n", // warning by default, ranked above info
		"WARNING   pasv.malformed - Malformed PASV reply\n    < 227-Entering Passive Mode\n    < 227 =10,0,0,5,117,49\n    - parse heuristic: equals\n",
	} {
		if !strings.Contains(strings.ReplaceAll(out, "  Evidence\n", ""), want) {
			t.Errorf("output lacks %q\n---\n%s", want, out)
		}
	}
	flat := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(flat, "Next: Work through 'What to do' for pasv.malformed, then run again: ftpnat diagnose ftp.example.test:2121") {
		t.Errorf("hint does not fit a finding without a fix for the detected software:\n%s", out)
	}
}
