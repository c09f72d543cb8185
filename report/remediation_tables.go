package report

import "sync"

// remedies are the playbooks every finding's fixes come from, built on
// first use and never changed after: a report fills in the fixes of each
// of its findings (a batch, of every target), and building the tables
// afresh for each was most of what that cost. Nothing writes to them; a
// playbook that differs from the table's (another version of a program,
// see versionedBook) is built on its own.
type remedies struct {
	servers []target            // in the order of the program registry
	network []target            // in display order
	topics  map[string]playbook // by target slug (see topicFixes)
}

var remedyTables = sync.OnceValue(func() remedies {
	return remedies{servers: sortedServers(), network: network(), topics: buildTopicFixes()}
})
