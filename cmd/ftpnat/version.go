package main

import "runtime/debug"

// releaseVersion is set at link time for releases (-ldflags "-X main.releaseVersion=1.2.3").
var releaseVersion = ""

// version is the release version, or else what the build recorded: the
// module version (go install ...@v1.2.3, or a pseudo-version that already
// names the commit), or the VCS revision of a build from a checkout.
func version() string {
	if releaseVersion != "" {
		return releaseVersion
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return buildVersion(bi.Main.Version, bi.Settings)
}

// buildVersion names one version from build information, never the
// revision twice: a module version is used as it is, since a pseudo-version
// (v0.0.0-20260101120000-abcdef123456+dirty) already carries the commit.
func buildVersion(mainVersion string, settings []debug.BuildSetting) string {
	if mainVersion != "" && mainVersion != "(devel)" {
		return mainVersion
	}
	var rev string
	var modified bool
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "dev+" + rev[:min(12, len(rev))]
	if modified {
		v += ".dirty"
	}
	return v
}
