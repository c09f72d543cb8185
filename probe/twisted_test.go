package probe_test

import (
	"bufio"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ftpnat/ftpnat/probe"
)

// twistedPython finds a python3 that has Twisted (Debian python3-twisted,
// installed by fixtures/lab/install.sh). In CI a missing Twisted fails the
// test; elsewhere it skips.
func twistedPython(t *testing.T) string {
	t.Helper()
	var candidates []string
	for _, c := range []string{"/usr/bin/python3", "python3"} {
		if p, err := exec.LookPath(c); err == nil {
			candidates = append(candidates, p)
		}
	}
	for _, py := range candidates {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err := exec.CommandContext(ctx, py, "-c", "import twisted.protocols.ftp").Run()
		cancel()
		if err == nil {
			return py
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("python3 with Twisted not found: install python3-twisted (fixtures/lab/install.sh)")
	}
	t.Skip("python3 with Twisted not found (apt-get install python3-twisted)")
	return ""
}

// startTwisted runs testdata/twisted_ftpd.py on loopback and returns its
// port. The server stops when the test ends (its standard input closes).
func startTwisted(t *testing.T) int {
	t.Helper()
	py := twistedPython(t)
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "readme"), []byte("hello\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "twisted_ftpd.py"), root)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	// Twisted logs each data connection it gave up on; the log is kept
	// out of the test output and shown only when the server fails to start.
	logPath := filepath.Join(t.TempDir(), "twisted.log")
	logFile, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stderr = logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cancel()
			<-done
		}
		cancel()
	})
	line := make(chan string, 1)
	go func() {
		s := bufio.NewScanner(stdout)
		s.Buffer(make([]byte, 64), 64)
		if s.Scan() {
			line <- s.Text()
		}
		close(line)
	}()
	select {
	case l := <-line:
		port, err := strconv.Atoi(strings.TrimSpace(l))
		if err != nil {
			t.Fatalf("twisted_ftpd.py printed %q: %s", l, headOf(logPath))
		}
		return port
	case <-time.After(60 * time.Second):
		t.Fatalf("twisted_ftpd.py did not start within 60s: %s", headOf(logPath))
	}
	return 0
}

// headOf is the start of a log file, for a failure message.
func headOf(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return probe.Truncate(string(b), 2000)
}

// dataPortsRefused refuses every dial but the control port's, like a
// firewall that resets the data ports.
type dataPortsRefused struct{ control int }

func (d dataPortsRefused) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	_, p, _ := net.SplitHostPort(address)
	if p != strconv.Itoa(d.control) {
		return nil, &net.OpError{Op: "dial", Net: network, Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	}
	var nd net.Dialer
	return nd.DialContext(ctx, network, address)
}

// The real Twisted FTP server holds the next command until the data
// connection of its last 227 arrives. With its data ports reachable the
// diagnosis runs through; with them refused the report says the server
// waits for the data connection, not that the control session broke off.
func TestEngineRealTwisted(t *testing.T) {
	port := startTwisted(t)
	opts := func() probe.Options {
		return probe.Options{Host: "127.0.0.1", Port: port, TLS: probe.TLSOff, SkipStdClient: true,
			Timeout: 20 * time.Second, StepTimeout: 3 * time.Second, DataTimeout: time.Second}
	}

	t.Run("data ports reachable", func(t *testing.T) {
		res := probe.Run(context.Background(), opts())
		p := res.RefPath()
		if p.SessionError != nil {
			t.Fatalf("session error %+v; findings %v", p.SessionError, ids(res))
		}
		if p.Greeting == nil || !strings.Contains(p.Greeting.Raw(), "Twisted") {
			t.Errorf("greeting %+v", p.Greeting)
		}
		if len(p.PASV) < 2 || p.Transfer == nil || !p.Transfer.OK {
			t.Fatalf("%d PASV samples, transfer %+v", len(p.PASV), p.Transfer)
		}
		if res.Verdict == probe.VerdictCritical {
			t.Errorf("verdict %s, findings %v", res.Verdict, ids(res))
		}
	})

	t.Run("data ports refused", func(t *testing.T) {
		o := opts()
		o.Dialer = dataPortsRefused{control: port}
		res := probe.Run(context.Background(), o)
		if findingOf(res, probe.FindingControlSessionFailed) != nil {
			t.Errorf("raised %s; findings %v", probe.FindingControlSessionFailed, ids(res))
		}
		held := findingOf(res, probe.FindingControlHeldForData)
		if held == nil {
			t.Fatalf("no %s; findings %v, session error %+v", probe.FindingControlHeldForData, ids(res), res.RefPath().SessionError)
		}
		if !strings.Contains(held.Summary, "refused") {
			t.Errorf("summary %q", held.Summary)
		}
		if findingOf(res, probe.FindingDataPortRefused) == nil {
			t.Errorf("no %s; findings %v", probe.FindingDataPortRefused, ids(res))
		}
	})

	// Twisted gives up on the data connection after 10 seconds and answers
	// "550 internal server error", then the held command: with a reply
	// timeout longer than that, the session goes on.
	t.Run("data ports refused, Twisted gives up first", func(t *testing.T) {
		o := opts()
		o.Dialer = dataPortsRefused{control: port}
		o.StepTimeout, o.Timeout = 13*time.Second, 40*time.Second
		res := probe.Run(context.Background(), o)
		p := res.RefPath()
		if p.SessionError != nil {
			t.Fatalf("session error %+v; findings %v", p.SessionError, ids(res))
		}
		if h := p.HeldForData; h == nil || h.Late.Code != 550 || h.Wait < 9*time.Second {
			t.Fatalf("held %+v", p.HeldForData)
		}
		for _, bad := range []string{probe.FindingControlSessionFailed, probe.FindingPASVUnsupported} {
			if findingOf(res, bad) != nil {
				t.Errorf("raised %s; findings %v", bad, ids(res))
			}
		}
		if findingOf(res, probe.FindingControlHeldForData) == nil || findingOf(res, probe.FindingDataPortRefused) == nil {
			t.Errorf("findings %v", ids(res))
		}
	})
}
