package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestVantageInTextAndJSON(t *testing.T) {
	res := reporttest.Healthy()
	if VantageLabel(res) != "" || strings.Contains(renderText(t, res, TextOptions{}), "VANTAGE") {
		t.Error("a local run names a vantage")
	}
	res.Facts.Vantage.Remote = "probe.example.net\x1b[31m"
	lines := strings.Split(renderText(t, res, TextOptions{}), "\n")
	if want := "VANTAGE  from remote probe probe.example.net\\x1b[31m: what that host sees, not this one"; lines[1] != want {
		t.Errorf("second line %q, want %q", lines[1], want)
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, res, Tool{Name: "ftpnat", Version: "test"}); err != nil {
		t.Fatal(err)
	}
	if err := reporttest.ValidateJSON(b.Bytes(), reporttest.SchemaPath()); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Vantage *Vantage `json:"vantage"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || doc.Vantage == nil || doc.Vantage.Remote != `probe.example.net\x1b[31m` {
		t.Errorf("vantage %+v (%v)", doc.Vantage, err)
	}
}
