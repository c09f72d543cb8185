// Command batchbench measures `ftpnat batch` over a fleet of fake servers
// on loopback: wall time, throughput, CPU time and peak RSS of a normal
// diagnosis (TLS auto, standard client on, default timeouts) of every
// target, every JSON report encoded, with the batch's default concurrency.
//
//	go run ./monitor/cmd/batchbench [-targets 1000] [-concurrency N] [-check]
//	    [-scenarios] [-cpuprofile FILE] [-memprofile FILE]
//
// The fake servers (twenty scenarios, healthy and broken) run in a child
// process, so the RSS figure is the batch's own; the child's figures are
// printed too. Both processes share the machine's cores, and so does
// anything else running, which the load averages printed beside the figures
// show. With -check it exits 1 when the run misses the fleet goals: every
// target done within 60 s, at most 300 MB peak RSS for the batch (the
// goals are set for 10,000 targets).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/monitor/internal/fleet"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

const (
	goalWall = 60 * time.Second
	goalRSS  = 300 << 20
	// childStartup bounds how long the server process may take to start.
	childStartup = 30 * time.Second
)

type config struct {
	spec        fleet.Spec
	concurrency int
	check       bool
	scenarios   bool
	cpuprofile  string
	memprofile  string
}

func main() {
	var c config
	targets := flag.Int("targets", 1000, "number of targets")
	flag.IntVar(&c.concurrency, "concurrency", 0, "diagnoses in flight (default: the batch default)")
	flag.BoolVar(&c.check, "check", false, "exit 1 when the run misses the goals (60 s, 300 MB)")
	flag.BoolVar(&c.scenarios, "scenarios", false, "print each scenario's diagnosis times")
	flag.StringVar(&c.cpuprofile, "cpuprofile", "", "write the batch's CPU profile to `file` (the servers' to file.servers)")
	flag.StringVar(&c.memprofile, "memprofile", "", "write the batch's heap profile, taken when half the targets are done, to `file`")
	servers := flag.Bool("servers", false, "internal: run the fake servers and report their addresses")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c.spec = fleet.Spec{Scenarios: fleet.Mix, Targets: *targets}
	// Both processes collect garbage as ftpnat batch does.
	defer monitor.BatchGC()()
	var err error
	if *servers {
		err = serveFleet(ctx, c)
	} else {
		err = run(ctx, c)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "batchbench:", err)
		os.Exit(1)
	}
}

// usage is what a process reports about itself at the end.
type usage struct {
	PeakRSS int64         `json:"peak_rss"`
	CPU     time.Duration `json:"cpu"` // user and system
}

