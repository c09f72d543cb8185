package report

// fzPassive is where FileZilla Server 1.x keeps its passive-mode settings.
const fzPassive = "Server > Configure > Protocol settings > FTP and FTP over TLS (FTPS) > Passive mode"

// fzSettingsFile is where FileZilla Server 1.x keeps its settings.
const fzSettingsFile = "settings.xml (Linux: /opt/filezilla-server/etc/settings.xml, restart with systemctl restart " +
	"filezilla-server; Windows: in the service's folder under %ProgramData%)"

// fzSettingsXML is the passive-mode part of FileZilla Server 1.x's
// settings.xml, as its <ftp_server><session><pasv> element serialises it.
func fzSettingsXML(withHost bool) string {
	l := []string{"<session>", "  <pasv>"}
	if withHost {
		l = append(l, "    <host_override>{{public}}</host_override>",
			"    <do_not_override_host_if_peer_is_local>true</do_not_override_host_if_peer_is_local>")
	}
	l = append(l, "    <port_range>", "      <min>{{min}}</min>", "      <max>{{max}}</max>", "    </port_range>",
		"  </pasv>", "</session>")
	return lines(l...)
}

func filezillaFixes() playbook {
	firewallRule := `netsh advfirewall firewall add rule name="FileZilla Server passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`
	return playbook{
		fixListenIPv6: {
			text: "In FileZilla Server's Administration interface, Server > Configure > Server listeners: add a listener " +
				"on :: (all IPv6 addresses) port {{port}} beside the IPv4 one.",
		},
		fixAdvertise: {
			text: "In the FileZilla Server administration interface: " + fzPassive + ": 'Use the following host' = " +
				"{{public}} (or a DNS name for it), tick 'Use custom port range' = {{min}}-{{max}} (the {{range}}), " +
				"and keep 'Use default host for local connections' ticked so LAN clients still work; the settings " +
				"apply on Apply, no restart. (FileZilla Server 0.9.x instead: Edit > Settings > Passive mode " +
				"settings, 'Use the following IP' and 'Use custom port range'.) Allow the range in Windows Firewall: " +
				firewallRule + ". Without the interface: stop the service, set the elements below inside <ftp_server> " +
				"in " + fzSettingsFile + ", and start it again.",
			config: fzSettingsXML(true),
		},
		fixPinRange: {
			text: "In the FileZilla Server administration interface: " + fzPassive + ": tick 'Use custom port range' = " +
				"{{min}}-{{max}} (the {{range}}). Allow the range in Windows Firewall: " + firewallRule + ". Without " +
				"the interface: the elements below inside <ftp_server> in " + fzSettingsFile + ", with the service stopped.",
			config: fzSettingsXML(false),
		},
		fixGreeting: {
			text: "Check FileZilla Server's log: it closes connections beyond its session limits and from addresses " +
				"it banned after repeated failed logins.",
		},
		fixLogin: {
			text: "Check the account under Server > Configure > Rights management > Users: enabled, with a password " +
				"or other credentials, and with at least one mount point.",
		},
		fixEnableTLS: {
			text: "Server > Configure > Protocol settings > FTP and FTP over TLS (FTPS): select a certificate for " +
				"{{host}} (FileZilla Server can obtain one from Let's Encrypt) and require explicit FTP over TLS.",
		},
		fixTLSSettings: {
			text: "Server > Configure > Protocol settings > FTP and FTP over TLS (FTPS): check the certificate and " +
				"key, and allow TLS 1.2 as the minimum version.",
		},
		fixCertificate: {
			text: "Server > Configure > Protocol settings > FTP and FTP over TLS (FTPS): use a certificate for " +
				"{{host}} from a public CA (or the built-in Let's Encrypt support) instead of a self-signed one.",
		},
		fixSessionReuse: {
			text: "FileZilla Server always requires TLS session resumption on data connections; it cannot be turned " +
				"off. Clients must resume (FileZilla, WinSCP, lftp and curl do).",
		},
		fixTransfer: {
			text: "FileZilla Server's '425 Unable to build data connection: TLS session of data connection not " +
				"resumed.' means the client did not resume TLS; other 425 replies mean the client never reached the " +
				"passive port. The server log has the details.",
		},
		fixBanner: {
			text: "Set a neutral welcome message under Server > Configure > Protocol settings > FTP and FTP over TLS (FTPS).",
		},
	}
}
