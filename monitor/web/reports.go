package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report"
)

// Render writes the HTML report of a finished diagnosis.
type Render func(w io.Writer, res *probe.Result) error

// Reports renders finished diagnoses and keeps them in a Store: it is the
// diagnosis API's keeper of reports (remote.Keeper).
type Reports struct {
	store  *Store
	render Render
}

// NewReports keeps the reports render writes in store.
func NewReports(store *Store, render Render) (*Reports, error) {
	if store == nil || render == nil {
		return nil, errors.New("web: reports need a store and a renderer")
	}
	return &Reports{store: store, render: render}, nil
}

// Keep renders res and keeps it; the link is relative to the page ("r/ID"),
// so that it works behind a reverse proxy that serves under a prefix.
func (r *Reports) Keep(res *probe.Result) (string, error) {
	var b bytes.Buffer
	if err := r.render(&b, res); err != nil {
		return "", fmt.Errorf("render the report: %w", err)
	}
	id, err := r.store.Put(b.Bytes())
	if err != nil {
		return "", err
	}
	return reportPrefix + id, nil
}

// reportPrefix is where kept reports are served, relative to the page.
const reportPrefix = "r/"

// HTMLRender is the renderer of `--format html`, for tool: the report
// with its topology and ladder.
func HTMLRender(tool report.Tool) Render {
	return func(w io.Writer, res *probe.Result) error {
		return report.WriteHTML(w, *res, report.HTMLOptions{Tool: tool})
	}
}
