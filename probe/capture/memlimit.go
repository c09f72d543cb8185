package capture

import (
	"os"
	"runtime/debug"
)

// MemoryLimit is the soft heap limit a process that reads captures (ftpnat
// pcap) sets for itself: the reader's bounds keep its live data well under
// it, and near it the collector runs sooner, so the resident set stays
// small on captures of millions of connections.
const MemoryLimit = 80 << 20

// LimitMemory sets MemoryLimit as the process's soft memory limit unless
// the user chose one (GOMEMLIMIT). It is for a main package to call; the
// reader itself never changes process settings.
func LimitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
}
