package dajia

// UnitScope says whose records a query may read for the actor: every
// unit's (all) for the office and leaders, who read the whole town; those
// of unit only for a unit's officer, head or supervisor; and none when unit
// is "" and all is false (administrators, visitors, an account without a
// unit). Lists, summaries and exports narrow their queries with it, so
// another unit's records are never read, not merely left off the page.
func (a Actor) UnitScope() (unit string, all bool) {
	switch {
	case !a.SignedIn() || a.Role.Admin():
		return "", false
	case a.Role == RoleOffice || a.Role == RoleLeader:
		return "", true
	}
	return a.Unit, false
}
