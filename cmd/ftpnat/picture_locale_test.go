package main

import (
	"strings"
	"testing"
)

// The text report's topology is box-drawn in a UTF-8 locale and ASCII
// otherwise; the rest of the report does not change with the locale.
func TestTextTopologyFollowsLocale(t *testing.T) {
	for _, c := range []struct {
		env       map[string]string
		box, none string
	}{
		{map[string]string{"NO_COLOR": "1", "LANG": "en_US.UTF-8"}, "┌───", "+---"},
		{map[string]string{"NO_COLOR": "1", "LANG": "en_US.UTF-8", "LC_ALL": "C"}, "+---", "┌"},
		{map[string]string{"NO_COLOR": "1"}, "+---", "┌"},
	} {
		code, out, stderr := run(t, c.env, "demo", "healthy", "--format", "text")
		if code != exitOK {
			t.Fatalf("%v: exit %d, stderr %q", c.env, code, stderr)
		}
		i := strings.Index(out, "\nTopology\n")
		j := strings.Index(out, "\nFindings")
		if i < 0 || j < i {
			t.Fatalf("%v: no Topology section:\n%s", c.env, out)
		}
		if s := out[i:j]; !strings.Contains(s, c.box) || strings.Contains(s, c.none) {
			t.Errorf("%v: topology has no %q or has %q:\n%s", c.env, c.box, c.none, s)
		}
		if !strings.Contains(out, "Server    vsftpd") || !strings.Contains(out, " | ") {
			t.Errorf("%v: the report's own marks changed:\n%s", c.env, out)
		}
	}
}
