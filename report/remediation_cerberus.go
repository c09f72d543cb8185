package report

func cerberusFixes() playbook {
	firewallRule := `netsh advfirewall firewall add rule name="Cerberus FTP passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`
	return playbook{
		fixAdvertise: {
			text: "In Cerberus FTP Server Manager: Interfaces: select the FTP (and FTPS) interface that serves this " +
				"address and, under its passive mode (PASV) settings, use the specific PASV IP address {{public}} " +
				"instead of the interface address; set the passive port range to {{min}}-{{max}} (the {{range}}). " +
				"Save, and allow the range in Windows Firewall:",
			config: firewallRule,
		},
		fixPinRange: {
			text: "In Cerberus FTP Server Manager: set the passive port range to {{min}}-{{max}} (the {{range}}) and " +
				"allow it in Windows Firewall:",
			config: firewallRule,
		},
	}
}
