package web

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/monitor/remote"
	"github.com/ftpnat/ftpnat/probe"
)

var (
	//go:embed page.html
	pageHTML string
	//go:embed page.css
	pageCSS string
	//go:embed page.js
	pageJS string
)

// Options configure the web page.
type Options struct {
	// API runs the diagnoses, with its token, bounds and allowlist; its
	// Reports must be Reports.
	API     *remote.Server
	Reports *Reports
	Version string
	// MaxTimeout is the API's longest diagnosis, for the page to say how
	// long a form posted without scripts may wait.
	MaxTimeout time.Duration
}

// Page serves the form at /, the reports at /r/ID.
type Page struct {
	o    Options
	page []byte
	csp  string
}

// New renders the form once: it holds nothing that changes per request,
// and never the token.
func New(o Options) (*Page, error) {
	if o.API == nil || o.Reports == nil {
		return nil, errors.New("web: the page needs the diagnosis API and a report store")
	}
	t, err := template.New("page").Parse(pageHTML)
	if err != nil {
		return nil, fmt.Errorf("web: parse the page: %w", err)
	}
	var b bytes.Buffer
	err = t.Execute(&b, map[string]any{
		"CSS": template.CSS(pageCSS), "JS": template.JS(pageJS), // the package's own files
		"API": strings.TrimPrefix(remote.Path, "/"), "Version": o.Version,
		"TTL": words(o.Reports.store.TTL()), "Timeout": words(o.MaxTimeout),
	})
	if err != nil {
		return nil, fmt.Errorf("web: render the page: %w", err)
	}
	csp := "default-src 'none'; script-src " + hashSource(pageJS) + "; style-src " + hashSource(pageCSS) +
		"; connect-src 'self'; img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	return &Page{o: o, page: b.Bytes(), csp: csp}, nil
}

// Register adds the page's routes to mux: the form, its post (for
// browsers without scripts), the kept reports.
func (p *Page) Register(mux *http.ServeMux) {
	mux.HandleFunc("GET /{$}", p.index)
	mux.HandleFunc("POST /{$}", p.post)
	mux.HandleFunc("GET /"+reportPrefix+"{id}", p.report)
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
}

// words says a duration as people do: "15 minutes", "1 hour", "90s".
func words(d time.Duration) string {
	unit := func(n time.Duration, one string) string {
		if n == 1 {
			return "1 " + one
		}
		return fmt.Sprintf("%d %ss", n, one)
	}
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return unit(d/time.Hour, "hour")
	case d >= time.Minute && d%time.Minute == 0:
		return unit(d/time.Minute, "minute")
	case d >= time.Second && d%time.Second == 0:
		return unit(d/time.Second, "second")
	}
	return d.String()
}

// hashSource is the CSP source that allows exactly one inline element.
func hashSource(body string) string {
	sum := sha256.Sum256([]byte(body))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// secure sets the headers every answer of the page carries: its CSP, and
// no caching, framing, sniffing or referrer (a report's link is all it
// takes to read it, so it must not leak to another site).
func secure(w http.ResponseWriter, csp string) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
}

func (p *Page) index(w http.ResponseWriter, _ *http.Request) {
	secure(w, p.csp)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(p.page)
}

// post is the form sent by a browser without scripts: the diagnosis runs
// to its end, then the browser is sent to the kept report. Refusals are
// the API's, in plain text.
func (p *Page) post(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, remote.MaxRequestBytes)
	if err := r.ParseForm(); err != nil {
		secure(w, plainCSP)
		code := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			code = http.StatusRequestEntityTooLarge
		}
		http.Error(w, "the form could not be read: "+err.Error(), code)
		return
	}
	f := r.PostForm
	req := remote.Request{Target: strings.TrimSpace(f.Get("target")), User: strings.TrimSpace(f.Get("user")),
		Password: f.Get("password"), TLS: probe.TLSMode(f.Get("tls")), Report: true}
	secure(w, plainCSP)
	p.o.API.Run(w, r, strings.TrimSpace(f.Get("token")), req, func(_ *probe.Result, link string) {
		http.Redirect(w, r, link, http.StatusSeeOther)
	})
}

// plainCSP is the policy of answers that are not pages: nothing loads.
const plainCSP = "default-src 'none'; frame-ancestors 'none'"

func (p *Page) report(w http.ResponseWriter, r *http.Request) {
	page, ok := p.o.Reports.store.Get(r.PathValue("id"))
	if !ok {
		secure(w, plainCSP)
		http.Error(w, fmt.Sprintf("No such report: it expired (reports are kept for %s) or never existed. Run the diagnosis again from the form.",
			words(p.o.Reports.store.TTL())), http.StatusNotFound)
		return
	}
	secure(w, ReportCSP(page))
	w.Header().Set("X-Robots-Tag", "noindex")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(page)
}

// ReportCSP is the policy of a self-contained report: nothing loads from
// anywhere, inline styles and data: images are allowed, and of scripts
// only the report's own inline ones, by their hashes. The renderer
// escapes every text it writes, so each <script> element in page is the
// template's own.
func ReportCSP(page []byte) string {
	scripts := "'none'"
	if hs := inlineScriptHashes(page); len(hs) > 0 {
		scripts = strings.Join(hs, " ")
	}
	return "default-src 'none'; script-src " + scripts +
		"; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
}

// inlineScriptHashes are the hash sources of page's inline scripts.
func inlineScriptHashes(page []byte) []string {
	var out []string
	rest := page
	for range 64 { // a report has one or two scripts
		i := bytes.Index(rest, []byte("<script"))
		if i < 0 {
			break
		}
		rest = rest[i+len("<script"):]
		end := bytes.IndexByte(rest, '>')
		if end < 0 {
			break
		}
		attrs := rest[:end]
		rest = rest[end+1:]
		stop := bytes.Index(rest, []byte("</script>"))
		if stop < 0 {
			break
		}
		if !bytes.Contains(attrs, []byte("src=")) {
			out = append(out, hashSource(string(rest[:stop])))
		}
		rest = rest[stop:]
	}
	return out
}
