package report

func portForwardingFixes() playbook {
	return playbook{
		fixHairpinControl: {
			text: "Only if this machine sits in the server's own network: turn on the router's 'NAT loopback' ('NAT " +
				"reflection', 'hairpin NAT'), or give inside clients a DNS record that points the server's name at " +
				"its own address.",
		},
		fixHairpin: {
			text: "Turn on the router's 'NAT loopback' (also called 'NAT reflection' or 'hairpin NAT') for the " +
				"{{range}} {{min}}-{{max}} as well as the control port, or give inside clients a DNS record that " +
				"points the server's name at its own address.",
		},
		fixPublishRange: {
			text: "Behind a port mapping (Docker, Kubernetes, a router's port translation) publish the {{range}} " +
				"{{min}}-{{max}} on the same numbers outside as inside: FTP cannot translate passive ports, because " +
				"the server names its own port numbers in its replies. Leave the control port's mapping " +
				"({{port}} to {{server_port}}) as it is.",
			config: containerPublish(),
		},
		fixAllowV6: {
			text: "In the router's IPv6 firewall (often 'IPv6 pinholes' or 'IPv6 port sharing', apart from IPv4 port " +
				"forwarding), allow inbound TCP {{min}}-{{max}} (the {{range}}) to {{public}}, as port {{port}} already " +
				"is. IPv6 needs no forwarding: the server's address is reachable as it is.",
		},
		fixAllowV6Control: {
			text: "In the router's IPv6 firewall (often 'IPv6 pinholes'), allow inbound TCP {{port}} to {{public}}, " +
				"or stop publishing the AAAA record until IPv6 is served.",
		},
		fixForward: {
			text: "On the router or NAT device in front of the server, forward every port of the {{range}} " +
				"{{min}}-{{max}} from {{public}} to {{server}}, each to the same port number, and allow them in every " +
				"firewall on the way (router, host firewall, cloud); leave the rule for the control port {{port}} as it " +
				"is: it works. Keep 5060/5061 out of the range: SIP ALGs grab them. Docker and Compose publish the " +
				"range on the same numbers (below). A Kubernetes Service cannot expose a range: list every port of " +
				"it in the Service with targetPort equal to port, or run the pod with hostNetwork: true.",
			config: containerPublish(),
		},
		fixForwardControl: {
			text: "On the router or NAT device in front of the server, forward TCP {{port}} from {{public}} to " +
				"{{server}} port {{server_port}} and allow it in every firewall on the way (router, host firewall, " +
				"cloud). Docker: publish it (docker run -p {{port}}:{{server_port}}; Compose: ports: - " +
				`"{{port}}:{{server_port}}").`,
		},
		fixInspectionOff: {
			text: "Turn off the router's 'FTP ALG', 'FTP inspection' or 'NAT helper' for FTP (NAT or advanced " +
				"settings) once the server announces {{public}} itself and the {{range}} {{min}}-{{max}} is forwarded " +
				"to {{server}}. An ALG reads plaintext FTP only: it rewrites and drops plaintext replies and cannot " +
				"help FTPS at all.",
		},
		fixForwardMissing: portForwardingMissing(),
		fixActiveClient: {
			text: "Active mode through the client's NAT needs three things on the client's side. In the client " +
				"(FileZilla: Edit > Settings > Connection > FTP > Active mode): 'Use the following IP address' = the " +
				"public address the server sees, {{client_public}}, and 'Limit local ports used by FileZilla' to a " +
				"small range such as 40000-40099; on the client's router, forward that range to {{client}}. Passive " +
				"mode needs none of it (FileZilla: Connection > FTP > Transfer Mode: Passive), and is the better fix.",
		},
	}
}

