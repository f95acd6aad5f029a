package dajia_test

import (
	"strings"
	"testing"

	"dajia"
)

func TestPasswordPolicyOfDengbao(t *testing.T) {
	p := dajia.DefaultPasswordPolicy()
	common := func(s string) bool { return strings.EqualFold(s, "Password123!") }
	tests := []struct {
		pw   string
		ok   bool
		why  string
		name string
	}{
		{"Gangkou#2017", true, "", "zhang"},
		{"Gangkou2017", true, "", "zhang"}, // 3 of 4 classes
		{"gangkou#2017", true, "", "zhang"},
		{"Gk#1", false, "至少 8", "zhang"},
		{"gangkou2017", false, "至少 3 种", "zhang"},
		{"zhangSan#2017", false, "用户名", "zhang"},
		{"Password123!", false, "常见", "zhang"},
		{"港口镇打假办公室2017年工作", false, "至少 3 种", "zhang"}, // Chinese counts as one class, with symbols
		{"港口镇打假办公室2017年Work", true, "", "zhang"},
		{strings.Repeat("Ab1-", 30), true, "", "zhang"}, // 120 characters: long pass phrases welcome
		{strings.Repeat("Ab1-", 300), false, "最多", "zhang"},
		{"Gangkou#2017\x00", false, "控制字符", "zhang"},
	}
	for _, tt := range tests {
		err := p.CheckPassword(tt.pw, tt.name, common)
		if (err == nil) != tt.ok || (err != nil && !strings.Contains(dajia.ErrorOf(err).Message, tt.why)) {
			t.Errorf("%q: %v", tt.pw, err)
		}
	}
}

func TestPolicyCannotBeWeakerThanDefault(t *testing.T) {
	if err := dajia.DefaultPasswordPolicy().Validate(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []dajia.PasswordPolicy{
		{MinLength: 6, MinClasses: 3, ExpiryDays: 90, History: 5},
		{MinLength: 8, MinClasses: 2, ExpiryDays: 90, History: 5},
		{MinLength: 8, MinClasses: 3, ExpiryDays: 365, History: 5},
		{MinLength: 8, MinClasses: 3, ExpiryDays: 90, History: 2},
	} {
		if p.Validate() == nil {
			t.Errorf("%+v accepted", p)
		}
	}
}

func TestRolesAndUnits(t *testing.T) {
	p := reference(t)
	tests := []struct {
		role dajia.Role
		unit string
		ok   bool
	}{
		{dajia.RoleOfficer, "gsfj", true}, {dajia.RoleOfficer, "工商分局", true}, {dajia.RoleOfficer, "", false},
		{dajia.RoleOfficer, "不存在", false}, {dajia.RoleHead, "zjfj", true}, {dajia.RoleLeader, "", true},
		{dajia.RoleSysadmin, "gsfj", false}, {dajia.RoleOffice, "", true},
	}
	for _, tt := range tests {
		if err := dajia.CheckRole(tt.role, tt.unit, p); (err == nil) != tt.ok {
			t.Errorf("%s/%s: %v", tt.role, tt.unit, err)
		}
	}
	if _, err := dajia.ParseRole("root"); err == nil {
		t.Error("unknown role accepted")
	}
}

func TestUnitScope(t *testing.T) {
	officer := dajia.Actor{UserID: 1, Role: dajia.RoleOfficer, Unit: "gsfj"}
	office := dajia.Actor{UserID: 2, Role: dajia.RoleOffice}
	leader := dajia.Actor{UserID: 3, Role: dajia.RoleLeader}
	if !officer.SeesUnit("gsfj") || officer.SeesUnit("zjfj") || !office.SeesUnit("zjfj") || !leader.SeesUnit("zjfj") {
		t.Fatal("unit scope")
	}
	if (dajia.Actor{}).SeesUnit("gsfj") || (dajia.Actor{}).Can(dajia.PermSignedIn) || !(dajia.Actor{}).Can(dajia.PermPublic) {
		t.Fatal("a visitor sees nothing but public pages")
	}
}

func TestUserNames(t *testing.T) {
	for _, n := range []string{"zhang", "张荣钦", "gs-li.2", "a_b"} {
		if err := dajia.CheckUserName(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	for _, n := range []string{"", "a", "has space", "x<script>", strings.Repeat("a", 33), "tab\t"} {
		if err := dajia.CheckUserName(n); err == nil {
			t.Errorf("%q accepted", n)
		}
	}
}
