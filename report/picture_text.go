package report

func topologyText(t Topology, opts PictureOptions) string { return "" }

func ladderText(l Ladder, opts PictureOptions) string { return "" }
