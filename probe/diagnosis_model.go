// Code below re-exports the facts model and the pure diagnosis so that the
// engine and its callers speak one vocabulary; each is defined once, in
// package diagnosis.

package probe

import "github.com/ftpnat/ftpnat/probe/diagnosis"

// Types of the facts model and the diagnosis.
type (
	ActiveFacts   = diagnosis.ActiveFacts
	ActiveTest    = diagnosis.ActiveTest
	AddrClass     = diagnosis.AddrClass
	CertProblem   = diagnosis.CertProblem
	Certificate   = diagnosis.Certificate
	Diagnosis     = diagnosis.Diagnosis
	Dial          = diagnosis.Dial
	EPSV          = diagnosis.EPSV
	ErrorKind     = diagnosis.ErrorKind
	Facts         = diagnosis.Facts
	Family        = diagnosis.Family
	Features      = diagnosis.Features
	Finding       = diagnosis.Finding
	PASV          = diagnosis.PASV
	Params        = diagnosis.Params
	PassiveSample = diagnosis.PassiveSample
	Path          = diagnosis.Path
	PathID        = diagnosis.PathID
	PathOutcome   = diagnosis.PathOutcome
	Phase         = diagnosis.Phase
	Timing        = diagnosis.Timing
	PolicyOutcome = diagnosis.PolicyOutcome
	PortLists     = diagnosis.PortLists
	PortRange     = diagnosis.PortRange
	PortSpan      = diagnosis.PortSpan
	Program       = diagnosis.Program
	RangeScan     = diagnosis.RangeScan
	RangeSource   = diagnosis.RangeSource
	Reach         = diagnosis.Reach
	Reply         = diagnosis.Reply
	SessionError  = diagnosis.SessionError
	HeldForData   = diagnosis.HeldForData
	SessionFacts  = diagnosis.SessionFacts
	Severity      = diagnosis.Severity
	Software      = diagnosis.Software
	Status        = diagnosis.Status
	StdClient     = diagnosis.StdClient
	Syst          = diagnosis.Syst
	TLSFacts      = diagnosis.TLSFacts
	TLSMode       = diagnosis.TLSMode
	TLSPolicy     = diagnosis.TLSPolicy
	Transfer      = diagnosis.Transfer
	TransferStage = diagnosis.TransferStage
	Transport     = diagnosis.Transport
	Vantage       = diagnosis.Vantage
	Verdict       = diagnosis.Verdict
)

