package report

// The fixes for a passive range that is only partly forwarded, when
// --expect-range named the missing part: forward exactly that part. Lines
// with {{span...}} markers repeat once per missing run (see filler).

func portForwardingMissing() fix {
	return fix{
		text: "The router or NAT device in front of the server forwards only part of the passive range: {{forwarded}} " +
			"answer, {{missing}} do not. Forward TCP {{missing}} from {{public}} to {{server}} as well (or widen " +
			"the existing rule to {{min}}-{{max}}), and allow them in every firewall on the way. Docker: publish " +
			"the whole range (docker run -p {{min}}-{{max}}:{{min}}-{{max}}; Compose: ports: - " +
			`"{{min}}-{{max}}:{{min}}-{{max}}").`,
	}
}

func nftablesMissing() fix {
	return fix{
		text: "On the Linux NAT gateway, translate and accept the missing ports {{missing}} too (adapt table and " +
			"chain names to your ruleset; or widen the port sets of the existing rules to {{min}}-{{max}}). If the " +
			"server holds the public address itself, accept them in its input chain instead. A 'reject with " +
			"tcp reset' rule makes ports look forwarded that are not: check for one if transfers still fail.",
		config: lines(
			"nft add rule {{nft_family}} nat prerouting {{nft_family}} daddr {{public}} tcp dport '{ {{missing}} }' dnat to {{server}}",
			"nft add rule inet filter forward {{nft_family}} daddr {{server}} tcp dport '{ {{missing}} }' ct state new accept"),
	}
}

func iptablesMissing() fix {
	return fix{
		text: "On the Linux NAT gateway, DNAT and accept the missing ports {{missing}} too (use -I instead of -A if " +
			"a DROP or REJECT rule would come first; save the rules). If the server holds the public address " +
			"itself, accept them in its INPUT chain instead. A REJECT --reject-with tcp-reset rule makes ports " +
			"look forwarded that are not: check for one if transfers still fail.",
		config: lines(
			"{{iptables}} -t nat -A PREROUTING -d {{public}} -p tcp --dport {{span_colon}} -j DNAT --to-destination {{server}}",
			"{{iptables}} -A FORWARD -d {{server}} -p tcp --dport {{span_colon}} -m conntrack --ctstate NEW -j ACCEPT"),
	}
}

func ciscoASAMissing() fix {
	return fix{
		text: "ASA 8.3 or later: permit the missing ports {{missing}} to {{server}} as well (ACLs name the real " +
			"address), in the ACL already bound to the outside interface (OUTSIDE-IN below stands for it). A static " +
			"NAT of the whole host to {{public}} carries them already; static PAT needs a rule per missing run too.",
		config: lines(
			"object network FTP-SERVER",
			" host {{server}}",
			"object-group service FTP-PASSIVE-MISSING tcp",
			" port-object range {{span_min}} {{span_max}}",
			"access-list OUTSIDE-IN extended permit tcp any object FTP-SERVER object-group FTP-PASSIVE-MISSING"),
	}
}

func juniperSRXMissing() fix {
	return fix{
		text: "Add the missing ports {{missing}} to the destination NAT rule and to the security policy (the names " +
			"are those of the full forwarding fix; adapt them to your configuration).",
		config: lines(
			"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE match destination-port {{span_to}}",
			"set applications application FTP-PASSIVE-MISSING-{{span_i}} protocol tcp destination-port {{span}}",
			"set security policies from-zone untrust to-zone trust policy ALLOW-FTP match application FTP-PASSIVE-MISSING-{{span_i}}"),
	}
}

func mikrotikMissing() fix {
	return fix{
		text: "RouterOS: dst-nat the missing ports {{missing}} to {{server}} as well (or widen the existing rule's " +
			"dst-port to {{min}}-{{max}}).",
		config: `/ip firewall nat add chain=dstnat protocol=tcp dst-port={{span}} action=dst-nat to-addresses={{server}} in-interface-list=WAN comment="FTP passive (missing part)"`,
	}
}

func cloudMissing() fix {
	return fix{
		text: "Allow inbound TCP {{missing}} as well in the instance's security group (AWS), network security group " +
			"(Azure) or VPC firewall rule (GCP); widening the existing rule to {{min}}-{{max}} does the same.",
		config: lines(
			"# AWS",
			"aws ec2 authorize-security-group-ingress --group-id <security-group-id> --ip-permissions "+
				"'IpProtocol=tcp,FromPort={{span_min}},ToPort={{span_max}},IpRanges=[{CidrIp={{any_cidr}}}]'",
			"# Azure",
			"az network nsg rule create --resource-group <resource-group> --nsg-name <nsg-name> --name allow-ftp-passive-missing "+
				"--priority 320 --direction Inbound --access Allow --protocol Tcp --destination-port-ranges {{missing_words}}",
			"# Google Cloud",
			"gcloud compute firewall-rules create allow-ftp-passive-missing-{{span_i}} --direction=INGRESS --allow=tcp:{{span}} --target-tags=<network-tag>"),
	}
}
