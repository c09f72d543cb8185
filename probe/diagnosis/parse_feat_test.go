package diagnosis

import (
	"reflect"
	"strings"
	"testing"
)

const (
	featVsftpd      = "211-Features:\n EPRT\n EPSV\n MDTM\n PASV\n REST STREAM\n SIZE\n TVFS\n UTF8\n211 End"
	featIIS         = "211-Extended features supported:\n LANG EN*\n UTF8\n AUTH TLS;TLS-C;SSL;TLS-P;\n PBSZ\n PROT C;P;\n CCC\n HOST\n SIZE\n MDTM\n REST STREAM\n211 END"
	featPure        = "211-Extensions supported:\n UTF8\n EPRT\n IDLE\n MDTM\n SIZE\n MFMT\n REST STREAM\n MLST type*;size*;sizd*;modify*;UNIX.mode*;UNIX.uid*;UNIX.gid*;unique*;\n MLSD\n PRET\n AUTH TLS\n PBSZ\n PROT\n TVFS\n ESTA\n PASV\n EPSV\n ESTP\n211 End."
	featProFTPD     = "211-Features:\n AUTH TLS\n CCC\n CLNT\n EPRT\n EPSV\n HOST\n LANG en-US.UTF-8*;en-US\n MDTM\n MFF modify;UNIX.group;UNIX.mode;\n MFMT\n MLST modify*;perm*;size*;type*;unique*;UNIX.group*;UNIX.groupname*;UNIX.mode*;UNIX.owner*;UNIX.ownername*;\n PBSZ\n PROT\n RANG STREAM\n REST STREAM\n SIZE\n SSCN\n TVFS\n UTF8\n211 End"
	featFileZilla09 = "211-Features:\n MDTM\n REST STREAM\n SIZE\n MODE Z\n MLST type*;size*;modify*;\n MLSD\n AUTH SSL\n AUTH TLS\n UTF8\n CLNT\n MFMT\n211 End"
	// Serv-U 10 indents by four spaces and lists AUTH in its own order.
	featServU = "211-Extensions supported\n    UTF8\n    OPTS MODE;MLST;UTF8\n    CLNT\n    CSID Name; Version;\n    HOST domain\n    AUTH TLS;SSL;TLS-C;TLS-P;\n    PBSZ\n    PROT\n    CCC\n    RMDA directoryname\n    THMB BMP|JPEG|GIF|TIFF|PNG max_width max_height pathname\n    REST STREAM\n    SIZE\n    MDTM\n211 End"
	// goftp/server#27: the first line repeats the code.
	featGoftp = "211 211-Extensions supported:\n UTF8\n SIZE\n MDTM\n EPSV\n211 END"
	// proftpd#1085 / jlaffaye/ftp#260: every line carries "211-".
	featCodePrefixed = "211-Features:\n211-EPRT\n211-EPSV\n211-MDTM\n211-SITE COPY\n211 End"
)

func TestParseFEAT(t *testing.T) {
	tests := []struct {
		name     string
		raw      string
		list     []string
		problems []string
	}{
		{"vsftpd", featVsftpd, []string{"EPRT", "EPSV", "MDTM", "PASV", "REST STREAM", "SIZE", "TVFS", "UTF8"}, nil},
		{"iis upper-case END", featIIS, []string{"LANG EN*", "UTF8", "AUTH TLS;TLS-C;SSL;TLS-P;", "PBSZ", "PROT C;P;", "CCC", "HOST", "SIZE", "MDTM", "REST STREAM"}, nil},
		{"pure-ftpd End.", featPure, []string{"UTF8", "EPRT", "IDLE", "MDTM", "SIZE", "MFMT", "REST STREAM",
			"MLST type*;size*;sizd*;modify*;UNIX.mode*;UNIX.uid*;UNIX.gid*;unique*;", "MLSD", "PRET", "AUTH TLS", "PBSZ", "PROT",
			"TVFS", "ESTA", "PASV", "EPSV", "ESTP"}, nil},
		{"iis 6 four spaces", "211-FEAT\n    SIZE\n    MDTM\n211 END", []string{"SIZE", "MDTM"}, []string{"feature line with several leading spaces"}},
		{"no leading space", "211-Features:\nMDTM\nREST STREAM\n SIZE\n211 End", []string{"MDTM", "REST STREAM", "SIZE"}, []string{"feature line without leading space"}},
		{"goftp repeated code, multi-line", featGoftp, []string{"UTF8", "SIZE", "MDTM", "EPSV"},
			[]string{"first line repeats the code: 211 211-Extensions supported:"}},
		{"goftp repeated code, as a single line", "211 211-Extensions supported:", nil,
			[]string{"first line repeats the code: 211 211-Extensions supported:"}},
		{"code prefix on every line", featCodePrefixed, []string{"EPRT", "EPSV", "MDTM", "SITE COPY"}, []string{"feature lines repeat the code (211-)"}},
		{"tab and empty line", "211-Features:\n\tMDTM\n\n SIZE\n211 End", []string{"MDTM", "SIZE"},
			[]string{"feature line indented with a tab", "empty feature line"}},
		{"several problems, each once", "211-Features:\nMDTM\n  SIZE\nUTF8\n   EPSV\n211 End", []string{"MDTM", "SIZE", "UTF8", "EPSV"},
			[]string{"feature line without leading space", "feature line with several leading spaces"}},
		{"single line, no features", "211 No features supported", nil, nil},
		{"bad first and last line", "211 Features:\n MDTM\n211-End", []string{"MDTM"},
			[]string{"first line of a multi-line reply is not \"211-...\"", "last line is not \"211 ...\""}},
		{"refused", "500 FEAT not understood", nil, []string{"reply code 500 is not 211"}},
		{"not logged in", "530 Please login with USER and PASS.", nil, []string{"reply code 530 is not 211"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ParseFEAT(parsersTestReply(tt.raw))
			if !reflect.DeepEqual(f.List, tt.list) {
				t.Errorf("List = %q, want %q", f.List, tt.list)
			}
			if !reflect.DeepEqual(f.Problems, tt.problems) {
				t.Errorf("Problems = %q, want %q", f.Problems, tt.problems)
			}
		})
	}
}