func nftablesFixes() playbook {
	return playbook{
		fixHairpinControl: {
			text: "Only if this machine sits in the server's own network ({{client_network}}): let its connections to " +
				"the public address {{public}} loop back to the server — translate TCP {{port}} for them too and " +
				"masquerade them (NAT loopback). Or resolve the server's name to its own address inside the network " +
				"(split DNS). Either way, test from outside with --via as well.",
			config: lines(
				"nft add table ip nat",
				"nft 'add chain ip nat prerouting { type nat hook prerouting priority dstnat; }'",
				"nft 'add chain ip nat postrouting { type nat hook postrouting priority srcnat; }'",
				"nft add rule ip nat prerouting ip saddr {{client_network}} ip daddr {{public}} tcp dport {{port}} dnat to {{server_port_target}}",
				"nft add rule ip nat postrouting ip saddr {{client_network}} ip daddr {{server}} tcp dport {{server_port}} masquerade"),
		},
		fixHairpin: {
			text: "Let connections from inside ({{client_network}}) to the public address {{public}} loop back to the " +
				"server: translate the {{range}} {{min}}-{{max}} for them too, and masquerade them so that the server answers " +
				"through the router (adapt table and chain names to your ruleset). Alternatively, resolve the " +
				"server's name to its own address inside the network (split DNS).",
			config: lines(
				"nft add table ip nat",
				"nft 'add chain ip nat prerouting { type nat hook prerouting priority dstnat; }'",
				"nft 'add chain ip nat postrouting { type nat hook postrouting priority srcnat; }'",
				"nft add rule ip nat prerouting ip saddr {{client_network}} ip daddr {{public}} tcp dport {{min}}-{{max}} dnat to {{server}}",
				"nft add rule ip nat postrouting ip saddr {{client_network}} ip daddr {{server}} tcp dport {{min}}-{{max}} masquerade"),
		},
		fixAffinity: {
			text: "The NAT gateway spreads new connections over the backends one by one (numgen), so a client's data " +
				"connection reaches another server than its control connection. Choose the backend by a hash of the " +
				"client address instead, for the control port and the {{range}} {{min}}-{{max}} alike (adapt the map " +
				"to your backends and the rule to your ruleset).",
			config: "nft add rule ip nat prerouting ip daddr {{public}} tcp dport '{ {{port}}, {{min}}-{{max}} }' dnat to jhash ip saddr mod 2 map { 0 : <backend-1>, 1 : <backend-2> }",
		},
		fixAllowV6: {
			text: "IPv6 is routed, not translated: no DNAT, only accept. On the firewall in front of the server (or on " +
				"the server itself, in the input chain), accept new TCP connections to {{public}} on the {{range}} " +
				"{{min}}-{{max}} in the inet or ip6 forward chain, beside the rule that already admits port {{port}} " +
				"(adapt table and chain names to your ruleset, see nft list ruleset).",
			config: lines(
				"nft add rule inet filter forward ip6 daddr {{public}} tcp dport {{min}}-{{max}} ct state new accept",
				"# on the server itself instead:",
				"nft add rule inet filter input ip6 daddr {{public}} tcp dport {{min}}-{{max}} ct state new accept"),
		},
		fixAllowV6Control: {
			text: "Accept TCP {{port}} to {{public}} in the inet or ip6 forward chain (or the server's input chain), " +
				"or stop publishing the AAAA record until IPv6 is served.",
			config: lines(
				"nft add rule inet filter forward ip6 daddr {{public}} tcp dport {{port}} ct state new accept",
				"# on the server itself instead:",
				"nft add rule inet filter input ip6 daddr {{public}} tcp dport {{port}} ct state new accept"),
		},
		fixForwardMissing: nftablesMissing(),
		fixForward: {
			text: "On the Linux NAT gateway: translate the {{range}} {{min}}-{{max}} from {{public}} to {{server}} on " +
				"the same port numbers and accept it in the forward chain (adapt table and chain names to your " +
				"ruleset, see nft list ruleset); the control port {{port}} works, so its rule stays as it is. If the " +
				"server holds the public address itself, only accept the range in its input chain. Do not rely on the " +
				"ftp conntrack helper: it cannot read FTPS.",
			config: lines(
				"nft add table {{nft_family}} nat",
				"nft 'add chain {{nft_family}} nat prerouting { type nat hook prerouting priority dstnat; }'",
				"nft add rule {{nft_family}} nat prerouting {{nft_family}} daddr {{public}} tcp dport {{min}}-{{max}} dnat to {{server}}",
				"nft add rule inet filter forward {{nft_family}} daddr {{server}} tcp dport {{min}}-{{max}} ct state new accept"),
		},
		fixForwardControl: {
			text: "On the Linux NAT gateway: translate TCP {{port}} from {{public}} to {{server}} and accept it in the " +
				"forward chain (adapt table and chain names to your ruleset). On the server itself, accept it in the " +
				"input chain.",
			config: lines(
				"nft add table {{nft_family}} nat",
				"nft 'add chain {{nft_family}} nat prerouting { type nat hook prerouting priority dstnat; }'",
				"nft add rule {{nft_family}} nat prerouting {{nft_family}} daddr {{public}} tcp dport {{port}} dnat to {{server_port_target}}",
				"nft add rule inet filter forward {{nft_family}} daddr {{server}} tcp dport {{server_port}} ct state new accept"),
		},
		fixInspectionOff: {
			text: "The ftp conntrack helper (nf_conntrack_ftp, with nf_nat_ftp rewriting addresses) reads plaintext " +
				"FTP only: a 'ct helper' rule helps plaintext clients and can do nothing for FTPS. Once the server " +
				"announces {{public}} itself and the {{range}} {{min}}-{{max}} is forwarded explicitly, it has nothing " +
				"left to do for this server: find the rule that attaches it to TCP {{port}} and delete it by its " +
				"handle (or exclude {{server}} from it if other FTP servers still need it).",
			config: lines("nft -a list ruleset | grep 'ct helper'", "nft delete rule <family> <table> <chain> handle <handle>"),
		},
	}
}

