package report

// ClientJSON is one client's verdict on a finding in the JSON report: the
// `clients` array of a finding (docs/clients.md).
type ClientJSON struct {
	Client   string `json:"client"`             // slug
	Name     string `json:"name"`               // display name
	Outcome  string `json:"outcome"`            // cope | fail | not_affected | unknown
	Versions string `json:"versions,omitempty"` // ">=7.74.0", "<7.74.0"; absent: every version
	Note     string `json:"note,omitempty"`     // the setting or condition the outcome depends on
}

// buildClients turns the clients table's verdicts into their JSON form.
func buildClients(c ClientCompat) []ClientJSON {
	out := make([]ClientJSON, len(c.Verdicts))
	for i, v := range c.Verdicts {
		out[i] = ClientJSON{Client: v.Client, Name: v.Name, Outcome: string(v.Outcome), Versions: v.Versions, Note: v.Note}
	}
	return out
}
