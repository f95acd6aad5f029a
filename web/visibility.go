package web

import (
	"dajia"
	"dajia/store"
)

// scopeTips narrows a tip query to what the actor may read (as app's
// scopeReports does for reports), by the tip chapter's one rule
// (dajia.TipUnits): a unit reads the tips it handles or is told of, never
// another unit's.
func scopeTips(a dajia.Actor, f *store.TipFilter) bool {
	f.Units = dajia.TipUnits(a)
	return f.Units == nil || len(f.Units) > 0
}