// Constants of the facts model and the diagnosis.
const (
	CertNone                       = diagnosis.CertNone
	CertExpired                    = diagnosis.CertExpired
	CertNotYetValid                = diagnosis.CertNotYetValid
	CertNameMismatch               = diagnosis.CertNameMismatch
	CertSelfSigned                 = diagnosis.CertSelfSigned
	CertUntrusted                  = diagnosis.CertUntrusted
	CertOther                      = diagnosis.CertOther
	ClassCGNAT                     = diagnosis.ClassCGNAT
	ClassDocumentation             = diagnosis.ClassDocumentation
	ClassLinkLocal                 = diagnosis.ClassLinkLocal
	ClassLoopback                  = diagnosis.ClassLoopback
	ClassMulticast                 = diagnosis.ClassMulticast
	ClassPrivate                   = diagnosis.ClassPrivate
	DefaultCertWarnDays            = diagnosis.DefaultCertWarnDays
	ClassPublic                    = diagnosis.ClassPublic
	ClassReserved                  = diagnosis.ClassReserved
	ClassUnspecified               = diagnosis.ClassUnspecified
	EPSVFormatMultiLine            = diagnosis.EPSVFormatMultiLine
	EPSVFormatOtherDelimiter       = diagnosis.EPSVFormatOtherDelimiter
	EPSVFormatOtherText            = diagnosis.EPSVFormatOtherText
	EPSVFormatRFC2428              = diagnosis.EPSVFormatRFC2428
	ErrKindClosed                  = diagnosis.ErrKindClosed
	ErrKindLimit                   = diagnosis.ErrKindLimit
	ErrKindProtocol                = diagnosis.ErrKindProtocol
	ErrKindTimeout                 = diagnosis.ErrKindTimeout
	EvidenceRecv                   = diagnosis.EvidenceRecv
	EvidenceSent                   = diagnosis.EvidenceSent
	FindingALGDataPortsInspection  = diagnosis.FindingALGDataPortsInspection
	FindingALGPASVRewritten        = diagnosis.FindingALGPASVRewritten
	FindingALGReplyDropped         = diagnosis.FindingALGReplyDropped
	FindingALGSystMasked           = diagnosis.FindingALGSystMasked
	FindingActiveNoConnectBack     = diagnosis.FindingActiveNoConnectBack
	FindingActivePortRejected      = diagnosis.FindingActivePortRejected
	FindingBannerLeaksPrivateAddr  = diagnosis.FindingBannerLeaksPrivateAddr
	FindingControlNoGreeting       = diagnosis.FindingControlNoGreeting
	FindingControlSessionFailed    = diagnosis.FindingControlSessionFailed
	FindingControlUnreachable      = diagnosis.FindingControlUnreachable
	FindingDNSUnresolved           = diagnosis.FindingDNSUnresolved
	FindingDataPortFiltered        = diagnosis.FindingDataPortFiltered
	FindingDataPortRefused         = diagnosis.FindingDataPortRefused
	FindingDataTransferFailed      = diagnosis.FindingDataTransferFailed
	FindingEPSVUnsupported         = diagnosis.FindingEPSVUnsupported
	FindingEPSVMalformed           = diagnosis.FindingEPSVMalformed
	FindingControlHeldForData      = diagnosis.FindingControlHeldForData
	FindingFamilyControlBlocked    = diagnosis.FindingFamilyControlBlocked
	FindingBalancerNoAffinity      = diagnosis.FindingBalancerNoAffinity
	FindingVantageInside           = diagnosis.FindingVantageInside
	FindingVantageNoHairpin        = diagnosis.FindingVantageNoHairpin
	FindingFamilyDataBlocked       = diagnosis.FindingFamilyDataBlocked
	FindingLoginFailed             = diagnosis.FindingLoginFailed
	FindingPASVMalformed           = diagnosis.FindingPASVMalformed
	FindingPASVMismatch            = diagnosis.FindingPASVMismatch
	FindingPASVUnroutable          = diagnosis.FindingPASVUnroutable
	FindingPASVUnsupported         = diagnosis.FindingPASVUnsupported
	FindingPassivePortRange        = diagnosis.FindingPassivePortRange
	FindingRangePartiallyBlocked   = diagnosis.FindingRangePartiallyBlocked
	FindingTLSCertificateInvalid   = diagnosis.FindingTLSCertificateInvalid
	FindingTLSCertificateExpiring  = diagnosis.FindingTLSCertificateExpiring
	FindingTLSDataFailed           = diagnosis.FindingTLSDataFailed
	FindingTLSHandshakeFailed      = diagnosis.FindingTLSHandshakeFailed
	FindingTLSNotOffered           = diagnosis.FindingTLSNotOffered
	FindingTLSSessionReuseRequired = diagnosis.FindingTLSSessionReuseRequired
	IPv4                           = diagnosis.IPv4
	IPv6                           = diagnosis.IPv6
	PASVFormatEquals               = diagnosis.PASVFormatEquals
	PASVFormatMultiLine            = diagnosis.PASVFormatMultiLine
	PASVFormatNoParentheses        = diagnosis.PASVFormatNoParentheses
	PASVFormatOtherText            = diagnosis.PASVFormatOtherText
	PASVFormatParenthesesOnly      = diagnosis.PASVFormatParenthesesOnly
	PASVFormatRFC959               = diagnosis.PASVFormatRFC959
	ParamAdvertisedAddress         = diagnosis.ParamAdvertisedAddress
	ParamAnyPort                   = diagnosis.ParamAnyPort
	ParamNotAfter                  = diagnosis.ParamNotAfter
	ParamDaysLeft                  = diagnosis.ParamDaysLeft
	ParamClientAddress             = diagnosis.ParamClientAddress
	ParamClientPublicAddress       = diagnosis.ParamClientPublicAddress
	ParamClientNetwork             = diagnosis.ParamClientNetwork
	ParamControlPort               = diagnosis.ParamControlPort
	ParamServerPort                = diagnosis.ParamServerPort
	ParamFamily                    = diagnosis.ParamFamily
	ParamHost                      = diagnosis.ParamHost
	ParamPortMax                   = diagnosis.ParamPortMax
	ParamPortMin                   = diagnosis.ParamPortMin
	ParamPublicAddress             = diagnosis.ParamPublicAddress
	ParamRangeObserved             = diagnosis.ParamRangeObserved
	ParamRangeSource               = diagnosis.ParamRangeSource
	RangeConfigured                = diagnosis.RangeConfigured
	RangeObserved                  = diagnosis.RangeObserved
	RangeRecommended               = diagnosis.RangeRecommended
	ParamServerAddress             = diagnosis.ParamServerAddress
	ParamSpread                    = diagnosis.ParamSpread
	ParamWorkingAddress            = diagnosis.ParamWorkingAddress
	ParamWorkingFamily             = diagnosis.ParamWorkingFamily
	PolicyAllowed                  = diagnosis.PolicyAllowed
	PolicyNotTested                = diagnosis.PolicyNotTested
	PolicyRefused                  = diagnosis.PolicyRefused
	PolicyUnknown                  = diagnosis.PolicyUnknown
	ReachFiltered                  = diagnosis.ReachFiltered
	ReachNotTested                 = diagnosis.ReachNotTested
	ReachOpen                      = diagnosis.ReachOpen
	ReachRefused                   = diagnosis.ReachRefused
	ReachUnreachable               = diagnosis.ReachUnreachable
	RecommendedPortMax             = diagnosis.RecommendedPortMax
	RecommendedPortMin             = diagnosis.RecommendedPortMin
	SeverityCritical               = diagnosis.SeverityCritical
	SeverityInfo                   = diagnosis.SeverityInfo
	SeverityWarning                = diagnosis.SeverityWarning
	SoftwareFileZilla              = diagnosis.SoftwareFileZilla
	SoftwareIIS                    = diagnosis.SoftwareIIS
	SoftwareOther                  = diagnosis.SoftwareOther
	SoftwareProFTPD                = diagnosis.SoftwareProFTPD
	SoftwarePureFTPd               = diagnosis.SoftwarePureFTPd
	SoftwareServU                  = diagnosis.SoftwareServU
	SoftwareUnknown                = diagnosis.SoftwareUnknown
	SoftwareVsftpd                 = diagnosis.SoftwareVsftpd
	SoftwareAWS                    = diagnosis.SoftwareAWS
	SoftwareAioftp                 = diagnosis.SoftwareAioftp
	SoftwareBitvise                = diagnosis.SoftwareBitvise
	SoftwareCerberus               = diagnosis.SoftwareCerberus
	SoftwareCrushFTP               = diagnosis.SoftwareCrushFTP
	SoftwareGlFTPd                 = diagnosis.SoftwareGlFTPd
	SoftwareInetutils              = diagnosis.SoftwareInetutils
	SoftwareNetkit                 = diagnosis.SoftwareNetkit
	SoftwarePyftpdlib              = diagnosis.SoftwarePyftpdlib
	SoftwareTitan                  = diagnosis.SoftwareTitan
	SoftwareTwisted                = diagnosis.SoftwareTwisted
	SoftwareWingFTP                = diagnosis.SoftwareWingFTP
	StageCommand                   = diagnosis.StageCommand
	StageConnect                   = diagnosis.StageConnect
	StageControl                   = diagnosis.StageControl
	StageData                      = diagnosis.StageData
	StageFinal                     = diagnosis.StageFinal
	StagePassive                   = diagnosis.StagePassive
	StageTLS                       = diagnosis.StageTLS
	StatusFailed                   = diagnosis.StatusFailed
	StatusNotTested                = diagnosis.StatusNotTested
	StatusOK                       = diagnosis.StatusOK
	StatusPartial                  = diagnosis.StatusPartial
	TLSAuto                        = diagnosis.TLSAuto
	TLSExplicit                    = diagnosis.TLSExplicit
	TLSImplicit                    = diagnosis.TLSImplicit
	TLSOff                         = diagnosis.TLSOff
	TransportExplicitTLS           = diagnosis.TransportExplicitTLS
	TransportImplicitTLS           = diagnosis.TransportImplicitTLS
	TransportPlain                 = diagnosis.TransportPlain
	VerdictCritical                = diagnosis.VerdictCritical
	VerdictOK                      = diagnosis.VerdictOK
	VerdictUnknown                 = diagnosis.VerdictUnknown
	VerdictWarning                 = diagnosis.VerdictWarning
)