// serveFleet is the child: it starts the servers, writes their addresses
// as one JSON line, and serves until its stdin closes; then it writes its
// usage as another.
func serveFleet(ctx context.Context, c config) error {
	stopProfile, err := startCPUProfile(c.cpuprofile)
	if err != nil {
		return err
	}
	srv, err := fleet.StartServers(ctx, c.spec)
	if err != nil {
		stopProfile()
		return err
	}
	defer srv.Close()
	if err := json.NewEncoder(os.Stdout).Encode(srv.Served); err != nil {
		stopProfile()
		return err
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent closes it (or dies)
	stopProfile()
	u, err := selfUsage()
	if err != nil {
		return err
	}
	return json.NewEncoder(os.Stdout).Encode(u)
}

func run(ctx context.Context, c config) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	args := []string{"-servers", fmt.Sprint("-targets=", c.spec.Targets)}
	if c.cpuprofile != "" {
		args = append(args, "-cpuprofile="+c.cpuprofile+".servers")
	}
	child := exec.CommandContext(ctx, self, args...)
	child.Stderr = os.Stderr
	stdin, err := child.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		return err
	}
	if err := child.Start(); err != nil {
		return fmt.Errorf("start server process: %w", err)
	}
	defer func() { _ = child.Wait() }()
	defer stdin.Close()
	lines := bufio.NewScanner(stdout)
	lines.Buffer(nil, 1<<20)
	served, err := readServed(lines)
	if err != nil {
		return err
	}
	n, pool, err := fleet.Network(c.spec, served)
	if err != nil {
		return err
	}
	hosts := c.spec.Hosts()
	targets := make([]monitor.Target, len(hosts))
	for i, h := range hosts {
		targets[i] = monitor.Target{Line: i + 1, Host: h.Name}
	}

	stopProfile, err := startCPUProfile(c.cpuprofile)
	if err != nil {
		return err
	}
	load0 := loadAvg()
	cycles0, gc0 := gcStats()
	cpu0, err := selfUsage()
	if err != nil {
		return err
	}
	out := monitor.NewJSONLinesWriter(io.Discard, report.Tool{Name: "ftpnat", Version: "bench"})
	opts := monitor.BatchOptions{Concurrency: c.concurrency, Base: probe.Options{Dialer: n, Resolver: n, RootCAs: pool}}
	times := newScenarioTimes()
	var writeErr, heapErr error
	var half midway
	emitted := 0
	sum := monitor.RunBatch(ctx, targets, opts, func(it monitor.BatchItem) {
		if err := out.Write(it); err != nil && writeErr == nil {
			writeErr = err
		}
		times.add(hosts[it.Index].Scenario, it)
		if emitted++; emitted == len(targets)/2 {
			half = sampleMidway()
			if c.memprofile != "" {
				heapErr = writeHeapProfile(c.memprofile)
			}
		}
	})
	stopProfile()
	if writeErr != nil {
		return writeErr
	}
	if heapErr != nil {
		return heapErr
	}
	mine, err := selfUsage()
	if err != nil {
		return err
	}
	load1 := loadAvg()
	stdin.Close()
	var theirs usage
	if lines.Scan() {
		if err := json.Unmarshal(lines.Bytes(), &theirs); err != nil {
			return fmt.Errorf("server process usage: %w", err)
		}
	}

	fmt.Println(monitor.SummaryLine(sum))
	if c.scenarios {
		times.print(os.Stdout)
	}
	wall := sum.Duration.Seconds()
	fmt.Printf("targets %d  concurrency at most %d, at most %d in flight  cores %d  load average %s at the start, %s at the end\n",
		c.spec.Targets, monitor.EffectiveConcurrency(c.concurrency, c.spec.Targets), sum.Peak, runtime.NumCPU(), load0, load1)
	cpu := mine.CPU - cpu0.CPU
	cycles1, gc1 := gcStats()
	fmt.Printf("batch:        wall %.2fs  %.0f targets/s  CPU %.1fs, %.2f ms a target (GC %.1fs in %d cycles)  peak RSS %.1f MB\n",
		wall, float64(sum.Done)/wall, cpu.Seconds(), perTarget(cpu, sum.Done), gc1-gc0, cycles1-cycles0, mb(mine.PeakRSS))
	fmt.Printf("batch midway: %d goroutines, heap %.1f MB in use, stacks %.1f MB, %.1f MB from the OS\n",
		half.goroutines, mb(int64(half.mem.HeapInuse)), mb(int64(half.mem.StackInuse)), mb(int64(half.mem.Sys)))
	fmt.Printf("fake servers: CPU %.1fs, %.2f ms a target  peak RSS %.1f MB (their own process)\n",
		theirs.CPU.Seconds(), perTarget(theirs.CPU, sum.Done), mb(theirs.PeakRSS))
	if sum.Done != c.spec.Targets {
		return fmt.Errorf("only %d of %d targets done", sum.Done, c.spec.Targets)
	}
	if times.wrong > 0 {
		fmt.Printf("%d targets came out other than their scenario should (-scenarios shows which)\n", times.wrong)
		if c.check {
			return fmt.Errorf("missed the goal: %d of %d targets wrong", times.wrong, c.spec.Targets)
		}
	}
	if !c.check {
		return nil
	}
	if sum.Duration > goalWall || mine.PeakRSS > goalRSS {
		return fmt.Errorf("missed the goal: %.2fs (goal %s), %.1f MB (goal %d MB)",
			wall, goalWall, mb(mine.PeakRSS), goalRSS>>20)
	}
	fmt.Printf("goal met: %.2fs ≤ %s, %.1f MB ≤ %d MB\n", wall, goalWall, mb(mine.PeakRSS), goalRSS>>20)
	return nil
}

