package report

func titanFixes() playbook {
	firewallRule := `netsh advfirewall firewall add rule name="Titan FTP passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`
	return playbook{
		fixAdvertise: {
			text: "In the Titan FTP Server administrator: the server's properties, FTP/S passive (PASV) mode settings: " +
				"announce the external IP address {{public}} in PASV replies and restrict passive ports to " +
				"{{min}}-{{max}} (the {{range}}). Apply, and allow the range in Windows Firewall:",
			config: firewallRule,
		},
		fixPinRange: {
			text: "In the Titan FTP Server administrator: the server's passive (PASV) mode settings: restrict passive " +
				"ports to {{min}}-{{max}} (the {{range}}); apply, and allow the range in Windows Firewall:",
			config: firewallRule,
		},
	}
}
