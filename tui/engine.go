package tui

import (
	"context"
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/ftpnat/ftpnat/probe"
)

// maxBatch bounds how many events one message carries, so that a burst of
// transcript lines is drawn in a few frames instead of one frame per line
// while the screen still refreshes during long bursts.
const maxBatch = 256

// Runner runs one diagnosis and returns its result, sending its events to
// o.Events as they happen: probe.Run here, or a remote probe's client
// (ftpnat diagnose --via), which the screen then shows the same way.
type Runner func(ctx context.Context, o probe.Options) probe.Result

// engine runs diagnoses for the model, one at a time, each on its own
// goroutine. Events reach the model through a channel that a command
// drains, so the engine needs no handle on the program (teatest and Run
// wire it the same way).
type engine struct {
	ctx       context.Context // Run's context: cancelling it ends every run
	options   func() probe.Options
	run       Runner
	simulated bool

	mu     sync.Mutex
	cancel context.CancelFunc // of the current run
	closed bool
	wg     sync.WaitGroup // one per probe goroutine
}

// newEngine makes an engine; a nil run is probe.Run.
func newEngine(ctx context.Context, options func() probe.Options, run Runner, simulated bool) *engine {
	if run == nil {
		run = probe.Run
	}
	return &engine{ctx: ctx, options: options, run: run, simulated: simulated}
}

// feed is the event stream of one run.
type feed struct {
	gen int
	ctx context.Context
	ch  chan item
}

// item is one event, or the finished result (the last item of a run).
type item struct {
	ev  probe.Event
	res *probe.Result
}

// progressMsg carries a batch of a run's events, and its result once the
// run is over.
type progressMsg struct {
	gen    int
	feed   *feed // listened to again after this batch; nil in model tests
	events []probe.Event
	result *probe.Result
}

// start returns the command that begins run gen (cancelling the previous
// one) and delivers its first events.
func (e *engine) start(gen int) tea.Cmd {
	if e == nil {
		return nil
	}
	return func() tea.Msg {
		f := e.launch(gen)
		if f == nil {
			return nil
		}
		return f.next()
	}
}

// listen returns the command that delivers the next events of f.
func (e *engine) listen(f *feed) tea.Cmd {
	if e == nil || f == nil {
		return nil
	}
	return func() tea.Msg { return f.next() }
}

func (e *engine) launch(gen int) *feed {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil // the program is gone: start nothing that Run would not wait for
	}
	if e.cancel != nil {
		e.cancel()
	}
	ctx, cancel := context.WithCancel(e.ctx)
	e.cancel = cancel
	f := &feed{gen: gen, ctx: ctx, ch: make(chan item, maxBatch)}
	o := e.options()
	caller := o.Events
	o.Events = func(ev probe.Event) {
		if caller != nil {
			caller(ev)
		}
		f.put(item{ev: ev})
	}
	e.wg.Add(1)
	go func() {
		defer e.wg.Done()
		res := e.run(ctx, o)
		if e.simulated {
			res.Simulated = true
		}
		f.put(item{res: &res})
	}()
	return f
}

// put hands an item to the model; after cancellation it drops it rather
// than block the probe, which then winds down on its own.
func (f *feed) put(it item) {
	select {
	case f.ch <- it:
	case <-f.ctx.Done():
	}
}

// next waits for the run's next item and returns it with whatever else is
// already queued. It returns nil once the run is cancelled.
func (f *feed) next() tea.Msg {
	msg := progressMsg{gen: f.gen, feed: f}
	select {
	case it := <-f.ch:
		msg.add(it)
	case <-f.ctx.Done():
		return nil
	}
	for msg.result == nil && len(msg.events) < maxBatch {
		select {
		case it := <-f.ch:
			msg.add(it)
		default:
			return msg
		}
	}
	return msg
}

func (m *progressMsg) add(it item) {
	if it.res != nil {
		m.result = it.res
		return
	}
	m.events = append(m.events, it.ev)
}

// close cancels the current run, refuses new ones, and waits until every
// probe goroutine has returned.
func (e *engine) close() {
	e.mu.Lock()
	e.closed = true
	if e.cancel != nil {
		e.cancel()
	}
	e.mu.Unlock()
	e.wg.Wait()
}
