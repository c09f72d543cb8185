package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	synth "github.com/ftpnat/ftpnat/internal/pcapsynth"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// writeCapture writes a synthetic capture of sc to a file in dir.
func writeCapture(t *testing.T, dir string, sc synth.Scenario) string {
	t.Helper()
	var buf bytes.Buffer
	w, err := synth.NewPcapng(&buf, synth.SLL2)
	if err != nil {
		t.Fatal(err)
	}
	if err := synth.WriteFTP(w, sc, false); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(dir, string(sc)+".pcapng")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// TestPcapExitCodesAndJSON: the JSON report of a capture matches the
// schema, says where it came from, holds the findings, never the password,
// and the exit code is the verdict's.
func TestPcapExitCodesAndJSON(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		sc   synth.Scenario
		code int
		ids  []string
	}{
		{synth.Healthy, exitOK, []string{"passive.port_range"}},
		{synth.ActiveNoConnect, 1, []string{"active.no_connect_back"}},
		{synth.PrivateDropped, 2, []string{"pasv.unroutable_address", "data.port_filtered", "passive.port_range"}},
	} {
		t.Run(string(tc.sc), func(t *testing.T) {
			file := writeCapture(t, dir, tc.sc)
			code, out, errs := run(t, nil, "pcap", "--json", file)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tc.code, errs)
			}
			if strings.Contains(out+errs, synth.Password) {
				t.Fatal("the password from the capture is in the output")
			}
			if err := reporttest.ValidateJSON([]byte(out), filepath.Join("..", "..", "docs", "report.schema.json")); err != nil {
				t.Fatalf("report does not match the schema: %v", err)
			}
			var rep struct {
				Source struct {
					Kind   string   `json:"kind"`
					Files  []string `json:"files"`
					Unseen []string `json:"unseen"`
				} `json:"source"`
				Findings []struct {
					ID string `json:"id"`
				} `json:"findings"`
				Transcript []struct {
					Line string `json:"line"`
				} `json:"transcript"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if rep.Source.Kind != "capture" || len(rep.Source.Files) != 1 || rep.Source.Files[0] != file || len(rep.Source.Unseen) == 0 {
				t.Errorf("source %+v", rep.Source)
			}
			var ids []string
			for _, f := range rep.Findings {
				ids = append(ids, f.ID)
			}
			if strings.Join(ids, " ") != strings.Join(tc.ids, " ") {
				t.Errorf("findings %v, want %v", ids, tc.ids)
			}
			if len(rep.Transcript) == 0 {
				t.Error("no transcript")
			}
		})
	}
}

func TestPcapText(t *testing.T) {
	file := writeCapture(t, t.TempDir(), synth.PrivateDropped)
	code, out, errs := run(t, nil, "pcap", "--format", "text", "--color", "never", file)
	if code != 2 {
		t.Fatalf("exit %d; stderr %s", code, errs)
	}
	for _, want := range []string{"CAPTURE", file, "pasv.unroutable_address", "A capture cannot show", "This came from a capture"} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, synth.Password) {
		t.Fatal("the password from the capture is in the output")
	}
}

func TestPcapErrors(t *testing.T) {
	dir := t.TempDir()
	junk := filepath.Join(dir, "junk.pcap")
	if err := os.WriteFile(junk, []byte("this is not a capture file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.pcap")
	var buf bytes.Buffer
	if _, err := synth.NewPcap(&buf, synth.Ethernet); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"pcap"}, "requires at least 1 arg"},
		{[]string{"pcap", filepath.Join(dir, "missing.pcap")}, "open capture"},
		{[]string{"pcap", junk}, "not a pcap or pcapng file"},
		{[]string{"pcap", empty}, "no FTP control connection found"},
		{[]string{"pcap", "--server", "nonsense", empty}, "--server must be"},
		{[]string{"pcap", "--format", "text", "--server", "192.0.2.1", writeCapture(t, dir, synth.Healthy)}, "no FTP control connection to 192.0.2.1"},
	} {
		code, _, errs := run(t, nil, tc.args...)
		if code != exitUnknown || !strings.Contains(errs, tc.msg) {
			t.Errorf("%v: exit %d, stderr %q; want 3 and %q", tc.args, code, errs, tc.msg)
		}
	}
}

// TestPcapSeveralFiles: with two captures, the one with the FTP session
// is diagnosed and the other named.
func TestPcapSeveralFiles(t *testing.T) {
	dir := t.TempDir()
	a := writeCapture(t, dir, synth.Refused)
	empty := filepath.Join(dir, "other.pcap")
	var buf bytes.Buffer
	if _, err := synth.NewPcap(&buf, synth.Ethernet); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(empty, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, nil, "pcap", "--json", empty, a)
	if code != 2 || !strings.Contains(out, "data.port_refused") || !strings.Contains(out, "other.pcap was read too") {
		t.Fatalf("exit %d, stderr %s, out %s", code, errs, out)
	}
}

// TestPcapCompletion: the shell completes capture files for pcap's
// arguments.
func TestPcapCompletion(t *testing.T) {
	code, out, _ := run(t, nil, "__complete", "pcap", "")
	if code != 0 || !strings.Contains(out, "pcapng") || !strings.Contains(out, ":8") { // ShellCompDirectiveFilterFileExt
		t.Errorf("exit %d, completion %q", code, out)
	}
}
