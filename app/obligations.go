package app

import (
	"context"

	"dajia"
)

// EnsureObligations makes the report rows the current version of a plan
// asks for. A year without a holiday calendar is reported, not guessed:
// the rules that need it make no rows until the year is imported.
func (a *App) EnsureObligations(ctx context.Context, actor dajia.Actor, planID string) (int, error) {
	v, err := a.db.Plan(ctx, planID)
	if err != nil {
		return 0, err
	}
	obs, err := v.Plan.Obligations(a.cal)
	if err != nil {
		return 0, err
	}
	return a.db.EnsureObligations(ctx, actor, v, obs)
}
