package dajia

import (
	"strings"
	"testing"
)

func TestCaseDocCheck(t *testing.T) {
	for _, tt := range []struct {
		name  string
		d     CaseDoc
		field string // "" valid
	}{
		{"valid", CaseDoc{Kind: DocInquiry, Name: "询问笔录.pdf", Size: 10}, ""},
		{"every kind has a name", CaseDoc{Kind: DocOther, Name: "x.pdf", Size: 1}, ""},
		{"no kind", CaseDoc{Name: "x.pdf", Size: 1}, "kind"},
		{"a kind that is not", CaseDoc{Kind: "memo", Name: "x.pdf", Size: 1}, "kind"},
		{"no name", CaseDoc{Kind: DocDecision, Size: 1}, "file"},
		{"a name too long", CaseDoc{Kind: DocDecision, Name: strings.Repeat("文", MaxDocName+1), Size: 1}, "file"},
		{"not UTF-8", CaseDoc{Kind: DocDecision, Name: "\xff.pdf", Size: 1}, "file"},
		{"empty", CaseDoc{Kind: DocDecision, Name: "x.pdf"}, "file"},
		{"too large", CaseDoc{Kind: DocDecision, Name: "x.pdf", Size: MaxCaseDocBytes + 1}, "file"},
		{"at the bound", CaseDoc{Kind: DocDecision, Name: "x.pdf", Size: MaxCaseDocBytes}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.d.Check()
			if tt.field == "" && err != nil || tt.field != "" && (ErrorCode(err) != Invalid || ErrorOf(err).Field != tt.field) {
				t.Fatalf("%v, want field %q", err, tt.field)
			}
		})
	}
	for _, k := range DocKinds {
		if k.Name() == Text(k) {
			t.Errorf("kind %s has no name", k)
		}
	}
}

func TestCaseMayAttach(t *testing.T) {
	c := Case{LeadUnit: "gsfj", Cooperating: []string{"zjfj"}, Status: CaseInvestigating}
	withdrawn := c
	withdrawn.Status = CaseWithdrawn
	closed := c
	closed.Status = CaseClosed
	for _, tt := range []struct {
		name string
		c    Case
		a    Actor
		want Code
	}{
		{"lead officer", c, Actor{UserID: 1, Role: RoleOfficer, Unit: "gsfj"}, ""},
		{"lead head", c, Actor{UserID: 1, Role: RoleHead, Unit: "gsfj"}, ""},
		{"office", c, Actor{UserID: 1, Role: RoleOffice, Unit: OfficeKey}, ""},
		{"a closed case keeps its file", closed, Actor{UserID: 1, Role: RoleOfficer, Unit: "gsfj"}, ""},
		{"cooperating unit reads only", c, Actor{UserID: 1, Role: RoleOfficer, Unit: "zjfj"}, Forbidden},
		{"leader reads only", c, Actor{UserID: 1, Role: RoleLeader}, Forbidden},
		{"another unit", c, Actor{UserID: 1, Role: RoleOfficer, Unit: "syjfj"}, NotFound},
		{"administrator", c, Actor{UserID: 1, Role: RoleSysadmin}, NotFound},
		{"withdrawn", withdrawn, Actor{UserID: 1, Role: RoleOfficer, Unit: "gsfj"}, Forbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.MayAttach(tt.a)
			if tt.want == "" && err != nil || tt.want != "" && ErrorCode(err) != tt.want {
				t.Fatalf("%v, want %q", err, tt.want)
			}
		})
	}
}
