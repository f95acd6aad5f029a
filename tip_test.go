package dajia_test

import (
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/calendar"
	"dajia/locale"
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
	rt := p.Route("小家电", dajia.StageSelling, false)
	no := 0
	if rt.Campaign != nil {
		no = rt.Campaign.No
	}
	ph := rt.Reason.Text(p, "小家电", dajia.StageSelling, no)
	if zh, en := ph.String(), locale.Phrase("en", ph); rt.Reason != dajia.RouteUpperLevel || !strings.Contains(zh, "上级机关") || !strings.Contains(en, "upper-level") {
		t.Errorf("the reason must say the lead is an upper-level body: %s %q %q", rt.Reason, zh, en)
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
		name     string
		kind     dajia.TipKind
		status   dajia.TipStatus
		accepted string
		decided  string
		extended bool
		paused   int
		since    string // paused since, counted up to today
		today    string
		named    bool
		due      string
		what     dajia.TipDue
	}{
		{"report received", dajia.TipReport, dajia.TipReceived, "", "", false, 0, "", "2017-09-29", false, "2017-10-26", dajia.DueDecide},
		{"report accepted counts from receipt", dajia.TipReport, dajia.TipAccepted, "2017-10-09", "", false, 0, "", "2017-10-09", false, "2017-10-26", dajia.DueDecide},
		{"report extended", dajia.TipReport, dajia.TipAccepted, "2017-10-09", "", true, 0, "", "2017-10-09", false, "2017-11-16", dajia.DueDecide},
		{"report paused three days", dajia.TipReport, dajia.TipAccepted, "2017-10-09", "", false, 3, "", "2017-10-09", false, "2017-10-31", dajia.DueDecide},
		{"report paused since, still paused", dajia.TipReport, dajia.TipAccepted, "2017-10-09", "", false, 0, "2017-10-09", "2017-10-12", false, "2017-10-31", dajia.DueDecide},
		{"complaint received", dajia.TipComplaint, dajia.TipReceived, "", "", false, 0, "", "2017-09-29", true, "2017-10-16", dajia.DueAccept},
		{"complaint in mediation", dajia.TipComplaint, dajia.TipAccepted, "2017-10-09", "", false, 0, "", "2017-10-09", true, "2017-12-11", dajia.DueMediate},
		{"named report decided", dajia.TipReport, dajia.TipDecided, "2017-10-09", "2017-10-20", false, 0, "", "2017-10-20", true, "2017-10-27", dajia.DueNotify},
		{"anonymous report decided", dajia.TipReport, dajia.TipDecided, "2017-10-09", "2017-10-20", false, 0, "", "2017-10-20", false, "", ""},
		{"closed complaint", dajia.TipComplaint, dajia.TipClosed, "2017-10-09", "2017-10-20", false, 0, "", "2017-10-20", true, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tip := dajia.Tip{Kind: tt.kind, Status: tt.status, ReceivedOn: recv, Extended: tt.extended, PausedDays: tt.paused, Named: tt.named}
			if tt.accepted != "" {
				tip.AcceptedOn = d(tt.accepted)
			}
			if tt.decided != "" {
				tip.DecidedOn = d(tt.decided)
			}
			if tt.since != "" {
				tip.PausedSince = d(tt.since)
			}
			c, running, err := tip.Clock(d(tt.today), cal)
			if err != nil || running != (tt.due != "") || (running && c.Due.String() != tt.due) || c.What != tt.what {
				t.Fatalf("clock = %s %s running=%v err=%v; want %s %s", c.Due, c.What, running, err, tt.due, tt.what)
			}
			if err := tip.Reclock(d(tt.today), cal); err != nil || tip.Due != c.Due || tip.DueWhat != c.What {
				t.Fatalf("reclock = %s %s %v", tip.Due, tip.DueWhat, err)
			}
		})
	}
}