func iptablesFixes() playbook {
	return playbook{
		fixHairpinControl: {
			text: "Only if this machine sits in the server's own network ({{client_network}}): DNAT its connections to " +
				"{{public}} port {{port}} to the server as well and masquerade them (NAT loopback), or use split DNS.",
			config: lines(
				"iptables -t nat -A PREROUTING -s {{client_network}} -d {{public}} -p tcp --dport {{port}} -j DNAT --to-destination {{server_port_target}}",
				"iptables -t nat -A POSTROUTING -s {{client_network}} -d {{server}} -p tcp --dport {{server_port}} -j MASQUERADE"),
		},
		fixHairpin: {
			text: "Let connections from inside ({{client_network}}) to the public address {{public}} loop back to the " +
				"server: DNAT the {{range}} {{min}}-{{max}} for them too and masquerade them. Alternatively, resolve the server's " +
				"name to its own address inside the network (split DNS).",
			config: lines(
				"iptables -t nat -A PREROUTING -s {{client_network}} -d {{public}} -p tcp --dport {{min}}:{{max}} -j DNAT --to-destination {{server}}",
				"iptables -t nat -A POSTROUTING -s {{client_network}} -d {{server}} -p tcp --dport {{min}}:{{max}} -j MASQUERADE"),
		},
		fixAffinity: {
			text: "iptables spreads connections over backends with the statistic match, which ignores the client: " +
				"replace it with one DNAT per backend chosen by source address (for example by client subnet halves), " +
				"or move the balancing to HAProxy or nginx with source hashing.",
		},
		fixAllowV6: {
			text: "IPv6 is routed, not translated: accept new TCP connections to {{public}} on the {{range}} " +
				"{{min}}-{{max}} in ip6tables FORWARD on the firewall (INPUT on the server itself), and save the rules.",
			config: lines(
				"ip6tables -A FORWARD -d {{public}} -p tcp --dport {{min}}:{{max}} -m conntrack --ctstate NEW -j ACCEPT",
				"# on the server itself instead:",
				"ip6tables -A INPUT -d {{public}} -p tcp --dport {{min}}:{{max}} -m conntrack --ctstate NEW -j ACCEPT"),
		},
		fixAllowV6Control: {
			text: "Accept TCP {{port}} to {{public}} in ip6tables FORWARD (INPUT on the server itself), or stop " +
				"publishing the AAAA record until IPv6 is served.",
			config: lines(
				"ip6tables -A FORWARD -d {{public}} -p tcp --dport {{port}} -m conntrack --ctstate NEW -j ACCEPT",
				"# on the server itself instead:",
				"ip6tables -A INPUT -d {{public}} -p tcp --dport {{port}} -m conntrack --ctstate NEW -j ACCEPT"),
		},
		fixForwardMissing: iptablesMissing(),
		fixForward: {
			text: "On the Linux NAT gateway: DNAT the {{range}} {{min}}-{{max}} from {{public}} to {{server}} on the " +
				"same port numbers and accept new connections to it in FORWARD (save the rules so they survive a " +
				"reboot); the control port {{port}} works, so its rule stays as it is. If the server holds the public " +
				"address itself, accept the range in its INPUT chain instead.",
			config: lines(
				"{{iptables}} -t nat -A PREROUTING -d {{public}} -p tcp --dport {{min}}:{{max}} -j DNAT --to-destination {{server}}",
				"{{iptables}} -A FORWARD -d {{server}} -p tcp --dport {{min}}:{{max}} -m conntrack --ctstate NEW -j ACCEPT"),
		},
		fixForwardControl: {
			text: "On the Linux NAT gateway: DNAT TCP {{port}} from {{public}} to {{server}} and accept it in FORWARD; " +
				"on the server itself, accept it in INPUT.",
			config: lines(
				"{{iptables}} -t nat -A PREROUTING -d {{public}} -p tcp --dport {{port}} -j DNAT --to-destination {{server_port_target}}",
				"{{iptables}} -A FORWARD -d {{server}} -p tcp --dport {{server_port}} -m conntrack --ctstate NEW -j ACCEPT"),
		},
		fixInspectionOff: {
			text: "The ftp conntrack helper (nf_conntrack_ftp, with nf_nat_ftp rewriting addresses) reads plaintext " +
				"FTP only: a 'CT --helper ftp' rule helps plaintext clients and can do nothing for FTPS. Once the " +
				"server announces {{public}} itself and the {{range}} {{min}}-{{max}} is forwarded explicitly, remove " +
				"the rule and unload the helper modules (keep them, with the rule narrowed, if other FTP servers " +
				"still need them).",
			config: lines("{{iptables}} -t raw -D PREROUTING -p tcp --dport {{port}} -j CT --helper ftp",
				"modprobe -r nf_nat_ftp nf_conntrack_ftp"),
		},
	}
}

