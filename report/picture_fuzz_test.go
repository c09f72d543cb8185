package report

import (
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

// FuzzPictures: whatever a server says, and whatever the host is called,
// the SVG stays well-formed XML with no element of the server's making,
// and the text art keeps to its width.
func FuzzPictures(f *testing.F) {
	f.Add("ftp.example.test", "227 Entering Passive Mode (10,0,0,5,117,49).", "220 hello")
	f.Add("<svg onload=x>", "</text><script>alert(1)</script>", "211-x\n<!--")
	f.Add("\x1b[2J", "\xff\xfe\ufffe\x00", "]]><![CDATA[")
	f.Fuzz(func(t *testing.T, host, reply, greeting string) {
		res := reporttest.NATPrivateFiltered()
		res.Facts.Host = host
		res.Software.Version = greeting
		res.Transcript = append(res.Transcript,
			probe.TranscriptEntry{Dir: probe.DirRecv, Line: greeting, Session: host},
			probe.TranscriptEntry{Dir: probe.DirSend, Line: "PASV", Session: host},
			probe.TranscriptEntry{Dir: probe.DirRecv, Line: reply, Session: host},
			probe.TranscriptEntry{Dir: probe.DirInfo, Line: reply, Session: "main"})
		pics := BuildPictures(res)
		for _, s := range []string{pics.TopologySVG(), pics.LadderSVG()} {
			d := xml.NewDecoder(strings.NewReader(s))
			depth, roots := 0, 0
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not well-formed: %v", err)
				}
				switch tk := tok.(type) {
				case xml.StartElement:
					if depth == 0 {
						roots++
					}
					depth++
					switch tk.Name.Local {
					case "svg", "g", "title", "desc", "rect", "text", "line", "path":
					default:
						t.Fatalf("element <%s> in a drawing", tk.Name.Local)
					}
				case xml.EndElement:
					depth--
				case xml.Comment, xml.ProcInst, xml.Directive:
					t.Fatalf("markup %T in a drawing", tk)
				}
			}
			if roots != 1 {
				t.Fatalf("%d root elements", roots)
			}
		}
		for _, o := range []PictureOptions{{Width: 80}, {Unicode: true, Width: 50}} {
			for _, art := range []string{pics.TopologyText(o), pics.LadderText(o)} {
				for _, l := range strings.Split(art, "\n") {
					if n := utf8.RuneCountInString(l); n > o.width() {
						t.Fatalf("line of %d columns at width %d: %q", n, o.width(), l)
					}
					if strings.ContainsRune(l, '\x1b') {
						t.Fatalf("escape in the art: %q", l)
					}
				}
			}
		}
	})
}
