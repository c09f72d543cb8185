package report

func wingFTPFixes() playbook {
	return playbook{
		fixAdvertise: {
			text: "In the Wing FTP Server administration interface: Domain > Settings > FTP Pasv Mode: choose " +
				"'Fixed IP' = {{public}} (with a dynamic public address: 'Dynamic DNS' and the host name) and set " +
				"'Passive port range' to {{min}}-{{max}} (the {{range}}); save, and forward and allow exactly that " +
				"range. Leave 'Auto-forwarding' (UPnP) off when the router is configured by hand.",
		},
		fixPinRange: {
			text: "In the Wing FTP Server administration interface: Domain > Settings > FTP Pasv Mode: set 'Passive " +
				"port range' to {{min}}-{{max}} (the {{range}}) and save.",
		},
	}
}
