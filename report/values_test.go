package report

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

func TestFillerValues(t *testing.T) {
	tests := []struct {
		name   string
		params probe.Params
		tmpl   string
		want   string
	}{
		{"known", natParams(), "{{public}} {{server}} {{port}} {{min}}-{{max}} {{host}}", "203.0.113.10 10.0.0.5 21 30000-30009 ftp.example.test"},
		{"empty", nil, "{{public}} {{advertised}} {{server}} {{port}} {{min}} {{max}} {{ports}} {{host}}",
			"<public-address> <advertised-address> <server-lan-address> <control-port> <port-min> <port-max> <ports> <host>"},
		{"range observed", probe.Params{probe.ParamRangeObserved: "true"}, "{{range}}", "observed range"},
		{"range recommended", probe.Params{probe.ParamRangeObserved: "false"}, "{{range}}", "recommended range"},
		{"range unknown", nil, "{{range}}", "passive port range"},
		{"ports normalised", probe.Params{probe.ParamPorts: "30001,30004, 30007"}, "{{ports}}", "30001, 30004, 30007"},
		{"ports invalid", probe.Params{probe.ParamPorts: "30001,70000"}, "{{ports}}", "<ports>"},
		{"port out of range", probe.Params{probe.ParamPortMin: "0"}, "{{min}}", "<port-min>"},
		{"mapped address", probe.Params{probe.ParamPublicAddress: "::ffff:203.0.113.10"}, "{{public_cidr}}", "203.0.113.10/32"},
		{"ipv6 cidr", probe.Params{probe.ParamServerAddress: "fd00::5"}, "{{server_cidr}} {{nft_family}} {{any_cidr}}", "fd00::5/128 ip6 ::/0"},
		{"host with space", probe.Params{probe.ParamHost: "a b"}, "{{host}}", "<host>"},
	}
	for _, tt := range tests {
		if got := newFiller(tt.params).fill(tt.tmpl); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
