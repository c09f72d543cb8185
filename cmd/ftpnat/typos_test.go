package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A mistyped command must not become a DNS lookup that ends CRITICAL.
func TestTyposAreNotHosts(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"dmeo"}, "did you mean demo?"},
		{[]string{"version"}, "did you mean ftpnat --version?"},
		{[]string{"diagnos", "ftp.example.com"}, "did you mean diagnose?"},
		{[]string{"chek", "ftp.example.com"}, "did you mean check?"},
		{[]string{"explian"}, "did you mean explain?"},
		{[]string{"--", "-x"}, `"-x" is not a host name`},
		{[]string{"diagnose", "--", "-x"}, `"-x" is not a host name`},
	}
	for _, tt := range tests {
		code, stdout, stderr := run(t, nil, tt.args...)
		if code != exitUnknown || !strings.Contains(stderr, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit 3 and %q", tt.args, code, stderr, tt.want)
		}
		if stdout != "" || strings.Contains(stderr, "lookup") {
			t.Errorf("%v: tried to diagnose: stdout %q stderr %q", tt.args, stdout, stderr)
		}
	}
}

// Real host names still reach the diagnosis: names with a dot, IP
// addresses, words far from every command, and any name after diagnose.
func TestBareTargetErrorLetsHostsThrough(t *testing.T) {
	root := newRootCmd(&env{})
	for _, host := range []string{"demo.example.com", "dmeo.lan", "192.0.2.1", "2001:db8::1", "fileserver", "nas:2121"} {
		if err := bareTargetError(root, host); err != nil {
			t.Errorf("%s: %v", host, err)
		}
	}
	for _, word := range []string{"dmeo", "Version", "diagnos", "bach", "serv", "wach"} {
		if err := bareTargetError(root, word); err == nil {
			t.Errorf("%s: taken as a host", word)
		}
	}
}

func TestBadPortErrorSaysNothingOfCredentials(t *testing.T) {
	code, _, stderr := run(t, nil, "diagnose", "ftp.example.com:99999")
	if code != exitUnknown || !strings.Contains(stderr, `bad port "99999"`) || strings.Contains(stderr, "credentials") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	_, _, stderr = run(t, nil, "diagnose", "ftp://alice:pw@ftp.example.com/")
	if !strings.Contains(stderr, "credentials go in --user") {
		t.Errorf("credentials in the target: stderr %q", stderr)
	}
}

// A batch file saved by a Windows editor starts with a UTF-8 BOM, which
// must not become part of the first host name.
func TestBatchFileBOMStripped(t *testing.T) {
	path := filepath.Join(t.TempDir(), "servers.txt")
	if err := os.WriteFile(path, []byte("\xef\xbb\xbfftp.example.com:2121 tls=off\nother.example.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	targets, err := readBatchFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(targets) != 2 || targets[0].Host != "ftp.example.com" || targets[0].Port != 2121 {
		t.Fatalf("targets %+v", targets)
	}
}
