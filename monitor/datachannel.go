package monitor

import "github.com/ftpnat/ftpnat/probe"

// Data-channel modes, as metric label values and perfdata labels.
const (
	ModePASV = "pasv" // PASV endpoints answering at the control peer's address
	ModeEPSV = "epsv"
	ModeList = "list" // the real directory listing over a passive data connection
	ModeTLS  = "tls"  // protected (PROT P) listings in the TLS session
	ModePORT = "port" // active mode, --active only
	ModeEPRT = "eprt"
)

// DataChannel counts the data connections one mode tried and how many
// worked.
type DataChannel struct {
	Mode   string
	Tried  int
	Worked int
}

// Success is true when the mode was tried and every attempt worked: a
// passive range that answers only sometimes fails clients sometimes.
func (d DataChannel) Success() bool { return d.Tried > 0 && d.Worked == d.Tried }

// DataChannels lists the modes the diagnosis exercised, in a fixed order;
// a mode that was never tried (TLS off, no --active, a login that failed)
// is absent rather than reported as failing.
func DataChannels(res probe.Result) []DataChannel {
	f := res.RefPath()
	var out []DataChannel
	add := func(d DataChannel) {
		if d.Tried > 0 {
			out = append(out, d)
		}
	}
	add(samples(ModePASV, f.PASV))
	add(samples(ModeEPSV, f.EPSV))
	if t := f.Transfer; t != nil {
		add(DataChannel{Mode: ModeList, Tried: 1, Worked: btoi(t.OK)})
	}
	if t := res.TLSFacts(); t != nil {
		d := DataChannel{Mode: ModeTLS, Tried: len(t.Transfers)}
		for _, tr := range t.Transfers {
			d.Worked += btoi(tr.OK)
		}
		add(d)
	}
	if a := f.Active; a != nil && a.Tested {
		add(active(ModePORT, a.PORT))
		add(active(ModeEPRT, a.EPRT))
	}
	return out
}

func samples(mode string, ss []probe.PassiveSample) DataChannel {
	d := DataChannel{Mode: mode}
	for _, s := range ss {
		if s.Usable() && s.Peer.Reach == probe.ReachNotTested {
			continue // set aside (a reset that raced the next command) and measured again
		}
		d.Tried++
		if s.Usable() && s.Peer.Reach == probe.ReachOpen {
			d.Worked++
		}
	}
	return d
}

func active(mode string, t *probe.ActiveTest) DataChannel {
	if t == nil || t.Command == "" {
		return DataChannel{Mode: mode}
	}
	return DataChannel{Mode: mode, Tried: 1, Worked: btoi(t.OK)}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
