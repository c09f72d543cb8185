package diagnosis

// Source says where a diagnosis's facts came from when it was not a live
// run: packet captures read offline.
type Source struct {
	Kind  string   // SourceCapture
	Files []string // the capture files, as named
	// Unseen are the things the source cannot show, in words: what the
	// client never tried, whether a port nobody dialled is open, …
	Unseen []string
	// Notes are what was lost or doubtful while reading it (truncated file,
	// gaps, connections dropped to stay in bounds).
	Notes []string
}

// SourceCapture marks facts read from packet captures.
const SourceCapture = "capture"
