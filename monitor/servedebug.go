package monitor

import (
	"fmt"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// writeDebug answers &debug=true as blackbox_exporter does: the diagnosis
// in words, then the metrics a scrape would have returned.
func writeDebug(w http.ResponseWriter, req probeRequest, res probe.Result, reg *prometheus.Registry) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "Diagnosis of %s with module %q (timeout %s):\n\n", req.target, req.module.name, req.timeout)
	if err := report.WriteText(w, res, report.TextOptions{}); err != nil {
		fmt.Fprintf(w, "\n(report: %v)\n", err)
	}
	fmt.Fprint(w, "\nMetrics that would have been returned:\n")
	mfs, err := reg.Gather()
	if err != nil {
		fmt.Fprintf(w, "(gather: %v)\n", err)
	}
	for _, mf := range mfs {
		if _, err := expfmt.MetricFamilyToText(w, mf); err != nil {
			return
		}
	}
}
