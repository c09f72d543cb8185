package report

import (
	"testing"

	"github.com/ftpnat/ftpnat/probe"
)

func TestFillerValues(t *testing.T) {
	tests := []struct {
		name   string
		params probe.Params
		ports  probe.PortLists
		tmpl   string
		want   string
	}{
		{"known", natParams(), probe.PortLists{}, "{{public}} {{server}} {{port}} {{min}}-{{max}} {{host}}", "203.0.113.10 10.0.0.5 21 30000-30009 ftp.example.test"},
		{"empty", nil, probe.PortLists{}, "{{public}} {{advertised}} {{server}} {{port}} {{min}} {{max}} {{ports}} {{host}}",
			"<public-address> <advertised-address> <server-lan-address> <control-port> <port-min> <port-max> <ports> <host>"},
		{"range observed", probe.Params{probe.ParamRangeObserved: "true"}, probe.PortLists{}, "{{range}}", "observed range"},
		{"range recommended", probe.Params{probe.ParamRangeObserved: "false"}, probe.PortLists{}, "{{range}}", "recommended range"},
		{"range unknown", nil, probe.PortLists{}, "{{range}}", "passive port range"},
		{"ports", nil, probe.PortLists{Ports: runs("30001,30004, 30007")}, "{{ports}}", "30001, 30004, 30007"},
		{"ports invalid", nil, probe.PortLists{Ports: runs("30001,70000")}, "{{ports}}", "<ports>"},
		{"port zero", nil, probe.PortLists{Ports: runs("0, 30001")}, "{{ports}}", "<ports>"},
		{"port out of range", probe.Params{probe.ParamPortMin: "0"}, probe.PortLists{}, "{{min}}", "<port-min>"},
		{"mapped address", probe.Params{probe.ParamPublicAddress: "::ffff:203.0.113.10"}, probe.PortLists{}, "{{public_cidr}}", "203.0.113.10/32"},
		{"ipv6 cidr", probe.Params{probe.ParamServerAddress: "fd00::5"}, probe.PortLists{}, "{{server_cidr}} {{nft_family}} {{any_cidr}}", "fd00::5/128 ip6 ::/0"},
		{"host with space", probe.Params{probe.ParamHost: "a b"}, probe.PortLists{}, "{{host}}", "<host>"},
		{"new values unknown", nil, probe.PortLists{}, "{{client}} {{client_public}} {{forwarded}} {{missing}} {{missing_words}} {{alg_ports}} {{spread}}",
			"<client-address> <client-public-address> <forwarded-ports> <missing-ports> <missing-ports> <ports> <spread>"},
		{"clients", probe.Params{probe.ParamClientAddress: "192.168.1.77", probe.ParamClientPublicAddress: "::ffff:198.51.100.77"}, probe.PortLists{},
			"{{client}} {{client_public}}", "192.168.1.77 198.51.100.77"},
		{"runs", nil, probe.PortLists{Missing: runs("30010-30019,30025"), Forwarded: runs("30000-30009")},
			"{{missing}} / {{missing_words}} / {{forwarded}}", "30010-30019, 30025 / 30010-30019 30025 / 30000-30009"},
		{"ports with runs", nil, probe.PortLists{Ports: runs("30005-30009, 30011")}, "{{ports}}", "30005-30009, 30011"},
		{"reversed run", nil, probe.PortLists{Missing: []probe.PortSpan{{Min: 30019, Max: 30010}}}, "{{missing}}", "<missing-ports>"},
		{"alg ports", nil, probe.PortLists{ALG: runs("5060,5061")}, "{{alg_ports}}", "5060, 5061"},
		{"spread", probe.Params{probe.ParamSpread: "59968"}, probe.PortLists{}, "{{spread}}", "59968"},
		{"bad spread", probe.Params{probe.ParamSpread: "-1"}, probe.PortLists{}, "{{spread}}", "<spread>"},
		{"session limit", probe.Params{probe.ParamSessionLimit: "1"}, probe.PortLists{}, "{{limit}}", "1"},
		{"session limit unknown", nil, probe.PortLists{}, "{{limit}}", "<session-limit>"},
		{"span lines", nil, probe.PortLists{Missing: runs("30010-30014, 30019")},
			"head\n{{span_i}}: {{span}} {{span_colon}} {{span_to}} {{span_min}}/{{span_max}}\ntail",
			"head\n1: 30010-30014 30010:30014 30010 to 30014 30010/30014\n2: 30019 30019 30019 30019/30019\ntail"},
		{"span lines unknown", nil, probe.PortLists{}, "{{span}} {{span_colon}} {{span_to}}",
			"<missing-port-min>-<missing-port-max> <missing-port-min>:<missing-port-max> <missing-port-min> to <missing-port-max>"},
		{"too many runs", nil, probe.PortLists{Missing: runs("1,3,5,7,9,11,13,15,17")}, "{{span}} {{missing_words}}",
			"<missing-port-min>-<missing-port-max> <missing-ports>"},
	}
	for _, tt := range tests {
		if got := newFiller(probe.Finding{Params: tt.params, Ports: tt.ports}).fill(tt.tmpl); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}
