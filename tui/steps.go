package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// barWidth is the width of a countdown bar, brackets excluded.
const barWidth = 10

// syncSteps fills the main view while a diagnosis runs: finished steps
// in a viewport that follows the newest once it fills the screen, and the
// steps in progress right under it with their countdowns.
func (m *model) syncSteps(w, bodyH int) {
	follow := m.mainVP.AtBottom()
	var checks []probe.Check
	for _, r := range m.done {
		checks = append(checks, probe.Check{Name: r.name, Status: r.status, Duration: r.took, Detail: r.detail})
	}
	lines := m.checkLines(checks, w)
	m.mainVP.SetWidth(w)
	m.mainVP.SetHeight(max(min(len(lines), bodyH-len(m.waiting())), 1))
	m.mainVP.SetContentLines(lines)
	if follow {
		m.mainVP.GotoBottom()
	}
}

func (m model) stepsTitle(w int) string {
	s := fmt.Sprintf("%d done, %d running", len(m.done), len(m.active))
	return m.st.heading.Render("Steps") + truncate("  "+s, w-len("Steps"))
}

// waiting is one line per step in progress: what it waits for, and a bar
// that fills up to the step's deadline with the time left, so a silent
// data port shows as a countdown rather than a frozen screen.
func (m model) waiting() []string {
	if m.result != nil || m.view != viewMain {
		return nil
	}
	w, _ := m.size()
	room := max(m.bodyHeight()/2, 1)
	if len(m.active) == 0 {
		return []string{"  " + m.spin.View() + " " + truncate("working out the findings", w-4)}
	}
	nameW := 0
	for _, r := range m.active {
		nameW = max(nameW, len(r.name))
	}
	now := m.cfg.now()
	var lines []string
	for i, r := range m.active {
		if i == room-1 && len(m.active) > room {
			lines = append(lines, m.st.faint.Render(fmt.Sprintf("  … and %d more", len(m.active)-i)))
			break
		}
		head := "  " + m.spin.View() + " " + padRight(r.name, nameW) + "  "
		bar, left := "", seconds(now.Sub(r.started))
		if !r.deadline.IsZero() {
			bar = m.bar(now.Sub(r.started), r.deadline.Sub(r.started)) + "  "
			left = seconds(r.deadline.Sub(now)) + " left"
		}
		plain := padLeft(left, 10)
		if d := waitingFor(r.step, r.path); d != "" {
			plain += "  " + d
		}
		used := 4 + nameW + 2 + len(bar) + 1 // the spinner is one cell
		lines = append(lines, head+m.st.bar.Render(bar)+truncate(plain, w-used))
	}
	return lines
}

// bar is "[####------]": the part of the allowed time already spent.
func (m model) bar(spent, total time.Duration) string {
	n := barWidth
	if total > 0 {
		n = int(float64(barWidth) * float64(spent) / float64(total))
	}
	n = min(max(n, 0), barWidth)
	return "[" + strings.Repeat("#", n) + strings.Repeat("-", barWidth-n) + "]"
}

// waitingFor says in a few words what a step is waiting for.
func waitingFor(step string, path probe.PathID) string {
	if step == probe.StepTLSPolicy {
		return "TLS policy checks"
	}
	var s string
	switch step {
	case probe.StepResolve:
		s = "resolving the host name"
	case probe.StepConnect:
		s = "connecting to the control port"
	case probe.StepGreeting:
		s = "waiting for the greeting"
	case probe.StepLogin:
		s = "logging in"
	case probe.StepFeat, probe.StepSyst, probe.StepPwd, probe.StepStat, probe.StepHelp, probe.StepType, probe.StepAuthTLS, probe.StepProtect, probe.StepProtC:
		s = "waiting for the reply"
	case probe.StepImplicit:
		s = "TLS handshake"
	case probe.StepPASV, probe.StepEPSV:
		s = "asking for data ports"
	case probe.StepDataPorts, probe.StepDataPorts + "-recheck":
		s = "dialling the data ports"
	case probe.StepTransfer, probe.StepStdClient:
		s = "listing the directory"
	case probe.StepTLSData, probe.StepNoResume:
		s = "protected listings"
	case probe.StepActive:
		s = "server connecting back"
	case probe.StepRange:
		s = "dialling the whole range"
	case probe.StepQuit:
		s = "closing the session"
	}
	if s != "" && path.Transport.Secure() {
		s += " (TLS)"
	}
	return s
}

// checkLines lists steps like the text report: status, name, time, and the
// detail wrapped under itself.
func (m model) checkLines(cs []probe.Check, w int) []string {
	nameW := 0
	for _, c := range cs {
		nameW = max(nameW, len([]rune(clean(report.StepLabel(c.Name, c.Path)))))
	}
	var lines []string
	for _, c := range cs {
		took := ""
		if c.Duration > 0 {
			took = duration(c.Duration)
		}
		mark := statusMark(c.Status)
		head := "  " + m.st.status(c.Status).Render(mark) + "  " + padRight(clean(report.StepLabel(c.Name, c.Path)), nameW) + "  " + padLeft(took, 6) + "  "
		indent := 2 + len(mark) + 2 + nameW + 2 + 6 + 2
		detail := wrap(clean(c.Detail), w, indent)
		lines = append(lines, strings.TrimRight(head+strings.TrimLeft(detail[0], " "), " "))
		lines = append(lines, detail[1:]...)
	}
	return lines
}

func statusMark(s probe.CheckStatus) string {
	switch s {
	case probe.CheckPass:
		return "PASS"
	case probe.CheckWarn:
		return "WARN"
	case probe.CheckFail:
		return "FAIL"
	}
	return "SKIP"
}
