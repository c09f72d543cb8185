// Package tui is the interactive terminal view of a diagnosis: it shows the
// probe's steps live, then the verdict, the findings with their evidence
// and fixes, and the control-channel transcript. It consumes probe events
// and the final Result and takes its words from report; it never speaks FTP.
package tui

import (
	"context"
	"slices"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// viewID names what fills the screen.
type viewID int

const (
	viewMain       viewID = iota // steps while running, then verdict, findings and checks
	viewDetail                   // one finding: fix, evidence, explanation
	viewTranscript               // the control-channel conversation
	viewHelp                     // every key
	viewPicture                  // the topology and the ladder of the run
)

// config is what a model is made of; Run fills it from RunOptions.
type config struct {
	target    string // shown until the probe reports the host it diagnoses
	simulated bool
	vantage   string // the remote probe a diagnosis runs on; "" for here
	profile   colorprofile.Profile
	saveDir   string // where s writes the JSON report ("" = working directory)
	// snippetDir is where c writes the snippet ("" = the temporary
	// directory); osc52Obstacle says what keeps OSC 52 from the clipboard
	// (nil = ask tmux when inside it).
	snippetDir    string
	osc52Obstacle func(context.Context) string
	tool          report.Tool
	now           func() time.Time

	// ascii draws the pictures without box-drawing characters (the
	// locale is not UTF-8).
	ascii bool
}

// model is the Bubble Tea model. It is a value: Update returns a changed
// copy, and the only shared thing it holds is the engine that runs probes.
type model struct {
	cfg  config
	eng  *engine // nil in model tests: runs are then driven by messages
	st   styles
	keys keyMap
	help help.Model
	spin spinner.Model

	width, height int
	view          viewID
	stack         []viewID // views to return to with esc

	// The current run. gen tells its messages from those of a cancelled one.
	gen        int
	running    bool
	started    time.Time
	done       []stepRow // finished steps, in the order they finished
	active     []stepRow // steps in progress
	transcript []probe.TranscriptEntry
	result     *probe.Result   // nil until the run has a verdict
	findings   []probe.Finding // result's findings, most severe first

	selected int  // finding under the cursor
	reveal   bool // scroll the selected finding into view at the next sync
	fix      int  // remediation shown in the detail view
	snippetX int  // columns its snippet is scrolled to the right
	message  string
	problem  bool     // message reports a failure
	saved    []string // reports written with s

	mainVP, detailVP, transcriptVP, helpVP viewport.Model
	transcriptBuilt                        transcriptKey
	pictureVP                              viewport.Model
	pictureBuilt                           pictureKey
}

// stepRow is one step of the diagnosis as the screen shows it.
type stepRow struct {
	name     string // as shown: the step and what sets its path apart
	step     string
	path     probe.PathID
	started  time.Time
	deadline time.Time
	status   probe.CheckStatus
	detail   string
	took     time.Duration
}

func newModel(cfg config, eng *engine) model {
	if cfg.now == nil {
		cfg.now = time.Now
	}
	st := newStyles(cfg.profile)
	h := help.New()
	h.Styles = st.helpStyles()
	h.ShortSeparator = "  " // every key of the main view fits in 80 columns

	vp := func() viewport.Model {
		v := viewport.New()
		v.MouseWheelEnabled = false
		return v
	}
	m := model{
		cfg: cfg, eng: eng, st: st, keys: newKeyMap(), help: h,
		spin:  spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		width: 80, height: 24,
		gen: 1, running: true, started: cfg.now(),
		mainVP: vp(), detailVP: vp(), transcriptVP: vp(), helpVP: vp(), pictureVP: vp(),
	}
	m.sync()
	return m
}

func (m model) Init() tea.Cmd {
	return tea.Batch(m.eng.start(m.gen), m.spin.Tick)
}

func (m model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.KeyPressMsg:
		m, cmd = m.onKey(msg)
	case progressMsg:
		m, cmd = m.onProgress(msg)
	case savedMsg:
		m = m.onSaved(msg)
	case snippetMsg:
		m = m.onSnippet(msg)
	case spinner.TickMsg:
		if !m.running {
			return m, nil // let the ticking stop: nothing moves once there is a verdict
		}
		m.spin, cmd = m.spin.Update(msg)
	default:
		return m, nil
	}
	m.sync()
	return m, cmd
}

