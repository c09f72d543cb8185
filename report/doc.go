// Package report turns a probe.Result into words: the finding catalog
// (title, explanation, fixes per server software and per network device,
// filled in with the observed values), the text renderer, the JSON report
// (schema version 1), the self-contained HTML report, `ftpnat explain` and
// the generated findings reference.
//
// It never speaks FTP; it only reads what the probe recorded.
package report