func ciscoASAFixes() playbook {
	return playbook{
		fixAllowV6: {
			text: "On the ASA, IPv6 is not translated: permit TCP {{min}}-{{max}} (the {{range}}) to {{public}} in the " +
				"outside interface's access list, beside the entry for port {{port}}.",
			config: "access-list outside_access_in extended permit tcp any6 host {{public}} range {{min}} {{max}}",
		},
		fixAllowV6Control: {
			text:   "On the ASA, permit TCP {{port}} to {{public}} in the outside interface's access list.",
			config: "access-list outside_access_in extended permit tcp any6 host {{public}} eq {{port}}",
		},
		fixForwardMissing: ciscoASAMissing(),
		fixForward: {
			text: "ASA 8.3 or later: static NAT of {{server}} to {{public}} and an ACL for the {{range}} {{min}}-{{max}} " +
				"(ACLs name the real address); the control port {{port}} works, so its entries stay as they are. If an " +
				"access-group is already bound to the outside interface, add the line to that ACL instead. If " +
				"{{public}} is the ASA's own outside address, or a NAT rule for the server exists already, use twice " +
				"NAT with a service object for the range instead of the static NAT. 'inspect ftp' cannot read FTPS: " +
				"this ACL is what lets FTPS data through.",
			config: lines(
				"object network FTP-SERVER",
				" host {{server}}",
				" nat (inside,outside) static {{public}}",
				"object-group service FTP-PASSIVE tcp",
				" port-object range {{min}} {{max}}",
				"access-list OUTSIDE-IN extended permit tcp any object FTP-SERVER object-group FTP-PASSIVE",
				"access-group OUTSIDE-IN in interface outside"),
		},
		fixForwardControl: {
			text: "ASA 8.3 or later: static NAT of {{server}} to {{public}} and an ACL for TCP {{port}} (ACLs name " +
				"the real address); add the line to the existing outside ACL if there is one.",
			config: lines(
				"object network FTP-SERVER",
				" host {{server}}",
				" nat (inside,outside) static {{public}}",
				"access-list OUTSIDE-IN extended permit tcp any object FTP-SERVER eq {{port}}",
				"access-group OUTSIDE-IN in interface outside"),
		},
		fixInspectionOff: {
			text: "Exempt this server from 'inspect ftp' once an ACL permits TCP {{port}} and the {{range}} " +
				"{{min}}-{{max}} to {{server}}: the inspection rewrites and polices the " +
				"server's plaintext replies and can do nothing for FTPS. The snippet moves 'inspect ftp' from the " +
				"default class to a class matching FTP to every other server (ACLs name the real address, ASA 8.3 or " +
				"later); with no other FTP server behind the ASA, 'no inspect ftp' under class inspection_default is " +
				"enough. Without inspection, plaintext clients too depend on the server announcing {{public}} itself.",
			config: lines(
				"access-list FTP-INSPECT extended deny tcp any host {{server}} eq {{port}}",
				"access-list FTP-INSPECT extended permit tcp any any eq {{port}}",
				"class-map FTP-INSPECT",
				" match access-list FTP-INSPECT",
				"policy-map global_policy",
				" class inspection_default",
				"  no inspect ftp",
				" class FTP-INSPECT",
				"  inspect ftp"),
		},
		fixUnmaskSyst: {
			text: "The ASA's FTP inspection replaces the SYST reply with X's. To pass the server's reply through, " +
				"use an inspection policy without SYST masking:",
			config: lines(
				"policy-map type inspect ftp FTP-NO-MASK",
				" parameters",
				"  no mask-syst-reply",
				"policy-map global_policy",
				" class inspection_default",
				"  no inspect ftp",
				"  inspect ftp FTP-NO-MASK"),
		},
	}
}

