package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// run executes the CLI in-process and returns exit code, stdout, stderr.
func run(t *testing.T, envVars map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return envVars[k] }
	code := execute(context.Background(), args, &out, &errb, getenv)
	return code, out.String(), errb.String()
}

func TestExitCodesUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		msg  string
	}{
		{[]string{"diagnose"}, "expected HOST[:PORT]"},
		{[]string{"diagnose", "a", "b"}, "expected HOST[:PORT]"},
		{[]string{"diagnose", "--bogus", "h"}, "unknown flag"},
		{[]string{"diagnose", "--tls", "maybe", "h"}, "--tls must be"},
		{[]string{"diagnose", "--samples", "0", "h"}, "--samples must be"},
		{[]string{"diagnose", "--timeout", "-1s", "h"}, "must be positive"},
		{[]string{"diagnose", "--format", "xml", "h"}, "--format must be"},
		{[]string{"diagnose", "--json", "--format", "text", "h"}, "conflicts"},
		{[]string{"diagnose", "--color", "sometimes", "h"}, "--color must be"},
		{[]string{"diagnose", "--password-file", "/nonexistent/pw", "--user", "u", "h"}, "read password file"},
		{[]string{"diagnose", "h:99999"}, "bad port"},
		{[]string{"diagnose", "ftp://u:p@h/"}, "credentials do not belong in the target"},
		{[]string{"h", "--samples", "x"}, "invalid argument"},
		{[]string{"diagnose", "-4", "-6", "h"}, "-4 and -6 exclude each other"},
		{[]string{"diagnose", "--family", "5", "h"}, "--family must be auto, 4 or 6"},
		{[]string{"check", "-6", "--family", "4", "h"}, "-6 contradicts --family 4"},
		{[]string{"diagnose", "--nat", "2121", "h:2121"}, "--nat takes PUBLIC:SERVER ports"},
		{[]string{"diagnose", "--nat", "2121:21", "h"}, "the target's port is 21, not 2121"},
		{[]string{"demo", "no-such-scenario"}, "unknown scenario"},
		{[]string{"demo", "a", "b"}, "accepts at most 1 arg"},
		{[]string{"explain", "pasv.nope"}, "pasv."},
		{[]string{"nosuchcommand-or-host", "extra"}, "expected HOST[:PORT]"},
	}
	for _, tt := range tests {
		code, _, stderr := run(t, nil, tt.args...)
		if code != exitUnknown {
			t.Errorf("%v: exit %d, want %d (stderr %q)", tt.args, code, exitUnknown, stderr)
		}
		if !strings.Contains(stderr, tt.msg) {
			t.Errorf("%v: stderr %q lacks %q", tt.args, stderr, tt.msg)
		}
	}
}

func TestHelpAndExplainExitZero(t *testing.T) {
	for _, args := range [][]string{{}, {"--help"}, {"diagnose", "--help"}, {"explain"}, {"explain", "pasv.unroutable_address"}, {"demo", "--list"}, {"--version"}} {
		code, out, stderr := run(t, nil, args...)
		if code != exitOK || out == "" {
			t.Errorf("%v: exit %d, stdout %d bytes, stderr %q", args, code, len(out), stderr)
		}
	}
	_, out, _ := run(t, nil, "explain", "pasv.unroutable_address")
	for _, s := range []string{"pasv_address=<public-address>", "MasqueradeAddress", "ForcePassiveIP"} {
		if !strings.Contains(out, s) {
			t.Errorf("explain lacks %q", s)
		}
	}
	_, out, _ = run(t, nil, "demo", "--list")
	for _, sc := range fixtures.Scenarios() {
		if !strings.Contains(out, sc.Name) {
			t.Errorf("demo --list lacks %s", sc.Name)
		}
	}
}

// Every scenario through the real CLI: the JSON validates against the
// published schema, and the exit code is the verdict's.
func TestDemoEveryScenarioJSON(t *testing.T) {
	schema := filepath.Join("..", "..", "docs", "report.schema.json")
	wantCode := map[string]int{"ok": 0, "warning": 1, "critical": 2, "unknown": 3}
	for _, sc := range fixtures.Scenarios() {
		t.Run(sc.Name, func(t *testing.T) {
			t.Parallel()
			code, out, stderr := run(t, nil, "demo", sc.Name, "--json")
			if err := reporttest.ValidateJSON([]byte(out), schema); err != nil {
				t.Fatalf("report does not validate: %v\n%s", err, out)
			}
			var rep struct {
				Verdict   string `json:"verdict"`
				Simulated bool   `json:"simulated"`
			}
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatal(err)
			}
			if code != wantCode[rep.Verdict] {
				t.Errorf("exit %d for verdict %s (stderr %q)", code, rep.Verdict, stderr)
			}
			if !rep.Simulated {
				t.Error("demo report not marked simulated")
			}
		})
	}
}

type jsonReport struct {
	Verdict string `json:"verdict"`
	Server  struct {
		Software string `json:"software"`
	} `json:"server"`
	Passive struct {
		PASV []struct {
			Port int `json:"port"`
		} `json:"pasv"`
		EPSV []struct {
			Port int `json:"port"`
		} `json:"epsv"`
	} `json:"passive"`
	Findings []struct {
		ID          string `json:"id"`
		Severity    string `json:"severity"`
		Remediation []struct {
			AppliesTo string `json:"applies_to"`
			Config    string `json:"config"`
		} `json:"remediation"`
	} `json:"findings"`
}

