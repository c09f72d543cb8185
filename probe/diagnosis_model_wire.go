package probe

import "github.com/ftpnat/ftpnat/probe/diagnosis"

// Finding IDs raised only from packet captures (ftpnat pcap).
const (
	FindingMiddleboxDroppedBetween = diagnosis.FindingMiddleboxDroppedBetween
	FindingMiddleboxNATMapping     = diagnosis.FindingMiddleboxNATMapping
)
