package capture

import (
	"context"
	"testing"

	synth "github.com/ftpnat/ftpnat/internal/pcapsynth"
)

// benchSize is the synthetic capture BenchmarkReadCapture reads: 1 GiB.
const benchSize = 1 << 30

// BenchmarkReadCapture reads a 1 GiB synthetic capture generated as it
// is read (no disk): one FTP session, then data connections of full-sized
// segments. It reports MB/s; make pcapbench also checks the peak RSS.
func BenchmarkReadCapture(b *testing.B) {
	b.SetBytes(benchSize)
	for b.Loop() {
		in, err := synth.Stream(benchSize)
		if err != nil {
			b.Fatal(err)
		}
		c, err := Read(context.Background(), in, "synthetic", Options{})
		if err != nil {
			b.Fatal(err)
		}
		if len(c.Controls) != 1 || c.Files[0].Error != "" {
			b.Fatalf("%d controls, error %q", len(c.Controls), c.Files[0].Error)
		}
	}
}

// TestStreamReads: the benchmark's generated capture is a valid one.
func TestStreamReads(t *testing.T) {
	in, err := synth.Stream(4 << 20)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Read(context.Background(), in, "synthetic", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Controls) != 1 || c.Undecoded != 0 || len(c.Conns) < 40 || c.Files[0].Error != "" {
		t.Fatalf("%d controls, %d undecoded, %d conns; file %+v", len(c.Controls), c.Undecoded, len(c.Conns), c.Files)
	}
}