// onProgress applies a batch of events of the current run.
func (m model) onProgress(msg progressMsg) (model, tea.Cmd) {
	if msg.gen != m.gen || !m.running {
		return m, nil // a cancelled run's last words
	}
	for _, ev := range msg.events {
		m.apply(ev)
	}
	if msg.result != nil {
		m.finish(*msg.result)
		return m, nil
	}
	return m, m.eng.listen(msg.feed)
}

func (m *model) apply(ev probe.Event) {
	switch ev.Kind {
	case probe.EventStepStarted:
		m.active = append(m.active, stepRow{name: report.StepLabel(ev.Step, ev.Path), step: ev.Step, path: ev.Path, started: ev.At, deadline: ev.Deadline})
	case probe.EventStepFinished:
		row := stepRow{name: report.StepLabel(ev.Step, ev.Path), step: ev.Step, path: ev.Path, status: ev.Status, detail: ev.Detail, took: ev.Duration}
		// Skipped steps finish without having started.
		if i := slices.IndexFunc(m.active, func(r stepRow) bool { return r.step == ev.Step && r.path == ev.Path }); i >= 0 {
			row.started, row.deadline = m.active[i].started, m.active[i].deadline
			m.active = slices.Delete(slices.Clone(m.active), i, i+1)
		}
		m.done = append(m.done, row)
	case probe.EventTranscript:
		if ev.Entry != nil {
			m.transcript = append(m.transcript, *ev.Entry)
		}
	}
}

// finish takes the run's result: the complete record replaces what the
// events built up.
func (m *model) finish(res probe.Result) {
	m.running = false
	m.result = &res
	m.active = nil
	m.findings = sortFindings(res.Findings)
	m.transcript = res.Transcript
	m.selected, m.fix = 0, 0
	m.mainVP.GotoTop()
}

// rerun cancels the current run, if any, and starts a fresh one.
func (m model) rerun() (model, tea.Cmd) {
	wasRunning := m.running
	m.gen++
	m.running = true
	m.started = m.cfg.now()
	m.done, m.active, m.transcript = nil, nil, nil
	m.result, m.findings = nil, nil
	m.selected, m.fix = 0, 0
	m.message, m.problem = "run again: diagnosing from scratch", false
	if m.view != viewTranscript {
		m.view = viewMain
	}
	m.stack = nil
	cmds := []tea.Cmd{m.eng.start(m.gen)}
	if !wasRunning {
		cmds = append(cmds, m.spin.Tick)
	}
	return m, tea.Batch(cmds...)
}

// sortFindings orders findings most severe first and keeps the probe's
// order among equals.
func sortFindings(fs []probe.Finding) []probe.Finding {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b probe.Finding) int { return severityOf(b).Rank() - severityOf(a).Rank() })
	return out
}

// severityOf is the finding's severity, or the catalog's when the probe
// left it empty, or info for an ID the catalog does not know.
func severityOf(f probe.Finding) probe.Severity {
	switch f.Severity {
	case probe.SeverityInfo, probe.SeverityWarning, probe.SeverityCritical:
		return f.Severity
	}
	if e, ok := report.Lookup(f.ID); ok {
		return e.Severity
	}
	return probe.SeverityInfo
}

// open shows view v; asking again for the view on screen closes it, and
// asking for one further down the stack returns to it.
func (m *model) open(v viewID) {
	if m.view == v {
		m.closeView()
		return
	}
	if i := slices.Index(m.stack, v); i >= 0 {
		m.view, m.stack = v, slices.Clone(m.stack[:i])
		return
	}
	m.stack = append(slices.Clip(m.stack), m.view)
	m.view = v
}

func (m *model) closeView() {
	if n := len(m.stack); n > 0 {
		m.view, m.stack = m.stack[n-1], slices.Clone(m.stack[:n-1])
	}
}

func (m *model) say(msg string, problem bool) { m.message, m.problem = msg, problem }
