package dajia_test

import (
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/calendar"
	"dajia/locale"
)

var (
	caseOffice  = dajia.Actor{UserID: 1, Role: dajia.RoleOffice}
	caseOfficer = dajia.Actor{UserID: 2, Role: dajia.RoleOfficer, Unit: "zjfj"}
	caseHead    = dajia.Actor{UserID: 3, Role: dajia.RoleHead, Unit: "zjfj"}
	otherHead   = dajia.Actor{UserID: 4, Role: dajia.RoleHead, Unit: "gsfj"}
	caseLeader  = dajia.Actor{UserID: 5, Role: dajia.RoleLeader}
	coopOfficer = dajia.Actor{UserID: 6, Role: dajia.RoleOfficer, Unit: "syjfj"}
	caseAdmin   = dajia.Actor{UserID: 7, Role: dajia.RoleSysadmin}
)

func yuan(s string) dajia.Amount {
	a, err := dajia.ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

func newCase() dajia.Case {
	return dajia.Case{
		Number:      "中港质监罚〔2017〕12号",
		CampaignNo:  4,
		LeadUnit:    "zjfj",
		Cooperating: []string{"syjfj"},
		Violations:  []dajia.Violation{dajia.ViolationFakeInferior},
		Status:      dajia.CaseOpened,
		OpenedOn:    dajia.MustDate("2017-07-03"),
	}
}

func TestCaseNumberIsInTheUnitsSeries(t *testing.T) {
	if got := dajia.FormatCaseNumber("中港质监罚", 2017, 12); got != "中港质监罚〔2017〕12号" {
		t.Fatalf("FormatCaseNumber = %q", got)
	}
	tests := []struct {
		in     string
		prefix string
		year   int
		seq    int
		ok     bool
	}{
		{"中港质监罚〔2017〕12号", "中港质监罚", 2017, 12, true},
		{" 中港质监罚[2017]12号 ", "中港质监罚", 2017, 12, true},
		{"中港市监罚【2018】1号", "中港市监罚", 2018, 1, true},
		{"中港质监罚（2017）305", "中港质监罚", 2017, 305, true},
		{"中港质监罚〔17〕12号", "", 0, 0, false},
		{"中港质监罚〔2017〕号", "", 0, 0, false},
		{"中港质监罚〔2017〕012号", "", 0, 0, false},
		{"中港质监罚〔2017〕0号", "", 0, 0, false},
		{"〔2017〕12号", "", 0, 0, false},
		{"中港质监罚2017-12", "", 0, 0, false},
		{"中港3罚〔2017〕12号", "", 0, 0, false},
		{"中港质监罚〔1889〕12号", "", 0, 0, false},
		{"中港质监罚〔2017〕12a号", "", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, y, s, err := dajia.ParseCaseNumber(tt.in)
			if (err == nil) != tt.ok || p != tt.prefix || y != tt.year || s != tt.seq {
				t.Fatalf("ParseCaseNumber = %q %d %d %v", p, y, s, err)
			}
			if err != nil && dajia.ErrorCode(err) != dajia.Invalid {
				t.Fatalf("code %s", dajia.ErrorCode(err))
			}
			if tt.ok && dajia.FormatCaseNumber(p, y, s) == "" {
				t.Fatal("no round trip")
			}
		})
	}
	if err := dajia.CheckCaseNumber("中港质监罚〔2017〕12号", "中港质监罚", 2017); err != nil {
		t.Fatal(err)
	}
	if err := dajia.CheckCaseNumber("中港市监罚〔2017〕12号", "中港质监罚", 2017); err == nil || !strings.Contains(err.Error(), "中港质监罚") {
		t.Fatalf("another unit's prefix: %v", err)
	}
	if err := dajia.CheckCaseNumber("中港质监罚〔2016〕12号", "中港质监罚", 2017); err == nil {
		t.Fatal("another year's number passed")
	}
	for _, p := range []string{"", "中港[", "中港1"} {
		if dajia.CheckCasePrefix(p) == nil {
			t.Errorf("prefix %q passed", p)
		}
	}
}

