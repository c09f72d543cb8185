package report

func glftpdFixes() playbook {
	return playbook{
		fixAdvertise: {
			text: "In glftpd.conf (/etc/glftpd.conf, or glftpd.conf in the glftpd root) make glFTPd announce " +
				"{{public}} in PASV replies and use the {{range}} {{min}}-{{max}}. glFTPd starts from inetd, xinetd " +
				"or a systemd socket and reads the file on every connection: no restart. In Docker, publish the " +
				"range on the same numbers (-p {{min}}-{{max}}:{{min}}-{{max}}).",
			config: lines("pasv_addr {{public}}", "pasv_ports {{min}}-{{max}}"),
		},
		fixPinRange: {
			text:   "Pin glFTPd's passive ports to the {{range}} {{min}}-{{max}} in glftpd.conf (read on every connection).",
			config: "pasv_ports {{min}}-{{max}}",
		},
	}
}
