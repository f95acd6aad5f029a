package app

import (
	"context"

	"dajia"
	"dajia/store"
)

// CampaignFigures adds up the clues and cases of a plan by campaign, as
// the actor may see them: the office and leaders all, a unit the clues it
// leads and the cases it leads or cooperates on, anyone else nothing (ok
// false). Two queries, whatever the number of campaigns.
func (a *App) CampaignFigures(ctx context.Context, actor dajia.Actor, planID string) (_ map[int]store.CampaignFigures, ok bool, err error) {
	units := listUnits(actor, "")
	if units != nil && len(units) == 0 {
		return nil, false, nil
	}
	figs, err := a.db.CampaignFigures(ctx, planID, units)
	return figs, err == nil, err
}
