package dajia_test

import (
	"strings"
	"testing"

	"dajia"
	"dajia/calendar"
	"dajia/locale"
)

// pendingClue is a referral 工商分局 leads, received on Monday 25 September
// 2017, a week before National Day.
var pendingClue = dajia.Clue{ID: 3, Source: dajia.ClueFromReferral, SourceRef: "中市打假办〔2017〕15号", ReceivedOn: dajia.MustDate("2017-09-25"),
	LeadUnit: "gsfj", CampaignNo: 1, Summary: "港口镇某商行涉嫌销售假冒白酒", Status: dajia.CluePending}

// National Day 2017: 1 to 8 October off, Saturday 30 September a working
// day (调休).
func TestClueClockAcrossNationalDay2017(t *testing.T) {
	cal := calendar.Embedded()
	tests := []struct {
		name       string
		received   string
		referral   string
		extended   bool
		status     dajia.ClueStatus
		today      string
		due        string
		what       dajia.ClueDue
		overdue    bool
		notRunning bool
	}{
		{"15 working days, the make-up Saturday counts, the holiday does not", "2017-09-25", "", false, dajia.CluePending, "2017-09-25", "2017-10-20", dajia.ClueDueDecide, false, false},
		{"received on the make-up Saturday", "2017-09-30", "", false, dajia.CluePending, "2017-10-09", "2017-10-27", dajia.ClueDueDecide, false, false},
		{"received during the holiday", "2017-10-03", "", false, dajia.CluePending, "2017-10-09", "2017-10-27", dajia.ClueDueDecide, false, false},
		{"received the Friday before the make-up Saturday", "2017-09-29", "", false, dajia.CluePending, "2017-10-09", "2017-10-26", dajia.ClueDueDecide, false, false},
		{"extended once by 15 working days", "2017-09-25", "", true, dajia.CluePending, "2017-10-20", "2017-11-10", dajia.ClueDueDecide, false, false},
		{"on the last day it is not yet overdue", "2017-09-25", "", false, dajia.CluePending, "2017-10-20", "2017-10-20", dajia.ClueDueDecide, false, false},
		{"the next day it is overdue", "2017-09-25", "", false, dajia.CluePending, "2017-10-21", "2017-10-20", dajia.ClueDueDecide, true, false},
		{"an earlier referral deadline applies", "2017-09-25", "2017-10-13", false, dajia.CluePending, "2017-10-09", "2017-10-13", dajia.ClueDueReferral, false, false},
		{"a later referral deadline does not", "2017-09-25", "2017-10-31", false, dajia.CluePending, "2017-10-09", "2017-10-20", dajia.ClueDueDecide, false, false},
		{"an earlier referral deadline beats the extension too", "2017-09-25", "2017-10-31", true, dajia.CluePending, "2017-10-09", "2017-10-31", dajia.ClueDueReferral, false, false},
		{"a decided clue has no clock", "2017-09-25", "", false, dajia.ClueDecided, "2017-10-09", "", "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := pendingClue
			c.ReceivedOn, c.Extended, c.Status = d(tt.received), tt.extended, tt.status
			if tt.referral != "" {
				c.ReferralDue = d(tt.referral)
			}
			k, running, err := c.Clock(d(tt.today), cal)
			if err != nil || running == tt.notRunning {
				t.Fatalf("running = %v, err = %v", running, err)
			}
			// Reclock keeps the same deadline on the clue, none once decided.
			if err := c.Reclock(d(tt.today), cal); err != nil || c.Due.String() != tt.due || c.DueWhat != tt.what {
				t.Fatalf("reclocked to %s %s (%v), want %s %s", c.Due, c.DueWhat, err, tt.due, tt.what)
			}
			if !running {
				return
			}
			if k.Due.String() != tt.due || k.What != tt.what || k.Overdue != tt.overdue {
				t.Fatalf("clock = %s %s overdue=%v; want %s %s %v", k.Due, k.What, k.Overdue, tt.due, tt.what, tt.overdue)
			}
		})
	}
}

