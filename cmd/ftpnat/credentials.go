package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ftpnat/ftpnat/monitor"
)

// credentials picks the user and password: anonymous by default; a
// password from $FTPNAT_PASSWORD, then --password-file, then ~/.netrc —
// never from the command line, where other users can read it.
func credentials(e *env, host, user, passwordFile string) (string, string, error) {
	if pw := e.getenv("FTPNAT_PASSWORD"); pw != "" {
		if user == "" {
			return "", "", usagef("$FTPNAT_PASSWORD is set but --user is not")
		}
		return user, pw, nil
	}
	if passwordFile != "" {
		if user == "" {
			return "", "", usagef("--password-file needs --user")
		}
		pw, err := monitor.ReadPasswordFile(passwordFile)
		if err != nil {
			return "", "", usagef("%v", err)
		}
		return user, pw, nil
	}
	if m, ok := netrcMachine(e, host); ok && (user == "" || user == m.login) {
		return m.login, m.password, nil
	}
	return user, "", nil
}

type netrcEntry struct{ login, password string }

// netrcMachine finds host in $NETRC or ~/.netrc (the "default" entry
// matches any host, as in curl and ftp).
func netrcMachine(e *env, host string) (netrcEntry, bool) {
	path := e.getenv("NETRC")
	if path == "" {
		home := e.getenv("HOME")
		if home == "" {
			return netrcEntry{}, false
		}
		path = filepath.Join(home, ".netrc")
	}
	f, err := os.Open(path)
	if err != nil {
		return netrcEntry{}, false
	}
	defer f.Close()
	const maxNetrcBytes = 1 << 20
	data, err := io.ReadAll(io.LimitReader(f, maxNetrcBytes+1))
	if err != nil || len(data) > maxNetrcBytes {
		return netrcEntry{}, false
	}
	return parseNetrc(string(data), host)
}

// parseNetrc returns the entry for host, or the "default" entry.
func parseNetrc(data, host string) (netrcEntry, bool) {
	type entry struct {
		machine   string
		isDefault bool
		netrcEntry
	}
	var entries []entry
	toks := netrcTokens(data)
	for i := 0; i < len(toks); i++ {
		arg := func() string {
			if i+1 < len(toks) {
				i++
				return toks[i]
			}
			return ""
		}
		switch toks[i] {
		case "machine":
			entries = append(entries, entry{machine: arg()})
		case "default":
			entries = append(entries, entry{isDefault: true})
		case "login", "password", "account":
			v := arg()
			if len(entries) == 0 {
				continue
			}
			switch toks[i-1] {
			case "login":
				entries[len(entries)-1].login = v
			case "password":
				entries[len(entries)-1].password = v
			}
		}
	}
	for _, en := range entries {
		if !en.isDefault && strings.EqualFold(en.machine, host) {
			return en.netrcEntry, true
		}
	}
	for _, en := range entries {
		if en.isDefault {
			return en.netrcEntry, true
		}
	}
	return netrcEntry{}, false
}

// netrcTokens splits a netrc file into tokens, skipping macdef bodies
// (which run until an empty line).
func netrcTokens(data string) []string {
	var toks []string
	inMacro := false
	for _, line := range strings.Split(data, "\n") {
		if inMacro {
			inMacro = strings.TrimSpace(line) != ""
			continue
		}
		for _, t := range strings.Fields(line) {
			if t == "macdef" {
				inMacro = true
				break
			}
			toks = append(toks, t)
		}
	}
	return toks
}
