package dajia_test

import (
	"testing"

	"dajia"
)

// The scope of a query and the check on one record say the same thing, for
// every role, with and without a unit.
func TestUnitScopeAgreesWithSeesUnit(t *testing.T) {
	roles := []dajia.Role{dajia.RoleOffice, dajia.RoleOfficer, dajia.RoleHead, dajia.RoleSupervisor, dajia.RoleLeader,
		dajia.RoleSysadmin, dajia.RoleSecadmin, dajia.RoleAuditor}
	actors := []dajia.Actor{{}}
	for _, r := range roles {
		actors = append(actors, dajia.Actor{UserID: 1, Role: r, Unit: "gsfj"}, dajia.Actor{UserID: 1, Role: r})
	}
	for _, a := range actors {
		unit, all := a.UnitScope()
		for _, key := range []string{"gsfj", "zjfj", ""} {
			inScope := all || (unit != "" && unit == key)
			if inScope != a.SeesUnit(key) {
				t.Errorf("%s of %q: scope (%q, %v) but SeesUnit(%q) = %v", a.Role, a.Unit, unit, all, key, a.SeesUnit(key))
			}
		}
	}
	if unit, all := (dajia.Actor{UserID: 1, Role: dajia.RoleOfficer, Unit: "gsfj"}).UnitScope(); unit != "gsfj" || all {
		t.Errorf("an officer reads (%q, %v), want gsfj only", unit, all)
	}
	if _, all := (dajia.Actor{UserID: 1, Role: dajia.RoleLeader}).UnitScope(); !all {
		t.Error("a leader reads the whole town")
	}
}
