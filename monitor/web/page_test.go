package web

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/monitor/remote"
)

// inlineBody is the text between open and close in page.
func inlineBody(t *testing.T, page, open, close string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, open)
	body, _, ok2 := strings.Cut(rest, close)
	if !ok || !ok2 {
		t.Fatalf("no %s…%s in the page", open, close)
	}
	return body
}

func sha(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}

// The form holds no token, loads nothing from elsewhere, and its CSP
// allows exactly its own inline script and style.
func TestPageForm(t *testing.T) {
	p := newPageTest(t)
	resp, page := p.do(t, http.MethodGet, "/", "", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %s %s", resp.Status, resp.Header.Get("Content-Type"))
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'",
		"script-src " + sha(inlineBody(t, page, "<script>", "</script>")),
		"style-src " + sha(inlineBody(t, page, "<style>", "</style>"))} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	for h, want := range map[string]string{"Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff",
		"Cache-Control": "no-store", "X-Frame-Options": "DENY"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s: %q, want %q", h, got, want)
		}
	}
	for _, field := range []string{`name="target"`, `name="user"`, `name="password" type="password"`, `name="tls"`, `name="token" type="password"`,
		`value="explicit"`, `value="implicit"`, `value="off"`, `data-api="api/v1/diagnose"`} {
		if !strings.Contains(page, field) {
			t.Errorf("the form lacks %s", field)
		}
	}
	if strings.Contains(page, testToken) {
		t.Error("the page holds the token")
	}
	if m := regexp.MustCompile(`(?i)(src|href)\s*=\s*"(https?:)?//|url\(`).FindString(page); m != "" {
		t.Errorf("the page loads something from elsewhere: %q", m)
	}
}

// The script path: the API streams the progress, the result line names
// the kept report, and the report opens without the token; the password
// shows up nowhere.
func TestPageStreamKeepsReport(t *testing.T) {
	p := newPageTest(t)
	body, _ := json.Marshal(remote.Request{Target: hostNAT, User: "ftp", Password: testPassword, Report: true,
		Timeout: remote.Duration(5 * time.Second), DataTimeout: remote.Duration(300 * time.Millisecond)})
	resp, stream := p.do(t, http.MethodPost, remote.Path, "application/json", string(body),
		map[string]string{"Authorization": "Bearer " + testToken})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("API: %s %s", resp.Status, stream)
	}
	ls := lines(t, stream)
	last := ls[len(ls)-1]
	if last.Result == nil || !regexp.MustCompile(`^r/[A-Za-z0-9_-]{43}$`).MatchString(last.Report) {
		t.Fatalf("the last line has no result or no report link: %+v", last.Report)
	}
	if len(ls) < 5 {
		t.Errorf("only %d lines: no progress streamed", len(ls))
	}
	resp, page := p.do(t, http.MethodGet, "/"+last.Report, "", "", nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET the report: %s %s", resp.Status, page)
	}
	for _, want := range []string{"pasv.unroutable_address", hostNAT, "CRITICAL"} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	csp := resp.Header.Get("Content-Security-Policy")
	script := regexp.MustCompile(`script-src [^;]*`).FindString(csp)
	if !strings.HasPrefix(csp, "default-src 'none';") || !strings.Contains(script, "'sha256-") || strings.Contains(script, "unsafe") {
		t.Errorf("report CSP %q", csp)
	}
	if resp.Header.Get("Referrer-Policy") != "no-referrer" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("report headers %v", resp.Header)
	}
	for name, text := range map[string]string{"stream": stream, "report": page} {
		if strings.Contains(text, testPassword) {
			t.Errorf("the %s holds the password", name)
		}
	}
	p.clock.add(time.Minute)
	resp, msg := p.do(t, http.MethodGet, "/"+last.Report, "", "", nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(msg, "expired") {
		t.Errorf("after its TTL: %s %q", resp.Status, msg)
	}
}

