package dajia_test

import (
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/calendar"
)

func TestTipRoutingForEveryCampaignOfTheReferencePlan(t *testing.T) {
	p := reference(t)
	tests := []struct {
		name     string
		category string
		stage    string
		online   bool
		units    []string
		notify   []string
		campaign int
	}{
		{"食品 to 食药监分局", "食品", dajia.StageSelling, false, []string{"syjfj"}, nil, 1},
		{"化妆品 made", "化妆品", dajia.StageMaking, false, []string{"syjfj"}, nil, 1},
		{"农资", "化肥", dajia.StageSelling, false, []string{"nyj"}, nil, 2},
		{"建材", "建材", dajia.StageMaking, false, []string{"zjj"}, nil, 3},
		{"玩具 goes to the first of the duplicated campaigns", "玩具", dajia.StageSelling, false, []string{"zjfj"}, nil, 4},
		{"服装 made: production lead", "服装", dajia.StageMaking, false, []string{"zjfj"}, nil, 5},
		{"服装 sold: circulation lead", "服装", dajia.StageSelling, false, []string{"gsfj"}, nil, 5},
		{"小家电: the city bureau leads, so the office forwards", "小家电", dajia.StageSelling, false, []string{dajia.OfficeKey}, nil, 6},
		{"灯具 made", "灯具", dajia.StageMaking, false, []string{"zjfj"}, nil, 7},
		{"灯具 sold", "灯具", dajia.StageSelling, false, []string{"gsfj"}, nil, 7},
		{"汽车零配件", "汽车零配件", dajia.StageSelling, false, []string{"jtfj"}, nil, 9},
		{"其他 to the office", dajia.OtherCategory, dajia.StageSelling, false, []string{dajia.OfficeKey}, nil, 0},
		{"食品 bought online also tells the e-commerce lead", "食品", dajia.StageSelling, true, []string{"syjfj"}, []string{"gsfj"}, 1},
		{"灯具 sold online: the e-commerce lead already handles it", "灯具", dajia.StageSelling, true, []string{"gsfj"}, nil, 7},
		{"其他 online: office handles, e-commerce lead told", dajia.OtherCategory, dajia.StageSelling, true, []string{dajia.OfficeKey}, []string{"gsfj"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rt := p.Route(tt.category, tt.stage, tt.online)
			no := 0
			if rt.Campaign != nil {
				no = rt.Campaign.No
			}
			if !slices.Equal(rt.Units, tt.units) || !slices.Equal(rt.Notify, tt.notify) || no != tt.campaign || rt.Reason == "" {
				t.Fatalf("route = %v notify %v campaign %d (%s)", rt.Units, rt.Notify, no, rt.Reason)
			}
		})
	}
	if !strings.Contains(p.Route("小家电", dajia.StageSelling, false).Reason, "上级机关") {
		t.Error("the reason must say the lead is an upper-level body")
	}
}

func TestCoResponsibleLeadsEachGetTheTip(t *testing.T) {
	p := reference(t)
	p.Campaigns[0].Lead = []dajia.Lead{{Dept: "食药监分局"}, {Dept: "工商分局"}}
	if rt := p.Route("食品", dajia.StageSelling, false); !slices.Equal(rt.Units, []string{"syjfj", "gsfj"}) {
		t.Fatalf("co-responsible leads: %v", rt.Units)
	}
	p.Campaigns[4].Lead = []dajia.Lead{{Dept: "质监分局", Scope: dajia.ScopeProduction}}
	if rt := p.Route("服装", dajia.StageSelling, false); !rt.ToOffice() {
		t.Fatalf("no circulation lead must go to the office: %v", rt.Units)
	}
}

