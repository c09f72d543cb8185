package browser

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Bounds of one page.
const (
	maxRecorded = 1000                  // requests and console errors kept
	pollEvery   = 50 * time.Millisecond // WaitFor's polling interval
)

// Page is one tab, attached to its own DevTools session. It records every
// request the page makes and every error its console shows.
type Page struct {
	b       *Browser
	session string

	mu       sync.Mutex
	requests []string
	errors   []string
	loaded   chan struct{} // signalled at each load event
}

// NewPage opens a blank tab and turns on the domains the tests read.
func (b *Browser) NewPage(ctx context.Context) (*Page, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	var att struct {
		SessionID string `json:"sessionId"`
	}
	if err := b.call(ctx, "", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att); err != nil {
		return nil, err
	}
	p := &Page{b: b, session: att.SessionID, loaded: make(chan struct{}, 16)}
	b.mu.Lock()
	b.pages[p.session] = p
	b.mu.Unlock()
	for _, domain := range []string{"Page.enable", "Runtime.enable", "Network.enable", "Log.enable"} {
		if err := p.Call(ctx, domain, nil, nil); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Call sends a DevTools command to the page.
func (p *Page) Call(ctx context.Context, method string, params, result any) error {
	return p.b.call(ctx, p.session, method, params, result)
}

// event records what the tests check; it runs on the browser's reader.
func (p *Page) event(m message) {
	switch m.Method {
	case "Page.loadEventFired":
		select {
		case p.loaded <- struct{}{}:
		default:
		}
	case "Network.requestWillBeSent":
		var ev struct {
			Request struct {
				URL string `json:"url"`
			} `json:"request"`
		}
		if json.Unmarshal(m.Params, &ev) == nil {
			p.record(&p.requests, ev.Request.URL)
		}
	case "Runtime.consoleAPICalled":
		var ev struct {
			Type string `json:"type"`
			Args []struct {
				Value       any    `json:"value"`
				Description string `json:"description"`
			} `json:"args"`
		}
		if json.Unmarshal(m.Params, &ev) == nil && (ev.Type == "error" || ev.Type == "assert") {
			var parts []string
			for _, a := range ev.Args {
				if a.Description != "" {
					parts = append(parts, a.Description)
				} else {
					parts = append(parts, fmt.Sprint(a.Value))
				}
			}
			p.record(&p.errors, "console."+ev.Type+": "+strings.Join(parts, " "))
		}
	case "Runtime.exceptionThrown":
		var ev struct {
			Details struct {
				Text      string `json:"text"`
				Exception struct {
					Description string `json:"description"`
				} `json:"exception"`
			} `json:"exceptionDetails"`
		}
		if json.Unmarshal(m.Params, &ev) == nil {
			p.record(&p.errors, "exception: "+ev.Details.Text+" "+ev.Details.Exception.Description)
		}
	case "Log.entryAdded":
		var ev struct {
			Entry struct {
				Level  string `json:"level"`
				Source string `json:"source"`
				Text   string `json:"text"`
				URL    string `json:"url"`
			} `json:"entry"`
		}
		if json.Unmarshal(m.Params, &ev) == nil && ev.Entry.Level == "error" {
			p.record(&p.errors, ev.Entry.Source+": "+ev.Entry.Text+" "+ev.Entry.URL)
		}
	}
}

func (p *Page) record(list *[]string, s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(*list) < maxRecorded {
		*list = append(*list, s)
	}
}

// Requests are the URLs of every request the page made so far.
func (p *Page) Requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.requests...)
}

// Errors are the console errors, exceptions and error log entries so far
// (a CSP violation or a failed load is one).
func (p *Page) Errors() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.errors...)
}

// SetViewport sizes the window in CSS pixels; mobile emulates a phone
// (meta viewport honoured, touch).
func (p *Page) SetViewport(ctx context.Context, width, height int, mobile bool) error {
	return p.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}, nil)
}

// SetColorScheme emulates the reader's preferred colour scheme: "light"
// or "dark".
func (p *Page) SetColorScheme(ctx context.Context, scheme string) error {
	return p.Call(ctx, "Emulation.setEmulatedMedia", map[string]any{
		"features": []map[string]string{{"name": "prefers-color-scheme", "value": scheme}}}, nil)
}

// SetScripts turns the page's JavaScript on or off (from the next load).
func (p *Page) SetScripts(ctx context.Context, on bool) error {
	return p.Call(ctx, "Emulation.setScriptExecutionDisabled", map[string]any{"value": !on}, nil)
}

// Navigate loads url and waits for its load event.
func (p *Page) Navigate(ctx context.Context, url string) error {
	for drained := false; !drained; { // forget earlier loads
		select {
		case <-p.loaded:
		default:
			drained = true
		}
	}
	var nav struct {
		ErrorText string `json:"errorText"`
	}
	if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, &nav); err != nil {
		return err
	}
	if nav.ErrorText != "" {
		return fmt.Errorf("browser: navigate to %s: %s", url, nav.ErrorText)
	}
	return p.WaitLoad(ctx)
}

// WaitLoad waits for the next load event.
func (p *Page) WaitLoad(ctx context.Context) error {
	select {
	case <-p.loaded:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("browser: wait for the page to load: %w", ctx.Err())
	}
}

// Eval evaluates a JavaScript expression (awaiting a promise) and decodes
// its value into out (when not nil).
func (p *Page) Eval(ctx context.Context, expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.Call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("browser: evaluate: %s %s", r.Exception.Text, r.Exception.Exception.Description)
	}
	if out == nil || len(r.Result.Value) == 0 {
		return nil
	}
	if err := json.Unmarshal(r.Result.Value, out); err != nil {
		return fmt.Errorf("browser: evaluate: decode %s: %w", r.Result.Value, err)
	}
	return nil
}

// WaitFor polls a JavaScript expression until it is true, or ctx ends.
func (p *Page) WaitFor(ctx context.Context, expr string) error {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		var ok bool
		if err := p.Eval(ctx, "Boolean("+expr+")", &ok); err == nil && ok {
			return nil
		}
		select {
		case <-t.C:
		case <-ctx.Done():
			return fmt.Errorf("browser: wait for %s: %w", expr, ctx.Err())
		}
	}
}

// Screenshot is a PNG of the viewport, or of the whole page when full.
func (p *Page) Screenshot(ctx context.Context, full bool) ([]byte, error) {
	var r struct {
		Data string `json:"data"`
	}
	params := map[string]any{"format": "png"}
	if full {
		var m struct {
			Content struct {
				Width  float64 `json:"width"`
				Height float64 `json:"height"`
			} `json:"cssContentSize"`
		}
		if err := p.Call(ctx, "Page.getLayoutMetrics", nil, &m); err != nil {
			return nil, err
		}
		params["captureBeyondViewport"] = true
		params["clip"] = map[string]any{"x": 0, "y": 0, "width": m.Content.Width, "height": m.Content.Height, "scale": 1}
	}
	if err := p.Call(ctx, "Page.captureScreenshot", params, &r); err != nil {
		return nil, err
	}
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		return nil, fmt.Errorf("browser: decode the screenshot: %w", err)
	}
	return png, nil
}