func readServed(lines *bufio.Scanner) ([]fleet.Served, error) {
	got := make(chan error, 1)
	var served []fleet.Served
	go func() {
		if !lines.Scan() {
			got <- errors.New("server process exited before reporting its servers")
			return
		}
		got <- json.Unmarshal(lines.Bytes(), &served)
	}()
	select {
	case err := <-got:
		return served, err
	case <-time.After(childStartup):
		return nil, errors.New("server process did not start in time")
	}
}

func mb(b int64) float64 { return float64(b) / (1 << 20) }

// selfUsage is the process' high-water resident set size (Linux ru_maxrss
// is in KiB) and the CPU time it has used.
func selfUsage() (usage, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return usage{}, fmt.Errorf("getrusage: %w", err)
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return usage{PeakRSS: ru.Maxrss << 10, CPU: cpu}, nil
}

// perTarget is CPU time per target done, in milliseconds: the figure a
// change to the cost of a diagnosis moves, whatever the wall time did.
func perTarget(cpu time.Duration, done int) float64 {
	if done == 0 {
		return 0
	}
	return float64(cpu.Microseconds()) / 1000 / float64(done)
}

// gcStats is how many collections the process has completed and the CPU
// time the collector has used, in seconds, as the runtime estimates them.
func gcStats() (cycles uint64, cpu float64) {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}, {Name: "/cpu/classes/gc/total:cpu-seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		cycles = s[0].Value.Uint64()
	}
	if s[1].Value.Kind() == metrics.KindFloat64 {
		cpu = s[1].Value.Float64()
	}
	return cycles, cpu
}

// loadAvg is the one-minute load average, or "?" where there is none.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

// startCPUProfile profiles the process into path ("": nothing) until the
// returned function is called.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("CPU profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("CPU profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// midway is the batch's state when half the targets are done.
type midway struct {
	goroutines int
	mem        runtime.MemStats
}

func sampleMidway() midway {
	m := midway{goroutines: runtime.NumGoroutine()}
	runtime.ReadMemStats(&m.mem)
	return m
}

func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	defer f.Close()
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		return fmt.Errorf("heap profile: %w", err)
	}
	return nil
}

// scenarioTimes collects diagnosis times by scenario, and the targets
// whose state is not their scenario's; emit calls it from one goroutine.
type scenarioTimes struct {
	by        map[string][]time.Duration
	wrong     int
	wrongBy   map[string]int
	wrongLast map[string]string // a summary of the last wrong one
}

func newScenarioTimes() *scenarioTimes {
	return &scenarioTimes{by: map[string][]time.Duration{}, wrongBy: map[string]int{}, wrongLast: map[string]string{}}
}

func (s *scenarioTimes) add(scenario string, it monitor.BatchItem) {
	s.by[scenario] = append(s.by[scenario], it.Result.Duration)
	if got := it.Outcome.State.String(); got != fleet.Expected(scenario) {
		s.wrong++
		s.wrongBy[scenario]++
		s.wrongLast[scenario] = got + " " + it.Outcome.Summary
	}
}

// print lists the scenarios from the slowest on average.
func (s *scenarioTimes) print(w io.Writer) {
	type row struct {
		name      string
		n         int
		mean, max time.Duration
	}
	var rows []row
	for name, ds := range s.by {
		var total time.Duration
		r := row{name: name, n: len(ds)}
		for _, d := range ds {
			total += d
			r.max = max(r.max, d)
		}
		r.mean = total / time.Duration(len(ds))
		rows = append(rows, r)
	}
	slices.SortFunc(rows, func(a, b row) int { return int(b.mean - a.mean) })
	for _, r := range rows {
		fmt.Fprintf(w, "  %-26s %5d  mean %6.2fs  max %6.2fs", r.name, r.n, r.mean.Seconds(), r.max.Seconds())
		if n := s.wrongBy[r.name]; n > 0 {
			fmt.Fprintf(w, "  %d wrong, e.g. %s", n, s.wrongLast[r.name])
		}
		fmt.Fprintln(w)
	}
}