func TestTipClocksAcrossNationalDay2017(t *testing.T) {
	cal := calendar.Embedded()
	recv := d("2017-09-29")
	tests := []struct {
		kind     dajia.TipKind
		status   dajia.TipStatus
		accepted string
		decided  string
		extended bool
		paused   int
		named    bool
		due      string
	}{
		{dajia.TipReport, dajia.TipReceived, "", "", false, 0, false, "2017-10-26"},
		{dajia.TipReport, dajia.TipAccepted, "2017-10-09", "", false, 0, false, "2017-10-26"},
		{dajia.TipReport, dajia.TipAccepted, "2017-10-09", "", true, 0, false, "2017-11-16"},
		{dajia.TipReport, dajia.TipAccepted, "2017-10-09", "", false, 3, false, "2017-10-31"},
		{dajia.TipComplaint, dajia.TipReceived, "", "", false, 0, true, "2017-10-16"},
		{dajia.TipComplaint, dajia.TipAccepted, "2017-10-09", "", false, 0, true, "2017-12-11"},
		{dajia.TipReport, dajia.TipDecided, "2017-10-09", "2017-10-20", false, 0, true, "2017-10-27"},
	}
	for _, tt := range tests {
		var acc, dec dajia.Date
		if tt.accepted != "" {
			acc = d(tt.accepted)
		}
		if tt.decided != "" {
			dec = d(tt.decided)
		}
		c, running, err := dajia.TipClockOf(tt.kind, tt.status, recv, acc, dec, tt.extended, tt.paused, tt.named, cal)
		if err != nil || !running || c.Due.String() != tt.due || c.What == "" {
			t.Errorf("%s %s ext=%v paused=%d: %s %v %v; want %s", tt.kind, tt.status, tt.extended, tt.paused, c.Due, running, err, tt.due)
		}
	}
	if _, running, _ := dajia.TipClockOf(dajia.TipReport, dajia.TipDecided, recv, recv, recv, false, 0, false, cal); running {
		t.Error("an anonymous report has no notification clock")
	}
	if _, running, _ := dajia.TipClockOf(dajia.TipComplaint, dajia.TipClosed, recv, recv, recv, false, 0, true, cal); running {
		t.Error("a closed tip has no clock")
	}
}

func TestTipStatusTransitions(t *testing.T) {
	if _, err := dajia.TipReceived.Next(dajia.TipReport, dajia.TipRefuse); err == nil {
		t.Error("a report cannot be refused like a complaint")
	}
	if s, err := dajia.TipReceived.Next(dajia.TipComplaint, dajia.TipRefuse); err != nil || s != dajia.TipRefused {
		t.Error("a complaint can be refused")
	}
	if _, err := dajia.TipReceived.Next(dajia.TipReport, dajia.TipDecide); err == nil {
		t.Error("deciding before verifying must be refused")
	}
	if _, err := dajia.TipClosed.Next(dajia.TipReport, dajia.TipAccept); err == nil {
		t.Error("a closed tip cannot be reopened by accept")
	}
}

func TestCreditCodeCheckDigit(t *testing.T) {
	for _, ok := range []string{"91350100M000100Y43", "91110000600037341L", "91350100m000100y43"} {
		if err := dajia.CheckCreditCode(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"91350100M000100Y44", "9135010OM000100Y43", "123", "91350100M000100Y4I"} {
		if dajia.CheckCreditCode(bad) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestMasks(t *testing.T) {
	if dajia.MaskName("张三") != "张*" || dajia.MaskName("欧阳娜娜") != "欧***" || dajia.MaskName("") != "" {
		t.Error("names")
	}
	if dajia.MaskPhone("13800138000") != "138****8000" || dajia.MaskPhone("0760-87898903") != "076******8903" {
		t.Errorf("phones: %s %s", dajia.MaskPhone("13800138000"), dajia.MaskPhone("0760-87898903"))
	}
	if dajia.MaskID("44200019900101123X") != "4****************X" {
		t.Error("id")
	}
	for _, ok := range []string{"13800138000", "0760-87898903", "87898903"} {
		if dajia.CheckPhone(ok) != nil {
			t.Errorf("%s refused", ok)
		}
	}
	for _, bad := range []string{"23800138000", "138-0013-8000", "abc", "12"} {
		if dajia.CheckPhone(bad) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestRewards(t *testing.T) {
	g := dajia.DefaultRewardGrades()
	for _, tt := range []struct {
		grade int
		fines int64
		want  int64
	}{{1, 200_000, 10_000}, {1, 50_000, 5_000}, {2, 50_000, 3_000}, {3, 500_000, 5_000}, {3, 10_000, 1_000}, {1, 100_000_000, 1_000_000}} {
		if got, err := dajia.Reward(g, tt.grade, tt.fines); err != nil || got != tt.want {
			t.Errorf("grade %d fines %d: %d %v; want %d", tt.grade, tt.fines, got, err, tt.want)
		}
	}
	if _, err := dajia.Reward(g, 4, 1); err == nil {
		t.Error("grade 4 accepted")
	}
}