func TestEveryClueSourceAndStateIsWordedInBothLanguages(t *testing.T) {
	var texts []dajia.Text
	for _, s := range dajia.ClueSources() {
		texts = append(texts, s.Name())
	}
	for _, o := range []dajia.ClueOutcome{dajia.ClueOpened, dajia.ClueNotOpened, dajia.ClueToUnit, dajia.ClueToPolice} {
		texts = append(texts, dajia.Clue{Status: dajia.ClueDecided, Outcome: o}.StatusName())
	}
	texts = append(texts, pendingClue.StatusName(), dajia.ClueDueDecide.Text(), dajia.ClueDueReferral.Text())
	seen := map[dajia.Text]bool{}
	for _, zh := range texts {
		t.Run(string(zh), func(t *testing.T) {
			en := locale.Text("en", string(zh))
			if seen[zh] || en == "" || en == string(zh) || !strings.ContainsFunc(string(zh), func(r rune) bool { return r > 0x2e80 }) {
				t.Fatalf("%q → %q", zh, en)
			}
			seen[zh] = true
		})
	}
}

func TestAClueIsWholeBeforeItIsKept(t *testing.T) {
	today := d("2017-10-09")
	tests := []struct {
		name  string
		edit  func(c *dajia.Clue)
		field string // "" when whole
	}{
		{"a referral with its document number", func(c *dajia.Clue) {}, ""},
		{"an unknown source", func(c *dajia.Clue) { c.Source = "rumour" }, "source"},
		{"a referral without its number", func(c *dajia.Clue) { c.SourceRef = "  " }, "source_ref"},
		{"a transfer without the sending unit", func(c *dajia.Clue) { c.Source, c.SourceRef = dajia.ClueFromTransfer, "" }, "source_ref"},
		{"a transfer from a unit", func(c *dajia.Clue) { c.Source, c.SourceRef = dajia.ClueFromTransfer, "zjfj" }, ""},
		{"a report's clue names its tip by id", func(c *dajia.Clue) { c.Source, c.SourceRef, c.Summary = dajia.ClueFromReport, "abc", "" }, "source_ref"},
		{"a report's clue needs no summary: the tip has the text", func(c *dajia.Clue) { c.Source, c.SourceRef, c.Summary = dajia.ClueFromReport, "42", "" }, ""},
		{"an inspection's clue needs its summary", func(c *dajia.Clue) { c.Source, c.SourceRef, c.Summary = dajia.ClueFromInspection, "", " " }, "summary"},
		{"an e-commerce monitoring clue", func(c *dajia.Clue) { c.Source, c.SourceRef = dajia.ClueFromMonitoring, "" }, ""},
		{"only a referral has a referral deadline", func(c *dajia.Clue) {
			c.Source, c.SourceRef, c.ReferralDue = dajia.ClueFromSampling, "", d("2017-10-31")
		}, "referral_due"},
		{"a referral deadline before receipt", func(c *dajia.Clue) { c.ReferralDue = d("2017-09-01") }, "referral_due"},
		{"received tomorrow", func(c *dajia.Clue) { c.ReceivedOn = d("2017-10-10") }, "received_on"},
		{"received on no day", func(c *dajia.Clue) { c.ReceivedOn = dajia.Date{} }, "received_on"},
		{"no lead unit", func(c *dajia.Clue) { c.LeadUnit = "" }, "lead_unit"},
		{"a summary too long", func(c *dajia.Clue) { c.Summary = strings.Repeat("假", dajia.MaxClueSummary+1) }, "summary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := pendingClue
			c.Status = ""
			tt.edit(&c)
			err := c.Check(today)
			if tt.field == "" {
				if err != nil || c.Status != dajia.CluePending {
					t.Fatalf("err = %v, status %q", err, c.Status)
				}
				return
			}
			if e := dajia.ErrorOf(err); e == nil || e.Code != dajia.Invalid || e.Field != tt.field {
				t.Fatalf("err = %v; want invalid %s", err, tt.field)
			}
		})
	}
}

