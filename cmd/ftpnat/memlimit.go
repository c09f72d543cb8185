package main

import (
	"math"
	"os"
	"runtime/debug"
)

// diagnosisMemLimit is the soft heap limit of a process that runs one
// diagnosis at a time (diagnose, demo, check, watch): its heap is a few MB,
// and against a server that streams without end every read is bounded, but
// on a busy machine the collector falls behind what the bounded reads
// allocate and dropped; the limit makes it keep up, so the whole process
// stays well under 64 MB. Commands that hold more (batch, serve, pcap) set
// their own.
const diagnosisMemLimit = 32 << 20

// limitMemory sets the soft heap limit unless GOMEMLIMIT says otherwise.
func limitMemory(limit int64) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(limit)
	}
}

// unlimitMemory lifts the process-wide default for a command that runs
// many diagnoses at once and sizes its memory by its own settings.
func unlimitMemory() { limitMemory(math.MaxInt64) }