func TestGoodsValueIsQuantityTimesUnitPrice(t *testing.T) {
	tests := []struct {
		name  string
		g     dajia.Goods
		value string
		ok    bool
	}{
		{"whole", dajia.Goods{Name: "电线", Brand: "正泰", Quantity: yuan("120"), Unit: "卷", UnitPrice: yuan("85.5")}, "10260", true},
		{"fractions round half up", dajia.Goods{Name: "化肥", Quantity: yuan("0.3333"), Unit: "吨", UnitPrice: yuan("0.0002")}, "0.0001", true},
		{"free goods", dajia.Goods{Name: "赠品", Quantity: yuan("3"), Unit: "件"}, "0", true},
		{"no name", dajia.Goods{Quantity: yuan("1"), Unit: "件"}, "0", false},
		{"no quantity", dajia.Goods{Name: "x", Unit: "件"}, "0", false},
		{"no unit", dajia.Goods{Name: "x", Quantity: yuan("1")}, "0", false},
		{"negative price", dajia.Goods{Name: "x", Quantity: yuan("1"), Unit: "件", UnitPrice: -1}, "0", false},
		{"too large", dajia.Goods{Name: "x", Quantity: yuan("900000000000"), Unit: "件", UnitPrice: yuan("900000000000")}, "0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.g.Check()
			if (err == nil) != tt.ok {
				t.Fatalf("Check = %v", err)
			}
			if tt.ok && tt.g.Value().String() != tt.value {
				t.Fatalf("Value = %s, want %s", tt.g.Value(), tt.value)
			}
		})
	}
	c := newCase()
	c.Goods = []dajia.Goods{tests[0].g, tests[2].g}
	if c.GoodsValue() != yuan("10260") {
		t.Fatalf("GoodsValue = %s", c.GoodsValue())
	}
}

func TestCaseCheckRefusesWhatACaseCannotRecord(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(*dajia.Case)
		field string
	}{
		{"valid", func(*dajia.Case) {}, ""},
		{"bad number", func(c *dajia.Case) { c.Number = "12号" }, "number"},
		{"no lead", func(c *dajia.Case) { c.LeadUnit = "" }, "lead_unit"},
		{"lead cooperates", func(c *dajia.Case) { c.Cooperating = []string{"zjfj"} }, "cooperating"},
		{"no violation", func(c *dajia.Case) { c.Violations = nil }, "violations"},
		{"unknown violation", func(c *dajia.Case) { c.Violations = []dajia.Violation{"murder"} }, "violations"},
		{"bad goods", func(c *dajia.Case) { c.Goods = []dajia.Goods{{Name: "x"}} }, "goods"},
		{"negative fine", func(c *dajia.Case) { c.Fine = -1 }, "amount"},
		{"negative dead", func(c *dajia.Case) { c.Dead = -1 }, "count"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCase()
			tt.edit(&c)
			err := c.Check()
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if e := dajia.ErrorOf(err); err == nil || e.Code != dajia.Invalid || e.Field != tt.field {
				t.Fatalf("Check = %v, want a field error on %s", err, tt.field)
			}
		})
	}
}