func juniperSRXFixes() playbook {
	return playbook{
		fixForwardMissing: juniperSRXMissing(),
		fixForward: {
			text: "Destination NAT from {{public}} to {{server}} for the {{range}} {{min}}-{{max}}, and a security " +
				"policy permitting it (adapt zone names); the control port {{port}} works, so its rule stays as it is. " +
				"Do not enable 'alg ftp ftps-extension' on the server side: it opens every TCP port to the client " +
				"(CVE-2015-5361).",
			config: lines(
				"set security address-book global address FTP-SERVER {{server_cidr}}",
				"set security nat destination pool FTP-SERVER address {{server_cidr}}",
				"set security nat destination rule-set FROM-INTERNET from zone untrust",
				"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE match destination-address {{public_cidr}}",
				"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE match destination-port {{min}} to {{max}}",
				"set security nat destination rule-set FROM-INTERNET rule FTP-PASSIVE then destination-nat pool FTP-SERVER",
				"set applications application FTP-PASSIVE protocol tcp destination-port {{min}}-{{max}}",
				"set security policies from-zone untrust to-zone trust policy ALLOW-FTP-PASSIVE match source-address any destination-address FTP-SERVER application FTP-PASSIVE",
				"set security policies from-zone untrust to-zone trust policy ALLOW-FTP-PASSIVE then permit"),
		},
		fixForwardControl: {
			text: "Destination NAT from {{public}} to {{server}} for TCP {{port}} and a security policy permitting it (adapt zone names).",
			config: lines(
				"set security address-book global address FTP-SERVER {{server_cidr}}",
				"set security nat destination pool FTP-SERVER address {{server_cidr}}",
				"set security nat destination rule-set FROM-INTERNET from zone untrust",
				"set security nat destination rule-set FROM-INTERNET rule FTP-CONTROL match destination-address {{public_cidr}}",
				"set security nat destination rule-set FROM-INTERNET rule FTP-CONTROL match destination-port {{port}}",
				"set security nat destination rule-set FROM-INTERNET rule FTP-CONTROL then destination-nat pool FTP-SERVER",
				"set applications application FTP-CONTROL protocol tcp destination-port {{port}}",
				"set security policies from-zone untrust to-zone trust policy ALLOW-FTP match source-address any destination-address FTP-SERVER application FTP-CONTROL",
				"set security policies from-zone untrust to-zone trust policy ALLOW-FTP then permit"),
		},
		fixInspectionOff: {
			text: "The SRX FTP ALG rewrites plaintext PASV replies and opens gates from them; it cannot read FTPS. " +
				"Once destination NAT and a policy carry TCP {{port}} and the {{range}} {{min}}-{{max}} to {{server}}, " +
				"disable it. The command below disables it for the whole device; to keep it for other traffic, give this " +
				"server's control port an application of its own with 'application-protocol ignore' and use that in " +
				"the server's policy. Do not turn on 'alg ftp ftps-extension' as a shortcut: it opens a gate from " +
				"the client to every TCP port of the server for the whole session (CVE-2015-5361).",
			config: "set security alg ftp disable",
		},
	}
}

