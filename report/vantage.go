package report

import "github.com/ftpnat/ftpnat/probe"

// VantageLabel says where a diagnosis ran when it did not run here —
// "from remote probe probe.example.net" — and is "" for a local run. The
// text report, the TUI and the comparison all say it in these words.
func VantageLabel(res probe.Result) string {
	return RemoteLabel(res.Facts.Vantage.Remote)
}

// RemoteLabel is VantageLabel for a remote probe's host ("" for none).
func RemoteLabel(host string) string {
	if host == "" {
		return ""
	}
	return "from remote probe " + sanitize(host)
}