// Every pair of status and lifecycle step: the edges lead where the
// lifecycle says; every other pair is refused with a Conflict naming the
// current status.
func TestCaseLifecycleTakesEveryEdgeAndRefusesEveryOtherStep(t *testing.T) {
	type edge struct {
		from dajia.CaseStatus
		act  dajia.CaseAction
	}
	legal := map[edge]dajia.CaseStatus{
		{dajia.CaseOpened, dajia.CaseInvestigate}:        dajia.CaseInvestigating,
		{dajia.CaseInvestigating, dajia.CaseReview}:      dajia.CaseReviewing,
		{dajia.CaseReviewing, dajia.CaseNotify}:          dajia.CaseNotified,
		{dajia.CaseNotified, dajia.CaseHear}:             dajia.CaseHearing,
		{dajia.CaseNotified, dajia.CaseDecide}:           dajia.CaseDecided,
		{dajia.CaseHearing, dajia.CaseDecide}:            dajia.CaseDecided,
		{dajia.CaseDecided, dajia.CaseExecute}:           dajia.CaseExecuted,
		{dajia.CaseExecuted, dajia.CaseClose}:            dajia.CaseClosed,
		{dajia.CaseNoPenalty, dajia.CaseClose}:           dajia.CaseClosed,
		{dajia.CaseTransferred, dajia.CaseClose}:         dajia.CaseClosed,
		{dajia.CaseReviewing, dajia.CaseNoPenaltyAction}: dajia.CaseNoPenalty,
		{dajia.CaseNotified, dajia.CaseNoPenaltyAction}:  dajia.CaseNoPenalty,
		{dajia.CaseHearing, dajia.CaseNoPenaltyAction}:   dajia.CaseNoPenalty,
		{dajia.CaseOpened, dajia.CaseWithdraw}:           dajia.CaseWithdrawn,
		{dajia.CaseInvestigating, dajia.CaseWithdraw}:    dajia.CaseWithdrawn,
		{dajia.CaseReviewing, dajia.CaseWithdraw}:        dajia.CaseWithdrawn,
	}
	statuses := []dajia.CaseStatus{dajia.CaseOpened, dajia.CaseInvestigating, dajia.CaseReviewing, dajia.CaseNotified, dajia.CaseHearing,
		dajia.CaseDecided, dajia.CaseExecuted, dajia.CaseNoPenalty, dajia.CaseTransferred, dajia.CaseWithdrawn, dajia.CaseClosed}
	actions := []dajia.CaseAction{dajia.CaseInvestigate, dajia.CaseReview, dajia.CaseNotify, dajia.CaseHear, dajia.CaseDecide,
		dajia.CaseExecute, dajia.CaseClose, dajia.CaseNoPenaltyAction, dajia.CaseWithdraw}
	today := dajia.MustDate("2017-08-01")
	for _, s := range statuses {
		for _, act := range actions {
			t.Run(string(s)+"/"+string(act), func(t *testing.T) {
				c := newCase()
				c.Status = s
				if s == dajia.CaseTransferred {
					c.Transfer.Status = dajia.TransferFiled
				}
				step, err := c.Advance(caseHead, act, today, "理由", nil)
				want, ok := legal[edge{s, act}]
				if !ok {
					e := dajia.ErrorOf(err)
					if err == nil || e.Code != dajia.Conflict || !strings.Contains(e.Message, string(s.Name())) || c.Status != s {
						t.Fatalf("illegal step: %v, status %s", err, c.Status)
					}
					if en := locale.Text("en", e.Key, e.Args...); !strings.Contains(en, "the case is") {
						t.Fatalf("English: %q", en)
					}
					return
				}
				if err != nil || c.Status != want || step.Action != string(act) || step.Note != "理由" {
					t.Fatalf("Advance = %+v %v, status %s, want %s", step, err, c.Status, want)
				}
			})
		}
	}
	// Every status and action has a name in both languages.
	for _, s := range statuses {
		if locale.Text("en", string(s.Name())) == string(s.Name()) {
			t.Errorf("status %s has no English", s)
		}
	}
}

