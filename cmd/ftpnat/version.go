package main

import "runtime/debug"

// releaseVersion is set at link time for releases (-ldflags "-X main.releaseVersion=1.2.3").
var releaseVersion = ""

// version is the release version, or the module version and VCS revision
// the binary was built from.
func version() string {
	if releaseVersion != "" {
		return releaseVersion
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "dev"
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	return v
}
