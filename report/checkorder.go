package report

import (
	"slices"

	"github.com/ftpnat/ftpnat/probe"
)

// stepOrder is the order of a session's steps as a client meets them:
// the finished list of checks follows it, whatever order concurrent
// steps happened to finish in, so two runs read alike.
func stepOrder() []string {
	return []string{
		probe.StepResolve,
		probe.StepConnect,
		probe.StepImplicit,
		probe.StepGreeting,
		probe.StepFeat,
		probe.StepAuthTLS,
		probe.StepLogin,
		probe.StepSyst,
		probe.StepPwd,
		probe.StepStat,
		probe.StepHelp,
		probe.StepType,
		probe.StepProtect,
		probe.StepProtC,
		probe.StepPASV,
		probe.StepEPSV,
		probe.StepDataPorts,
		probe.StepDataPorts + "-recheck",
		probe.StepTransfer,
		probe.StepTLSData,
		probe.StepNoResume,
		probe.StepTLSPolicy,
		probe.StepActive,
		probe.StepRange,
		probe.StepStdClient,
		probe.StepQuit,
	}
}

// orderChecks sorts checks by path — the run's own steps first, then the
// paths in the result's order — and within a path by stepOrder; steps
// it does not know keep their order after the known ones.
func orderChecks(checks []probe.Check, paths []probe.PathID) []probe.Check {
	pathRank := func(id probe.PathID) int {
		if id == (probe.PathID{}) {
			return -1
		}
		if i := slices.Index(paths, id); i >= 0 {
			return i
		}
		return len(paths)
	}
	order := stepOrder()
	stepRank := func(name string) int {
		if i := slices.Index(order, name); i >= 0 {
			return i
		}
		return len(order)
	}
	out := slices.Clone(checks)
	slices.SortStableFunc(out, func(a, b probe.Check) int {
		if d := pathRank(a.Path) - pathRank(b.Path); d != 0 {
			return d
		}
		return stepRank(a.Name) - stepRank(b.Name)
	})
	return out
}

// OrderedChecks are the result's checks in the order every view lists
// them (see orderChecks).
func OrderedChecks(res probe.Result) []probe.Check {
	return orderChecks(res.Checks, resultPaths(res))
}

// resultPaths are the IDs of the result's paths, in its order.
func resultPaths(res probe.Result) []probe.PathID {
	var ids []probe.PathID
	for _, p := range res.Facts.Paths {
		ids = append(ids, p.PathID)
	}
	return ids
}
