package report

func crushFTPFixes() playbook {
	return playbook{
		fixAdvertise: {
			text: "In the CrushFTP WebInterface admin: Preferences > IP/Servers: select the FTP (and FTPS) server " +
				"item; set its passive (PASV) IP to {{public}} instead of auto, its passive port range to " +
				"{{min}}-{{max}} (the {{range}}), and untick 'FTP Aware Router' (the router does not rewrite FTPS). " +
				"Save; the server item restarts with the new values.",
		},
		fixPinRange: {
			text: "In the CrushFTP WebInterface admin: Preferences > IP/Servers: select the FTP server item and set " +
				"its passive port range to {{min}}-{{max}} (the {{range}}); save.",
		},
	}
}
