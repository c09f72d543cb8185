package diagnosis

import (
	"slices"
	"strings"
	"testing"
)

// Real 227 and 229 replies (vsftpd, FileZilla
// Server, aioftp, D. J. Bernstein's form, the Freebox, curl's own test
// comments) and which modelled clients read the port the server meant.
func TestPASVClients(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		port uint16
		fail []string // client names that must fail; every other one copes
	}{
		{"vsftpd", "227 Entering Passive Mode (192,168,1,10,195,80).", 50000, nil},
		{"filezilla 1.x", "227 Entering Passive Mode (10,0,0,5,78,32)", 20000, nil},
		{"freebox parentheses only", "227 (212,27,40,254,15,161)", 4001, nil},
		{"aioftp multi-line", "227-listen socket created\n227 (0,0,0,0,163,121)", 41849, []string{"Apache Commons Net"}},
		{"numbers on the first line", "227-Entering Passive Mode (10,0,0,1,4,1)\n227 OK", 1025, []string{"curl"}},
		{"djb equals", "227 =198,51,100,7,39,16", 10000, []string{"jlaffaye/ftp (Go)"}},
		{"curl listen to", "227 Data transfer will passively listen to 127,0,0,1,4,51", 1075, []string{"jlaffaye/ftp (Go)"}},
		{"spaces after commas", "227 Entering Passive Mode (10, 0, 0, 1, 4, 1)", 1025,
			[]string{"jlaffaye/ftp (Go)", "Apache Commons Net", "curl", "Python ftplib"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := PASVClients(parsersTestReply(tt.raw), tt.port)
			if got := names(v.Fail); !slices.Equal(got, tt.fail) {
				t.Errorf("fail = %v, want %v (cope %v)", got, tt.fail, v.Cope)
			}
			if len(v.Fail)+len(v.Cope) != len(replyClients) {
				t.Errorf("%d verdicts for %d clients", len(v.Fail)+len(v.Cope), len(replyClients))
			}
		})
	}
}

func TestEPSVClientReadings(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want []string // one reading per client, in order
	}{
		{"rfc 2428", "229 Entering Extended Passive Mode (|||6446|)", []string{
			"jlaffaye/ftp (Go) reads port 6446", "Apache Commons Net reads port 6446", "curl reads port 6446", "Python ftplib reads port 6446"}},
		{"other delimiter", "229 Entering Extended Passive Mode (!!!6446!)", []string{
			"jlaffaye/ftp (Go) rejects", "Apache Commons Net reads port 6446", "curl reads port 6446", "Python ftplib reads port 6446"}},
		{"port 0", "229 Entering Extended Passive Mode (|||0|)", []string{
			"jlaffaye/ftp (Go) reads port 0", "Apache Commons Net reads port 0", "curl reads port 0", "Python ftplib reads port 0"}},
		{"address inside", "229 Entering Extended Passive Mode (|1|10.0.0.5|50000|)", []string{
			"jlaffaye/ftp (Go) rejects", "Apache Commons Net rejects", "curl rejects", "Python ftplib reads port 50000"}},
		{"multi-line", "229-Entering Extended Passive Mode\n229 (|||6446|)", []string{
			"jlaffaye/ftp (Go) reads port 6446", "Apache Commons Net rejects", "curl reads port 6446", "Python ftplib reads port 6446"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClientReadings("EPSV", parsersTestReply(tt.raw))
			if len(got) != len(tt.want) {
				t.Fatalf("readings %q", got)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("reading %d = %q, want %q…", i, got[i], tt.want[i])
				}
			}
		})
	}
}

func names(fail []string) []string {
	var out []string
	for _, f := range fail {
		n, _, _ := strings.Cut(f, " (")
		if strings.HasPrefix(f, "jlaffaye/ftp (Go)") {
			n = "jlaffaye/ftp (Go)"
		}
		out = append(out, n)
	}
	return out
}

// FuzzClientReadings: the client models never panic and always give one
// reading per client, whatever the server sends.
func FuzzClientReadings(f *testing.F) {
	for _, s := range []string{
		"227 Entering Passive Mode (192,168,1,10,195,80).", "227-listen socket created\n227 (0,0,0,0,163,121)",
		"227 =198,51,100,7,39,16", "229 (|||0|)", "229 (|1|10.0.0.5|50000|)", "229 ()", "229 (|)", "229 (", ")(", "227 )(1,2,3,4,5,6", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		r := parsersTestReply(raw)
		for _, cmd := range []string{"PASV", "EPSV"} {
			if got := ClientReadings(cmd, r); len(got) != len(replyClients) {
				t.Fatalf("%s: %d readings", cmd, len(got))
			}
		}
		v := PASVClients(r, 1)
		if len(v.Fail)+len(v.Cope) != len(replyClients) {
			t.Fatalf("PASV verdicts %+v", v)
		}
		v = EPSVClients(r, 1)
		if len(v.Fail)+len(v.Cope) != len(replyClients) {
			t.Fatalf("EPSV verdicts %+v", v)
		}
	})
}
