package report

// vsftpdImages are the fix in the terms of the container images users run
// vsftpd in: their environment variables instead of vsftpd.conf. Comment
// lines, so that the snippet stays valid vsftpd.conf.
func vsftpdImages() []string {
	return []string{
		"# in a container, the image's variables instead (then recreate the container):",
		"#   fauria/vsftpd: -e PASV_ADDRESS={{public}} -e PASV_MIN_PORT={{min}} -e PASV_MAX_PORT={{max}}",
		"#   delfer/alpine-ftp-server: -e ADDRESS={{public}} -e MIN_PORT={{min}} -e MAX_PORT={{max}}",
		"#   garethflowers/ftp-server: -e PUBLIC_IP={{public}} (passive ports fixed at 40000-40009)",
		"#   and publish the range on the same numbers: -p {{min}}-{{max}}:{{min}}-{{max}}",
	}
}

func vsftpdFixes() playbook {
	return playbook{
		fixSplitRanges: {
			text: "Without affinity, give every backend a passive range of its own (here the {{range}} {{min}}-{{max}} " +
				"for one, another block for the next) and forward each range to its backend only: a data connection " +
				"then reaches the server that handed out its port, whichever backend took the control connection.",
			config: lines("# backend 1", "pasv_min_port={{min}}", "pasv_max_port={{max}}", "# backend 2: another block, e.g. the next one, forwarded to backend 2 only"),
		},
		fixListenIPv6: {
			text: "vsftpd listens on IPv6 with listen_ipv6=YES (and listen=NO); one socket on :: then serves both " +
				"families. If pasv_address is set for IPv4 clients behind NAT, that makes vsftpd announce 0,0,0,0 to " +
				"them: keep the IPv4 instance (listen=YES) and run a second one for IPv6 from a copy of vsftpd.conf with " +
				"the lines below instead of listen and pasv_address.",
			config: lines("# second instance for IPv6, /etc/vsftpd-ipv6.conf: a copy of vsftpd.conf with",
				"#   listen=NO",
				"#   listen_ipv6=YES",
				"#   (no pasv_address line: IPv6 clients use EPSV)",
				"# started as: vsftpd /etc/vsftpd-ipv6.conf"),
		},
		fixAdvertise: {
			text: "In vsftpd.conf (/etc/vsftpd.conf or /etc/vsftpd/vsftpd.conf) make vsftpd announce the public " +
				"address {{public}} in its PASV replies and pin the passive ports to the {{range}} {{min}}-{{max}}; " +
				"then restart vsftpd. With a dynamic public address, set pasv_address to a DNS name and add " +
				"pasv_addr_resolve=YES. In a container, set the image's variables (in the snippet's comments).",
			config: lines(append([]string{"pasv_enable=YES", "pasv_address={{public}}", "pasv_min_port={{min}}", "pasv_max_port={{max}}"},
				vsftpdImages()...)...),
		},
		fixUnspecified: {
			text: "vsftpd answers PASV with 0,0,0,0 when it listens on one IPv6 socket for both families " +
				"(listen=NO, listen_ipv6=YES, as Debian and Ubuntu ship it) and pasv_address is set: IPv4 clients " +
				"cannot use the address, and setting pasv_address again changes nothing. Give IPv4 a listener of its " +
				"own in vsftpd.conf (keep pasv_address={{public}} and the {{range}} {{min}}-{{max}} as they are) and " +
				"restart vsftpd. That instance then serves IPv4 only: to keep serving IPv6, start a second instance " +
				"first, from a copy of vsftpd.conf with the lines in the comment below instead of listen and " +
				"pasv_address (IPv6 clients use EPSV, which needs no address), and a unit or init script that runs " +
				"vsftpd with that file.",
			config: lines("listen=YES", "listen_ipv6=NO",
				"# second instance for IPv6, /etc/vsftpd-ipv6.conf: a copy of vsftpd.conf with",
				"#   listen=NO",
				"#   listen_ipv6=YES",
				"#   (no pasv_address line)",
				"# started as: vsftpd /etc/vsftpd-ipv6.conf"),
		},
		fixPinRange: {
			text: "Pin vsftpd's passive ports to the {{range}} {{min}}-{{max}} in vsftpd.conf, so that the server " +
				"hands out exactly the ports the firewall forwards; restart vsftpd. In a container: fauria/vsftpd " +
				"-e PASV_MIN_PORT={{min}} -e PASV_MAX_PORT={{max}}, delfer/alpine-ftp-server -e MIN_PORT={{min}} " +
				"-e MAX_PORT={{max}}.",
			config: lines("pasv_enable=YES", "pasv_min_port={{min}}", "pasv_max_port={{max}}"),
		},
		fixGreeting: {
			text: "vsftpd answers 421 at connect time when max_clients or max_per_ip is reached, and drops the " +
				"connection when tcp_wrappers (hosts.allow/hosts.deny) rejects the client. Check the vsftpd log " +
				"(/var/log/vsftpd.log or the journal) and raise the limits or allow the client.",
		},
		fixLogin: {
			text: "Anonymous logins need anonymous_enable=YES (most distributions ship it off). Local users need " +
				"local_enable=YES, must pass the PAM service named by pam_service_name, and must not be listed in " +
				"/etc/ftpusers or in userlist_file when userlist_deny=YES.",
		},
		fixEnableTLS: {
			text: "Enable explicit FTPS in vsftpd.conf with a certificate for {{host}} (full chain) and its key, " +
				"and require TLS for logins and data; restart vsftpd. Keep require_ssl_reuse at its default (YES).",
			config: lines("ssl_enable=YES",
				"rsa_cert_file=/etc/ssl/certs/vsftpd-fullchain.pem",
				"rsa_private_key_file=/etc/ssl/private/vsftpd.key",
				"ssl_sslv2=NO", "ssl_sslv3=NO", "ssl_ciphers=HIGH",
				"force_local_logins_ssl=YES", "force_local_data_ssl=YES"),
		},
		fixTLSSettings: {
			text: "vsftpd fails the handshake when it cannot read the key, when certificate and key do not match, " +
				"or when no protocol version or cipher is shared with the client. Check the log for the OpenSSL error, " +
				"the file permissions, and use a modern cipher list.",
			config: lines("ssl_enable=YES", "ssl_ciphers=HIGH",
				"rsa_cert_file=/etc/ssl/certs/vsftpd-fullchain.pem",
				"rsa_private_key_file=/etc/ssl/private/vsftpd.key"),
		},
		fixCertificate: {
			text: "Point rsa_cert_file at a certificate for {{host}} from a public CA, including the intermediate " +
				"certificates (Let's Encrypt: fullchain.pem), and rsa_private_key_file at its key; restart vsftpd " +
				"after every renewal.",
			config: lines("rsa_cert_file=/etc/ssl/certs/vsftpd-fullchain.pem", "rsa_private_key_file=/etc/ssl/private/vsftpd.key"),
		},
		fixSessionReuse: {
			text: "Last resort, only if clients that cannot resume TLS sessions must be supported: let data connections " +
				"start a fresh TLS session. This weakens the tie between control and data connection; prefer fixing " +
				"the client. Restart vsftpd.",
			config: "require_ssl_reuse=NO",
		},
		fixEnablePASV: {
			text:   "Passive mode is switched off in vsftpd.conf; switch it on and restart vsftpd.",
			config: "pasv_enable=YES",
		},
		fixTransfer: {
			text: "vsftpd's '425 Security: Bad IP connecting.' means the data connection came from another address " +
				"than the control connection (NAT with several public addresses, a proxy); '522 SSL connection failed; " +
				"session reuse required' means the client did not resume TLS; '425 Failed to establish connection.' " +
				"means the client never connected to the passive port.",
		},
		fixActive: {
			text: "vsftpd refuses PORT/EPRT when port_enable=NO, and answers '500 Illegal PORT command.' to an " +
				"address other than the one the control connection comes from. port_promiscuous=NO is the safe " +
				"default that does this: keep it (YES allows FTP bounce attacks). vsftpd connects back from port 20 " +
				"(connect_from_port_20), which its own firewall must let out.",
			config: lines("port_enable=YES", "port_promiscuous=NO", "connect_from_port_20=YES"),
		},
		fixBanner: {
			text:   "A custom ftpd_banner or banner_file shows the internal address {{server}}; replace it with a neutral greeting.",
			config: "ftpd_banner=FTP server ready.",
		},
	}
}
