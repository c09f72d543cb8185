package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/ftpnat/ftpnat/monitor"
)

// reloadOnSIGHUP reloads the exporter's configuration on every SIGHUP
// until ctx ends or stop is called; a failed reload keeps the previous
// configuration (Reload logs why).
func reloadOnSIGHUP(ctx context.Context, exp *monitor.Exporter) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				_ = exp.Reload()
			}
		}
	}()
	return func() {
		signal.Stop(hup)
		cancel()
		<-done
	}
}