func TestEveryTipDueAndRouteReasonIsWordedInBothLanguages(t *testing.T) {
	p := reference(t)
	for _, due := range []dajia.TipDue{dajia.DueAccept, dajia.DueMediate, dajia.DueDecide, dajia.DueNotify} {
		t.Run(string(due), func(t *testing.T) {
			zh, en := string(due.Text()), locale.Text("en", string(due.Text()))
			if zh == en || zh == string(due) || en == "" || due.String() != zh {
				t.Fatalf("%s: %q %q", due, zh, en)
			}
		})
	}
	for _, r := range []dajia.RouteReason{dajia.RouteByCategory, dajia.RouteNoCampaign, dajia.RouteNoLead, dajia.RouteLeadUnknown, dajia.RouteUpperLevel} {
		t.Run(string(r), func(t *testing.T) {
			ph := r.Text(p, "灯具", dajia.StageSelling, 2)
			zh, en := ph.String(), locale.Phrase("en", ph)
			if zh == en || zh == string(r) || en == "" {
				t.Fatalf("%s: %q %q", r, zh, en)
			}
		})
	}
}

func TestTipStatusTransitions(t *testing.T) {
	tests := []struct {
		from dajia.TipStatus
		kind dajia.TipKind
		act  dajia.TipAction
		to   dajia.TipStatus // "" when the step is not possible
	}{
		{dajia.TipReceived, dajia.TipReport, dajia.TipAccept, dajia.TipAccepted},
		{dajia.TipReceived, dajia.TipComplaint, dajia.TipAccept, dajia.TipAccepted},
		{dajia.TipReceived, dajia.TipReport, dajia.TipRefuse, ""}, // a report is verified, not refused
		{dajia.TipReceived, dajia.TipComplaint, dajia.TipRefuse, dajia.TipRefused},
		{dajia.TipReceived, dajia.TipReport, dajia.TipDecide, ""}, // deciding before verifying
		{dajia.TipAccepted, dajia.TipReport, dajia.TipDecide, dajia.TipDecided},
		{dajia.TipAccepted, dajia.TipComplaint, dajia.TipDecide, dajia.TipDecided},
		{dajia.TipAccepted, dajia.TipComplaint, dajia.TipClose, ""},
		{dajia.TipDecided, dajia.TipReport, dajia.TipClose, dajia.TipClosed},
		{dajia.TipRefused, dajia.TipComplaint, dajia.TipClose, dajia.TipClosed},
		{dajia.TipClosed, dajia.TipReport, dajia.TipAccept, ""}, // a closed tip is not reopened
	}
	for _, tt := range tests {
		t.Run(string(tt.kind)+" "+string(tt.from)+" "+string(tt.act), func(t *testing.T) {
			got, err := tt.from.Next(tt.kind, tt.act)
			if tt.to == "" {
				if dajia.ErrorCode(err) != dajia.Conflict || got != tt.from {
					t.Fatalf("= %s, %v; want a conflict", got, err)
				}
				return
			}
			if err != nil || got != tt.to {
				t.Fatalf("= %s, %v; want %s", got, err, tt.to)
			}
		})
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

// The actors of report_test.go (gsOfficer, gsHead, zjOfficer, office,
// leader), and these.
var (
	secadmin   = dajia.Actor{UserID: 6, Name: "sec", Role: dajia.RoleSecadmin}
	handledTip = dajia.Tip{ID: 7, Kind: dajia.TipReport, Status: dajia.TipReceived, Handlers: []string{"gsfj"}, Notified: []string{"zjfj"}}
)

func TestWhoSeesAndWhoHandlesATip(t *testing.T) {
	tests := []struct {
		name             string
		actor            dajia.Actor
		visible, handles bool
		units            []string
	}{
		{"the office sees and handles all", office, true, true, nil},
		{"a leader reads all and handles none", leader, true, false, nil},
		{"the handling unit's officer", gsOfficer, true, true, []string{"gsfj"}},
		{"the handling unit's head", gsHead, true, true, []string{"gsfj"}},
		{"a unit told of it sees but does not handle", zjOfficer, true, false, []string{"zjfj"}},
		{"another unit sees nothing", dajia.Actor{UserID: 7, Name: "x", Role: dajia.RoleOfficer, Unit: "nyj"}, false, false, []string{"nyj"}},
		{"an administrator sees nothing", secadmin, false, false, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := handledTip.VisibleTo(tt.actor); got != tt.visible {
				t.Errorf("visible = %v", got)
			}
			if got := handledTip.HandledBy(tt.actor); got != tt.handles {
				t.Errorf("handles = %v", got)
			}
			if got := dajia.TipUnits(tt.actor); !slices.Equal(got, tt.units) || (got == nil) != (tt.units == nil) {
				t.Errorf("units = %#v", got)
			}
		})
	}
}

func TestTipHandlingSteps(t *testing.T) {
	cal := calendar.Embedded()
	p := reference(t)
	today := d("2017-10-09")
	complaint := dajia.Tip{ID: 8, Kind: dajia.TipComplaint, Status: dajia.TipReceived, Handlers: []string{"gsfj"}}
	paused := handledTip
	paused.PausedSince = d("2017-09-29")
	extended := handledTip
	extended.Extended = true
	decided := handledTip
	decided.Status = dajia.TipDecided
	tests := []struct {
		name  string
		tip   dajia.Tip
		step  func(t *dajia.Tip) (dajia.TipStep, error)
		code  dajia.Code // "" when the step is taken
		check func(t dajia.Tip, s dajia.TipStep) bool
	}{
		{"the unit starts verifying a report", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Advance(gsOfficer, dajia.TipAccept, today, "", "") }, "",
			func(t dajia.Tip, s dajia.TipStep) bool {
				return t.Status == dajia.TipAccepted && t.AcceptedOn == today && s.Action == "accept" && !s.Public
			}},
		{"a reply with a step is public", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Advance(gsOfficer, dajia.TipAccept, today, "内部", "已开始核查")
		}, "", func(t dajia.Tip, s dajia.TipStep) bool {
			return t.PublicReply == "已开始核查" && s.Public && s.Note == "已开始核查"
		}},
		{"a unit told of a tip cannot handle it", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Advance(zjOfficer, dajia.TipAccept, today, "", "") }, dajia.Forbidden, nil},
		{"a leader cannot handle", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Advance(leader, dajia.TipAccept, today, "", "") }, dajia.Forbidden, nil},
		{"a report cannot be refused", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Advance(gsOfficer, dajia.TipRefuse, today, "不属实", "")
		}, dajia.Conflict, nil},
		{"a complaint is refused with the reason as decision", complaint, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Advance(gsOfficer, dajia.TipRefuse, today, "不属于受理范围", "")
		}, "", func(t dajia.Tip, s dajia.TipStep) bool {
			return t.Status == dajia.TipRefused && t.Decision == "不属于受理范围" && t.DecidedOn == today
		}},
		{"refusing needs a reason", complaint, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Advance(gsOfficer, dajia.TipRefuse, today, "  ", "")
		}, dajia.Invalid, nil},
		{"deciding before verifying is a conflict", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Advance(gsOfficer, dajia.TipDecide, today, "立案", "")
		}, dajia.Conflict, nil},
		{"a decided tip is closed", decided, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Advance(gsOfficer, dajia.TipClose, today, "", "") }, "",
			func(t dajia.Tip, s dajia.TipStep) bool { return t.Status == dajia.TipClosed && t.ClosedOn == today }},
		{"a note of 2001 characters is refused", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Advance(gsOfficer, dajia.TipAccept, today, strings.Repeat("字", 2001), "")
		}, dajia.Invalid, nil},
		{"a reply alone", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Reply(gsOfficer, "收到") }, "",
			func(t dajia.Tip, s dajia.TipStep) bool {
				return t.PublicReply == "收到" && s.Public && t.Status == dajia.TipReceived
			}},
		{"an empty reply", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Reply(gsOfficer, "") }, dajia.Invalid, nil},
		{"a unit returns the tip to the office", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Return(gsOfficer, "不属本局职责") }, "",
			func(t dajia.Tip, s dajia.TipStep) bool { return slices.Equal(t.Handlers, []string{dajia.OfficeKey}) }},
		{"returning needs a reason", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Return(gsOfficer, "") }, dajia.Invalid, nil},
		{"the office does not return, it reassigns", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Return(office, "理由") }, dajia.Invalid, nil},
		{"the office assigns by name or key", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Assign(office, p, []string{"质监分局", "zjfj"})
		}, "",
			func(t dajia.Tip, s dajia.TipStep) bool {
				return slices.Equal(t.Handlers, []string{"zjfj"}) && s.Public && s.Note == "质监分局"
			}},
		{"a unit cannot assign", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Assign(gsOfficer, p, []string{"zjfj"}) }, dajia.Forbidden, nil},
		{"an unknown unit", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Assign(office, p, []string{"nobody"}) }, dajia.Invalid, nil},
		{"no unit", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Assign(office, p, nil) }, dajia.Invalid, nil},
		{"pausing for an appraisal", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Pause(gsOfficer, today, "送检") }, "",
			func(t dajia.Tip, s dajia.TipStep) bool { return t.PausedSince == today }},
		{"pausing twice", paused, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Pause(gsOfficer, today, "送检") }, dajia.Conflict, nil},
		{"pausing a decided tip", decided, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Pause(gsOfficer, today, "送检") }, dajia.Conflict, nil},
		{"pausing needs a reason", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Pause(gsOfficer, today, "") }, dajia.Invalid, nil},
		{"resuming adds the working days it stood", paused, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Resume(gsOfficer, today, cal, "结果已出") }, "",
			func(t dajia.Tip, s dajia.TipStep) bool { return t.PausedSince.IsZero() && t.PausedDays == 2 }}, // 29 Sep to 9 Oct: the make-up Saturday 30 Sep and 9 Oct
		{"resuming a running clock", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Resume(gsOfficer, today, cal, "结果已出") }, dajia.Conflict, nil},
		{"a head extends a report", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Extend(gsHead, "情况复杂") }, "",
			func(t dajia.Tip, s dajia.TipStep) bool { return t.Extended }},
		{"an officer cannot extend", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Extend(gsOfficer, "情况复杂") }, dajia.Forbidden, nil},
		{"extending twice", extended, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Extend(gsHead, "情况复杂") }, dajia.Conflict, nil},
		{"a complaint is not extended", complaint, func(t *dajia.Tip) (dajia.TipStep, error) { return t.Extend(office, "情况复杂") }, dajia.Conflict, nil},
		{"marking a duplicate", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.MarkDuplicate(gsOfficer, dajia.Tip{ID: 3, Handlers: []string{"gsfj"}})
		}, "",
			func(t dajia.Tip, s dajia.TipStep) bool { return t.DuplicateOf == 3 }},
		{"a duplicate of itself", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) { return t.MarkDuplicate(gsOfficer, handledTip) }, dajia.Invalid, nil},
		{"a duplicate of a tip the actor may not see", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.MarkDuplicate(gsOfficer, dajia.Tip{ID: 3, Handlers: []string{"zjfj"}})
		}, dajia.NotFound, nil},
		{"a report is rewarded only after its decision", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.SetReward(office, dajia.DefaultRewardGrades(), 1, "200000")
		}, dajia.Conflict, nil},
		{"the office rewards a report", decided, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.SetReward(office, dajia.DefaultRewardGrades(), 1, "200000")
		}, "", func(t dajia.Tip, s dajia.TipStep) bool {
			return t.RewardAmount == 10000 && t.RewardFines == 200000 && t.RewardGrade == 1
		}},
		{"a unit cannot reward", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.SetReward(gsOfficer, dajia.DefaultRewardGrades(), 1, "1")
		}, dajia.Forbidden, nil},
		{"a complaint has no reward", complaint, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.SetReward(office, dajia.DefaultRewardGrades(), 1, "1")
		}, dajia.Invalid, nil},
		{"fines must be a number", handledTip, func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.SetReward(office, dajia.DefaultRewardGrades(), 1, "很多")
		}, dajia.Invalid, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tip := tt.tip
			tip.Handlers = slices.Clone(tt.tip.Handlers)
			step, err := tt.step(&tip)
			if tt.code != "" {
				if dajia.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v; want %s", err, tt.code)
				}
				return
			}
			if err != nil || step.Action == "" || !tt.check(tip, step) {
				t.Fatalf("step %+v err %v tip %+v", step, err, tip)
			}
		})
	}
}

