package report

// Fixes for load balancers in front of several FTP servers: a client's
// control and data connections must reach the same server.

func haproxyFixes() playbook {
	return playbook{
		fixAffinity: {
			text: "In the HAProxy backend (mode tcp) that carries TCP {{port}} and the {{range}} {{min}}-{{max}}, " +
				"send every connection of a client to the same server: balance by source address, or pin clients " +
				"with a stick table shared by the control and the data ports. Reload HAProxy.",
			config: lines("backend ftp", "    mode tcp", "    balance source", "    hash-type consistent",
				"    # or: stick-table type ip size 100k expire 30m", "    #     stick on src"),
		},
	}
}

func nginxFixes() playbook {
	return playbook{
		fixAffinity: {
			text: "In the nginx stream upstream for TCP {{port}} and the {{range}} {{min}}-{{max}}, hash on the " +
				"client address so that its control and data connections reach the same server; reload nginx.",
			config: lines("upstream ftp {", "    hash $remote_addr consistent;", "    server <backend-1>;", "    server <backend-2>;", "}"),
		},
	}
}

func kubernetesFixes() playbook {
	return playbook{
		fixPublishRange: kubernetesRangeFix(),
		fixAffinity: {
			text: "Give the Service session affinity by client address, so that a client's data connections reach " +
				"the pod that serves its control connection; with externalTrafficPolicy: Local the client address " +
				"survives the node's NAT, which affinity needs.",
			config: lines("spec:", "  sessionAffinity: ClientIP", "  sessionAffinityConfig:",
				"    clientIP:", "      timeoutSeconds: 1800", "  externalTrafficPolicy: Local"),
		},
	}
}
