package report

import "github.com/ftpnat/ftpnat/probe"

// TargetName is a fix target as administrators call it: the program's
// name from the program list ("Microsoft IIS FTP"), or the network
// device's. The slug stays in JSON and on the command line.
func TargetName(slug string) string {
	if p, ok := probe.LookupProgram(slug); ok {
		return p.Name
	}
	switch slug {
	case TargetPortForwarding:
		return "port forwarding"
	case TargetCiscoASA:
		return "Cisco ASA"
	case TargetJuniperSRX:
		return "Juniper SRX"
	case TargetMikroTik:
		return "MikroTik"
	case TargetCloud:
		return "cloud firewall"
	case TargetHAProxy:
		return "HAProxy"
	case TargetKubernetes:
		return "Kubernetes"
	}
	return slug // nftables, iptables, nginx: their own names
}
