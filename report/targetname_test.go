package report

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

// Every program has a display name, and it is what the report shows.
func TestSoftwareLabelUsesProgramNames(t *testing.T) {
	for _, p := range probe.Programs() {
		if p.Name == "" {
			t.Errorf("%s: no display name", p.Slug)
		}
		if got := softwareLabel(probe.Software{Name: p.Slug, Version: "1.2"}); got != p.Name+" 1.2" {
			t.Errorf("%s: label %q", p.Slug, got)
		}
		if got := TargetName(p.Slug); got != p.Name {
			t.Errorf("%s: fix target named %q", p.Slug, got)
		}
	}
	if got := softwareLabel(probe.Software{Name: probe.SoftwareIIS}); got != "Microsoft IIS FTP" {
		t.Errorf("iis label %q", got)
	}
	for _, slug := range NetworkTargets() {
		if TargetName(slug) == "" {
			t.Errorf("%s: no name", slug)
		}
	}
}
