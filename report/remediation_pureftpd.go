package report

func pureftpdFixes() playbook {
	return playbook{
		fixSplitRanges: {
			text: "Without affinity, give every backend a PassivePortRange of its own (here the {{range}} {{min}}-{{max}} " +
				"for one) and forward each range to its backend only, so that a data connection reaches the server " +
				"that handed out its port.",
			config: lines("# backend 1", "PassivePortRange {{min}} {{max}}", "# backend 2: another block, forwarded to backend 2 only"),
		},
		fixListenIPv6: {
			text: "Pure-FTPd listens on both families unless told otherwise: remove IPV4Only (or the -4 flag) and any " +
				"Bind that names an IPv4 address only; restart pure-ftpd.",
			config: "IPV4Only no",
		},
		fixAdvertise: {
			text: "In pure-ftpd.conf make Pure-FTPd announce {{public}} in PASV replies and use the {{range}} " +
				"{{min}}-{{max}}; restart it. Command-line equivalent: pure-ftpd -P {{public}} -p {{min}}:{{max}}. " +
				"Debian's wrapper reads one file per option: echo {{public}} > /etc/pure-ftpd/conf/ForcePassiveIP and " +
				"echo '{{min}} {{max}}' > /etc/pure-ftpd/conf/PassivePortRange. In a container, set the image's " +
				"variables (in the snippet's comments).",
			config: lines("ForcePassiveIP {{public}}", "PassivePortRange {{min}} {{max}}",
				"# in a container (stilliard/pure-ftpd), the image's variables instead (then recreate the container):",
				"#   -e PUBLICHOST={{public}} -e FTP_PASSIVE_PORTS={{min}}:{{max}}",
				"#   and publish the range on the same numbers: -p {{min}}-{{max}}:{{min}}-{{max}}"),
		},
		fixPinRange: {
			text: "Pin Pure-FTPd's passive ports to the {{range}} {{min}}-{{max}} (command line: -p {{min}}:{{max}}; " +
				"Debian: echo '{{min}} {{max}}' > /etc/pure-ftpd/conf/PassivePortRange); restart it. In a container " +
				"(stilliard/pure-ftpd): -e FTP_PASSIVE_PORTS={{min}}:{{max}}.",
			config: "PassivePortRange {{min}} {{max}}",
		},
		fixGreeting: {
			text: "Pure-FTPd answers 421 when MaxClientsNumber (-c) or MaxClientsPerIP (-C) is reached. A slow " +
				"greeting comes from resolving the client's name; turn that off (-H).",
			config: "DontResolve yes",
		},
		fixLogin: {
			text: "Anonymous logins need NoAnonymous no and an 'ftp' system account. Virtual users need PureDB " +
				"(PureDB /etc/pure-ftpd/pureftpd.pdb, then pure-pw mkdb after every change); system users need " +
				"UnixAuthentication or PAMAuthentication.",
		},
		fixEnableTLS: {
			text: "Enable TLS in pure-ftpd.conf (command line: -Y 1; Debian: echo 1 > /etc/pure-ftpd/conf/TLS). " +
				"The PEM file holds the key followed by the certificate chain for {{host}}. TLS 2 refuses plaintext " +
				"logins once clients are ready.",
			config: lines("TLS 1", "CertFile /etc/ssl/private/pure-ftpd.pem"),
		},
		fixTLSSettings: {
			text: "Check that /etc/ssl/private/pure-ftpd.pem holds the private key and the certificate chain and is " +
				"readable by the server, and allow modern ciphers (command line: -J HIGH).",
			config: "TLSCipherSuite HIGH",
		},
		fixCertificate: {
			text: "Build the PEM from a certificate for {{host}} issued by a public CA: cat privkey.pem fullchain.pem " +
				"> /etc/ssl/private/pure-ftpd.pem; chmod 600 it and restart Pure-FTPd after every renewal.",
			config: "CertFile /etc/ssl/private/pure-ftpd.pem",
		},
		fixActive: {
			text: "Pure-FTPd connects back only to the address the control connection comes from, and says so: " +
				"'500 I won't open a connection to {{client}} (only to {{client_public}})', the second address being " +
				"the client as the server sees it. That is its bounce protection, and right: nothing to change on " +
				"the server. Only AllowUserFXP and AllowAnonymousFXP (-w, -W), meant for server-to-server FXP " +
				"transfers, relax it; keep them off. The client must use passive mode, or name its public address " +
				"with the data port forwarded to it.",
		},
	}
}