// The default demo: the fix for the detected software comes first and is
// filled with the public address and the observed range.
func TestDemoDefaultRemediation(t *testing.T) {
	code, out, _ := run(t, nil, "demo", "--json")
	if code != exitCritical {
		t.Fatalf("exit %d", code)
	}
	var rep jsonReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var ports []int
	for _, p := range rep.Passive.PASV {
		ports = append(ports, p.Port)
	}
	for _, p := range rep.Passive.EPSV {
		ports = append(ports, p.Port)
	}
	lo, hi := slices.Min(ports), slices.Max(ports)
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.ID)
	}
	if want := []string{"pasv.unroutable_address", "data.port_filtered", "passive.port_range"}; !slices.Equal(ids, want) {
		t.Fatalf("findings %v, want %v", ids, want)
	}
	// The filtered data ports are the network's doing: forwarding leads.
	if got := rep.Findings[1].Remediation[0].AppliesTo; got != "port-forwarding" {
		t.Errorf("first fix for data.port_filtered: %s, want port-forwarding", got)
	}
	f := rep.Findings[0]
	if f.Remediation[0].AppliesTo != "vsftpd" || rep.Server.Software != "vsftpd" {
		t.Fatalf("first fix for %s, software %s", f.Remediation[0].AppliesTo, rep.Server.Software)
	}
	wantCfg := fmt.Sprintf("pasv_enable=YES\npasv_address=203.0.113.10\npasv_min_port=%d\npasv_max_port=%d\n"+
		"# in a container, the image's variables instead (then recreate the container):\n"+
		"#   fauria/vsftpd: -e PASV_ADDRESS=203.0.113.10 -e PASV_MIN_PORT=%d -e PASV_MAX_PORT=%d\n"+
		"#   delfer/alpine-ftp-server: -e ADDRESS=203.0.113.10 -e MIN_PORT=%d -e MAX_PORT=%d\n"+
		"#   garethflowers/ftp-server: -e PUBLIC_IP=203.0.113.10 (passive ports fixed at 40000-40009)\n"+
		"#   and publish the range on the same numbers: -p %d-%d:%d-%d", lo, hi, lo, hi, lo, hi, lo, hi, lo, hi)
	if f.Remediation[0].Config != wantCfg {
		t.Errorf("vsftpd fix = %q, want %q", f.Remediation[0].Config, wantCfg)
	}
	byTarget := map[string]string{}
	for _, r := range f.Remediation {
		byTarget[r.AppliesTo] = r.Config
	}
	for target, want := range map[string]string{
		"proftpd":   fmt.Sprintf("MasqueradeAddress 203.0.113.10\nPassivePorts %d %d", lo, hi),
		"pure-ftpd": fmt.Sprintf("ForcePassiveIP 203.0.113.10\nPassivePortRange %d %d", lo, hi),
		"nftables":  fmt.Sprintf("%d-%d", lo, hi),
		"mikrotik":  fmt.Sprintf("dst-port=%d-%d action=dst-nat to-addresses=10.0.0.5", lo, hi),
	} {
		if !strings.Contains(byTarget[target], want) {
			t.Errorf("%s fix %q lacks %q", target, byTarget[target], want)
		}
	}
}

func TestDemoText(t *testing.T) {
	code, out, _ := run(t, map[string]string{"NO_COLOR": "1"}, "demo", "pure-ftpd-private")
	if code != exitCritical {
		t.Fatalf("exit %d", code)
	}
	first, _, _ := strings.Cut(out, "\n")
	if !strings.HasPrefix(first, "CRITICAL") || !strings.Contains(out, "SIMULATION") {
		t.Errorf("first line %q; want the verdict first and a simulation banner", first)
	}
	for _, s := range []string{"ForcePassiveIP 203.0.113.10", "Fix for Pure-FTPd (detected)", "\x1b["} {
		if has := strings.Contains(out, s); has != (s != "\x1b[") {
			t.Errorf("text output contains %q: %v", s, has)
		}
	}
}

// A real diagnosis over loopback: a closed port is control.unreachable
// (exit 2); a live fake server with a password never shows the password.
func TestDiagnoseLoopback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	code, out, _ := run(t, nil, "diagnose", "--json", "--timeout", "5s", closed)
	if code != exitCritical || !strings.Contains(out, `"control.unreachable"`) {
		t.Errorf("closed port: exit %d\n%s", code, out)
	}

	const secret = "s3cret-Pa55"
	srv, err := fakeftp.Start(fakeftp.Scenario{Users: map[string]string{"alice": secret}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		env  map[string]string
		args []string
	}{
		{map[string]string{"FTPNAT_PASSWORD": secret}, []string{"diagnose", "--json", "--user", "alice", srv.Addr().String()}},
		{nil, []string{"diagnose", "--format", "text", "--user", "alice", "--password-file", pwFile, srv.Addr().String()}},
	} {
		code, out, stderr := run(t, c.env, c.args...)
		if code != exitOK && code != exitWarning {
			t.Errorf("%v: exit %d\n%s%s", c.args, code, out, stderr)
		}
		if strings.Contains(out+stderr, secret) {
			t.Errorf("%v: password printed", c.args)
		}
		if !strings.Contains(out, "alice") {
			t.Errorf("%v: user not reported", c.args)
		}
	}
	for _, cmd := range srv.Commands() {
		if strings.HasPrefix(cmd, "PASS") && cmd != "PASS ****" {
			t.Errorf("fake server log %q", cmd)
		}
	}
	// A wrong password is login.failed, exit 2.
	code, out, _ = run(t, map[string]string{"FTPNAT_PASSWORD": "wrong"}, "diagnose", "--json", "--user", "alice", srv.Addr().String())
	if code != exitCritical || !strings.Contains(out, `"login.failed"`) {
		t.Errorf("wrong password: exit %d", code)
	}
}
