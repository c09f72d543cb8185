package report

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

func TestReadReportsLines(t *testing.T) {
	in := `{"schema_version":1,"target":{"host":"a.example.com","port":21},"verdict":"ok","findings":[]}
{"schema_version":1,"target":{"host":"b.example.com","port":2121},"verdict":"critical","findings":[{"id":"data.port_filtered","severity":"critical","summary":"ports filtered","remediation":[{"applies_to":"vsftpd","text":"Forward 30000-30009.","config":"pasv_min_port=30000"}]}],"server":{"software":"vsftpd"}}
`
	reps, err := ReadReports(strings.NewReader(in))
	if err != nil || len(reps) != 2 {
		t.Fatalf("ReadReports = %d reports, %v", len(reps), err)
	}
	var b bytes.Buffer
	if err := WriteExplainReport(&b, "data.port_filtered", reps, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Seen on b.example.com:2121\n", "  vsftpd (detected)\n    Forward 30000-30009.\n      pasv_min_port=30000\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("lacks %q\n---\n%s", want, b.String())
		}
	}
	var notIn *NotInReportError
	if err := WriteExplainReport(&b, "tls.not_offered", reps, TextOptions{}); !errors.As(err, &notIn) || notIn.Found[0] != "data.port_filtered" {
		t.Errorf("absent finding: %v", err)
	}
	var unknown *UnknownFindingError
	if err := WriteExplainReport(&b, "data.port_filterd", reps, TextOptions{}); !errors.As(err, &unknown) {
		t.Errorf("unknown ID: %v", err)
	}
	for _, bad := range []string{"", "{}", "[1,2]", "not json"} {
		if _, err := ReadReports(strings.NewReader(bad)); err == nil {
			t.Errorf("ReadReports(%q) succeeded", bad)
		}
	}
}
