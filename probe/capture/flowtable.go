package capture

// flowTable tracks connections in two generations, a cheap stand-in for
// least-recently-used: new connections go to the young one; when it holds
// half the bound, the old generation is dropped (all but control
// connections) and the young one becomes old. A connection seen again while
// old moves back to the young one. At most max connections are tracked, and
// each packet costs a map lookup or two, never a scan.
type flowTable struct {
	young, old map[flowKey]*flow
	half       int
}

func newFlowTable(bound int) *flowTable {
	half := max(1, bound/2)
	return &flowTable{young: make(map[flowKey]*flow), old: make(map[flowKey]*flow), half: half}
}

func (t *flowTable) get(k flowKey) *flow {
	if f := t.young[k]; f != nil {
		return f
	}
	if f := t.old[k]; f != nil {
		delete(t.old, k)
		t.young[k] = f
		return f
	}
	return nil
}

func (t *flowTable) del(k flowKey) {
	delete(t.young, k)
	delete(t.old, k)
}

// put adds a connection and reports how many were forgotten to make room.
func (t *flowTable) put(k flowKey, f *flow) int {
	dropped := 0
	if len(t.young) >= t.half {
		next := make(map[flowKey]*flow, t.half/4)
		for k, f := range t.old {
			if f.ctl != nil {
				next[k] = f
			} else {
				dropped++
			}
		}
		t.old, t.young = t.young, next
	}
	t.young[k] = f
	return dropped
}
