package main

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/report/reporttest"
)

// labCapture names a capture recorded in the lab (fixtures/lab/cmd/captures).
func labCapture(name string) string {
	return filepath.Join("..", "..", "probe", "capture", "testdata", "lab", name+".pcap")
}

// TestPcapBothSides: given the captures of both sides of the lab's router
// with its kernel FTP helper, in either order, ftpnat pcap reports the
// rewritten 227 with the address before and after, the NAT mapping and the
// dropped TLS data connections, in a report that matches the schema.
func TestPcapBothSides(t *testing.T) {
	for _, files := range [][]string{
		{labCapture("alg-client"), labCapture("alg-server")},
		{labCapture("alg-server"), labCapture("alg-client")},
	} {
		code, out, errs := run(t, nil, append([]string{"pcap", "--json"}, files...)...)
		if code != 2 {
			t.Fatalf("exit %d, stderr %s", code, errs)
		}
		if err := reporttest.ValidateJSON([]byte(out), filepath.Join("..", "..", "docs", "report.schema.json")); err != nil {
			t.Errorf("report does not match the schema: %v", err)
		}
		var rep struct {
			Findings []struct {
				ID       string   `json:"id"`
				Evidence []string `json:"evidence"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		var ids []string
		evidence := map[string]string{}
		for _, f := range rep.Findings {
			ids = append(ids, f.ID)
			evidence[f.ID] = strings.Join(f.Evidence, "\n")
		}
		for _, id := range []string{"alg.pasv_rewritten", "alg.data_ports_need_inspection", "middlebox.dropped_between", "middlebox.nat_mapping"} {
			if !slices.Contains(ids, id) {
				t.Errorf("%v lacks %s", ids, id)
			}
		}
		if ev := evidence["alg.pasv_rewritten"]; !strings.Contains(ev, "(10,0,0,5,") || !strings.Contains(ev, "(203,0,113,1,") {
			t.Errorf("rewrite evidence:\n%s", ev)
		}
		if ev := evidence["middlebox.nat_mapping"]; !strings.Contains(ev, "→ 203.0.113.1:21  =  server's side") || !strings.Contains(ev, "→ 10.0.0.5:21") {
			t.Errorf("mapping evidence:\n%s", ev)
		}
		if strings.Contains(out, "was read too but not compared") {
			t.Error("the second capture was not compared")
		}
	}
	// The text report says which capture is which side.
	_, out, _ := run(t, nil, "pcap", "--format", "text", "--color", "never", labCapture("alg-server"), labCapture("alg-client"))
	words := strings.Join(strings.Fields(out), " ")
	if !strings.Contains(words, "alg-client.pcap on the client's side, ") || !strings.Contains(words, "alg-server.pcap on the server's side") {
		t.Errorf("text report:\n%s", out)
	}
}
