package report

// servuRestart restarts the Serv-U Windows service.
const servuRestart = `net stop "Serv-U" && net start "Serv-U"`

func servuFixes() playbook {
	firewallRule := `netsh advfirewall firewall add rule name="Serv-U passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`
	return playbook{
		fixAdvertise: {
			text: "In the Serv-U Management Console: Domain > Domain Details > Listeners: edit the FTP (and FTPS) " +
				"listener and set its PASV IP address to {{public}}; Server Limits & Settings > Settings > Network " +
				"Settings: PASV port range {{min}}-{{max}} (the {{range}}). Save, allow the range in Windows " +
				"Firewall, and restart the Serv-U service:",
			config: lines(firewallRule, servuRestart),
		},
		fixPinRange: {
			text: "In the Serv-U Management Console: Server Limits & Settings > Settings > Network Settings: PASV " +
				"port range {{min}}-{{max}} (the {{range}}); save, allow the range in Windows Firewall, and restart " +
				"the Serv-U service:",
			config: lines(firewallRule, servuRestart),
		},
		fixGreeting: {
			text: "Serv-U refuses connections beyond the domain's or server's connection limits (Limits & Settings) " +
				"and from addresses that its anti-hammering rule blocked (Domain > IP Access); the Serv-U log names " +
				"the reason.",
		},
	}
}
