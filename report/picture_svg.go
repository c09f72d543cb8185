package report

func topologySVG(t Topology) string { return "" }

func ladderSVG(l Ladder) string { return "" }
