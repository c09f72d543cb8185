package monitor

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// writeDebug answers &debug=true as blackbox_exporter does: the diagnosis
// in words with the control-channel transcript, then the metrics a scrape
// would have returned. PASS arguments are redacted in the transcript
// already; the module's password is masked once more over the whole text,
// in case a server echoes it back in a reply.
func writeDebug(w http.ResponseWriter, req probeRequest, res probe.Result, reg *prometheus.Registry) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintf(w, "Diagnosis of %s with module %q (timeout %s):\n\n", req.target, req.module.name, req.timeout)
	var text bytes.Buffer
	if err := report.WriteText(&text, res, report.TextOptions{Transcript: true}); err != nil {
		fmt.Fprintf(&text, "\n(report: %v)\n", err)
	}
	out := text.String()
	if pw := req.module.opts.Password; pw != "" {
		out = strings.ReplaceAll(out, pw, "****")
	}
	fmt.Fprint(w, out)
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
