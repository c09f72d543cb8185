package browser

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// The page's requests, console errors, DOM and layout reach the test.
func TestBrowserRecordsPage(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			fmt.Fprint(w, `<!DOCTYPE html><title>t</title><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><p id="p" style="width:2000px">wide</p>`+
				`<script>console.error("boom"); fetch("/data").then(r => r.text()).then(t => document.title = t)</script>`)
		case "/data":
			fmt.Fprint(w, "fetched")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b := ForTest(t)
	p, err := b.NewPage(ctx)
	if err != nil {
		t.Fatal(err, b.Stderr())
	}
	if err := p.SetViewport(ctx, 390, 844, true); err != nil {
		t.Fatal(err)
	}
	if err := p.Navigate(ctx, srv.URL+"/"); err != nil {
		t.Fatal(err)
	}
	if err := p.WaitFor(ctx, `document.title === "fetched"`); err != nil {
		t.Fatal(err)
	}
	var width struct{ Scroll, Inner int }
	if err := p.Eval(ctx, `({Scroll: document.documentElement.scrollWidth, Inner: document.documentElement.clientWidth})`, &width); err != nil {
		t.Fatal(err)
	}
	if width.Inner != 390 || width.Scroll <= width.Inner {
		t.Errorf("widths %+v: want a 390 px window and a page wider than it", width)
	}
	if reqs := strings.Join(p.Requests(), " "); !strings.Contains(reqs, srv.URL+"/data") {
		t.Errorf("requests %q lack /data", reqs)
	}
	if errs := strings.Join(p.Errors(), "\n"); !strings.Contains(errs, "boom") {
		t.Errorf("console errors %q lack boom", errs)
	}
	png, err := p.Screenshot(ctx, false)
	if err != nil || len(png) < 8 || string(png[1:4]) != "PNG" {
		t.Errorf("screenshot: %d bytes, %v", len(png), err)
	}
}