func mikrotikFixes() playbook {
	return playbook{
		fixHairpinControl: {
			text: "Only if this machine sits in the server's own network ({{client_network}}): RouterOS hairpin NAT " +
				"for TCP {{port}}, or a static DNS entry pointing the server's name at its own address.",
			config: lines(
				`/ip firewall nat add chain=dstnat src-address={{client_network}} dst-address={{public}} protocol=tcp dst-port={{port}} action=dst-nat to-addresses={{server}} to-ports={{server_port}} comment="FTP control, hairpin"`,
				`/ip firewall nat add chain=srcnat src-address={{client_network}} dst-address={{server}} protocol=tcp dst-port={{server_port}} action=masquerade comment="FTP hairpin"`),
		},
		fixHairpin: {
			text: "RouterOS hairpin NAT: dst-nat the {{range}} {{min}}-{{max}} for connections from {{client_network}} to " +
				"{{public}} as well, and masquerade them. Alternatively, a static DNS entry for the server's name " +
				"pointing at its own address.",
			config: lines(
				`/ip firewall nat add chain=dstnat src-address={{client_network}} dst-address={{public}} protocol=tcp dst-port={{min}}-{{max}} action=dst-nat to-addresses={{server}} comment="FTP passive, hairpin"`,
				`/ip firewall nat add chain=srcnat src-address={{client_network}} dst-address={{server}} protocol=tcp dst-port={{min}}-{{max}} action=masquerade comment="FTP hairpin"`),
		},
		fixAllowV6: {
			text: "RouterOS: IPv6 is routed, not translated; accept TCP {{min}}-{{max}} (the {{range}}) to {{public}} in " +
				"the IPv6 forward chain, before the default drop rules.",
			config: `/ipv6 firewall filter add chain=forward protocol=tcp dst-address={{public}} dst-port={{min}}-{{max}} action=accept comment="FTP passive" place-before=0`,
		},
		fixAllowV6Control: {
			text:   "RouterOS: accept TCP {{port}} to {{public}} in the IPv6 forward chain, before the default drop rules.",
			config: `/ipv6 firewall filter add chain=forward protocol=tcp dst-address={{public}} dst-port={{port}} action=accept comment="FTP control" place-before=0`,
		},
		fixForwardMissing: mikrotikMissing(),
		fixForward: {
			text: "RouterOS: dst-nat the {{range}} {{min}}-{{max}} to {{server}} on the same port numbers; the control " +
				"port {{port}} works, so its rule stays as it is. The default configuration's 'drop all from WAN not " +
				"DSTNATed' rule then lets the range in; with a custom filter, accept connection-nat-state=dstnat in " +
				"the forward chain before the drop rules.",
			config: `/ip firewall nat add chain=dstnat protocol=tcp dst-port={{min}}-{{max}} action=dst-nat to-addresses={{server}} in-interface-list=WAN comment="FTP passive"`,
		},
		fixForwardControl: {
			text:   "RouterOS: dst-nat TCP {{port}} to {{server}} port {{server_port}}; the default configuration lets dst-natted connections in.",
			config: `/ip firewall nat add chain=dstnat protocol=tcp dst-port={{port}} action=dst-nat to-addresses={{server}} to-ports={{server_port}} in-interface-list=WAN comment="FTP control"`,
		},
		fixInspectionOff: {
			text: "RouterOS's FTP helper (the ftp service port) reads plaintext FTP only; disable it once the server " +
				"announces {{public}} itself and the {{range}} {{min}}-{{max}} is forwarded to {{server}}.",
			config: "/ip firewall service-port set ftp disabled=yes",
		},
	}
}