// Functions of the diagnosis.
var (
	AnyOpen           = diagnosis.AnyOpen
	CompareFindings   = diagnosis.CompareFindings
	AddressesInText   = diagnosis.AddressesInText
	ClassifyAddr      = diagnosis.ClassifyAddr
	ClientReadings    = diagnosis.ClientReadings
	DataService       = diagnosis.DataService
	EPSVClients       = diagnosis.EPSVClients
	PASVClients       = diagnosis.PASVClients
	Diagnose          = diagnosis.Diagnose
	FamilyOf          = diagnosis.FamilyOf
	Fingerprint       = diagnosis.Fingerprint
	PipelinesCommands = diagnosis.PipelinesCommands
	FirstLine         = diagnosis.FirstLine
	FormatDuration    = diagnosis.FormatDuration
	FormatSpans       = diagnosis.FormatSpans
	LookupProgram     = diagnosis.LookupProgram
	ObservedRange     = diagnosis.ObservedRange
	ParseEPSV         = diagnosis.ParseEPSV
	ParseFEAT         = diagnosis.ParseFEAT
	ParsePASV         = diagnosis.ParsePASV
	ParsePWD          = diagnosis.ParsePWD
	ParseStatClient   = diagnosis.ParseStatClient
	ParseSYST         = diagnosis.ParseSYST
	SoftwareNames     = diagnosis.SoftwareNames
	SpansOf           = diagnosis.SpansOf
	Ports             = diagnosis.Ports
	Programs          = diagnosis.Programs
	ReferencePath     = diagnosis.ReferencePath
	Truncate          = diagnosis.Truncate
	VerdictOf         = diagnosis.VerdictOf
)

// Connection limits: refusals of the run's extra sessions.
type SessionRefusal = diagnosis.SessionRefusal

const (
	FindingConnectionLimit = diagnosis.FindingConnectionLimit
	ParamSessionLimit      = diagnosis.ParamSessionLimit
	SessionPlain           = diagnosis.SessionPlain
	SessionTLS             = diagnosis.SessionTLS
	SessionPolicy          = diagnosis.SessionPolicy
	SessionStdClient       = diagnosis.SessionStdClient
	SessionInfo            = diagnosis.SessionInfo
)

// LimitReply reports whether a refusal's wording names a connection limit.
var LimitReply = diagnosis.LimitReply
