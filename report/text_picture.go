package report

import (
	"strings"

	"github.com/ftpnat/ftpnat/probe"
)

// maxPictureWidth bounds the topology's width on wide terminals: beyond
// it the boxes only grow emptier.
const maxPictureWidth = 100

// topology prints the topology picture after the path matrix: which
// boxes sit between this client and the server, and where each
// connection got to.
func (t *textWriter) topology(res probe.Result) {
	if len(res.Facts.Paths) == 0 {
		return
	}
	art := BuildPictures(res).TopologyText(PictureOptions{
		Unicode: t.opts.Unicode || t.opts.BoxDrawing,
		Width:   min(t.width, maxPictureWidth) - 2,
		Color:   t.opts.Color,
	})
	t.line(t.p.heading.Sprint("Topology"))
	for _, l := range strings.Split(strings.TrimRight(art, "\n"), "\n") {
		t.line(strings.TrimRight("  "+l, " "))
	}
	t.line("")
}

// UnicodeLocale reports whether the locale the environment names is
// UTF-8: the first of LC_ALL, LC_CTYPE and LANG that is set decides, as
// in C programs. getenv is os.Getenv or a test's stand-in.
func UnicodeLocale(getenv func(string) string) bool {
	for _, k := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if v := getenv(k); v != "" {
			v = strings.ToLower(v)
			return strings.Contains(v, "utf-8") || strings.Contains(v, "utf8")
		}
	}
	return false
}
