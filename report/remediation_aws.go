package report

// The passive ports of AWS Transfer Family FTP and FTPS servers: fixed by
// the service, not configurable.
const (
	awsPassiveMin = "8192"
	awsPassiveMax = "8200"
)

func awsTransferFixes() playbook {
	sgRule := "aws ec2 authorize-security-group-ingress --group-id <security-group-id> --ip-permissions " +
		`'[{"IpProtocol":"tcp","FromPort":` + awsPassiveMin + `,"ToPort":` + awsPassiveMax + `,"IpRanges":[{"CidrIp":"{{any_cidr}}"}]}]'`
	update := lines(
		`aws transfer update-server --server-id <server-id> --protocol-details '{"PassiveIp":"{{public}}"}'`,
		"aws transfer stop-server --server-id <server-id>",
		"aws transfer start-server --server-id <server-id>")
	return playbook{
		fixUnspecified: {
			text: "PassiveIp=0.0.0.0 is AWS Transfer Family's way of telling clients to reuse the control connection's " +
				"address for data connections; FileZilla and WinSCP do, clients that take the reply literally connect " +
				"to 0.0.0.0 and fail. Set PassiveIp to the public address {{public}} instead, then stop and start the " +
				"server (the change applies only after a restart); keep 0.0.0.0 only when every client is known to " +
				"cope, for instance behind a load balancer spanning several zones.",
			config: update,
		},
		fixAdvertise: {
			text: "AWS Transfer Family announces the address in its protocol details, PassiveIp (AUTO by default: one " +
				"of the endpoint's own addresses). Set it to the public address {{public}} that clients reach (the " +
				"firewall or load balancer in front), then stop and start the server: the change applies only " +
				"after a restart. The passive ports are fixed by the service (" + awsPassiveMin + "-" + awsPassiveMax +
				"): forward and allow exactly those, in the endpoint's security group too. Shorthand form: " +
				"--protocol-details PassiveIp={{public}}.",
			config: lines(update, sgRule),
		},
		fixPinRange: {
			text: "AWS Transfer Family's passive ports are fixed at " + awsPassiveMin + "-" + awsPassiveMax + " and cannot " +
				"be changed: allow and forward exactly those (security group of the VPC endpoint, and any firewall " +
				"in front), not another range.",
			config: sgRule,
		},
		fixSessionReuse: {
			text: "Last resort, only if clients that cannot resume TLS sessions must be supported: AWS Transfer Family " +
				"enforces TLS session resumption on FTPS data connections by default (TlsSessionResumptionMode " +
				"ENFORCED; '522 Data connection must use cached TLS session'); ENABLED accepts data connections " +
				"with and without resumption. Prefer fixing the client.",
			config: `aws transfer update-server --server-id <server-id> --protocol-details '{"TlsSessionResumptionMode":"ENABLED"}'`,
		},
	}
}
