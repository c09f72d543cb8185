package report

func bitviseFixes() playbook {
	firewallRule := `netsh advfirewall firewall add rule name="Bitvise FTPS passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`
	return playbook{
		fixAdvertise: {
			text: "In Bitvise SSH Server Control Panel > Edit advanced settings > Server: in the FTPS settings, set " +
				"the passive mode external IPv4 address to {{public}} and the passive mode port range to " +
				"{{min}}-{{max}} (the {{range}}); OK applies it. Allow the range in Windows Firewall:",
			config: firewallRule,
		},
		fixPinRange: {
			text: "In Bitvise SSH Server Control Panel > Edit advanced settings > Server: in the FTPS settings, set the " +
				"passive mode port range to {{min}}-{{max}} (the {{range}}); allow it in Windows Firewall:",
			config: firewallRule,
		},
	}
}
