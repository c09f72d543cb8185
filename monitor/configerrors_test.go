package monitor

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// A configuration with several mistakes gets all of them in one answer,
// each with its line, the setting's path, what it takes and what it got.
func TestParseConfigReportsAllErrorsInUserTerms(t *testing.T) {
	const cfg = `allowed_targets: ftp.example.com
modules:
  default:
    timeout: 20
    samples: four
    active: maybe
    timout: 5s
  second:
    tls: "off"
    cert_days: -1
  third:
    user: u
    password: x
    password_file: pw
sample: 1
`
	_, err := ParseConfig([]byte(cfg), "")
	var ce ConfigErrors
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T), want ConfigErrors", err, err)
	}
	want := []string{
		`line 1: allowed_targets: expected a list of strings, such as [ftp.example.com, "*.example.net"], got "ftp.example.com"`,
		`line 4: modules.default.timeout: expected a duration such as 20s or 1m30s, got "20"`,
		`line 5: modules.default.samples: expected a whole number, got "four"`,
		`line 6: modules.default.active: expected true or false, got "maybe"`,
		`line 7: field timout not found in module "default": the known fields are timeout, tls, user, password,`,
		`line 15: field sample not found in the top level: the known fields are allowed_targets, modules, api`,
	}
	if len(ce) != len(want) {
		t.Errorf("%d errors, want %d:\n%v", len(ce), len(want), err)
	}
	for i, w := range want {
		if i >= len(ce) || !strings.HasPrefix(ce[i], w) {
			t.Errorf("error %d:\n got %q\nwant %q", i, ce[i:min(i+1, len(ce))], w)
		}
	}
	if !strings.HasPrefix(err.Error(), "6 errors:\n  line 1: ") {
		t.Errorf("message: %q", err.Error())
	}

	// With the types right, the checks of every module still come together.
	_, err = ParseConfig([]byte(`allowed_targets: [ftp.example.com]
modules:
  default: {}
  second:
    cert_days: -1
  third:
    user: u
    password: x
    password_file: pw
`), "")
	if !errors.As(err, &ce) || len(ce) != 2 ||
		ce[0] != `line 4: module "second": cert_days must be 0 (never) or more` ||
		ce[1] != `line 6: module "third": password and password_file are exclusive` {
		t.Errorf("module checks: %v", err)
	}
	// Type errors and the checks of the modules without one come together,
	// in the order of the file; a module with a type error is not checked
	// twice.
	_, err = ParseConfig([]byte(`allowed_targets: [ftp.example.com]
modules:
  default:
    timeout: 20
    cert_days: -1
  second:
    cert_days: -1
  third: {tls: maybe}
`), "")
	if !errors.As(err, &ce) || len(ce) != 3 ||
		ce[0] != `line 4: modules.default.timeout: expected a duration such as 20s or 1m30s, got "20"` ||
		ce[1] != `line 6: module "second": cert_days must be 0 (never) or more` ||
		!strings.HasPrefix(ce[2], `line 8: module "third": tls must be`) {
		t.Errorf("type and module errors together: %v", err)
	}
	if _, err := ParseConfig([]byte("modules:\n  m: {tls: [\n"), ""); err == nil || !strings.Contains(err.Error(), "line ") || strings.Contains(err.Error(), "yaml: ") {
		t.Errorf("syntax error: %v", err)
	}
	var many strings.Builder
	many.WriteString("allowed_targets: [h]\nmodules:\n  m:\n")
	for i := range 25 {
		fmt.Fprintf(&many, "    bogus%d: 1\n", i)
	}
	if _, err := ParseConfig([]byte(many.String()), ""); !errors.As(err, &ce) || len(ce) != maxConfigErrors+1 || ce[maxConfigErrors] != "(5 more errors not shown)" {
		t.Errorf("bounded list: %v", err)
	}
}
