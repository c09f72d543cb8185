package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/ftpnat/ftpnat/monitor"
)

// credentials picks the user and password: anonymous by default; a
// password from --password-file, then $FTPNAT_PASSWORD, then ~/.netrc —
// never from the command line, where other users can read it. The file
// named on the command line beats the environment inherited from a shell
// profile or a service unit, with a note when both are set.
func credentials(e *env, host, user, passwordFile string) (string, string, error) {
	envPassword := e.getenv("FTPNAT_PASSWORD")
	if passwordFile != "" {
		if user == "" {
			return "", "", usagef("--password-file needs --user")
		}
		pw, err := monitor.ReadPasswordFile(passwordFile)
		if err != nil {
			return "", "", usagef("%v", err)
		}
		if envPassword != "" && e.stderr != nil {
			fmt.Fprintln(e.stderr, "ftpnat: note: using the password from --password-file; $FTPNAT_PASSWORD is also set and ignored")
		}
		return user, pw, nil
	}
	if envPassword != "" {
		if user == "" {
			return "", "", usagef("$FTPNAT_PASSWORD is set but --user is not")
		}
		return user, envPassword, nil
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

// netrcTokens splits a netrc file into tokens as ftp's own parser does:
// tokens are separated by white space; a token in double quotes may hold
// spaces, and a backslash takes the next character literally (in quotes
// or not), so "pa ss\"word" is the password pa ss"word. macdef bodies,
// which run until an empty line, are skipped.
func netrcTokens(data string) []string {
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	var toks []string
	for i := 0; i < len(data); {
		if isSpace(data[i]) {
			i++
			continue
		}
		quoted := data[i] == '"'
		if quoted {
			i++
		}
		var b strings.Builder
		for i < len(data) {
			c := data[i]
			if quoted && c == '"' {
				i++
				break
			}
			if !quoted && isSpace(c) {
				break
			}
			if c == '\\' && i+1 < len(data) {
				i++
				c = data[i]
			}
			b.WriteByte(c)
			i++
		}
		if !quoted && b.String() == "macdef" {
			i = skipMacro(data, i)
			continue
		}
		toks = append(toks, b.String())
	}
	return toks
}

// skipMacro returns where the netrc text goes on after a macdef at i: past
// the rest of its line and the body up to and including the first empty
// (or blank) line.
func skipMacro(data string, i int) int {
	first := true
	for i < len(data) {
		end := strings.IndexByte(data[i:], '\n')
		if end < 0 {
			return len(data)
		}
		line := data[i : i+end]
		i += end + 1
		if !first && strings.TrimSpace(line) == "" {
			return i
		}
		first = false
	}
	return i
}