func TestATipBecomesAClueByItsID(t *testing.T) {
	today := d("2017-10-09")
	report := dajia.Tip{ID: 42, Kind: dajia.TipReport, ReceivedOn: d("2017-09-29"), CampaignNo: 1, Description: "超市货架上有假冒的茅台酒出售"}
	c, err := dajia.ClueFromTip(report, "gsfj", today)
	if err != nil || c.Source != dajia.ClueFromReport || c.SourceRef != "42" || c.ReceivedOn != report.ReceivedOn || c.CampaignNo != 1 || c.Summary != "" {
		t.Fatalf("report's clue = %+v, %v", c, err)
	}
	if id, ok := c.TipID(); !ok || id != 42 {
		t.Fatalf("tip id = %d %v", id, ok)
	}
	complaint := report
	complaint.Kind = dajia.TipComplaint
	c, err = dajia.ClueFromTip(complaint, "gsfj", today)
	if err != nil || c.Source != dajia.ClueFromComplaint || c.ReceivedOn != today {
		t.Fatalf("complaint's clue = %+v, %v", c, err)
	}
	if _, ok := pendingClue.TipID(); ok {
		t.Fatal("a referral has no tip")
	}
}

func TestWhoSeesAndWhoDecidesAClue(t *testing.T) {
	gsSupervisor := dajia.Actor{UserID: 8, Name: "gs-sup", Role: dajia.RoleSupervisor, Unit: "gsfj"}
	tests := []struct {
		name             string
		actor            dajia.Actor
		visible, handles bool
	}{
		{"the office sees and decides all", office, true, true},
		{"a leader reads and decides none", leader, true, false},
		{"the lead unit's officer", gsOfficer, true, true},
		{"the lead unit's head", gsHead, true, true},
		{"the lead unit's village supervisor sees but does not decide", gsSupervisor, true, false},
		{"another unit sees nothing", zjOfficer, false, false},
		{"an administrator sees nothing", secadmin, false, false},
		{"nobody signed in sees nothing", dajia.Actor{}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := pendingClue.VisibleTo(tt.actor); got != tt.visible {
				t.Errorf("visible = %v", got)
			}
			if got := pendingClue.HandledBy(tt.actor); got != tt.handles {
				t.Errorf("handles = %v", got)
			}
		})
	}
}

