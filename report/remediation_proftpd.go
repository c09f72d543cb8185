package report

func proftpdFixes() playbook {
	return playbook{
		fixSplitRanges: {
			text: "Without affinity, give every backend a PassivePorts range of its own (here the {{range}} {{min}}-{{max}} " +
				"for one) and forward each range to its backend only, so that a data connection reaches the server " +
				"that handed out its port.",
			config: lines("# backend 1", "PassivePorts {{min}} {{max}}", "# backend 2: another block, forwarded to backend 2 only"),
		},
		fixListenIPv6: {
			text:   "ProFTPD serves IPv6 with UseIPv6 on (in proftpd.conf, or modules.conf on Debian); restart proftpd.",
			config: "UseIPv6 on",
		},
		fixAdvertise: {
			text: "In proftpd.conf, in the server or <VirtualHost> section that serves this address, make ProFTPD " +
				"announce {{public}} in PASV replies and use the {{range}} {{min}}-{{max}}; restart ProFTPD. " +
				"MasqueradeAddress also takes a DNS name (resolved at start-up).",
			config: lines("MasqueradeAddress {{public}}", "PassivePorts {{min}} {{max}}"),
		},
		fixPinRange: {
			text:   "Pin ProFTPD's passive ports to the {{range}} {{min}}-{{max}} in proftpd.conf, matching what the firewall forwards; restart ProFTPD.",
			config: "PassivePorts {{min}} {{max}}",
		},
		fixGreeting: {
			text: "A late or missing greeting is usually ProFTPD waiting for reverse DNS and ident lookups of the " +
				"client address; turn both off. A 421 at connect time comes from MaxClients, MaxClientsPerHost or a " +
				"<Limit LOGIN> rule.",
			// IdentLookups is mod_ident's: without the module loaded, a bare
			// IdentLookups line stops ProFTPD from starting.
			config: lines("UseReverseDNS off", "<IfModule mod_ident.c>", "  IdentLookups off", "</IfModule>"),
		},
		fixLogin: {
			text: "Anonymous logins need an <Anonymous ~ftp> section. Local users need a shell listed in /etc/shells " +
				"(or RequireValidShell off) and must not be listed in /etc/ftpusers (UseFtpUsers). A 530 before the " +
				"password can also mean TLSRequired is on and the client did not use TLS.",
		},
		fixEnableTLS: {
			text: "Load mod_tls (Debian: uncomment LoadModule mod_tls.c in /etc/proftpd/modules.conf) and enable it " +
				"with a certificate for {{host}}; restart ProFTPD. TLSv1.3 needs ProFTPD 1.3.7 or later.",
			config: lines("<IfModule mod_tls.c>",
				"  TLSEngine on",
				"  TLSRequired on",
				"  TLSProtocol TLSv1.2 TLSv1.3",
				"  TLSRSACertificateFile /etc/ssl/certs/proftpd.crt",
				"  TLSRSACertificateKeyFile /etc/ssl/private/proftpd.key",
				"  TLSCertificateChainFile /etc/ssl/certs/proftpd-chain.crt",
				"  TLSLog /var/log/proftpd/tls.log",
				"</IfModule>"),
		},
		fixTLSSettings: {
			text: "Check /var/log/proftpd/tls.log (TLSLog) for the reason. Allow TLS 1.2 and 1.3 and a modern " +
				"cipher list, and make sure the key file is readable by ProFTPD at start-up.",
			config: lines("TLSProtocol TLSv1.2 TLSv1.3", "TLSCipherSuite HIGH:!aNULL:!MD5"),
		},
		fixCertificate: {
			text: "Use a certificate for {{host}} from a public CA and give ProFTPD the intermediate chain as well; " +
				"restart after every renewal.",
			config: lines("TLSRSACertificateFile /etc/ssl/certs/proftpd.crt",
				"TLSRSACertificateKeyFile /etc/ssl/private/proftpd.key",
				"TLSCertificateChainFile /etc/ssl/certs/proftpd-chain.crt"),
		},
		fixSessionReuse: {
			text: "Last resort, only if clients that cannot resume TLS sessions must be supported: stop requiring " +
				"session reuse on data connections (in the mod_tls section); prefer fixing the client.",
			config: "TLSOptions NoSessionReuseRequired",
		},
		fixEnablePASV: {
			text: "ProFTPD accepts PASV unless a <Limit PASV> (or <Limit EPSV>) section denies it; remove that denial. " +
				"On IPv6 control connections ProFTPD refuses PASV by design; clients must use EPSV there.",
		},
		fixTransfer: {
			text: "ProFTPD's '425 Unable to build data connection: Operation not permitted' under TLS usually means " +
				"the data connection did not resume the TLS session; 'Connection timed out' means the client never " +
				"reached the passive port. The details are in the ProFTPD log (and TLSLog).",
		},
		fixActive: {
			text: "ProFTPD accepts PORT/EPRT unless <Limit PORT EPRT> denies it, and refuses an address other than " +
				"the one the control connection comes from ('500 Illegal PORT command'). AllowForeignAddress off is " +
				"the safe default that does this: keep it (on allows FXP transfers and bounce attacks). Prefer " +
				"passive mode.",
		},
		fixBanner: {
			text:   "ProFTPD's default greeting shows its version and the local address ({{server}}); set a neutral one.",
			config: `ServerIdent on "FTP server ready."`,
		},
	}
}
