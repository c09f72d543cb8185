package report

import (
	"strconv"
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// byVersion lists the programs whose versions are configured differently:
// each chooses the playbook for the detected version. Fresh on every call.
func byVersion() map[string]func(version string) playbook {
	return map[string]func(string) playbook{
		probe.SoftwareFileZilla: func(version string) playbook {
			if major, ok := majorVersion(version); ok && major == 0 {
				return filezilla09Fixes()
			}
			return filezillaFixes()
		},
	}
}

// versionedBook is the target's playbook for the detected version.
func versionedBook(t target, version string) playbook {
	if choose, ok := byVersion()[t.slug]; ok {
		return choose(version)
	}
	return t.book
}

// majorVersion is the leading number of a version string ("0.9.60 beta"
// gives 0, "1.8.0" gives 1); ok is false when there is none.
func majorVersion(version string) (int, bool) {
	v := strings.TrimSpace(version)
	v = strings.TrimPrefix(strings.TrimPrefix(v, "version "), "v")
	end := strings.IndexFunc(v, func(r rune) bool { return r < '0' || r > '9' })
	if end == 0 || v == "" {
		return 0, false
	}
	if end > 0 {
		v = v[:end]
	}
	if len(v) > 6 {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}
