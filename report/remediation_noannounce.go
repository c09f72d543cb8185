package report

// Programs that cannot announce another address in their 227 reply
// (diagnosis.Program.Announces false) share the ways out: a server that
// can, the router's FTP helper for plaintext FTP, or 1:1 NAT.

// wayOutALGnft attaches the Linux router's FTP helper to the control
// connection after DNAT (hence the server's address and port): nf_nat_ftp
// then rewrites the 227 replies to the public address and lets each data
// connection in as it is announced.
func wayOutALGnft() string {
	return lines("nft add table {{nft_family}} ftp_alg",
		"nft add ct helper {{nft_family}} ftp_alg ftp-standard '{ type \"ftp\" protocol tcp; }'",
		"nft add chain {{nft_family}} ftp_alg pre '{ type filter hook prerouting priority 0; policy accept; }'",
		"nft add rule {{nft_family}} ftp_alg pre {{nft_family}} daddr {{server}} tcp dport {{server_port}} ct helper set \"ftp-standard\"")
}

// ephemeralRange narrows the kernel's ephemeral port range, from which a
// program without a passive port setting gets its ports, in the server's
// own network namespace; the comment gives the container forms.
func ephemeralRange() string {
	return lines("sysctl -w net.ipv4.ip_local_port_range=\"{{min}} {{max}}\"",
		"# container: docker run --sysctl net.ipv4.ip_local_port_range=\"{{min}} {{max}}\" ...; Kubernetes: securityContext.sysctls")
}

// wayOut is the advice for a program named name that cannot announce
// {{public}}; why says what it does instead.
func wayOut(name, why string) string {
	return name + " has no setting for the address it announces in PASV replies: " + why + " Behind NAT " +
		"there are three ways out. 1) Replace it with a server that can announce {{public}} and pin the {{range}} " +
		"{{min}}-{{max}} (vsftpd: pasv_address, pasv_min_port, pasv_max_port; see the vsftpd fixes). 2) Plaintext " +
		"FTP only: let the router's FTP ALG rewrite the replies and open each data port as it is announced (on a " +
		"Linux router the ftp conntrack helper, below, with 'ct state established,related accept' in the forward " +
		"chain); an ALG cannot read FTPS, so TLS clients stay broken. 3) 1:1 NAT: give the server the public " +
		"address {{public}} itself, or map every port of it to the server, so that what it announces is reachable."
}
