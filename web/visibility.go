package web

import (
	"dajia"
	"dajia/store"
)

// scopeTips narrows a tip query to what the actor may read (as app's
// scopeReports does for reports): a unit reads the tips it handles or is
// told of, never another unit's.
func scopeTips(a dajia.Actor, f *store.TipFilter) bool {
	unit, all := a.UnitScope()
	if all {
		return true
	}
	if unit == "" {
		return false
	}
	f.Units = []string{unit}
	return true
}
