package report

import (
	"reflect"
	"strings"
	"testing"

	"github.com/ftpnat/ftpnat/probe"
	"github.com/ftpnat/ftpnat/report/reporttest"
)

func TestPathMatrixDualStack(t *testing.T) {
	ok := func(s string) Cell { return Cell{Text: s, Status: probe.StatusOK} }
	want := []MatrixRow{
		{Family: "IPv4", Address: reporttest.PublicAddress, Transport: "plain", Reference: true,
			Control: ok("ok"), Passive: ok("PASV 203.0.113.10"), Data: ok("open"), Listing: ok("ok")},
		{Family: "IPv6", Address: reporttest.PublicAddress6, Transport: "plain",
			Control: ok("ok"), Passive: ok("EPSV (same address)"),
			Data:    Cell{Text: "filtered", Status: probe.StatusFailed},
			Listing: Cell{Text: "failed", Status: probe.StatusFailed}},
	}
	if got := PathMatrix(reporttest.DualStackDataFiltered()); !reflect.DeepEqual(got, want) {
		t.Errorf("matrix:\n got %+v\nwant %+v", got, want)
	}
}

// One row per path, in the order of the facts, for every sample; the
// reference flag is on the reference path's row only.
func TestPathMatrixRowsFollowPaths(t *testing.T) {
	for name, res := range scenarios() {
		rows := PathMatrix(res)
		if len(rows) != len(res.Facts.Paths) {
			t.Errorf("%s: %d rows for %d paths", name, len(rows), len(res.Facts.Paths))
			continue
		}
		for i, r := range rows {
			p := res.Facts.Paths[i]
			if r.Address != p.Address.String() || r.Family != p.Family.Label() || r.Reference != (i == res.Reference) {
				t.Errorf("%s: row %d %+v for path %s (reference %d)", name, i, r, p.PathID, res.Reference)
			}
		}
	}
}

func TestPathMatrixTLS(t *testing.T) {
	rows := PathMatrix(reporttest.TLSBehindALG())
	if len(rows) != 2 || rows[0].Transport != "plain" || !rows[0].Reference || rows[1].Transport != "TLS" || rows[1].Reference {
		t.Fatalf("rows: %+v", rows)
	}
	// Under TLS the ALG cannot rewrite PASV: the private address shows.
	if want := (Cell{Text: "PASV 10.0.0.5", Status: probe.StatusFailed}); rows[1].Passive != want {
		t.Errorf("TLS passive: got %+v, want %+v", rows[1].Passive, want)
	}
}

// The matrix comes after the server lines and before the findings.
func TestWriteTextPathMatrix(t *testing.T) {
	tests := []struct {
		name string
		res  probe.Result
		opts TextOptions
		want string
	}{
		{"dual stack", reporttest.DualStackDataFiltered(), TextOptions{},
			"Greeting  < 220 (vsFTPd 3.0.5)\n\n" +
				"Paths\n" +
				"  Path                    Control Passive address     Data     Listing\n" +
				"  IPv4 203.0.113.10 plain ok      PASV 203.0.113.10   open     ok\n" +
				"  IPv6 2001:db8::10 plain ok      EPSV (same address) filtered failed\n" +
				"\nTopology\n"},
		{"tls auto", reporttest.TLSBehindALG(), TextOptions{},
			"Greeting  < 220 (vsFTPd 3.0.5)\n\n" +
				"Paths\n" +
				"  Path                    Control Passive address   Data Listing\n" +
				"  IPv4 203.0.113.10 plain ok      PASV 203.0.113.10 open ok\n" +
				"  IPv4 203.0.113.10 TLS   ok      PASV 10.0.0.5     open ok\n" +
				"\nTopology\n"},
		// Too narrow for the table: one wrapped line per path.
		{"narrow", reporttest.DualStackDataFiltered(), TextOptions{Width: 60},
			"Paths\n" +
				"  IPv4 203.0.113.10 plain: control ok, passive PASV\n" +
				"  203.0.113.10, data open, listing ok\n" +
				"  IPv6 2001:db8::10 plain: control ok, passive EPSV (same\n" +
				"  address), data filtered, listing failed\n" +
				"\nTopology\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if out := renderText(t, tt.res, tt.opts); !strings.Contains(out, tt.want) {
				t.Errorf("output lacks %q\n---\n%s", tt.want, out)
			}
		})
	}
}

func TestWriteTextPathMatrixColor(t *testing.T) {
	res := reporttest.DualStackDataFiltered()
	on, off := renderText(t, res, TextOptions{Color: true}), renderText(t, res, TextOptions{})
	if stripANSI(on) != off {
		t.Error("coloured text differs from plain text beyond escapes")
	}
	if !strings.Contains(on, "\x1b[31;1mfiltered") {
		t.Errorf("the failed data cell is not red:\n%q", on)
	}
}

func TestWriteTextNoMatrixWithoutPaths(t *testing.T) {
	for _, res := range []probe.Result{reporttest.DNSFailure(), {}} {
		if out := renderText(t, res, TextOptions{}); strings.Contains(out, "Paths\n") {
			t.Errorf("matrix without paths:\n%s", out)
		}
	}
}
