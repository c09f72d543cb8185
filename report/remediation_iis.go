package report

// appcmd is the full path, so the lines work from any prompt.
const appcmd = `%windir%\system32\inetsrv\appcmd.exe`

func iisFixes() playbook {
	rangeLines := []string{
		appcmd + " set config -section:system.ftpServer/firewallSupport /lowDataChannelPort:{{min}} /highDataChannelPort:{{max}} /commit:apphost",
		`netsh advfirewall firewall add rule name="FTP passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`,
		"net stop ftpsvc && net start ftpsvc",
	}
	return playbook{
		fixListenIPv6: {
			text: "In IIS Manager, the FTP site's Bindings must include the server's IPv6 address (or All Unassigned) on " +
				"port {{port}}; Windows Firewall must allow the FTP service for IPv6 as well.",
		},
		fixAdvertise: {
			text: "In IIS Manager, FTP Firewall Support: at the server node, Data Channel Port Range = {{min}}-{{max}} " +
				"(the {{range}}; the range is a server-wide setting) and External IP Address of Firewall = {{public}} " +
				"(the default for every FTP site); or set the external address on the FTP site's own FTP Firewall " +
				"Support page (that site only). Apply, allow the range in Windows Firewall (its stateful FTP filter " +
				"cannot read FTPS), and restart the FTP service. From an elevated prompt (the site-level line only if " +
				"one site needs another address; replace <site-name> with the FTP site's name):",
			config: lines(append([]string{
				"REM server level: every FTP site announces the external address",
				appcmd + ` set config -section:system.applicationHost/sites /siteDefaults.ftpServer.firewallSupport.externalIp4Address:"{{public}}" /commit:apphost`,
				"REM or site level: this FTP site only",
				appcmd + ` set site /site.name:"<site-name>" /ftpServer.firewallSupport.externalIp4Address:"{{public}}"`,
			}, rangeLines...)...),
		},
		fixPinRange: {
			text: "In IIS Manager: server node > FTP Firewall Support > Data Channel Port Range = {{min}}-{{max}} " +
				"(the {{range}}), plus a Windows Firewall rule for it (its stateful FTP filter cannot read FTPS); " +
				"restart the FTP service:",
			config: lines(rangeLines...),
		},
		fixGreeting: {
			text: "IIS refuses the connection when the site's connection limit (maxConnections) is reached or an FTP " +
				"IP Address and Domain Restriction denies the client; check the FTP log (W3SVC/FTPSVC folders).",
		},
		fixLogin: {
			text: "Check FTP Authentication (Basic and/or Anonymous enabled) and FTP Authorization Rules for the user; " +
				"anonymous access needs Anonymous Authentication and a read rule for anonymous users. The FTP log's " +
				"sub-status code tells which.",
		},
		fixEnableTLS: {
			text: "In IIS Manager: FTP site > FTP SSL Settings: choose a certificate for {{host}} and require SSL " +
				"for the control and data channels. Add a Windows Firewall rule for the data channel port range: " +
				"the firewall's stateful FTP filter cannot read TLS. From an elevated prompt:",
			config: lines(appcmd + ` set site /site.name:"<site-name>" /ftpServer.security.ssl.serverCertHash:<certificate-thumbprint>` +
				` /ftpServer.security.ssl.controlChannelPolicy:SslRequire /ftpServer.security.ssl.dataChannelPolicy:SslRequire`),
		},
		fixTLSSettings: {
			text: "IIS takes TLS versions and ciphers from Windows (Schannel): make sure TLS 1.2 is enabled, and " +
				"that the certificate bound to the FTP site has its private key and is readable by the FTP service.",
		},
		fixCertificate: {
			text: "Import a certificate for {{host}} from a public CA (with its intermediates) into the Local " +
				"Computer's Personal store and select it under FTP SSL Settings, or bind it by thumbprint:",
			config: appcmd + ` set site /site.name:"<site-name>" /ftpServer.security.ssl.serverCertHash:<certificate-thumbprint>`,
		},
		fixTransfer: {
			text: "IIS refuses a data connection from another address than the control connection (FTP site > " +
				"dataChannelSecurity matchClientAddressForPasv); a NAT with several public addresses triggers it. " +
				"The FTP log's win32 status code tells the reason.",
		},
		fixActive: {
			text: "IIS refuses PORT/EPRT to an address other than the client's (dataChannelSecurity " +
				"matchClientAddressForPort, on by default: keep it). Prefer passive mode.",
		},
		fixBanner: {
			text: "In IIS Manager: FTP site > FTP Messages: tick 'Suppress default banner' and set a neutral banner:",
			config: appcmd + ` set site /site.name:"<site-name>" /ftpServer.messages.suppressDefaultBanner:true` +
				` /ftpServer.messages.bannerMessage:"FTP server ready."`,
		},
	}
}
