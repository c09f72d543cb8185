package monitor

import (
	"errors"
	"fmt"
	"net/http"
)

// ErrReloadOff is Reload's error when the exporter has no configuration
// file to read.
var ErrReloadOff = errors.New("reload: the exporter was started without a configuration file")

// Reload reads the configuration file again and puts it in force. On any
// error the configuration in force stays, the error is logged with what
// was wrong, and ftpnat_exporter_config_last_reload_successful turns 0.
// The api section is read once at start: adding or removing it needs a
// restart, since it decides between HTTP and HTTPS.
func (e *Exporter) Reload() error {
	e.reloadMu.Lock()
	defer e.reloadMu.Unlock()
	err := e.reload()
	if err != nil {
		e.reloadOK.Set(0)
		e.log.Error("reload failed; keeping the previous configuration", "error", err)
		return err
	}
	e.reloadOK.Set(1)
	e.reloadTime.SetToCurrentTime()
	return nil
}

func (e *Exporter) reload() error {
	if e.o.ConfigPath == "" {
		return ErrReloadOff
	}
	cfg, err := LoadConfig(e.o.ConfigPath)
	if err != nil {
		return fmt.Errorf("reload: %w", err)
	}
	old := e.cfg.Load()
	if (old.API == nil) != (cfg.API == nil) {
		return fmt.Errorf("reload: config %s adds or removes the api section: restart serve to apply that", e.o.ConfigPath)
	}
	for _, w := range cfg.Warnings {
		e.log.Warn(w)
	}
	e.cfg.Store(cfg)
	attrs := []any{"path", e.o.ConfigPath, "modules", cfg.Modules()}
	if cfg.API != nil {
		attrs = append(attrs, "note", "changes to the api section take effect at the next restart")
	}
	e.log.Info("configuration reloaded", attrs...)
	return nil
}

// handleReload answers POST /-/reload as Prometheus and blackbox_exporter
// do: 200 when the new configuration is in force, 500 with the reason when
// the previous one stays.
func (e *Exporter) handleReload(w http.ResponseWriter, _ *http.Request) {
	if err := e.Reload(); err != nil {
		http.Error(w, "failed to reload config: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "OK")
}
