package main

import (
	"github.com/spf13/pflag"

	"github.com/ftpnat/ftpnat/monitor"
)

// registerIgnore adds --ignore, the finding IDs a scheduled check accepts.
func registerIgnore(fl *pflag.FlagSet, ids *[]string) {
	fl.StringArrayVar(ids, "ignore", nil,
		"finding `ID` that does not count toward the state (repeatable or comma-separated); still listed as ignored")
}

// ignoreList checks --ignore against the finding catalog.
func ignoreList(ids []string) ([]string, error) {
	out, err := monitor.ParseIgnore(ids)
	if err != nil {
		return nil, usagef("--ignore: %v", err)
	}
	return out, nil
}