func TestCaseStepsNeedTheRightPeople(t *testing.T) {
	today := dajia.MustDate("2017-08-01")
	tests := []struct {
		name   string
		actor  dajia.Actor
		status dajia.CaseStatus
		act    dajia.CaseAction
		note   string
		code   dajia.Code
	}{
		{"officer investigates", caseOfficer, dajia.CaseOpened, dajia.CaseInvestigate, "", ""},
		{"office investigates", caseOffice, dajia.CaseOpened, dajia.CaseInvestigate, "", ""},
		{"another unit's head may not", otherHead, dajia.CaseOpened, dajia.CaseInvestigate, "", dajia.Forbidden},
		{"a cooperating unit sees but does not handle", coopOfficer, dajia.CaseOpened, dajia.CaseInvestigate, "", dajia.Forbidden},
		{"leader reads only", caseLeader, dajia.CaseOpened, dajia.CaseInvestigate, "", dajia.Forbidden},
		{"officer may not decide", caseOfficer, dajia.CaseNotified, dajia.CaseDecide, "", dajia.Forbidden},
		{"office may not decide", caseOffice, dajia.CaseNotified, dajia.CaseDecide, "", dajia.Forbidden},
		{"head decides", caseHead, dajia.CaseNotified, dajia.CaseDecide, "", ""},
		{"withdrawing needs the reason", caseHead, dajia.CaseOpened, dajia.CaseWithdraw, " ", dajia.Invalid},
		{"no penalty needs the reason", caseHead, dajia.CaseReviewing, dajia.CaseNoPenaltyAction, "", dajia.Invalid},
		{"no penalty with the reason", caseHead, dajia.CaseReviewing, dajia.CaseNoPenaltyAction, "违法行为轻微并及时改正", ""},
		{"too long a note", caseHead, dajia.CaseOpened, dajia.CaseWithdraw, strings.Repeat("长", dajia.MaxCaseNote+1), dajia.Invalid},
		{"unknown step", caseHead, dajia.CaseOpened, "jump", "", dajia.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCase()
			c.Status = tt.status
			_, err := c.Advance(tt.actor, tt.act, today, tt.note, nil)
			if tt.code == "" && err != nil || tt.code != "" && dajia.ErrorCode(err) != tt.code {
				t.Fatalf("Advance = %v, want %q", err, tt.code)
			}
		})
	}
	c := newCase()
	for _, a := range []dajia.Actor{caseOffice, caseLeader, caseOfficer, coopOfficer} {
		if !c.VisibleTo(a) {
			t.Errorf("%s of %s cannot see the case", a.Role, a.Unit)
		}
	}
	for _, a := range []dajia.Actor{otherHead, caseAdmin} {
		if c.VisibleTo(a) {
			t.Errorf("%s of %s sees the case", a.Role, a.Unit)
		}
	}
	if s := c.Steps(caseOfficer); !s[dajia.CaseInvestigate] || s[dajia.CaseWithdraw] || s[dajia.CaseExtend] || !s[dajia.TransferPropose] {
		t.Errorf("officer's steps: %v", s)
	}
	if s := c.Steps(caseHead); !s[dajia.CaseWithdraw] || !s[dajia.CaseExtend] || s[dajia.CaseExtendMore] {
		t.Errorf("head's steps: %v", s)
	}
	if s := c.Steps(coopOfficer); len(s) != 0 {
		t.Errorf("cooperating unit's steps: %v", s)
	}
}

func TestCaseDecisionDeadlineAcrossHolidaysAndMakeUpDays(t *testing.T) {
	cal := calendar.Embedded()
	tests := []struct {
		name     string
		opened   string
		extended bool
		extra    int
		excluded int
		due      string
	}{
		{"the 90th day is a Friday", "2017-07-01", false, 0, 0, "2017-09-29"},
		{"the 90th day is the make-up Saturday before National Day: it counts", "2017-07-02", false, 0, 0, "2017-09-30"},
		{"the 90th day is National Day: the first working day after the holiday", "2017-07-03", false, 0, 0, "2017-10-09"},
		{"the 90th day is in the Dragon Boat holiday", "2017-03-01", false, 0, 0, "2017-05-31"},
		{"an ordinary Sunday moves to Monday", "2017-03-05", false, 0, 0, "2017-06-05"},
		{"extended by 30 into National Day", "2017-06-03", true, 0, 0, "2017-10-09"},
		{"extended further by collective decision", "2017-06-03", true, 10, 0, "2017-10-11"},
		{"hearing and testing days do not count", "2017-06-03", false, 0, 30, "2017-10-09"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCase()
			c.OpenedOn, c.Extended, c.ExtraDays, c.ExcludedDays = dajia.MustDate(tt.opened), tt.extended, tt.extra, tt.excluded
			k, ok, err := c.Clock(dajia.MustDate(tt.opened), cal)
			if err != nil || !ok || k.What != dajia.DueCaseDecide || k.Due.String() != tt.due || k.Overdue {
				t.Fatalf("Clock = %+v %v %v, want %s", k, ok, err, tt.due)
			}
			due := dajia.MustDate(tt.due)
			if k, _, _ := c.Clock(due, cal); k.Overdue {
				t.Fatal("overdue on the last day")
			}
			if k, _, _ := c.Clock(due.AddDays(1), cal); !k.Overdue {
				t.Fatal("not overdue the day after")
			}
		})
	}
	c := newCase()
	c.OpenedOn = dajia.MustDate("1999-01-01")
	if _, _, err := c.Clock(dajia.MustDate("1999-01-01"), cal); err == nil {
		t.Fatal("a year the calendar does not know must be an error")
	}
}

