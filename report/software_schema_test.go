package report

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// The schema's software enum is the program list, in order.
func TestSchemaSoftwareEnumIsTheProgramList(t *testing.T) {
	b, err := os.ReadFile(reporttest.SchemaPath())
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Defs map[string]struct {
			Enum []string `json:"enum"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatal(err)
	}
	got := schema.Defs["software"].Enum
	if want := probe.SoftwareNames(); !slices.Equal(got, want) {
		t.Errorf("schema software enum = %q\nwant (probe.Programs) %q", got, want)
	}
}

// Every program has a display name, and it is what the report shows.
func TestSoftwareLabelUsesProgramNames(t *testing.T) {
	for _, p := range probe.Programs() {
		if p.Name == "" || p.Name == p.Slug && p.Slug != "vsftpd" && p.Slug != "pyftpdlib" && p.Slug != "aioftp" {
			t.Errorf("%s: display name %q", p.Slug, p.Name)
		}
		if got := softwareLabel(probe.Software{Name: p.Slug, Version: "1.2"}); got != p.Name+" 1.2" {
			t.Errorf("%s: label %q", p.Slug, got)
		}
	}
	if got := softwareLabel(probe.Software{Name: probe.SoftwareIIS}); got != "Microsoft IIS FTP" {
		t.Errorf("iis label %q", got)
	}
}