func cloudFixes() playbook {
	return playbook{
		fixAffinity: {
			text: "AWS Network Load Balancer: turn on stickiness (source IP) on the target group of the control port " +
				"and the passive range, or give each backend its own passive range and its own public address so " +
				"that no balancing is needed for data connections. Other clouds: the load balancer's session " +
				"affinity by client IP (Azure: SourceIP distribution mode; Google Cloud: sessionAffinity CLIENT_IP).",
			config: "aws elbv2 modify-target-group-attributes --target-group-arn <target-group-arn> --attributes Key=stickiness.enabled,Value=true Key=stickiness.type,Value=source_ip",
		},
		fixAllowV6: {
			text: "Security groups and firewall rules list IPv4 and IPv6 sources separately: allow inbound TCP on the " +
				"{{range}} {{min}}-{{max}} from ::/0 (or your clients' IPv6 prefixes) as well as from 0.0.0.0/0.",
			config: lines(
				"# AWS",
				"aws ec2 authorize-security-group-ingress --group-id <security-group-id> --ip-permissions "+
					"'IpProtocol=tcp,FromPort={{min}},ToPort={{max}},Ipv6Ranges=[{CidrIpv6=::/0}]'",
				"# Azure",
				"az network nsg rule create --resource-group <resource-group> --nsg-name <nsg-name> --name allow-ftp-data-v6 "+
					"--priority 311 --direction Inbound --access Allow --protocol Tcp --source-address-prefixes '::/0' --destination-port-ranges {{min}}-{{max}}",
				"# Google Cloud",
				"gcloud compute firewall-rules create allow-ftp-data-v6 --direction=INGRESS --allow=tcp:{{min}}-{{max}} --source-ranges=::/0 --target-tags=<network-tag>"),
		},
		fixAllowV6Control: {
			text: "Allow inbound TCP {{port}} from ::/0 as well as from 0.0.0.0/0, or stop publishing the AAAA record.",
			config: lines(
				"# AWS",
				"aws ec2 authorize-security-group-ingress --group-id <security-group-id> --ip-permissions "+
					"'IpProtocol=tcp,FromPort={{port}},ToPort={{port}},Ipv6Ranges=[{CidrIpv6=::/0}]'",
				"# Google Cloud",
				"gcloud compute firewall-rules create allow-ftp-control-v6 --direction=INGRESS --allow=tcp:{{port}} --source-ranges=::/0 --target-tags=<network-tag>"),
		},
		fixForwardMissing: cloudMissing(),
		fixForward: {
			text: "Allow inbound TCP on the {{range}} {{min}}-{{max}} in the instance's security group (AWS), network " +
				"security group (Azure) or VPC firewall rule (GCP), beside the rule that admits the control port " +
				"{{port}}; narrow the source from anywhere to your clients where you can. The instance itself only " +
				"knows its private address, so the FTP server must announce the public (Elastic) address {{public}}.",
			config: lines(
				"# AWS",
				"aws ec2 authorize-security-group-ingress --group-id <security-group-id> --ip-permissions "+
					"'IpProtocol=tcp,FromPort={{min}},ToPort={{max}},IpRanges=[{CidrIp={{any_cidr}}}]'",
				"# Azure",
				"az network nsg rule create --resource-group <resource-group> --nsg-name <nsg-name> --name allow-ftp-passive "+
					"--priority 310 --direction Inbound --access Allow --protocol Tcp --destination-port-ranges {{min}}-{{max}}",
				"# Google Cloud",
				"gcloud compute firewall-rules create allow-ftp-passive --direction=INGRESS --allow=tcp:{{min}}-{{max}} --target-tags=<network-tag>"),
		},
		fixForwardControl: {
			text: "Allow inbound TCP {{port}} in the instance's security group (AWS), network security group (Azure) " +
				"or VPC firewall rule (GCP).",
			config: lines(
				"# AWS",
				"aws ec2 authorize-security-group-ingress --group-id <security-group-id> --protocol tcp --port {{port}} --cidr {{any_cidr}}",
				"# Azure",
				"az network nsg rule create --resource-group <resource-group> --nsg-name <nsg-name> --name allow-ftp-control "+
					"--priority 300 --direction Inbound --access Allow --protocol Tcp --destination-port-ranges {{port}}",
				"# Google Cloud",
				"gcloud compute firewall-rules create allow-ftp-control --direction=INGRESS --allow=tcp:{{port}} --target-tags=<network-tag>"),
		},
	}
}