func TestCaseExtensionsNeedTheHeadAndTheCollectiveDecision(t *testing.T) {
	c := newCase()
	if _, err := c.Extend(caseOfficer, "案情复杂"); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("officer extends: %v", err)
	}
	if _, err := c.Extend(caseHead, ""); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("extension without reason: %v", err)
	}
	if _, err := c.ExtendMore(caseHead, 30, "集体讨论决定"); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("collective extension before the first: %v", err)
	}
	if step, err := c.Extend(caseHead, "案情复杂"); err != nil || !c.Extended || step.Action != "extend" {
		t.Fatalf("Extend = %+v %v", step, err)
	}
	if _, err := c.Extend(caseHead, "还要延"); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("second extension: %v", err)
	}
	if _, err := c.ExtendMore(caseHead, 30, ""); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("collective extension without its record: %v", err)
	}
	if _, err := c.ExtendMore(caseHead, 0, "2017年第9次局长办公会议决定"); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("zero days: %v", err)
	}
	step, err := c.ExtendMore(caseHead, 45, "2017年第9次局长办公会议决定")
	if err != nil || c.ExtraDays != 45 {
		t.Fatalf("ExtendMore = %+v %v", step, err)
	}
	if ph := c.NoteText(step.Action, step.Note); ph.String() != "延长 45 日：2017年第9次局长办公会议决定" || !strings.Contains(locale.Phrase("en", ph), "45 days") {
		t.Fatalf("NoteText = %q / %q", ph.String(), locale.Phrase("en", ph))
	}
	if ph := c.NoteText("withdraw", "当事人 主体灭失"); ph.String() != "当事人 主体灭失" {
		t.Fatalf("a note as written: %q", ph.String())
	}
	c.Status = dajia.CaseDecided
	if _, err := c.ExtendMore(caseHead, 10, "会议决定"); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("extending a decided case: %v", err)
	}
}

func TestCasePublishWithinTwentyWorkingDaysOfTheDecision(t *testing.T) {
	cal := calendar.Embedded()
	c := newCase()
	c.Status = dajia.CaseNotified
	decided := dajia.MustDate("2017-09-20")
	if _, err := c.Advance(caseHead, dajia.CaseDecide, decided, "", nil); err != nil {
		t.Fatal(err)
	}
	// 20 working days after Wed 20 Sep 2017: the make-up Saturday counts,
	// the eight days of National Day do not.
	k, ok, err := c.Clock(decided, cal)
	if err != nil || !ok || k.What != dajia.DueCasePublish || k.Due.String() != "2017-10-24" {
		t.Fatalf("Clock = %+v %v %v", k, ok, err)
	}
	if k, _, _ := c.Clock(dajia.MustDate("2017-10-25"), cal); !k.Overdue {
		t.Fatal("not overdue after the 20th working day")
	}
	if _, err := c.Publish(coopOfficer, decided); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a cooperating unit publishes: %v", err)
	}
	if _, err := c.Publish(caseOfficer, dajia.MustDate("2017-10-10")); err != nil || c.PublishedOn.String() != "2017-10-10" {
		t.Fatalf("Publish = %v", err)
	}
	if _, ok, _ := c.Clock(dajia.MustDate("2017-10-30"), cal); ok {
		t.Fatal("a clock runs after publication")
	}
	if _, err := c.Publish(caseOfficer, dajia.MustDate("2017-10-11")); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("publishing twice: %v", err)
	}
	n := newCase()
	if _, err := n.Publish(caseOfficer, decided); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("publishing an undecided case: %v", err)
	}
	// 不予处罚 is no penalty to publish.
	np := newCase()
	np.Status = dajia.CaseReviewing
	for _, act := range []dajia.CaseAction{dajia.CaseNoPenaltyAction, dajia.CaseClose} {
		if _, err := np.Advance(caseHead, act, decided, "违法行为轻微并及时改正", nil); err != nil {
			t.Fatal(err)
		}
	}
	if k, ok, err := np.Clock(decided, cal); ok || err != nil || np.NoPenaltyOn != decided {
		t.Fatalf("a case without penalty has a clock: %+v %v", k, err)
	}
	if _, err := np.Publish(caseOfficer, decided); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("publishing a case without penalty: %v", err)
	}
}

