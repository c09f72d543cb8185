package report

import "github.com/ftpnat/ftpnat/probe"

// fixConnectionLimit raises the number of sessions a server allows one
// client address.
const fixConnectionLimit recipe = "connection-limit"

// PlaceholderSessionLimit stands for the number of simultaneous sessions
// the server was seen to accept from one client.
const PlaceholderSessionLimit = "<session-limit>"

// topicFixes are the fixes of recipes kept in files of their own, per
// target slug; remediate looks here after the target's playbook.
func topicFixes(slug string) playbook { return remedyTables().topics[slug] }

// buildTopicFixes gathers the topics' fixes by target slug (see topicFixes).
func buildTopicFixes() map[string]playbook {
	out := map[string]playbook{}
	for slug, f := range connectionLimitFixes() {
		out[slug] = playbook{fixConnectionLimit: f}
	}
	return out
}

// connectionLimitFixes say, per server program, where its limit on
// sessions per client address lives and how to raise it.
func connectionLimitFixes() map[string]fix {
	return map[string]fix{
		probe.SoftwareVsftpd: {
			text: "vsftpd turns away a client's connection beyond max_per_ip (and any beyond max_clients) with 421. " +
				"In /etc/vsftpd.conf raise max_per_ip above the current {{limit}} (0 means no limit) and check that " +
				"max_clients is larger still; restart vsftpd (systemctl restart vsftpd).",
			config: "max_per_ip=10",
		},
		probe.SoftwarePureFTPd: {
			text: "Pure-FTPd answers '421 Too many connections (N) from this IP' beyond MaxClientsPerIP (-C) and " +
				"refuses everyone beyond MaxClientsNumber (-c). Raise MaxClientsPerIP above the current {{limit}} in " +
				"pure-ftpd.conf (command line: -C 10; Debian's wrapper: echo 10 > /etc/pure-ftpd/conf/MaxClientsPerIP), " +
				"keep MaxClientsNumber larger, and restart pure-ftpd. Pure-FTPd also caps MaxClientsNumber at half " +
				"the passive port range ('421 N users (the maximum) are already logged in'): allow two passive " +
				"ports per simultaneous session.",
			config: "MaxClientsPerIP 10",
		},
		probe.SoftwareProFTPD: {
			text: "ProFTPD refuses the login beyond MaxClientsPerHost ('530 Sorry, the maximum number of clients (N) " +
				"from your host are already connected.') and the connection beyond MaxConnectionsPerHost. Raise both " +
				"above the current {{limit}} in proftpd.conf (MaxInstances and MaxClients bound everyone together), " +
				"check the file with proftpd -t and restart proftpd (systemctl restart proftpd).",
			config: lines("MaxClientsPerHost 10", "MaxConnectionsPerHost 10"),
		},
		probe.SoftwareIIS: {
			text: "IIS FTP limits the connections of a whole FTP site (maxConnections, default unlimited); a limit " +
				"per client address comes from an IP restriction or a firewall in front of it. Raise the site's " +
				"limit in IIS Manager (FTP site > Advanced Settings > Connections > Max Connections) or from an " +
				"elevated prompt (replace <site-name> with the FTP site's name), then restart the FTP service:",
			config: lines(appcmd+` set site /site.name:"<site-name>" /ftpServer.connections.maxConnections:1000`,
				"net stop ftpsvc && net start ftpsvc"),
		},
		probe.SoftwareFileZilla: {
			text: "FileZilla Server limits connections in total and per user or group: 0.9 under General settings " +
				"(Max. number of users) and each user's or group's General page (Connection limit per IP, Maximum " +
				"connection count); 1.x in the server's settings and each user's or group's limits. Raise the " +
				"per-IP limit above the current {{limit}} and apply the settings.",
		},
		probe.SoftwareServU: {
			text: "Serv-U limits sessions per IP address under Limits & Settings (the domain's, a group's or a " +
				"user's): raise the maximum number of sessions per IP address above the current {{limit}}.",
		},
		probe.SoftwarePyftpdlib: {
			text: "pyftpdlib answers '421 Too many connections from the same IP address.' beyond the server's " +
				"max_cons_per_ip (0, the default, means no limit) and refuses everyone beyond max_cons. Raise it in " +
				"the script that starts the server, above the current {{limit}}, and restart it:",
			config: "server.max_cons_per_ip = 10",
		},
		probe.SoftwareWingFTP: {
			text: "Wing FTP limits sessions per domain: Domain > Domain Settings > General Settings > Connection " +
				"Limit > Max Session Per IP. Raise it above the current {{limit}}.",
		},
	}
}
