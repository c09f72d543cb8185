package report

func aioftpFixes() playbook {
	return playbook{
		fixAdvertise: {
			text: "aioftp is configured in the program that starts it: pass the public address {{public}} as " +
				"ipv4_pasv_forced_response_address and the {{range}} {{min}}-{{max}} as data_ports when creating the " +
				"aioftp.Server, then restart that program. Without the forced address, aioftp announces the " +
				"address it listens on (0.0.0.0 or a private one).",
			config: `server = aioftp.Server(users, ipv4_pasv_forced_response_address="{{public}}", data_ports=range({{min}}, {{max}} + 1))`,
		},
		fixPinRange: {
			text: "Pass the {{range}} {{min}}-{{max}} as data_ports when creating the aioftp.Server; restart the " +
				"program.",
			config: `server = aioftp.Server(users, data_ports=range({{min}}, {{max}} + 1))`,
		},
	}
}
