package web

import (
	"dajia"
	"dajia/store"
)

// scopeReports narrows a report query to what the actor may read: the
// whole town for the office and leaders, the actor's own unit for anyone
// else. It answers false when the query can return nothing the actor may
// read (no unit, or another unit asked for by name): the caller then
// answers an empty list instead of running the query.
func scopeReports(a dajia.Actor, f *store.ReportFilter) bool {
	unit, all := a.UnitScope()
	switch {
	case all:
		return true
	case unit == "" || (f.Unit != "" && f.Unit != unit):
		return false
	}
	f.Unit = unit
	return true
}

// scopeTips narrows a tip query the same way, by the tip chapter's one
// rule (dajia.TipUnits): a unit reads the tips it handles or is told of,
// never another unit's.
func scopeTips(a dajia.Actor, f *store.TipFilter) bool {
	f.Units = dajia.TipUnits(a)
	return f.Units == nil || len(f.Units) > 0
}
