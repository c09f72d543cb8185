package report

import (
	"encoding/json"
	"os"
	"slices"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// The schema's software_source enum is every fingerprint source, then ""
// for other and unknown.
func TestSchemaSoftwareSourceEnum(t *testing.T) {
	b, err := os.ReadFile(reporttest.SchemaPath())
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties struct {
			Server struct {
				Properties struct {
					SoftwareSource struct {
						Enum []string `json:"enum"`
					} `json:"software_source"`
				} `json:"properties"`
			} `json:"server"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(b, &schema); err != nil {
		t.Fatal(err)
	}
	got := schema.Properties.Server.Properties.SoftwareSource.Enum
	if want := append(probe.FingerprintSources(), ""); !slices.Equal(got, want) {
		t.Errorf("schema software_source enum = %q\nwant %q", got, want)
	}
}
