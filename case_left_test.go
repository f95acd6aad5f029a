package dajia_test

import (
	"testing"
	"time"

	"dajia"
	"dajia/calendar"
)

func TestCaseDeadlineLeftCountsAsTheDeadlineIsCounted(t *testing.T) {
	cal := calendar.Embedded()
	for _, tt := range []struct {
		name       string
		what       dajia.CaseDue
		today, due string
		want       int
		say        string
	}{
		{"the decision: days, holidays included", dajia.DueCaseDecide, "2017-09-29", "2017-10-09", 10, "还有 10 天"},
		{"the decision on its last day", dajia.DueCaseDecide, "2017-10-09", "2017-10-09", 0, "今天截止"},
		{"the decision two days late", dajia.DueCaseDecide, "2017-10-11", "2017-10-09", -2, "已逾期 2 天"},
		{"the publication: working days, the make-up Saturday counts, National Day does not", dajia.DueCasePublish, "2017-09-29", "2017-10-10", 3, "还有 3 个工作日"},
		{"the publication on its last day", dajia.DueCasePublish, "2017-10-10", "2017-10-10", 0, "今天截止"},
		{"the publication two working days late", dajia.DueCasePublish, "2017-10-12", "2017-10-10", -2, "已逾期 2 个工作日"},
		{"the publication late over a weekend", dajia.DueCasePublish, "2017-10-16", "2017-10-13", -1, "已逾期 1 个工作日"},
		{"the head's 3 days on the transfer", dajia.DueTransferDecide, "2017-09-30", "2017-10-09", 9, "还有 9 天"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.what.Countdown(cal, dajia.MustDate(tt.today), dajia.MustDate(tt.due))
			if got.Unknown || got.Left != tt.want {
				t.Fatalf("Left = %d (unknown %v); want %d", got.Left, got.Unknown, tt.want)
			}
			if say := got.Phrase().String(); say != tt.say {
				t.Errorf("says %q, want %q", say, tt.say)
			}
		})
	}
	if !dajia.DueCasePublish.InWorkdays() || dajia.DueCaseDecide.InWorkdays() || dajia.DueTransferSend.InWorkdays() {
		t.Error("only the publication is counted in working days")
	}
}

// The page marks a step's note as required exactly when the step refuses
// to be taken without it.
func TestCaseNoteRequiredIsWhatTheStepsAsk(t *testing.T) {
	today := dajia.MustDate("2017-09-29")
	rules := dajia.DefaultThresholdRules()
	head := dajia.Actor{UserID: 3, Role: dajia.RoleHead, Unit: "zjfj"}
	base := func(st dajia.CaseStatus, over bool) dajia.Case {
		c := dajia.Case{LeadUnit: "zjfj", Violations: []dajia.Violation{dajia.ViolationFakeInferior}, Status: st, OpenedOn: dajia.MustDate("2017-09-01")}
		if over {
			c.Sales = 60_000 * dajia.AmountScale
		}
		return c
	}
	for _, tt := range []struct {
		name string
		c    dajia.Case
		act  dajia.CaseAction
		want bool
	}{
		{"investigate", base(dajia.CaseOpened, false), dajia.CaseInvestigate, false},
		{"withdraw", base(dajia.CaseOpened, false), dajia.CaseWithdraw, true},
		{"no penalty", base(dajia.CaseReviewing, false), dajia.CaseNoPenaltyAction, true},
		{"close under the threshold", base(dajia.CaseExecuted, false), dajia.CaseClose, false},
		{"close over the threshold", base(dajia.CaseExecuted, true), dajia.CaseClose, true},
		{"extend", base(dajia.CaseOpened, false), dajia.CaseExtend, true},
		{"propose", base(dajia.CaseOpened, true), dajia.TransferPropose, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.NoteRequired(tt.act, rules); got != tt.want {
				t.Fatalf("NoteRequired = %v, want %v", got, tt.want)
			}
			c := tt.c
			var err error
			switch tt.act {
			case dajia.CaseExtend:
				_, err = c.Extend(head, "")
			case dajia.TransferPropose:
				_, err = c.Move(head, tt.act, time.Date(2017, 9, 29, 10, 0, 0, 0, dajia.ChinaTime), "")
			default:
				_, err = c.Advance(head, tt.act, today, "", rules)
			}
			if e := dajia.ErrorOf(err); (err != nil && e.Field == "note") != tt.want {
				t.Fatalf("the step without a note: %v", err)
			}
		})
	}
}
