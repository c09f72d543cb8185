// Command batchbench measures `ftpnat batch` over a fleet of fake servers
// on loopback: wall time and peak RSS of a normal diagnosis (TLS auto,
// standard client on, default timeouts) of every target, every JSON report
// encoded, with the batch's default concurrency.
//
//	go run ./monitor/cmd/batchbench [-targets 1000] [-concurrency N]
//
// The fake servers (twenty scenarios, healthy and broken) run in a child
// process, so the RSS figure is the batch's own; the child's is printed
// too. Both processes share the machine's cores. It exits 1 when the run
// misses its goals (15 s, 300 MB).
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
	"syscall"
	"time"

	"github.com/ftpnat/ftpnat/monitor"
	"github.com/ftpnat/ftpnat/monitor/internal/fleet"
	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

const (
	goalWall = 15 * time.Second
	goalRSS  = 300 << 20
	// childStartup bounds how long the server process may take to start.
	childStartup = 30 * time.Second
)

func main() {
	targets := flag.Int("targets", 1000, "number of targets")
	concurrency := flag.Int("concurrency", 0, "diagnoses in flight (default: the batch default)")
	servers := flag.Bool("servers", false, "internal: run the fake servers and report their addresses")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	spec := fleet.Spec{Scenarios: fleet.Mix, Targets: *targets}
	var err error
	if *servers {
		err = serveFleet(ctx, spec)
	} else {
		err = run(ctx, spec, *concurrency)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "batchbench:", err)
		os.Exit(1)
	}
}

// serveFleet is the child: it starts the servers, writes their addresses
// as one JSON line, and serves until its stdin closes; then it writes its
// peak RSS.
func serveFleet(ctx context.Context, spec fleet.Spec) error {
	srv, err := fleet.StartServers(ctx, spec)
	if err != nil {
		return err
	}
	defer srv.Close()
	if err := json.NewEncoder(os.Stdout).Encode(srv.Served); err != nil {
		return err
	}
	_, _ = io.Copy(io.Discard, os.Stdin) // until the parent closes it (or dies)
	rss, err := peakRSS()
	if err != nil {
		return err
	}
	fmt.Println(rss)
	return nil
}

func run(ctx context.Context, spec fleet.Spec, concurrency int) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	child := exec.CommandContext(ctx, self, "-servers", fmt.Sprint("-targets=", spec.Targets))
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
	n, pool, err := fleet.Network(spec, served)
	if err != nil {
		return err
	}

	targets := make([]monitor.Target, spec.Targets)
	for i, h := range spec.Hosts() {
		targets[i] = monitor.Target{Line: i + 1, Host: h.Name}
	}
	out := monitor.NewJSONLinesWriter(io.Discard, report.Tool{Name: "ftpnat", Version: "bench"})
	opts := monitor.BatchOptions{Concurrency: concurrency, Base: probe.Options{Dialer: n, Resolver: n, RootCAs: pool}}
	var writeErr error
	sum := monitor.RunBatch(ctx, targets, opts, func(it monitor.BatchItem) {
		if err := out.Write(it); err != nil && writeErr == nil {
			writeErr = err
		}
	})
	if writeErr != nil {
		return writeErr
	}
	rss, err := peakRSS()
	if err != nil {
		return err
	}
	stdin.Close()
	var childRSS int64
	if lines.Scan() {
		fmt.Sscan(lines.Text(), &childRSS)
	}
	fmt.Println(monitor.SummaryLine(sum))
	fmt.Printf("targets %d  concurrency %d  cores %d  wall %.2fs  peak RSS %.1f MB (fake servers' process: %.1f MB)\n",
		spec.Targets, monitor.EffectiveConcurrency(concurrency, spec.Targets), runtime.NumCPU(),
		sum.Duration.Seconds(), mb(rss), mb(childRSS))
	if sum.Done != spec.Targets || sum.Duration > goalWall || rss > goalRSS {
		return fmt.Errorf("missed the goal: %d of %d done, %.2fs (goal %s), %.1f MB (goal 300 MB)",
			sum.Done, spec.Targets, sum.Duration.Seconds(), goalWall, mb(rss))
	}
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

// peakRSS is the process' high-water resident set size (Linux ru_maxrss
// is in KiB).
func peakRSS() (int64, error) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, fmt.Errorf("getrusage: %w", err)
	}
	return ru.Maxrss << 10, nil
}