func TestRevealingTheTipsterNeedsTheOfficeOrAComplaintsUnitAndAReason(t *testing.T) {
	tests := []struct {
		name   string
		actor  dajia.Actor
		reason string
		code   dajia.Code
	}{
		{"the office with a reason", office, "需要联系举报人核实", ""},
		{"the office without a reason", office, " ", dajia.Invalid},
		{"a reason too long", office, strings.Repeat("因", 501), dajia.Invalid},
		{"the handling unit of a report", gsOfficer, "核实", dajia.Forbidden},
		{"the handling unit of a complaint", gsOfficer, "联系投诉人调解", ""},
		{"the head of the handling unit of a complaint", gsHead, "联系投诉人调解", ""},
		{"the handling unit of a complaint without a reason", gsOfficer, "", dajia.Invalid},
		{"another unit, of a complaint", zjOfficer, "联系投诉人调解", dajia.Forbidden},
		{"a leader, of a complaint", leader, "联系投诉人调解", dajia.Forbidden},
	}
	complaint := handledTip
	complaint.Kind = dajia.TipComplaint
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tip := handledTip
			if strings.Contains(tt.name, "complaint") {
				tip = complaint
			}
			err := tip.Reveal(tt.actor, tt.reason)
			if (tt.code == "" && err != nil) || (tt.code != "" && dajia.ErrorCode(err) != tt.code) {
				t.Fatalf("err = %v; want %q", err, tt.code)
			}
		})
	}
}

