package web

import (
	"context"

	"dajia"
	"dajia/calendar"
	"dajia/store"
)

// EnsureObligations makes the report rows the current version of a plan
// asks for. A year without a holiday calendar is reported, not guessed:
// the rules that need it make no rows until the year is imported.
func EnsureObligations(ctx context.Context, db *store.DB, cal *calendar.Calendar, actor dajia.Actor, planID string) (int, error) {
	v, err := db.Plan(ctx, planID)
	if err != nil {
		return 0, err
	}
	obs, err := v.Plan.Obligations(cal)
	if err != nil {
		return 0, err
	}
	return db.EnsureObligations(ctx, actor, v, obs)
}
