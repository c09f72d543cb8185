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
		{"new values unknown", nil, "{{client}} {{client_public}} {{forwarded}} {{missing}} {{missing_words}} {{alg_ports}} {{spread}}",
			"<client-address> <client-public-address> <forwarded-ports> <missing-ports> <missing-ports> <ports> <spread>"},
		{"clients", probe.Params{probe.ParamClientAddress: "192.168.1.77", probe.ParamClientPublicAddress: "::ffff:198.51.100.77"},
			"{{client}} {{client_public}}", "192.168.1.77 198.51.100.77"},
		{"runs normalised", probe.Params{probe.ParamMissing: "30010-30019,30025", probe.ParamForwarded: " 30000 - 30009 "},
			"{{missing}} / {{missing_words}} / {{forwarded}}", "30010-30019, 30025 / 30010-30019 30025 / 30000-30009"},
		{"ports with runs", probe.Params{probe.ParamPorts: "30005-30009, 30011"}, "{{ports}}", "30005-30009, 30011"},
		{"reversed run", probe.Params{probe.ParamMissing: "30019-30010"}, "{{missing}}", "<missing-ports>"},
		{"injected run", probe.Params{probe.ParamMissing: "30010-30019; reboot"}, "{{missing}}", "<missing-ports>"},
		{"alg ports", probe.Params{probe.ParamALGPorts: "5060,5061"}, "{{alg_ports}}", "5060, 5061"},
		{"spread", probe.Params{probe.ParamSpread: "59968"}, "{{spread}}", "59968"},
		{"bad spread", probe.Params{probe.ParamSpread: "-1"}, "{{spread}}", "<spread>"},
		{"span lines", probe.Params{probe.ParamMissing: "30010-30014, 30019"},
			"head\n{{span_i}}: {{span}} {{span_colon}} {{span_to}} {{span_min}}/{{span_max}}\ntail",
			"head\n1: 30010-30014 30010:30014 30010 to 30014 30010/30014\n2: 30019 30019 30019 30019/30019\ntail"},
		{"span lines unknown", nil, "{{span}} {{span_colon}} {{span_to}}",
			"<missing-port-min>-<missing-port-max> <missing-port-min>:<missing-port-max> <missing-port-min> to <missing-port-max>"},
		{"too many runs", probe.Params{probe.ParamMissing: "1,3,5,7,9,11,13,15,17"}, "{{span}} {{missing_words}}",
			"<missing-port-min>-<missing-port-max> <missing-ports>"},
	}
	for _, tt := range tests {
		if got := newFiller(tt.params).fill(tt.tmpl); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
