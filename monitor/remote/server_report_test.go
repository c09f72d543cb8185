package remote

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/probe"
)

// keeper remembers what it was asked to keep.
type keeper struct {
	kept []*probe.Result
	err  error
}

func (k *keeper) Keep(res *probe.Result) (string, error) {
	k.kept = append(k.kept, res)
	return "r/abc", k.err
}

func reportRequest(host string) string {
	b, _ := json.Marshal(Request{Target: host, Report: true, Password: "kept-secret", User: "ftp",
		Timeout: Duration(5 * time.Second), DataTimeout: Duration(300 * time.Millisecond)})
	return string(b)
}

// A request may ask for its report to be kept: the result line then names
// its link, and the keeper sees the result without the password.
func TestServerKeepsReport(t *testing.T) {
	k := &keeper{}
	a := newAPITest(t, func(_ *monitor.API, o *ServerOptions) { o.Reports = k })
	resp := a.post(t, context.Background(), testToken, reportRequest(hostHealthy))
	defer resp.Body.Close()
	ls := lines(t, resp.Body)
	last := ls[len(ls)-1]
	if last.Result == nil || last.Report != "r/abc" {
		t.Fatalf("last line: result %v, report %q", last.Result != nil, last.Report)
	}
	if len(k.kept) != 1 {
		t.Fatalf("%d results kept", len(k.kept))
	}
	b, _ := json.Marshal(k.kept[0])
	if strings.Contains(string(b), "kept-secret") {
		t.Error("the kept result holds the password")
	}
}

// A server that keeps no reports refuses to promise one; a keeper that
// fails ends the stream with an error line.
func TestServerReportRefusals(t *testing.T) {
	a := newAPITest(t, nil)
	resp := a.post(t, context.Background(), testToken, reportRequest(hostHealthy))
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "keeps no reports") {
		t.Errorf("no keeper: %s %q", resp.Status, body)
	}
	k := &keeper{err: errors.New("store full")}
	a = newAPITest(t, func(_ *monitor.API, o *ServerOptions) { o.Reports = k })
	resp = a.post(t, context.Background(), testToken, reportRequest(hostHealthy))
	defer resp.Body.Close()
	ls := lines(t, resp.Body)
	if last := ls[len(ls)-1]; last.Result != nil || !strings.Contains(last.Error, "store full") {
		t.Errorf("failed keeper: last line %+v", last)
	}
}