func TestClueOutcomes(t *testing.T) {
	p := reference(t)
	today := d("2017-10-12")
	opened := pendingClue
	opened.Status, opened.Outcome, opened.CaseID = dajia.ClueDecided, dajia.ClueOpened, 5
	declined := pendingClue
	declined.Status, declined.Outcome = dajia.ClueDecided, dajia.ClueNotOpened
	extended := pendingClue
	extended.Extended = true
	tests := []struct {
		name  string
		clue  dajia.Clue
		step  func(c *dajia.Clue) (dajia.ClueStep, error)
		code  dajia.Code // "" when the step is taken
		check func(c dajia.Clue, s dajia.ClueStep) bool
	}{
		{"立案 records the case", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Open(gsOfficer, today, 17) }, "",
			func(c dajia.Clue, s dajia.ClueStep) bool {
				return c.Status == dajia.ClueDecided && c.Outcome == dajia.ClueOpened && c.CaseID == 17 && c.DecidedOn == today && s == dajia.ClueStep{Action: "open", Note: "17"}
			}},
		{"立案 needs the case", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Open(gsOfficer, today, 0) }, dajia.Invalid, nil},
		{"the office may decide", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Open(office, today, 17) }, "", nil},
		{"another unit may not", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Open(zjOfficer, today, 17) }, dajia.Forbidden, nil},
		{"a leader may not", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Open(leader, today, 17) }, dajia.Forbidden, nil},
		{"不予立案 with its reason", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Decline(gsHead, today, " 经现场核查，所售白酒有合法进货凭证，未发现违法行为 ")
		}, "", func(c dajia.Clue, s dajia.ClueStep) bool {
			return c.Outcome == dajia.ClueNotOpened && c.Reason == "经现场核查，所售白酒有合法进货凭证，未发现违法行为" && s.Action == "decline" && s.Note == c.Reason
		}},
		{"不予立案 without a reason", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Decline(gsOfficer, today, "  ") }, dajia.Invalid, nil},
		{"a reason too long", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Decline(gsOfficer, today, strings.Repeat("无", dajia.MaxTipNote+1))
		}, dajia.Invalid, nil},
		{"移送 another department by its name", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Transfer(gsOfficer, p, today, "质监分局", "涉及产品生产环节")
		}, "", func(c dajia.Clue, s dajia.ClueStep) bool {
			return c.Outcome == dajia.ClueToUnit && c.TransferTo == "zjfj" && c.Reason == "涉及产品生产环节" && s == dajia.ClueStep{Action: "transfer", Note: "zjfj"}
		}},
		{"移送 the police", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Transfer(gsHead, p, today, dajia.CluePoliceKey, "涉嫌销售假冒注册商标的商品罪")
		}, "", func(c dajia.Clue, s dajia.ClueStep) bool {
			return c.Outcome == dajia.ClueToPolice && c.TransferTo == dajia.CluePoliceKey && c.StatusName() == "已移送公安机关"
		}},
		{"移送 a unit the plan lacks", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Transfer(gsOfficer, p, today, "税务局", "") }, dajia.Invalid, nil},
		{"移送 to itself", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Transfer(gsOfficer, p, today, "gsfj", "") }, dajia.Invalid, nil},
		{"移送 to the office", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Transfer(gsOfficer, p, today, "镇打假办", "")
		}, dajia.Invalid, nil},
		{"an opened clue cannot be declined", opened, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Decline(gsOfficer, today, "重复") }, dajia.Conflict, nil},
		{"an opened clue cannot be opened again", opened, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Open(gsOfficer, today, 18) }, dajia.Conflict, nil},
		{"a declined clue cannot be transferred", declined, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Transfer(gsOfficer, p, today, dajia.CluePoliceKey, "")
		}, dajia.Conflict, nil},
		{"a decided clue cannot be extended", declined, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Extend(gsHead, "待检测") }, dajia.Conflict, nil},
		{"the head extends with a reason", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Extend(gsHead, "涉案白酒送检，结果未出")
		}, "",
			func(c dajia.Clue, s dajia.ClueStep) bool {
				return c.Extended && s == dajia.ClueStep{Action: "extend", Note: "涉案白酒送检，结果未出"}
			}},
		{"an extension needs a reason", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Extend(gsHead, "") }, dajia.Invalid, nil},
		{"an extension needs the head", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Extend(gsOfficer, "送检") }, dajia.Forbidden, nil},
		{"the office does not approve an extension", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Extend(office, "送检") }, dajia.Forbidden, nil},
		{"another unit's head does not either", pendingClue, func(c *dajia.Clue) (dajia.ClueStep, error) {
			return c.Extend(dajia.Actor{UserID: 9, Role: dajia.RoleHead, Unit: "zjfj"}, "送检")
		}, dajia.Forbidden, nil},
		{"only once", extended, func(c *dajia.Clue) (dajia.ClueStep, error) { return c.Extend(gsHead, "仍在检测") }, dajia.Conflict, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.clue
			before := c
			s, err := tt.step(&c)
			if tt.code != "" {
				if dajia.ErrorCode(err) != tt.code {
					t.Fatalf("err = %v; want %s", err, tt.code)
				}
				if c != before {
					t.Fatalf("a refused step changed the clue: %+v", c)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil && !tt.check(c, s) {
				t.Fatalf("clue %+v, step %+v", c, s)
			}
		})
	}
}

func TestARefusedOutcomeNamesTheClueState(t *testing.T) {
	c := pendingClue
	c.Status, c.Outcome = dajia.ClueDecided, dajia.ClueToPolice
	_, err := c.Decline(gsOfficer, d("2017-10-12"), "重复")
	e := dajia.ErrorOf(err)
	if e == nil || !strings.Contains(e.Error(), "已移送公安机关") || !strings.Contains(locale.Error("en", e), "transferred to the police") {
		t.Fatalf("err = %v", err)
	}
}

