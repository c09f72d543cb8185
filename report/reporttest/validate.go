// Package reporttest holds helpers for tests of ftpnat's reports: a JSON
// Schema validator for the schema-v1 report and realistic sample Results.
// Only tests import it, which keeps the schema validator out of the binary.
package reporttest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaPath is the absolute path of docs/report.schema.json in this module.
func SchemaPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "docs", "report.schema.json")
}

// ValidateJSON validates a JSON document against the schema at schemaPath
// (JSON Schema draft 2020-12; "format" keywords are asserted).
func ValidateJSON(doc []byte, schemaPath string) error {
	sch, err := compile(schemaPath)
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("report is not JSON: %w", err)
	}
	return sch.Validate(inst)
}

func compile(schemaPath string) (*jsonschema.Schema, error) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	abs, err := filepath.Abs(schemaPath)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(abs, doc); err != nil {
		return nil, err
	}
	return c.Compile(abs)
}
