package report

func bitviseFixes() playbook {
	firewallRule := `netsh advfirewall firewall add rule name="Bitvise FTPS passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`
	return playbook{
		fixAdvertise: {
			text: "In Bitvise SSH Server Control Panel > Edit advanced settings > Bindings and UPnP: in the FTPS " +
				"binding's passive mode settings, set the external IPv4 address announced for passive mode to " +
				"{{public}} and the passive mode port range to {{min}}-{{max}} (the {{range}}); OK applies it. Bitvise " +
				"serves FTPS clients in passive mode only, and requires TLS session resumption on data connections. " +
				"Allow the range in Windows Firewall:",
			config: firewallRule,
		},
		fixPinRange: {
			text: "In Bitvise SSH Server Control Panel > Edit advanced settings > Bindings and UPnP: in the FTPS " +
				"binding's passive mode settings, set the port range to {{min}}-{{max}} (the {{range}}); allow it in " +
				"Windows Firewall:",
			config: firewallRule,
		},
	}
}