func TestParseFEATEmpty(t *testing.T) {
	f := ParseFEAT(Reply{})
	if f.List != nil || !reflect.DeepEqual(f.Problems, []string{"empty reply"}) {
		t.Errorf("got %+v", f)
	}
	if f := ParseFEAT(Reply{Code: 211}); f.List != nil || f.Problems != nil {
		t.Errorf("got %+v", f)
	}
}

func TestFeaturesHas(t *testing.T) {
	iis := ParseFEAT(parsersTestReply(featIIS))
	fz := ParseFEAT(parsersTestReply(featFileZilla09))
	other := Features{List: []string{"AUTH SSL;TLS", "AUTH TLS-C", "MLST type*;size*;", "auth tls-p"}}
	tests := []struct {
		f    Features
		name string
		want bool
	}{
		{iis, "AUTH TLS", true},
		{iis, "auth tls", true},
		{iis, "AUTH SSL", true},
		{iis, "AUTH TLS-C", true},
		{iis, "AUTH", true},
		{iis, "PROT P", true},
		{iis, "REST STREAM", true},
		{iis, "REST", true},
		{iis, "rest  stream", true},
		{iis, "LANG", true},
		{iis, "LANG EN*", true},
		{iis, "EPSV", false},
		{iis, "AUTH TLS-X", false},
		{iis, "", false},
		{iis, "   ", false},
		{fz, "AUTH TLS", true},
		{fz, "AUTH SSL", true},
		{fz, "MLSD", true},
		{fz, "MLST", true},
		{fz, "MODE Z", true},
		{fz, "EPSV", false},
		{other, "AUTH TLS", true},
		{other, "AUTH TLS-P", true},
		{other, "MLST", true},
		{other, "MLST type", false},
		{Features{List: []string{"AUTH TLS-C"}}, "AUTH TLS", false},
		{Features{}, "EPSV", false},
	}
	for _, tt := range tests {
		if got := tt.f.Has(tt.name); got != tt.want {
			t.Errorf("Has(%q) on %q = %v, want %v", tt.name, tt.f.List, got, tt.want)
		}
	}
}

func TestAuthMechanisms(t *testing.T) {
	tests := []struct {
		raw  string
		want []string
	}{
		{featIIS, []string{"TLS", "TLS-C", "SSL", "TLS-P"}},
		{featFileZilla09, []string{"SSL", "TLS"}},
		{featServU, []string{"TLS", "SSL", "TLS-C", "TLS-P"}},
		{"211-Features:\n auth tls ssl\n AUTH TLS\n211 End", []string{"TLS", "SSL"}},
		{featVsftpd, nil},
		{"211-Features:\n AUTH\n211 End", nil},
	}
	for _, tt := range tests {
		if got := ParseFEAT(parsersTestReply(tt.raw)).AuthMechanisms(); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("AuthMechanisms(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func FuzzParseFEAT(f *testing.F) {
	f.Fuzz(func(t *testing.T, raw string) {
		r := parsersTestReply(raw)
		feats := ParseFEAT(r)
		if r.Code != 211 && len(feats.List) > 0 {
			t.Fatalf("features from a %d reply", r.Code)
		}
		seen := map[string]bool{}
		for _, p := range feats.Problems {
			if seen[p] {
				t.Fatalf("problem %q reported twice", p)
			}
			seen[p] = true
		}
		for _, feat := range feats.List {
			if feat == "" || feat != strings.TrimSpace(feat) || strings.Contains(feat, "\n") {
				t.Fatalf("untrimmed feature %q", feat)
			}
			if !strings.Contains(raw, feat) {
				t.Fatalf("feature %q not in input", feat)
			}
			if !feats.Has(feat) || !feats.Has(strings.Fields(feat)[0]) {
				t.Fatalf("Has misses %q", feat)
			}
		}
		for _, m := range feats.AuthMechanisms() {
			if m == "" || m != strings.ToUpper(m) || strings.ContainsAny(m, "; \t,") {
				t.Fatalf("bad mechanism %q", m)
			}
			if !feats.Has("AUTH " + m) {
				t.Fatalf("AuthMechanisms lists %q but Has(AUTH %s) is false", m, m)
			}
		}
	})
}
