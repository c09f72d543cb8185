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
