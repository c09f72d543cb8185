package report

import "github.com/ftpnat/ftpnat/probe"

// limitEntries cover what a server allows one client at once.
func limitEntries() []Entry {
	return []Entry{
		{
			ID: probe.FindingConnectionLimit, Severity: probe.SeverityWarning,
			SeverityNote: "info when the refusal names a limit on all clients together (Pure-FTPd's MaxClientsNumber, " +
				"vsftpd's max_clients) and the server served more than one session: its capacity, not a rule against " +
				"one client",
			Title: "Server limits simultaneous sessions",
			Explanation: "The server turned away one of ftpnat's connections while others from the same address were " +
				"open: with 421 at the greeting (vsftpd max_per_ip or max_clients, Pure-FTPd -C or -c, pyftpdlib " +
				"max_cons_per_ip), with 530 at login (ProFTPD MaxClientsPerHost), or by hanging up at once. It " +
				"accepted the same work when ftpnat ran it alone; the evidence quotes the refusal and how many " +
				"sessions were open. FTP clients routinely open more than one session: FileZilla browses on one " +
				"connection and transfers on up to two more by default, WinSCP transfers in the background on " +
				"another, lftp mirror --parallel and curl or rclone with parallel transfers open one each. Beyond the " +
				"limit they see '421 There are too many connections from your internet address' and transfers fail " +
				"or retry. The limit counts per address, so clients behind one NAT (an office, a carrier-grade NAT) " +
				"share it. ftpnat itself ran the refused checks again one session at a time, so the rest of the " +
				"diagnosis is complete; --max-sessions 1 avoids the refusals at the cost of a slower run.",
			advice: "Allow each client address more simultaneous sessions than the current {{limit}} (at least 4 for " +
				"FileZilla's defaults; 10 leaves room for parallel transfers), or limit the clients' parallel " +
				"connections (FileZilla: Settings > Transfers > Maximum simultaneous transfers).",
			fixes: []recipe{fixConnectionLimit},
		},
	}
}
