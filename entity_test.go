package dajia_test

import (
	"errors"
	"strings"
	"testing"

	"dajia"
)

func TestCreditCodeChecksBothCheckCharacters(t *testing.T) {
	tests := []struct {
		name, code string
		want       string // a part of the message; "" is valid
	}{
		// Published codes: both check characters hold.
		{"福建示例", "91350100M000100Y43", ""},
		{"北京", "91110000600037341L", ""},
		{"深圳甲", "914403001922038216", ""},
		{"深圳乙", "9144030071526726XG", ""},
		{"深圳丙", "91440300708461136T", ""},
		{"杭州", "91330100799655058B", ""},
		{"北京乙", "911100001000080343", ""},
		{"小写", "91350100m000100y43", ""},
		// The 18th character is wrong, the organisation code is right.
		{"GB 32100 only", "91350100M000100Y44", "第 18 位校验位不对"},
		{"GB 32100 only 2", "91110000600037341K", "第 18 位校验位不对"},
		// The organisation code's check character is wrong but the 18th
		// was computed over it, so only GB 11714 fails.
		{"GB 11714 only", "91350100M000100Y56", "组织机构代码校验不通过"},
		{"GB 11714 only 2", "911100006000373451", "组织机构代码校验不通过"},
		{"GB 11714 only 3", "91440300192203825J", "组织机构代码校验不通过"},
		// A mistyped digit of the organisation code fails both.
		{"both", "91350100M000200Y43", "都对不上"},
		{"short", "123", "应为 18 位"},
		{"letter O", "9135010OM000100Y43", "不是有效字符"},
		{"letter I last", "91350100M000100Y4I", "校验位"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := dajia.CheckCreditCode(tt.code)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("%s: %v", tt.code, err)
				}
				return
			}
			if err == nil || dajia.ErrorCode(err) != dajia.Invalid || !strings.Contains(dajia.ErrorOf(err).Message, tt.want) {
				t.Fatalf("%s: %v; want %q", tt.code, err, tt.want)
			}
		})
	}
}

func TestEntityCheck(t *testing.T) {
	tests := []struct {
		name   string
		e      dajia.Entity
		fields []string
	}{
		{"valid", dajia.Entity{Name: " 港口某食品厂 ", CreditCode: "91350100m000100y43", Kind: dajia.KindProducer}, nil},
		{"no code", dajia.Entity{Name: "某食品小作坊", Kind: dajia.KindWorkshop, LegalRep: "张三"}, nil},
		{"everything wrong", dajia.Entity{CreditCode: "91350100M000100Y56", Kind: "bank", Address: strings.Repeat("路", 201)},
			[]string{"address", "name", "credit_code", "kind"}},
		{"long legal rep", dajia.Entity{Name: "甲", Kind: dajia.KindOther, LegalRep: strings.Repeat("张", 51)}, []string{"legal_rep"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.e.Check()
			var fe dajia.FieldErrors
			errors.As(err, &fe)
			var got []string
			for _, f := range fe {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("fields %v, want %v (%v)", got, tt.fields, err)
			}
			if err == nil && (tt.e.Name != strings.TrimSpace(tt.e.Name) || tt.e.CreditCode != strings.ToUpper(tt.e.CreditCode)) {
				t.Fatalf("not cleaned: %+v", tt.e)
			}
			if err != nil && dajia.ErrorCode(err) != dajia.Invalid {
				t.Fatalf("code %s", dajia.ErrorCode(err))
			}
		})
	}
}

func TestEntityKindsAreThePlansTargets(t *testing.T) {
	for _, k := range dajia.EntityKinds {
		if !k.Valid() || string(k.Name()) == string(k) {
			t.Errorf("%s has no name", k)
		}
	}
	if dajia.EntityKind("bank").Valid() {
		t.Error("bank is a kind")
	}
	p := reference(t)
	plan := ""
	for _, c := range p.Campaigns {
		plan += c.Text + strings.Join(c.Targets, " ")
	}
	for _, k := range []dajia.EntityKind{dajia.KindProducer, dajia.KindWorkshop, dajia.KindMarket} {
		if !strings.Contains(plan, string(k.Name())) {
			t.Errorf("the plan does not name %s", k.Name())
		}
	}
}

func TestWhoMayEditAndMergeEntities(t *testing.T) {
	tests := []struct {
		role       dajia.Role
		read, edit bool
		merge      bool
	}{
		{dajia.RoleOffice, true, true, true},
		{dajia.RoleOfficer, true, true, false},
		{dajia.RoleHead, true, true, false},
		{dajia.RoleSupervisor, true, true, false},
		{dajia.RoleLeader, true, false, false},
		{dajia.RoleSysadmin, false, false, false},
		{dajia.RoleSecadmin, false, false, false},
		{dajia.RoleAuditor, false, false, false},
	}
	for _, tt := range tests {
		t.Run(string(tt.role), func(t *testing.T) {
			a := dajia.Actor{UserID: 1, Name: "x", Role: tt.role, Unit: "zj"}
			if (a.MayReadEntities() == nil) != tt.read || (a.MayEditEntities() == nil) != tt.edit {
				t.Fatalf("read %v edit %v", a.MayReadEntities(), a.MayEditEntities())
			}
			dup, kept := dajia.Entity{ID: 2}, dajia.Entity{ID: 1}
			if (dup.MergeInto(a, kept) == nil) != tt.merge {
				t.Fatalf("merge %v", dup.MergeInto(a, kept))
			}
		})
	}
	office := dajia.Actor{UserID: 1, Role: dajia.RoleOffice}
	for name, c := range map[string]struct{ dup, kept dajia.Entity }{
		"itself":         {dajia.Entity{ID: 1}, dajia.Entity{ID: 1}},
		"merged already": {dajia.Entity{ID: 2, MergedInto: 3}, dajia.Entity{ID: 1}},
		"into a merged":  {dajia.Entity{ID: 2}, dajia.Entity{ID: 1, MergedInto: 3}},
	} {
		if c.dup.MergeInto(office, c.kept) == nil {
			t.Errorf("%s: merged", name)
		}
	}
}
