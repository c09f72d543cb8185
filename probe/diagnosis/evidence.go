package diagnosis

import (
	"fmt"
	"strings"
)

// listingEvidence is a listing's exchange in the order it happened: the
// passive command and its reply, the data connection, the listing command
// and its first reply, what came on the data connection, the final reply,
// then the error when no reply already says it.
func listingEvidence(tr Transfer, dataLine string) []string {
	var ev []string
	rs := tr.Replies
	if len(rs) > 0 && tr.Via != "" && (rs[0].Code == 227 || rs[0].Code == 229 || tr.Stage == StagePassive) {
		ev = append(ev, EvidenceSent+tr.Via)
		ev = append(ev, recvLines(&rs[0])...)
		rs = rs[1:]
	}
	if dataLine != "" {
		ev = append(ev, dataLine)
	}
	if tr.Stage != StagePassive && tr.Stage != StageConnect {
		ev = append(ev, EvidenceSent+tr.Command)
	}
	if len(rs) > 0 {
		ev = append(ev, recvLines(&rs[0])...)
		rs = rs[1:]
	}
	if svc := DataService(tr.DataHead, tr.Protected); svc != "" {
		ev = append(ev, fmt.Sprintf("the data connection was answered by %s, not by the FTP server", svc))
	}
	for _, r := range rs {
		ev = append(ev, recvLines(&r)...)
	}
	if tr.Error != "" && (len(tr.Replies) == 0 || !strings.Contains(tr.Error, FirstLine(tr.Replies[len(tr.Replies)-1]))) {
		ev = append(ev, tr.Error)
	}
	return ev
}