// Without scripts the form posts: the server runs the diagnosis and sends
// the browser to the kept report.
func TestPagePostWithoutScripts(t *testing.T) {
	p := newPageTest(t)
	form := url.Values{"target": {hostHealthy}, "user": {"ftp"}, "password": {testPassword}, "tls": {"auto"}, "token": {testToken}}
	resp, body := p.do(t, http.MethodPost, "/", "application/x-www-form-urlencoded", form.Encode(), nil)
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !regexp.MustCompile(`^/r/[A-Za-z0-9_-]{43}$`).MatchString(loc) {
		t.Fatalf("POST /: %s, Location %q, %s", resp.Status, loc, body)
	}
	resp, page := p.do(t, http.MethodGet, loc, "", "", nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, hostHealthy) {
		t.Fatalf("GET %s: %s", loc, resp.Status)
	}
	if strings.Contains(page, testPassword) || strings.Contains(body, testPassword) {
		t.Error("an answer holds the password")
	}
	if p.store.Len() != 1 {
		t.Errorf("%d reports kept", p.store.Len())
	}
}

// The form obeys the API's rules: a wrong token, a target off the
// allowlist, a body too large are refused, and nothing is kept.
func TestPagePostRefused(t *testing.T) {
	p := newPageTest(t)
	for _, tt := range []struct {
		name string
		form url.Values
		code int
		want string
	}{
		{"no token", url.Values{"target": {hostHealthy}}, http.StatusUnauthorized, "token"},
		{"wrong token", url.Values{"target": {hostHealthy}, "token": {strings.Repeat("x", 32)}}, http.StatusUnauthorized, "token"},
		{"not allowed", url.Values{"target": {"ftp.example.com"}, "token": {testToken}}, http.StatusForbidden, "allowed_targets"},
		{"bad tls", url.Values{"target": {hostHealthy}, "token": {testToken}, "tls": {"sometimes"}}, http.StatusBadRequest, "sometimes"},
		{"too large", url.Values{"target": {hostHealthy}, "token": {testToken}, "pad": {strings.Repeat("x", remote.MaxRequestBytes)}},
			http.StatusRequestEntityTooLarge, "too large"},
	} {
		resp, body := p.do(t, http.MethodPost, "/", "application/x-www-form-urlencoded", tt.form.Encode(), nil)
		if resp.StatusCode != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%s: %s %q, want %d and %q", tt.name, resp.Status, body, tt.code, tt.want)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", tt.name, csp)
		}
	}
	body, _ := json.Marshal(remote.Request{Target: hostHealthy, Report: true})
	resp, msg := p.do(t, http.MethodPost, remote.Path, "application/json", string(body), nil)
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("API without token: %s %q", resp.Status, msg)
	}
	if p.store.Len() != 0 {
		t.Errorf("%d reports kept from refused requests", p.store.Len())
	}
	for _, path := range []string{"/r/", "/r/nothing", "/r/" + strings.Repeat("A", 43)} {
		if resp, _ := p.do(t, http.MethodGet, path, "", "", nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %s", path, resp.Status)
		}
	}
}

// A report's policy allows its own inline scripts by hash and nothing
// else.
func TestReportCSP(t *testing.T) {
	page := []byte(`<html><script>one()</script><p>&lt;script&gt;</p><script type="module">two()</script></html>`)
	csp := ReportCSP(page)
	want := "script-src " + sha("one()") + " " + sha("two()") + ";"
	if !strings.Contains(csp, want) || !strings.HasPrefix(csp, "default-src 'none';") {
		t.Errorf("CSP %q, want %q", csp, want)
	}
	if csp := ReportCSP([]byte("<p>no script</p>")); !strings.Contains(csp, "script-src 'none'") {
		t.Errorf("CSP without scripts %q", csp)
	}
}

func TestWords(t *testing.T) {
	for d, want := range map[time.Duration]string{15 * time.Minute: "15 minutes", time.Hour: "1 hour", 90 * time.Second: "90 seconds",
		time.Minute: "1 minute", 1500 * time.Millisecond: "1.5s"} {
		if got := words(d); got != want {
			t.Errorf("words(%s) = %q, want %q", d, got, want)
		}
	}
}
