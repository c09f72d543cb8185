package probe

import "github.com/ftpnat/ftpnat/probe/diagnosis"

// The fingerprint of the server program (see probe/diagnosis).
type (
	FingerprintEvidence = diagnosis.FingerprintEvidence
	FingerprintSign     = diagnosis.FingerprintSign
)

// Functions of the fingerprint.
var (
	FingerprintSources = diagnosis.FingerprintSources
	FingerprintSigns   = diagnosis.FingerprintSigns
)
