package report

// netkit is netkit ftpd / linux-ftpd (Debian ftpd) and its TLS variant
// linux-ftpd-ssl (Debian ftpd-ssl): no setting for the announced address;
// -h only moves passive ports to the kernel's high range.

const netkitName = "netkit ftpd (linux-ftpd, ftpd-ssl)"

func netkitFixes() playbook {
	alg := wayOutALGnft()
	return playbook{
		fixAdvertise: {
			text: wayOut(netkitName, "it always names its own end of the control connection, here {{advertised}}.") +
				" ftpd-ssl clients that use TLS (-z secure) cannot use the ALG at all: for them only 1) or 3) work.",
			config: alg,
		},
		fixPinRange: {
			text: netkitName + " has no passive port setting: the kernel picks each port from its ephemeral range " +
				"(net.ipv4.ip_local_port_range), so a forwarded {{range}} {{min}}-{{max}} does not match what it " +
				"hands out. Where the server has a network namespace of its own (a container, or a VM), narrow that " +
				"range to {{min}}-{{max}} there (below; on a shared host it would also limit every outgoing " +
				"connection) and forward it; or replace it with a server that pins its range.",
			config: ephemeralRange(),
		},
		fixGreeting: {
			text: "netkit ftpd runs from inetd (or with -D on its own): a late or missing greeting is inetd's " +
				"connection limit, tcp_wrappers (/etc/hosts.allow, /etc/hosts.deny), /etc/nologin, or the reverse " +
				"lookup of the client's address (-n logs numeric addresses).",
		},
		fixLogin: {
			text: "netkit ftpd refuses users listed in /etc/ftpusers and users whose shell is not in /etc/shells; " +
				"anonymous logins need a system user 'ftp' whose home is the anonymous tree (-A: anonymous only).",
		},
		fixEnableTLS: {
			text: "The TLS variant ftpd-ssl (Debian package ftpd-ssl) takes a certificate for {{host}} with " +
				"-z cert=FILE -z key=FILE, and -z secure refuses clients that do not use TLS; set the options in the " +
				"inetd.conf line (or the unit) that starts it.",
			config: "in.ftpd -l -z cert=/etc/ssl/certs/ftpd-fullchain.pem -z key=/etc/ssl/private/ftpd.key -z secure",
		},
		fixCertificate: {
			text: "Give ftpd-ssl a certificate for {{host}} from a public CA with its intermediate certificates " +
				"(-z cert=fullchain.pem -z key=privkey.pem); it reads them per connection, so a renewal needs no restart.",
			config: "-z cert=/etc/ssl/certs/ftpd-fullchain.pem -z key=/etc/ssl/private/ftpd.key",
		},
		fixActive: {
			text: "netkit ftpd connects back only to the client's own address and to unprivileged ports; -P would " +
				"allow any, which is the FTP bounce attack: keep it off and prefer passive mode.",
		},
	}
}