func TestASubmissionAnswersEveryFieldProblem(t *testing.T) {
	p := reference(t)
	today := d("2017-09-29")
	good := dajia.TipSubmission{Kind: "举报", Category: "灯具", Stage: dajia.StageSelling, BusinessName: " 某灯饰商行 ", Description: "销售没有3C标志的台灯，多次发现"}
	tests := []struct {
		name   string
		change func(s *dajia.TipSubmission)
		fields []string
	}{
		{"a good report", func(s *dajia.TipSubmission) {}, nil},
		{"a good complaint", func(s *dajia.TipSubmission) {
			s.Kind, s.ContactName, s.ContactPhone = "投诉", "张三", "13800138000"
		}, nil},
		{"both kinds", func(s *dajia.TipSubmission) {
			s.Kind, s.ContactName, s.ContactPhone = dajia.TipBoth, "张三", "0760-88888888"
		}, nil},
		{"everything wrong at once", func(s *dajia.TipSubmission) {
			*s = dajia.TipSubmission{Kind: "别的", Category: "火箭", Stage: "运输", CreditCode: "123", Description: "短", OccurredOn: "2017-10-01",
				ContactPhone: "12ab", ContactID: "1234", Photos: 6}
		}, []string{"kind", "category", "stage", "business.name", "business.credit_code", "description", "occurred_on", "contact.phone", "contact.id", "photos"}},
		{"a complaint needs name and phone", func(s *dajia.TipSubmission) { s.Kind = "投诉" }, []string{"contact.phone"}},
		{"a date that is not a date", func(s *dajia.TipSubmission) { s.OccurredOn = "昨天" }, []string{"occurred_on"}},
		{"control characters", func(s *dajia.TipSubmission) { s.Village = "村\x00" }, []string{"business.village"}},
		{"too long a name", func(s *dajia.TipSubmission) { s.BusinessName = strings.Repeat("店", 101) }, []string{"business.name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := good
			tt.change(&s)
			var got []string
			for _, e := range s.Check(p, today) {
				if e.Message == "" || !locale.Has("en", e.Key) {
					t.Errorf("%s has no message in both languages", e.Field)
				}
				if !slices.Contains(got, e.Field) {
					got = append(got, e.Field)
				}
			}
			if !slices.Equal(got, tt.fields) {
				t.Fatalf("fields = %v; want %v", got, tt.fields)
			}
		})
	}
	s := good
	s.Check(p, today)
	if s.BusinessName != "某灯饰商行" {
		t.Errorf("the submission is trimmed: %q", s.BusinessName)
	}
	if k := (dajia.TipSubmission{Kind: dajia.TipBoth}).Kinds(); !slices.Equal(k, []dajia.TipKind{dajia.TipComplaint, dajia.TipReport}) {
		t.Errorf("两者 = %v", k)
	}
}

