package report

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

func TestWriteExplain(t *testing.T) {
	var b bytes.Buffer
	if err := WriteExplain(&b, probe.FindingPASVUnroutable, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"pasv.unroutable_address - PASV announces an unroutable address\nSeverity: critical\n",
		"\nWhat it means\n  The server answered PASV with an address",
		"\nWhat to do\n  Make the server announce <public-address> in its PASV replies",
		"\n  vsftpd\n",
		"      pasv_address=<public-address>\n      pasv_min_port=<port-min>\n",
		"      MasqueradeAddress <public-address>\n",
		"      ForcePassiveIP <public-address>\n",
		"dnat to <server-lan-address>\n",
		"\n  cloud firewall\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("explain lacks %q\n---\n%s", want, out)
		}
	}
	// Explain lists every fix in the canonical order (the fixes of a
	// particular circumstance follow under a heading of their own).
	general, _, _ := strings.Cut(out, "\nFixes when ")
	var names []string
	for _, t := range Targets() {
		names = append(names, TargetName(t))
	}
	var slugs []string
	for _, l := range strings.Split(general, "\n") {
		if s := strings.TrimPrefix(l, "  "); len(l) > 2 && !strings.HasPrefix(s, " ") && slices.Contains(names, s) {
			slugs = append(slugs, Targets()[slices.Index(names, s)])
		}
	}
	// Every server and every device that forwards ports has a fix; load
	// balancers have none for an address problem.
	if want := append(ServerTargets(), ForwardingTargets()...); !slices.Equal(slugs, want) {
		t.Errorf("fix order %v, want %v", slugs, want)
	}
}

func TestWriteExplainSeverityNote(t *testing.T) {
	var b bytes.Buffer
	if err := WriteExplain(&b, probe.FindingTLSHandshakeFailed, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "Severity: warning (critical when TLS was required (--tls explicit or implicit))\n") {
		t.Errorf("severity note missing:\n%s", b.String())
	}
}

func TestWriteExplainIndex(t *testing.T) {
	var b bytes.Buffer
	if err := WriteExplain(&b, "", TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, e := range Catalog() {
		if !strings.Contains(b.String(), e.ID) {
			t.Errorf("index lacks %s", e.ID)
		}
	}
}

func TestWriteExplainUnknown(t *testing.T) {
	tests := []struct {
		id   string
		want []string
	}{
		{"pasv.unroutable", []string{"pasv.unroutable_address"}},
		{"tls.not_ofered", []string{"tls.not_offered"}},
		{"port_filtered", []string{"data.port_filtered"}},
		{"DATA.PORT_REFUSED", []string{"data.port_refused"}},
		{"zzz", nil},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		err := WriteExplain(&b, tt.id, TextOptions{})
		var unk *UnknownFindingError
		if !errors.As(err, &unk) {
			t.Fatalf("%s: error %v", tt.id, err)
		}
		if b.Len() != 0 {
			t.Errorf("%s: wrote output on error", tt.id)
		}
		if len(tt.want) == 0 && len(unk.Suggestions) != 0 {
			t.Errorf("%s: unexpected suggestions %v", tt.id, unk.Suggestions)
		}
		if len(tt.want) > 0 && (len(unk.Suggestions) == 0 || unk.Suggestions[0] != tt.want[0]) {
			t.Errorf("%s: suggestions %v, want first %v", tt.id, unk.Suggestions, tt.want)
		}
		if len(tt.want) > 0 && !strings.Contains(err.Error(), "did you mean "+tt.want[0]) {
			t.Errorf("%s: message %q", tt.id, err)
		}
	}
}