func TestTransferToThePoliceAndItsClocks(t *testing.T) {
	cal := calendar.Embedded()
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, dajia.ChinaTime)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	c := newCase()
	c.Status = dajia.CaseInvestigating
	c.Sales = yuan("60000")
	rules := dajia.DefaultThresholdRules()
	if !c.ConsiderTransfer(rules) {
		t.Fatal("a case over the threshold must raise the transfer task")
	}
	if _, err := c.Move(caseOfficer, dajia.TransferApprove, at("2017-09-27 09:00"), ""); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("officer approves: %v", err)
	}
	if _, err := c.Move(caseHead, dajia.TransferApprove, at("2017-09-27 09:00"), ""); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("approving what nobody proposed: %v", err)
	}
	if _, err := c.Move(caseOfficer, dajia.TransferPropose, at("2017-09-27 09:00"), "销售金额六万元"); err != nil {
		t.Fatal(err)
	}
	if c.ConsiderTransfer(rules) || c.Transfer.Status != dajia.TransferProposed {
		t.Fatal("the task stays once the transfer is proposed")
	}
	// The head decides within 3 days: proposed Wed 27 Sep, the 3rd day is
	// the make-up Saturday, a working day.
	k, _, err := c.Clock(dajia.MustDate("2017-09-27"), cal)
	if err != nil || k.What != dajia.DueTransferDecide || k.Due.String() != "2017-09-30" {
		t.Fatalf("decide clock = %+v %v", k, err)
	}
	// Closing during a proposed transfer is refused.
	if _, err := c.Advance(caseHead, dajia.CaseWithdraw, dajia.MustDate("2017-09-28"), "撤", rules); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("withdrawing during the transfer: %v", err)
	}
	approved := at("2017-09-30 16:00")
	if _, err := c.Move(caseHead, dajia.TransferApprove, approved, ""); err != nil {
		t.Fatal(err)
	}
	// Sent within 24 hours, even across the holiday: the clock is in hours.
	k, _, err = c.Clock(dajia.MustDate("2017-09-30"), cal)
	if err != nil || k.What != dajia.DueTransferSend || !k.DueAt.Equal(at("2017-10-01 16:00")) || k.Due.String() != "2017-10-01" {
		t.Fatalf("send clock = %+v %v", k, err)
	}
	if k.OverdueAt(at("2017-10-01 15:59")) || !k.OverdueAt(at("2017-10-01 16:01")) {
		t.Fatal("the 24-hour clock runs by the hour")
	}
	if _, err := c.Move(caseOfficer, dajia.PoliceFiled, at("2017-10-01 10:00"), ""); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("an answer before sending: %v", err)
	}
	if _, err := c.Move(caseOfficer, dajia.TransferSend, at("2017-10-01 10:00"), ""); err != nil || c.Status != dajia.CaseTransferred {
		t.Fatalf("send: %v %s", err, c.Status)
	}
	// The police answer within 3 days of receipt; the 3rd day falls in the
	// holiday, so the first working day after it.
	k, _, err = c.Clock(dajia.MustDate("2017-10-01"), cal)
	if err != nil || k.What != dajia.DuePoliceAnswer || k.Due.String() != "2017-10-09" {
		t.Fatalf("answer clock = %+v %v", k, err)
	}
	if _, err := c.Advance(caseHead, dajia.CaseClose, dajia.MustDate("2017-10-09"), "", rules); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("closing before the police answer: %v", err)
	}
	if _, err := c.Move(caseOfficer, dajia.PoliceRefused, at("2017-10-09 10:00"), ""); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("not filing without the reason: %v", err)
	}
	if _, err := c.Move(caseOfficer, dajia.PoliceRefused, at("2017-10-09 10:00"), "未达追诉标准"); err != nil || c.Status != dajia.CaseInvestigating || c.Transfer.Status != dajia.TransferNotFiled {
		t.Fatalf("police refused: %v %s %s", err, c.Status, c.Transfer.Status)
	}
	// The case goes on; proposing again is possible.
	if _, err := c.Move(caseOfficer, dajia.TransferPropose, at("2017-10-10 10:00"), "新证据"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Move(caseHead, dajia.TransferRefuse, at("2017-10-10 11:00"), ""); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("refusing without the reason: %v", err)
	}
	if _, err := c.Move(caseHead, dajia.TransferRefuse, at("2017-10-10 11:00"), "证据不足"); err != nil || c.Transfer.Status != dajia.TransferRefused {
		t.Fatalf("refuse: %v", err)
	}
	if !c.ConsiderTransfer(rules) {
		t.Fatal("a refused transfer leaves the task open")
	}

	// A filed transfer lets the case close without a further reason.
	f := newCase()
	f.Status, f.Sales = dajia.CaseReviewing, yuan("60000")
	for _, s := range []struct {
		a   dajia.Actor
		act dajia.CaseAction
	}{{caseOfficer, dajia.TransferPropose}, {caseHead, dajia.TransferApprove}, {caseOffice, dajia.TransferSend}, {caseOfficer, dajia.PoliceFiled}} {
		if _, err := f.Move(s.a, s.act, at("2017-11-01 09:00"), ""); err != nil {
			t.Fatalf("%s: %v", s.act, err)
		}
	}
	if _, err := f.Advance(caseHead, dajia.CaseClose, dajia.MustDate("2017-11-02"), "", rules); err != nil || f.Status != dajia.CaseClosed || f.NoTransferReason != "" {
		t.Fatalf("close after filing: %v", err)
	}
	if _, err := f.Move(caseOfficer, dajia.TransferPropose, at("2017-11-03 09:00"), ""); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("proposing for a closed case: %v", err)
	}
}