func TestTheNotesDajiaWritesAreWordedFromTheirCodes(t *testing.T) {
	p := reference(t)
	tip := dajia.Tip{Category: "灯具", Stage: dajia.StageSelling, CampaignNo: 2}
	tests := []struct {
		action, note string
		zh, en       string
	}{
		{"receive", "category", "按产品类别“灯具”分派到专项 2", "routed by the product category 灯具 to campaign 2"},
		{"duplicate", "42", "与第 42 号重复", "a repeat of tip 42"},
		{"reward", "1 200000 10000", "1 级，罚没款 200000 元，奖励 10000 元", "grade 1, fines ¥200000, reward ¥10000"},
		{"return", "该商行在南区，不属本局辖区", "该商行在南区，不属本局辖区", "该商行在南区，不属本局辖区"},
		{"receive", "按产品类别“灯具”分派（旧的文字）", "按产品类别“灯具”分派（旧的文字）", "按产品类别“灯具”分派（旧的文字）"},
	}
	for _, tt := range tests {
		t.Run(tt.action+" "+tt.note, func(t *testing.T) {
			ph := tip.NoteText(p, tt.action, tt.note)
			zh, en := ph.String(), locale.Phrase("en", ph)
			if !strings.HasPrefix(zh, tt.zh) || !strings.HasPrefix(en, tt.en) {
				t.Fatalf("%q %q", zh, en)
			}
		})
	}
}

