package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Quoted netrc tokens are unquoted as ftp's parser does: quotes hold
// spaces, a backslash takes the next character literally.
func TestParseNetrcQuotedTokens(t *testing.T) {
	const netrc = `machine ftp.example.com login "alice smith" password "pa ss\"word"
machine other.example.com
	login bob
	password back\\slash\ and\ space
macdef init
cd "/pub dir"

machine third.example.com login carol password ""
`
	tests := []struct {
		host string
		want netrcEntry
	}{
		{"ftp.example.com", netrcEntry{"alice smith", `pa ss"word`}},
		{"other.example.com", netrcEntry{"bob", `back\slash and space`}},
		{"third.example.com", netrcEntry{"carol", ""}},
	}
	for _, tt := range tests {
		got, ok := parseNetrc(netrc, tt.host)
		if !ok || got != tt.want {
			t.Errorf("parseNetrc(%q) = %+v, %v; want %+v", tt.host, got, ok, tt.want)
		}
	}
}

// --password-file, named on the command line, beats $FTPNAT_PASSWORD
// inherited from the environment, with a note that says so.
func TestPasswordFileBeatsEnvironment(t *testing.T) {
	const fromFile, fromEnv = "file-s3cret", "env-s3cret"
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte(fromFile+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	vars := map[string]string{"FTPNAT_PASSWORD": fromEnv}
	e := &env{stderr: &stderr, getenv: func(k string) string { return vars[k] }}
	user, pw, err := credentials(e, "ftp.example.com", "alice", pwFile)
	if err != nil || user != "alice" || pw != fromFile {
		t.Fatalf("credentials = %q, %q, %v; want alice and the file's password", user, pw, err)
	}
	note := stderr.String()
	if !strings.Contains(note, "--password-file") || !strings.Contains(note, "$FTPNAT_PASSWORD") ||
		strings.Contains(note, fromFile) || strings.Contains(note, fromEnv) {
		t.Errorf("note %q", note)
	}

	stderr.Reset()
	if _, pw, err := credentials(e, "ftp.example.com", "alice", ""); err != nil || pw != fromEnv {
		t.Errorf("environment alone: %q, %v", pw, err)
	}
	if stderr.Len() != 0 {
		t.Errorf("note without a password file: %q", stderr.String())
	}
}
