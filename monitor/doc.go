// Package monitor is ftpnat's scheduled use: the monitoring-plugin check,
// batch diagnosis of many targets, the Prometheus multi-target exporter
// (serve) and the repeating watch with change detection and textfile
// metrics. It drives the probe and words results with report; it never
// speaks FTP itself.
//
// Every mode reads a diagnosis the same way (Evaluate): the probe's verdict
// as a monitoring-plugin state, except that a diagnosis the overall timeout
// cut short is CRITICAL with the step it was stuck in, never UNKNOWN — a
// server that does not answer in time is a failure of the server, not of
// the check.
package monitor