func TestTheStepsATipOffersItsHandler(t *testing.T) {
	paused := handledTip
	paused.PausedSince = d("2017-10-09")
	decided := handledTip
	decided.Status, decided.DuplicateOf = dajia.TipDecided, 3
	complaint := handledTip
	complaint.Kind = dajia.TipComplaint
	tests := []struct {
		name  string
		tip   dajia.Tip
		actor dajia.Actor
		steps string // the steps offered, in this order
	}{
		{"a report received, to its unit", handledTip, gsOfficer, "accept reply pause extend return duplicate"},
		{"a report received, to the office", handledTip, office, "accept reply pause extend assign duplicate"},
		{"a decided report, to the office", decided, office, "close reply assign reward"},
		{"a complaint received, to its unit", complaint, gsOfficer, "accept refuse reply pause return duplicate"},
		{"a paused report", paused, gsOfficer, "accept reply resume extend return duplicate"},
		{"a decided report already marked a repeat", decided, gsOfficer, "close reply return"},
		{"a unit told of it", handledTip, zjOfficer, ""},
		{"a leader", handledTip, leader, ""},
	}
	all := []string{"accept", "refuse", "decide", "close", "reply", "pause", "resume", "extend", "return", "assign", "reward", "duplicate"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.tip.Steps(tt.actor)
			var got []string
			for _, s := range all {
				if m[s] {
					got = append(got, s)
				}
			}
			if strings.Join(got, " ") != tt.steps {
				t.Fatalf("steps = %v; want %s", got, tt.steps)
			}
		})
	}
}
