package report

// pyftpdlib is configured in Python: the settings are attributes of the
// handler class (FTPHandler or TLS_FTPHandler) that the server script
// passes to FTPServer, set before the server starts. The snippets assume
// the script calls that class handler, as pyftpdlib's documentation does.

// pyftpdlibRestart is how a pyftpdlib server takes a new setting.
const pyftpdlibRestart = "restart the script (pyftpdlib reads its settings when the server starts)"

func pyftpdlibFixes() playbook {
	pinRange := "handler.passive_ports = range({{min}}, {{max}} + 1)"
	return playbook{
		fixSplitRanges: {
			text: "Without affinity, give every backend a passive_ports range of its own (here the {{range}} {{min}}-{{max}} " +
				"for one) and forward each range to its backend only, so that a data connection reaches the server " +
				"that handed out its port.",
			config: lines("# backend 1", pinRange, "# backend 2: another block, forwarded to backend 2 only"),
		},
		fixListenIPv6: {
			text: "pyftpdlib listens where FTPServer is told to: give it the address :: and it takes IPv6 and, on " +
				"Linux, IPv4 on one socket; " + pyftpdlibRestart + ".",
			config: "server = FTPServer((\"::\", {{server_port}}), handler)",
		},
		fixAdvertise: {
			text: "In the server script, before FTPServer(...) is created, make pyftpdlib announce the public " +
				"address {{public}} in its PASV replies and pin the passive ports to the {{range}} {{min}}-{{max}} " +
				"(range() excludes its end, hence + 1); " + pyftpdlibRestart + ". Started from the command line " +
				"instead, the same is: python3 -m pyftpdlib " +
				"-p {{server_port}} -n {{public}} -r {{min}}-{{max}} (-n is --nat-address, -r is --range; the command " +
				"line has no FTPS).",
			config: lines("handler.masquerade_address = \"{{public}}\"", pinRange,
				"# command line: python3 -m pyftpdlib -p {{server_port}} -n {{public}} -r {{min}}-{{max}}"),
		},
		fixPinRange: {
			text: "Pin pyftpdlib's passive ports to the {{range}} {{min}}-{{max}} in the server script (command line: " +
				"-r {{min}}-{{max}}), so that it hands out exactly the ports the firewall forwards; " + pyftpdlibRestart + ".",
			config: pinRange,
		},
		fixGreeting: {
			text: "pyftpdlib answers '421 Too many connections. Service temporarily unavailable.' beyond " +
				"server.max_cons (512 by default) and '421 Too many connections from the same IP address.' beyond " +
				"server.max_cons_per_ip (0, no limit, by default): set them on the FTPServer object before " +
				"serve_forever(). It does not look client names up, so a late greeting is the machine or the network.",
		},
		fixLogin: {
			text: "pyftpdlib accepts the users its authorizer knows: DummyAuthorizer.add_anonymous(folder) for anonymous " +
				"logins, add_user(name, password, folder, perm='elr') for others; UnixAuthorizer (Unix only, run as " +
				"root) takes system accounts.",
		},
		fixEnableTLS: {
			text: "Use TLS_FTPHandler (it needs pyOpenSSL: Debian python3-openssl, or pip install pyopenssl) with a " +
				"certificate for {{host}} and its key, and require TLS for logins and data once clients are ready; " +
				pyftpdlibRestart + ".",
			config: lines("from pyftpdlib.handlers import TLS_FTPHandler",
				"handler = TLS_FTPHandler",
				"handler.certfile = \"/etc/ssl/certs/pyftpdlib-fullchain.pem\"",
				"handler.keyfile = \"/etc/ssl/private/pyftpdlib.key\"",
				"handler.tls_control_required = True",
				"handler.tls_data_required = True"),
		},
		fixTLSSettings: {
			text: "pyftpdlib fails the handshake when pyOpenSSL cannot load the certificate or key, or when no " +
				"protocol version is shared with the client. Check the script's log for the OpenSSL error, and turn " +
				"off only the protocol versions that are really unsafe.",
			config: lines("from OpenSSL import SSL",
				"handler.ssl_options = SSL.OP_NO_SSLv2 | SSL.OP_NO_SSLv3 | SSL.OP_NO_COMPRESSION | SSL.OP_NO_TLSv1 | SSL.OP_NO_TLSv1_1"),
		},
		fixCertificate: {
			text: "Point handler.certfile at a certificate for {{host}} from a public CA, including the intermediate " +
				"certificates (Let's Encrypt: fullchain.pem), and handler.keyfile at its key; " + pyftpdlibRestart +
				" after every renewal.",
			config: lines("handler.certfile = \"/etc/ssl/certs/pyftpdlib-fullchain.pem\"",
				"handler.keyfile = \"/etc/ssl/private/pyftpdlib.key\""),
		},
		fixEnablePASV: {
			text: "pyftpdlib answers PASV unless the script removed it from handler.proto_cmds; put it back (or " +
				"stop deleting it) and " + pyftpdlibRestart + ".",
		},
		fixTransfer: {
			text: "pyftpdlib's '425 Can't open data connection.' means the client never connected to the passive " +
				"port; '425 Rejected data connection from foreign address' means the data connection came from " +
				"another address than the control connection (NAT with several public addresses, a proxy), which " +
				"handler.permit_foreign_addresses = True would allow at the price of FXP and bounce risks.",
		},
		fixActive: {
			text: "pyftpdlib refuses PORT/EPRT to another address than the client's ('501 Rejected data connection " +
				"to foreign address') and to ports below 1024; handler.permit_foreign_addresses = False and " +
				"handler.permit_privileged_ports = False are the safe defaults that do this: keep them. Prefer " +
				"passive mode.",
		},
		fixBanner: {
			text:   "The handler.banner of the server script shows the internal address {{server}}; replace it with a neutral greeting.",
			config: "handler.banner = \"FTP server ready.\"",
		},
	}
}
