// Package app holds dajia's use cases: the one layer that pages, the JSON
// API, the command line, reminders and the demo generator all call. A use
// case decodes nothing and renders nothing: it takes domain values, asks the
// domain types for their rules, and has the store load and save them in one
// transaction with its audit record.
package app

import (
	"fmt"
	"log/slog"

	"dajia"
	"dajia/calendar"
	"dajia/photo"
	"dajia/secret"
	"dajia/store"
)

// Config is what the use cases need; built and checked in main.
type Config struct {
	DB       *store.DB
	Calendar *calendar.Calendar
	Clock    dajia.Clock
	Log      *slog.Logger
	Sealer   *secret.Sealer
	// Photos checks and re-encodes the photos of public submissions. It
	// bounds the memory of the process, so there is one per process; nil
	// makes one with photo.DefaultLimits.
	Photos *photo.Cleaner
}

// App is the use-case layer over one database.
type App struct {
	db     *store.DB
	cal    *calendar.Calendar
	clock  dajia.Clock
	log    *slog.Logger
	sealer *secret.Sealer
	photos *photo.Cleaner
}

// New checks the config and returns the use cases over it.
func New(cfg Config) (*App, error) {
	if cfg.DB == nil || cfg.Calendar == nil || cfg.Clock == nil || cfg.Log == nil || cfg.Sealer == nil {
		return nil, fmt.Errorf("app: incomplete config")
	}
	if cfg.Photos == nil {
		cfg.Photos = photo.New(photo.DefaultLimits)
	}
	return &App{db: cfg.DB, cal: cfg.Calendar, clock: cfg.Clock, log: cfg.Log, sealer: cfg.Sealer, photos: cfg.Photos}, nil
}

// DB, Calendar, Clock and Sealer are the parts the web layer still reaches
// directly while the use cases move here.
func (a *App) DB() *store.DB                { return a.db }
func (a *App) Calendar() *calendar.Calendar { return a.cal }
func (a *App) Clock() dajia.Clock           { return a.clock }
func (a *App) Sealer() *secret.Sealer       { return a.sealer }
