package report

// fz09Passive is where FileZilla Server 0.9 keeps its passive-mode settings.
const fz09Passive = "Edit > Settings > Passive mode settings"

// fz09Restart restarts FileZilla Server 0.9 after FileZilla Server.xml was
// edited by hand (the interface applies its own changes at once).
const fz09Restart = `net stop "FileZilla Server" && net start "FileZilla Server"`

// filezilla09Fixes are the fixes for FileZilla Server 0.9.x, whose
// interface and settings file differ from 1.x. Where 0.9 has nothing of its
// own, the 1.x wording applies.
func filezilla09Fixes() playbook {
	book := filezillaFixes()
	firewallRule := `netsh advfirewall firewall add rule name="FileZilla Server passive {{min}}-{{max}}" dir=in action=allow protocol=TCP localport={{min}}-{{max}}`
	book[fixAdvertise] = fix{
		text: "In the FileZilla Server 0.9 interface: " + fz09Passive + ": select 'Use the following IP' = {{public}}, " +
			"tick 'Don't use external IP for local connections' so LAN clients still work, and tick 'Use custom port " +
			"range' = {{min}}-{{max}} (the {{range}}); OK applies it. Without the interface, set the items below in the " +
			"<Settings> section of 'FileZilla Server.xml' (in the installation folder) and restart the service: " +
			fz09Restart + ". Allow the range in Windows Firewall: " + firewallRule,
		config: lines(
			"<Settings>",
			`  <Item name="Custom PASV IP type" type="numeric">1</Item>`,
			`  <Item name="Custom PASV IP" type="string">{{public}}</Item>`,
			`  <Item name="Use custom PASV ports" type="numeric">1</Item>`,
			`  <Item name="Custom PASV min port" type="numeric">{{min}}</Item>`,
			`  <Item name="Custom PASV max port" type="numeric">{{max}}</Item>`,
			"</Settings>"),
	}
	book[fixPinRange] = fix{
		text: "In the FileZilla Server 0.9 interface: " + fz09Passive + ": tick 'Use custom port range' = {{min}}-{{max}} " +
			"(the {{range}}); or set the items below in 'FileZilla Server.xml' and restart the service: " + fz09Restart +
			". Allow the range in Windows Firewall: " + firewallRule,
		config: lines(
			"<Settings>",
			`  <Item name="Use custom PASV ports" type="numeric">1</Item>`,
			`  <Item name="Custom PASV min port" type="numeric">{{min}}</Item>`,
			`  <Item name="Custom PASV max port" type="numeric">{{max}}</Item>`,
			"</Settings>"),
	}
	book[fixSessionReuse] = fix{
		text: "Last resort, only if clients that cannot resume TLS sessions must be supported: FileZilla Server 0.9 " +
			"can stop requiring TLS session resumption on data connections (Edit > Settings > SSL/TLS settings; the " +
			"item below in 'FileZilla Server.xml', then restart the service: " + fz09Restart + "). Prefer fixing " +
			"the client.",
		config: lines("<Settings>", `  <Item name="Force TLS session resumption" type="numeric">0</Item>`, "</Settings>"),
	}
	book[fixEnableTLS] = fix{
		text: "In the FileZilla Server 0.9 interface: Edit > Settings > SSL/TLS settings: enable FTP over SSL/TLS " +
			"support with a certificate and key for {{host}}, allow explicit FTP over TLS, and force PROT P. 0.9 " +
			"supports only old TLS versions well: upgrading to FileZilla Server 1.x is the lasting fix.",
	}
	return book
}
