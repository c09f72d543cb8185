// Package browser drives a headless Chromium for the tests that look at
// ftpnat's HTML pages the way a reader does: layout at a given window
// size, the DOM after scripts ran, console errors, every network request,
// screenshots. It speaks the DevTools protocol over --remote-debugging-pipe
// (NUL-separated JSON on file descriptors 3 and 4), so it needs neither a
// port nor a WebSocket library.
package browser

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

// Bounds of one browser.
const (
	// maxMessage bounds one DevTools message: a screenshot of a long page
	// in base64 is the largest.
	maxMessage = 64 << 20
	// closeWait is how long Close waits for Chromium to exit before it
	// kills it.
	closeWait = 5 * time.Second
)

// candidates are where Debian and others put Chromium; the binary itself
// comes before Debian's wrapper script.
var candidates = []string{"/usr/lib/chromium/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// Find returns the Chromium to run: $FTPNAT_CHROMIUM, or the first of the
// usual names found.
func Find() (string, error) {
	if p := os.Getenv("FTPNAT_CHROMIUM"); p != "" {
		return exec.LookPath(p)
	}
	for _, c := range candidates {
		if p, err := exec.LookPath(c); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found (install Debian's chromium package, or set FTPNAT_CHROMIUM)")
}

// Flags keep a headless Chromium quiet: no sandbox (tests run as root), no
// GPU, and nothing of its own on the network (updates, sync, QUIC probes,
// field trials), with a fresh profile.
func Flags(profile string) []string {
	return []string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-extensions", "--disable-default-apps", "--disable-dev-shm-usage", "--no-default-browser-check",
		"--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication",
		"--disable-field-trial-config", "--metrics-recording-only", "--password-store=basic", "--use-mock-keychain",
		"--hide-scrollbars", "--mute-audio", "--force-color-profile=srgb", "--font-render-hinting=none",
		"--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank",
	}
}

// Browser is one running Chromium.
type Browser struct {
	cmd    *exec.Cmd
	in     *os.File // Chromium reads commands from it (its fd 3)
	out    *os.File // Chromium writes answers and events to it (its fd 4)
	stderr *tailBuffer
	done   chan struct{} // closed when the reader stops

	mu      sync.Mutex
	nextID  int
	pending map[int]chan message
	pages   map[string]*Page // by session id
	readErr error
}

// message is one DevTools message: an answer (ID) or an event (Method).
type message struct {
	ID        int             `json:"id,omitempty"`
	Method    string          `json:"method,omitempty"`
	Params    json.RawMessage `json:"params,omitempty"`
	SessionID string          `json:"sessionId,omitempty"`
	Result    json.RawMessage `json:"result,omitempty"`
	Error     *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

// Start runs Chromium at path with a fresh profile in dir (the caller's
// temporary directory); ctx bounds its whole life.
func Start(ctx context.Context, path, dir string) (*Browser, error) {
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("browser: pipe: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		cmdR.Close()
		cmdW.Close()
		return nil, fmt.Errorf("browser: pipe: %w", err)
	}
	b := &Browser{in: cmdW, out: outR, stderr: &tailBuffer{max: 16 << 10}, done: make(chan struct{}),
		pending: map[int]chan message{}, pages: map[string]*Page{}}
	b.cmd = exec.CommandContext(ctx, path, Flags(dir)...)
	b.cmd.ExtraFiles = []*os.File{cmdR, outW} // fds 3 and 4
	b.cmd.Stdout, b.cmd.Stderr = b.stderr, b.stderr
	b.cmd.Env = append(os.Environ(), "HOME="+dir)
	b.cmd.WaitDelay = closeWait
	err = b.cmd.Start()
	cmdR.Close()
	outW.Close()
	if err != nil {
		cmdW.Close()
		outR.Close()
		return nil, fmt.Errorf("browser: start %s: %w", path, err)
	}
	go b.read()
	return b, nil
}

// Stderr is the end of what Chromium wrote to stderr, for failures.
func (b *Browser) Stderr() string { return b.stderr.String() }

// Close ends Chromium: politely, then by force.
func (b *Browser) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), closeWait)
	defer cancel()
	_ = b.call(ctx, "", "Browser.close", nil, nil)
	b.in.Close()
	exited := make(chan error, 1)
	go func() { exited <- b.cmd.Wait() }()
	var err error
	select {
	case err = <-exited:
	case <-time.After(closeWait):
		_ = b.cmd.Process.Kill()
		err = <-exited
	}
	b.out.Close()
	<-b.done
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return nil // killed or closed: the end we asked for
	}
	return err
}

// read delivers answers to their callers and events to their pages until
// the pipe closes.
func (b *Browser) read() {
	defer close(b.done)
	br := bufio.NewReaderSize(b.out, 1<<20)
	var err error
	for {
		var raw []byte
		raw, err = readMessage(br)
		if err != nil {
			break
		}
		var m message
		if err = json.Unmarshal(raw, &m); err != nil {
			err = fmt.Errorf("browser: bad message: %w", err)
			break
		}
		b.mu.Lock()
		if m.ID != 0 {
			if ch := b.pending[m.ID]; ch != nil {
				delete(b.pending, m.ID)
				ch <- m
			}
		} else if p := b.pages[m.SessionID]; p != nil {
			p.event(m)
		}
		b.mu.Unlock()
	}
	b.mu.Lock()
	b.readErr = err
	for id, ch := range b.pending {
		delete(b.pending, id)
		close(ch)
	}
	b.mu.Unlock()
}

// readMessage reads up to the next NUL, at most maxMessage bytes.
func readMessage(br *bufio.Reader) ([]byte, error) {
	var msg []byte
	for {
		chunk, err := br.ReadSlice(0)
		msg = append(msg, chunk...)
		if len(msg) > maxMessage {
			return nil, fmt.Errorf("browser: a message longer than %d bytes", maxMessage)
		}
		switch {
		case err == nil:
			return msg[:len(msg)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return nil, err
		}
	}
}

// call sends a command (to a page's session, or to the browser when
// session is "") and decodes its result into result (when not nil).
func (b *Browser) call(ctx context.Context, session, method string, params, result any) error {
	b.mu.Lock()
	if b.readErr != nil {
		err := b.readErr
		b.mu.Unlock()
		return fmt.Errorf("browser: %s: the browser is gone: %w", method, err)
	}
	b.nextID++
	id := b.nextID
	ch := make(chan message, 1)
	b.pending[id] = ch
	b.mu.Unlock()
	req := map[string]any{"id": id, "method": method}
	if params != nil {
		req["params"] = params
	}
	if session != "" {
		req["sessionId"] = session
	}
	data, err := json.Marshal(req)
	if err == nil {
		_, err = b.in.Write(append(data, 0))
	}
	if err != nil {
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("browser: send %s: %w", method, err)
	}
	select {
	case m, ok := <-ch:
		if !ok {
			return fmt.Errorf("browser: %s: the browser closed the pipe", method)
		}
		if m.Error != nil {
			return fmt.Errorf("browser: %s: %s (%d)", method, m.Error.Message, m.Error.Code)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("browser: %s: decode the result: %w", method, err)
			}
		}
		return nil
	case <-ctx.Done():
		b.mu.Lock()
		delete(b.pending, id)
		b.mu.Unlock()
		return fmt.Errorf("browser: %s: %w", method, ctx.Err())
	}
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append([]byte(nil), t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}

var _ io.Writer = (*tailBuffer)(nil)
