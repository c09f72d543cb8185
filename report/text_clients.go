package report

import "github.com/ftpnat/ftpnat/probe"

// clients prints which common clients cope with the finding and which
// fail, in one short paragraph from the clients table.
func (t *textWriter) clients(f probe.Finding) {
	c, ok := ClientsFor(f)
	if !ok {
		return
	}
	t.line("  " + t.p.label.Sprint("Clients"))
	t.prose(4, c.Line()+" (docs/clients.md)", nil)
}

// explainClients prints, for `ftpnat explain`, the client verdicts of
// every situation the finding can report.
func (t *textWriter) explainClients(id string) {
	cs := ClientsForID(id)
	if len(cs) == 0 {
		return
	}
	t.line("")
	t.line(t.p.label.Sprint("Clients") + "  (docs/clients.md has the conditions and sources)")
	for _, c := range cs {
		t.prose(2, c.Title+":", nil)
		t.prose(4, c.Line(), nil)
	}
}
