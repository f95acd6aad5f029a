package dajia_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

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
		t.Run(fmt.Sprintf("%.16q", tt.pw), func(t *testing.T) {
			err := p.CheckPassword(tt.pw, tt.name, common)
			if (err == nil) != tt.ok || (err != nil && !strings.Contains(dajia.ErrorOf(err).Message, tt.why)) {
				t.Errorf("%q: %v", tt.pw, err)
			}
		})
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
		{dajia.RoleSysadmin, "gsfj", false}, {dajia.RoleOffice, "", true}, {dajia.RoleOffice, "nosuchunit", false},
	}
	for _, tt := range tests {
		t.Run(string(tt.role)+"/"+tt.unit, func(t *testing.T) {
			if err := dajia.CheckRole(tt.role, tt.unit, p); (err == nil) != tt.ok {
				t.Errorf("%s/%s: %v", tt.role, tt.unit, err)
			}
		})
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
		t.Run("accepts "+n, func(t *testing.T) {
			if err := dajia.CheckUserName(n); err != nil {
				t.Errorf("%s: %v", n, err)
			}
		})
	}
	for _, n := range []string{"", "a", "has space", "x<script>", strings.Repeat("a", 33), "tab\t"} {
		t.Run(fmt.Sprintf("refuses %q", n), func(t *testing.T) {
			if err := dajia.CheckUserName(n); err == nil {
				t.Errorf("%q accepted", n)
			}
		})
	}
}

func TestLoginLockoutAdmitsWithinTheAllowanceOnly(t *testing.T) {
	l := dajia.Lockout{MaxFailures: 5, Duration: 15 * time.Minute}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		tries       int
		disabled    bool
		lockedUntil time.Time
		want        dajia.Admission
		reason      string
	}{
		{"first try", 1, false, time.Time{}, dajia.CheckSecret, ""},
		{"last try of the allowance", 5, false, time.Time{}, dajia.CheckSecret, ""},
		{"one beyond the allowance locks", 6, false, time.Time{}, dajia.RefuseAndLock, "too many attempts; account locked"},
		{"locked until later", 1, false, now.Add(time.Minute), dajia.RefuseLocked, "locked"},
		{"lock ended a moment ago", 1, false, now, dajia.CheckSecret, ""},
		{"lock ended long ago", 1, false, now.Add(-time.Hour), dajia.CheckSecret, ""},
		{"locked and beyond: still only locked", 9, false, now.Add(time.Minute), dajia.RefuseLocked, "locked"},
		{"disabled", 1, true, time.Time{}, dajia.RefuseDisabled, "disabled"},
		{"disabled wins over locked", 9, true, now.Add(time.Minute), dajia.RefuseDisabled, "disabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := l.Admit(tt.tries, tt.disabled, tt.lockedUntil, now)
			if got != tt.want || got.Reason() != tt.reason {
				t.Errorf("Admit(%d, %v, %v) = %v (%q), want %v (%q)", tt.tries, tt.disabled, tt.lockedUntil, got, got.Reason(), tt.want, tt.reason)
			}
		})
	}
}

func TestLoginLockoutLocksWhenFailuresSpendTheAllowance(t *testing.T) {
	l := dajia.Lockout{MaxFailures: 5, Duration: 15 * time.Minute}
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		failures int
		spent    bool
	}{
		{"no failure", 0, false},
		{"one failure", 1, false},
		{"one short", 4, false},
		{"the allowance", 5, true},
		{"beyond", 7, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := l.Spent(tt.failures); got != tt.spent {
				t.Errorf("Spent(%d) = %v, want %v", tt.failures, got, tt.spent)
			}
		})
	}
	t.Run("locked for the duration", func(t *testing.T) {
		if got, want := l.Until(now), now.Add(15*time.Minute); !got.Equal(want) {
			t.Errorf("Until = %v, want %v", got, want)
		}
	})
	t.Run("the rule in force is 等保's", func(t *testing.T) {
		if got := dajia.LoginLockout(); got.MaxFailures != dajia.MaxFailedLogins || got.Duration != dajia.LockDuration {
			t.Errorf("LoginLockout() = %+v", got)
		}
	})
}