func TestTransferIsDecidedWithinThreeDaysOfTheProposal(t *testing.T) {
	cal := calendar.Embedded()
	tests := []struct{ proposed, due string }{
		{"2017-09-20", "2017-09-25"}, // the 3rd day is a Saturday
		{"2017-09-27", "2017-09-30"}, // the make-up Saturday counts
		{"2017-09-28", "2017-10-09"}, // National Day
	}
	for _, tt := range tests {
		t.Run(tt.proposed, func(t *testing.T) {
			c := newCase()
			c.Status = dajia.CaseDecided
			c.Transfer = dajia.Transfer{Status: dajia.TransferProposed, ProposedOn: dajia.MustDate(tt.proposed)}
			cs, err := c.Clocks(dajia.MustDate(tt.proposed), cal)
			if err != nil || len(cs) != 1 || cs[0].What != dajia.DueTransferDecide || cs[0].Due.String() != tt.due {
				t.Fatalf("Clocks = %+v %v", cs, err)
			}
		})
	}
}

func TestClosingOverTheThresholdWithoutTransferNeedsAReason(t *testing.T) {
	rules := dajia.DefaultThresholdRules()
	today := dajia.MustDate("2017-11-01")
	tests := []struct {
		name   string
		sales  string
		status dajia.CaseStatus
		act    dajia.CaseAction
		note   string
		ok     bool
	}{
		{"under the threshold closes without a word", "49999.99", dajia.CaseExecuted, dajia.CaseClose, "", true},
		{"over it needs the reason", "50000", dajia.CaseExecuted, dajia.CaseClose, "", false},
		{"over it with the reason", "50000", dajia.CaseExecuted, dajia.CaseClose, "经鉴定货值不足，不构成犯罪", true},
		{"withdrawing over it keeps the reason too", "80000", dajia.CaseInvestigating, dajia.CaseWithdraw, "当事人主体灭失", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newCase()
			c.Status, c.Sales = tt.status, yuan(tt.sales)
			_, err := c.Advance(caseHead, tt.act, today, tt.note, rules)
			if !tt.ok {
				e := dajia.ErrorOf(err)
				if err == nil || e.Code != dajia.Invalid || !strings.Contains(e.Message, "第16条") {
					t.Fatalf("Advance = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if crosses := len(c.Crossed(rules)) > 0; crosses && c.NoTransferReason != tt.note || !crosses && c.NoTransferReason != "" {
				t.Fatalf("NoTransferReason = %q", c.NoTransferReason)
			}
		})
	}
}
