package probe

import (
	"bufio"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

var testLimits = Limits{LineBytes: 128, ReplyLines: 8, ListingBytes: 1 << 20}

func newTestReader(s string) *bufio.Reader {
	return bufio.NewReaderSize(strings.NewReader(s), testLimits.LineBytes+2)
}

func TestReadReply(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		want     Reply
		wantKind ErrorKind // error kind, "" for success
	}{
		{"single line", "220 (vsFTPd 3.0.3)\r\n", Reply{Code: 220, Lines: []string{"220 (vsFTPd 3.0.3)"}}, ""},
		{"bare LF", "230 Login successful.\n", Reply{Code: 230, Lines: []string{"230 Login successful."}}, ""},
		{"code only", "200\r\n", Reply{Code: 200, Lines: []string{"200"}}, ""},
		{"multi-line pure-ftpd greeting",
			"220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------\r\n220-You are user number 1 of 50 allowed.\r\n220 You will be disconnected after 15 minutes of inactivity.\r\n",
			Reply{Code: 220, Lines: []string{"220---------- Welcome to Pure-FTPd [privsep] [TLS] ----------", "220-You are user number 1 of 50 allowed.", "220 You will be disconnected after 15 minutes of inactivity."}}, ""},
		{"multi-line FEAT with indented lines",
			"211-Features:\r\n EPSV\r\n PASV\r\n211 End\r\n",
			Reply{Code: 211, Lines: []string{"211-Features:", " EPSV", " PASV", "211 End"}}, ""},
		{"multi-line 227 (aioftp)",
			"227-listen socket created\r\n227 (0,0,0,0,163,121)\r\n",
			Reply{Code: 227, Lines: []string{"227-listen socket created", "227 (0,0,0,0,163,121)"}}, ""},
		{"other code inside multi-line is text",
			"211-Status\r\n200 not the end\r\n211 End\r\n",
			Reply{Code: 211, Lines: []string{"211-Status", "200 not the end", "211 End"}}, ""},
		{"blank lines before a reply are skipped", "\r\n\r\n221 Goodbye.\r\n", Reply{Code: 221, Lines: []string{"221 Goodbye."}}, ""},
		{"control characters are escaped", "220 hi\x1b[31mred\r\n", Reply{Code: 220, Lines: []string{`220 hi\x1b[31mred`}}, ""},
		{"invalid UTF-8 is replaced", "220 caf\xe9\r\n", Reply{Code: 220, Lines: []string{"220 caf\uFFFD"}}, ""},
		{"garbage", "SSH-2.0-OpenSSH_9.2\r\n", Reply{Code: 0, Lines: []string{"SSH-2.0-OpenSSH_9.2"}}, ErrKindProtocol},
		{"code out of range", "999 nope\r\n", Reply{Code: 0, Lines: []string{"999 nope"}}, ErrKindProtocol},
		{"closed before any byte", "", Reply{}, ErrKindClosed},
		{"closed mid-line", "220 wel", Reply{}, ErrKindClosed},
		{"closed mid multi-line reply", "220-first\r\n220-second\r\n", Reply{Code: 220, Lines: []string{"220-first", "220-second"}}, ErrKindClosed},
		{"line too long", "220 " + strings.Repeat("x", 200) + "\r\n", Reply{}, ErrKindLimit},
		{"too many lines", "211-a\r\n" + strings.Repeat(" x\r\n", 20) + "211 End\r\n", Reply{Code: 211, Lines: []string{"211-a", " x", " x", " x", " x", " x", " x", " x"}}, ErrKindLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadReply(newTestReader(tt.in), testLimits)
			if kind := errKind(err); kind != tt.wantKind {
				t.Fatalf("error kind = %q (%v), want %q", kind, err, tt.wantKind)
			}
			if got.Code != tt.want.Code || !reflect.DeepEqual(got.Lines, tt.want.Lines) && (len(got.Lines) > 0 || len(tt.want.Lines) > 0) {
				t.Errorf("reply = %+v, want %+v", got, tt.want)
			}
			if err != nil {
				var re *ReplyError
				if !errors.As(err, &re) || re.Partial.Code != got.Code {
					t.Errorf("error %v does not carry the partial reply", err)
				}
			}
		})
	}
}

func TestReadReplySequence(t *testing.T) {
	br := newTestReader("150 Here comes the directory listing.\r\n226 Directory send OK.\r\n")
	for _, want := range []int{150, 226} {
		r, err := ReadReply(br, testLimits)
		if err != nil || r.Code != want {
			t.Fatalf("got %d, %v; want %d", r.Code, err, want)
		}
	}
	if _, err := ReadReply(br, testLimits); errKind(err) != ErrKindClosed || !errors.Is(err, io.EOF) {
		t.Fatalf("after the last reply: %v, want closed (EOF)", err)
	}
}

func TestReplyText(t *testing.T) {
	r := Reply{Code: 211, Lines: []string{"211-Features:", " EPSV", "211 End"}}
	if got, want := r.Text(), "Features:\n EPSV\nEnd"; got != want {
		t.Errorf("Text() = %q, want %q", got, want)
	}
	if !(Reply{Code: 226}).OK() || (Reply{Code: 425}).OK() {
		t.Error("OK() wrong")
	}
}

// FuzzReadReply: whatever the bytes, the reader returns within its bounds
// and a successful reply is well-framed.
func FuzzReadReply(f *testing.F) {
	for _, s := range []string{
		"220 (vsFTPd 3.0.3)\r\n",
		"220-a\r\n220 b\r\n",
		"227-listen socket created\r\n227 (0,0,0,0,163,121)\r\n",
		"211 211-Extensions supported:\r\n MLST\r\n211 END\r\n",
		"\r\n\r\n",
		"220-never ends\r\n",
		"\xff\xfe\x00\x01",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		br := bufio.NewReaderSize(strings.NewReader(string(data)), testLimits.LineBytes+2)
		for range 64 {
			r, err := ReadReply(br, testLimits)
			if len(r.Lines) > testLimits.ReplyLines {
				t.Fatalf("%d lines, limit %d", len(r.Lines), testLimits.ReplyLines)
			}
			for _, l := range r.Lines {
				if strings.ContainsAny(l, "\r\n\x00\x1b") {
					t.Fatalf("unsanitised line %q", l)
				}
			}
			if err != nil {
				if errKind(err) == "" {
					t.Fatalf("error without kind: %v", err)
				}
				return
			}
			if r.Code < 100 || r.Code > 599 || len(r.Lines) == 0 {
				t.Fatalf("bad reply %+v", r)
			}
		}
	})
}
