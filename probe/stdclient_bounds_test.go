package probe_test

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/fixtures"
	"github.com/ftpnat/ftpnat/fixtures/fakeftp"
	"github.com/ftpnat/ftpnat/probe"
)

// The standard client reads no more than the probe's own bounds, in
// plaintext and under TLS: an endless listing is cut short (and the
// client still counts as working), an endless reply fails it at once.
func TestStdClientReadBounds(t *testing.T) {
	listing := fakeftp.EndlessListing(256 << 20)
	continuation := func(s *fakeftp.Session, _ string) {
		writeFor(s, []byte(strings.Repeat("150-please wait\r\n", 256)), 256<<20)
	}
	limits := probe.Limits{LineBytes: 1024, ReplyLines: 64, ListingBytes: 64 << 10}
	tests := []struct {
		name     string
		tls      probe.TLSMode
		handlers map[string]func(*fakeftp.Session, string)
		ok       bool
		detail   string
	}{
		{"endless listing", probe.TLSOff, map[string]func(*fakeftp.Session, string){"LIST": listing}, true, "listing longer than 65536 bytes: stopped reading"},
		{"endless protected listing", probe.TLSExplicit, map[string]func(*fakeftp.Session, string){"LIST": listing}, true, "listing longer than 65536 bytes: stopped reading"},
		{"endless 150- continuation", probe.TLSOff, map[string]func(*fakeftp.Session, string){"LIST": continuation}, false, "list: control reply longer than 65536 bytes: stopped reading"},
		{"endless protected 150- continuation", probe.TLSExplicit, map[string]func(*fakeftp.Session, string){"LIST": continuation}, false, "list: control reply longer than 65536 bytes: stopped reading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, _ := fixtures.Lookup("healthy")
			sc.Server.Handlers = tt.handlers
			env, err := fixtures.Start(context.Background(), sc)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(env.Close)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			const timeout = 8 * time.Second
			start := time.Now()
			res := probe.Run(context.Background(), probe.Options{Host: env.Host, Port: env.Port, Dialer: env.Dialer,
				Resolver: env.Resolver, RootCAs: env.RootCAs, TLS: tt.tls, Timeout: timeout, StepTimeout: time.Second,
				DataTimeout: 300 * time.Millisecond, Limits: limits})
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			if elapsed > timeout+time.Second {
				t.Errorf("took %s, overall timeout %s", elapsed, timeout)
			}
			if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 16<<20 {
				t.Errorf("heap grew by %d MB", grew>>20)
			}
			sc2 := res.RefPath().StdClient
			if sc2 == nil || !sc2.Ran {
				t.Fatalf("standard client did not run: %+v", sc2)
			}
			if sc2.OK != tt.ok || sc2.Error != tt.detail && !strings.HasPrefix(sc2.Error, tt.detail) {
				t.Errorf("standard client ok=%v %q, want ok=%v %q", sc2.OK, sc2.Error, tt.ok, tt.detail)
			}
			if tt.ok && sc2.Entries == 0 {
				t.Errorf("no entries from a cut-short listing")
			}
			for _, c := range res.Checks {
				if c.Name == probe.StepStdClient && !strings.Contains(c.Detail, tt.detail) {
					t.Errorf("check detail %q lacks %q", c.Detail, tt.detail)
				}
			}
		})
	}
}
