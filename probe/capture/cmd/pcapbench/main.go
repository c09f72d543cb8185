// Command pcapbench reads a synthetic packet capture of a given size,
// generated as it is read, through the capture reader and prints the rate
// and the process's peak RSS; it fails when the rate is below -min-mbps or
// the peak RSS above -max-rss-mb (make pcapbench).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	synth "github.com/ftpnat/ftpnat/internal/pcapsynth"
	"github.com/ftpnat/ftpnat/probe/capture"
)

func main() {
	size := flag.Int64("size", 1<<30, "bytes of capture to read")
	minRate := flag.Float64("min-mbps", 200, "fail below this many MB/s (10^6 bytes)")
	maxRSS := flag.Float64("max-rss-mb", 100, "fail above this peak RSS, in MB (2^20 bytes)")
	scan := flag.Bool("scan", false, "connection attempts only, each from a new address: the most connections per byte")
	flag.Parse()
	capture.LimitMemory() // as ftpnat pcap does
	if err := run(*size, *minRate, *maxRSS, *scan); err != nil {
		fmt.Fprintln(os.Stderr, "pcapbench:", err)
		os.Exit(1)
	}
}

func run(size int64, minRate, maxRSS float64, scan bool) error {
	stream := synth.Stream
	if scan {
		stream = synth.ScanStream
	}
	in, err := stream(size)
	if err != nil {
		return fmt.Errorf("generate capture: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	c, err := capture.Read(ctx, in, "synthetic", capture.Options{})
	if err != nil {
		return fmt.Errorf("read capture: %w", err)
	}
	took := time.Since(start)
	hwm, err := peakRSS()
	if err != nil {
		return fmt.Errorf("read peak RSS: %w", err)
	}
	file := c.Bytes + 16*c.Packets + 24
	rate := float64(file) / took.Seconds() / 1e6
	rss := float64(hwm) / (1 << 20)
	load, _ := os.ReadFile("/proc/loadavg")
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	fmt.Printf("read %.0f MB (%d packets, %d connections kept, %d forgotten, %d control) in %.2f s: %.0f MB/s (%.0f MB per CPU second, %.2f s CPU); peak RSS %.1f MB; %d CPUs, load %s\n",
		float64(file)/1e6, c.Packets, len(c.Conns), c.Dropped, len(c.Controls), took.Seconds(), rate,
		float64(file)/cpu.Seconds()/1e6, cpu.Seconds(), rss, runtime.NumCPU(), strings.TrimSpace(string(load)))
	var fails []string
	if rate < minRate {
		fails = append(fails, fmt.Sprintf("rate %.0f MB/s below %.0f", rate, minRate))
	}
	if rss > maxRSS {
		fails = append(fails, fmt.Sprintf("peak RSS %.1f MB above %.0f", rss, maxRSS))
	}
	if len(fails) > 0 {
		return fmt.Errorf("%s", strings.Join(fails, "; "))
	}
	return nil
}

// peakRSS is the process's peak resident set (VmHWM), in bytes.
func peakRSS() (int64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