func TestTheClueNotesDajiaWritesAreWordedFromTheirCodes(t *testing.T) {
	p := reference(t)
	tests := []struct {
		action, note string
		zh, en       string
	}{
		{"transfer", "zjfj", "移送质监分局", "transferred to 质监分局"},
		{"transfer", dajia.CluePoliceKey, "已移送公安机关", "transferred to the police"},
		{"open", "17", "立案，案件第 17 号", "case no. 17 opened"},
		{"decline", "未发现违法行为", "未发现违法行为", "未发现违法行为"},
		{"entity", "12", "市场主体改为第 12 号", "market entity changed to no. 12"},
		{"entity", "0", "不再关联市场主体", "no market entity any more"},
	}
	for _, tt := range tests {
		t.Run(tt.action+" "+tt.note, func(t *testing.T) {
			ph := pendingClue.NoteText(p, tt.action, tt.note)
			if zh, en := ph.String(), locale.Phrase("en", ph); zh != tt.zh || en != tt.en {
				t.Fatalf("%q %q", zh, en)
			}
		})
	}
}

func TestTheStepsAClueOffers(t *testing.T) {
	extended := pendingClue
	extended.Extended = true
	decided := pendingClue
	decided.Status, decided.Outcome = dajia.ClueDecided, dajia.ClueOpened
	tests := []struct {
		name  string
		clue  dajia.Clue
		actor dajia.Actor
		want  string // the steps offered, in the order open decline transfer extend
	}{
		{"the officer decides but does not extend", pendingClue, gsOfficer, "open decline transfer"},
		{"the head may extend", pendingClue, gsHead, "open decline transfer extend"},
		{"once", extended, gsHead, "open decline transfer"},
		{"the office decides", pendingClue, office, "open decline transfer"},
		{"a decided clue offers nothing", decided, gsHead, ""},
		{"another unit is offered nothing", pendingClue, zjOfficer, ""},
		{"a leader is offered nothing", pendingClue, leader, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.clue.Steps(tt.actor)
			var got []string
			for _, s := range []string{"open", "decline", "transfer", "extend"} {
				if m[s] {
					got = append(got, s)
				}
			}
			if strings.Join(got, " ") != tt.want {
				t.Fatalf("steps = %v", got)
			}
		})
	}
}

func TestTheEntityOfAClueIsSetByItsHandlersWhilePending(t *testing.T) {
	decided := pendingClue
	decided.Status, decided.Outcome = dajia.ClueDecided, dajia.ClueNotOpened
	named := pendingClue
	named.EntityID = 7
	tests := []struct {
		name  string
		clue  dajia.Clue
		actor dajia.Actor
		id    int64
		code  dajia.Code
	}{
		{"the lead unit's officer names it", pendingClue, gsOfficer, 7, ""},
		{"the office changes it", named, office, 9, ""},
		{"the handler clears it", named, gsOfficer, 0, ""},
		{"the same entity again", named, gsOfficer, 7, dajia.Invalid},
		{"another unit may not", pendingClue, zjOfficer, 7, dajia.Forbidden},
		{"a leader may not", pendingClue, leader, 7, dajia.Forbidden},
		{"not once decided", decided, gsOfficer, 7, dajia.Conflict},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.clue
			st, err := c.SetEntity(tt.actor, tt.id)
			if (err == nil) != (tt.code == "") || (err != nil && dajia.ErrorCode(err) != tt.code) {
				t.Fatalf("err = %v, want %q", err, tt.code)
			}
			if tt.code == "" && (c.EntityID != tt.id || st.Action != "entity") {
				t.Fatalf("clue %+v, step %+v", c, st)
			}
			if tt.code != "" && c.EntityID != tt.clue.EntityID {
				t.Fatal("a refused change changed the clue")
			}
		})
	}
}
