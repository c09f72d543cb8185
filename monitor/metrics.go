package monitor

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ftpnat/ftpnat/probe"
)

// Probe metric descriptions. Names follow blackbox_exporter where it has
// one (probe_success, probe_duration_seconds, probe_timeout_seconds,
// probe_ssl_earliest_cert_expiry) so its dashboards and alerts carry over.
var (
	descSuccess = prometheus.NewDesc("probe_success",
		"Whether the FTP diagnosis passed: 1 for a verdict of ok or warning, 0 for critical, unknown or a timeout.", nil, nil)
	descDuration = prometheus.NewDesc("probe_duration_seconds",
		"How long the diagnosis took.", nil, nil)
	descTimeout = prometheus.NewDesc("probe_timeout_seconds",
		"The time the diagnosis was allowed (scrape timeout less the offset, capped by the module's timeout).", nil, nil)
	descPhase = prometheus.NewDesc("probe_ftp_phase_duration_seconds",
		"Duration of each step of the diagnosis, summed when a step runs more than once.", []string{"phase"}, nil)
	descFinding = prometheus.NewDesc("probe_ftp_finding",
		"A finding of the diagnosis (always 1); see docs/findings.md for the IDs.", []string{"id", "severity"}, nil)
	descIgnored = prometheus.NewDesc("probe_ftp_finding_ignored",
		"A finding the module's ignore list took out of the state and probe_success (always 1).", []string{"id"}, nil)
	descDataChannel = prometheus.NewDesc("probe_ftp_data_channel_success",
		"Whether every data connection of a mode worked (1) or not (0); absent when the mode was not tried.", []string{"mode"}, nil)
	descStatus = prometheus.NewDesc("probe_ftp_status",
		"The monitoring-plugin state of the diagnosis: 0 ok, 1 warning, 2 critical (a timeout included), 3 unknown.", nil, nil)
	descTimedOut = prometheus.NewDesc("probe_ftp_timed_out",
		"Whether the time allowed ended the diagnosis before it finished.", nil, nil)
	descCertExpiry = prometheus.NewDesc("probe_ssl_earliest_cert_expiry",
		"Expiry of the server's TLS certificate as a Unix timestamp; absent without TLS.", nil, nil)
)

// ResultCollector exposes one finished diagnosis as metrics. It is built
// per probe and registered in a fresh registry, so nothing outlives the
// request that made it.
type ResultCollector struct {
	Result  probe.Result
	Outcome Outcome
	// Timeout is the time the diagnosis was allowed; 0 leaves
	// probe_timeout_seconds out.
	Timeout time.Duration
}

// Describe sends the descriptions of every metric the collector can emit.
func (c ResultCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{descSuccess, descDuration, descTimeout, descPhase, descFinding, descIgnored,
		descDataChannel, descStatus, descTimedOut, descCertExpiry} {
		ch <- d
	}
}

// Collect sends the metrics of the result as const metrics.
func (c ResultCollector) Collect(ch chan<- prometheus.Metric) {
	gauge := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v, labels...)
	}
	res := c.Result
	gauge(descSuccess, boolValue(c.Outcome.State == StateOK || c.Outcome.State == StateWarning))
	gauge(descDuration, res.Duration.Seconds())
	if c.Timeout > 0 {
		gauge(descTimeout, c.Timeout.Seconds())
	}
	gauge(descStatus, float64(c.Outcome.State))
	gauge(descTimedOut, boolValue(res.Facts.TimedOut))
	for _, p := range PhaseTotals(res.Facts) {
		gauge(descPhase, p.Duration.Seconds(), p.Name)
	}
	seen := make(map[[2]string]bool, len(res.Findings))
	for _, f := range res.Findings {
		// A finding ID can be raised twice (plaintext and TLS session);
		// a series must appear once.
		key := [2]string{f.ID, string(f.Severity)}
		if !seen[key] {
			seen[key] = true
			gauge(descFinding, 1, key[0], key[1])
		}
	}
	for _, id := range c.Outcome.ignoredIDs() {
		if !seen[[2]string{id, "ignored"}] {
			seen[[2]string{id, "ignored"}] = true
			gauge(descIgnored, 1, id)
		}
	}
	for _, d := range DataChannels(res) {
		gauge(descDataChannel, boolValue(d.Success()), d.Mode)
	}
	if t := res.TLSFacts(); t != nil && t.Certificate != nil && !t.Certificate.NotAfter.IsZero() {
		gauge(descCertExpiry, float64(t.Certificate.NotAfter.Unix()))
	}
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
