package dajia_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"dajia"
)

func TestReportWorkflowTransitions(t *testing.T) {
	legal := map[[2]string]dajia.ReportStatus{
		{"draft", "submit"}:      dajia.ReportSubmitted,
		{"submitted", "approve"}: dajia.ReportApproved,
		{"approved", "accept"}:   dajia.ReportAccepted,
		{"submitted", "return"}:  dajia.ReportDraft,
		{"approved", "return"}:   dajia.ReportDraft,
		{"accepted", "reopen"}:   dajia.ReportDraft,
	}
	for _, s := range []dajia.ReportStatus{dajia.ReportDraft, dajia.ReportSubmitted, dajia.ReportApproved, dajia.ReportAccepted} {
		for _, a := range dajia.ReportActions {
			to, ok := legal[[2]string{string(s), string(a)}]
			name := string(s) + " --" + string(a) + "--> " + string(to)
			if !ok {
				name = string(s) + " --" + string(a) + "--> refused as a conflict"
			}
			t.Run(name, func(t *testing.T) {
				got, err := s.Next(a)
				switch {
				case ok && (err != nil || got != to):
					t.Fatalf("got %s, %v", got, err)
				case !ok && dajia.ErrorCode(err) != dajia.Conflict:
					t.Fatalf("got %s, %v; want a conflict", got, err)
				}
			})
		}
	}
}

func TestWhoMayTakeWhichStep(t *testing.T) {
	officer := dajia.Actor{UserID: 1, Role: dajia.RoleOfficer, Unit: "gsfj"}
	other := dajia.Actor{UserID: 2, Role: dajia.RoleOfficer, Unit: "zjfj"}
	head := dajia.Actor{UserID: 3, Role: dajia.RoleHead, Unit: "gsfj"}
	office := dajia.Actor{UserID: 4, Role: dajia.RoleOffice}
	leader := dajia.Actor{UserID: 5, Role: dajia.RoleLeader}
	tests := []struct {
		name string
		a    dajia.Actor
		act  dajia.ReportAction
		st   dajia.ReportStatus
		want bool
	}{
		{"the unit's officer submits", officer, dajia.ActSubmit, dajia.ReportDraft, true},
		{"another unit's officer does not", other, dajia.ActSubmit, dajia.ReportDraft, false},
		{"the head does not submit", head, dajia.ActSubmit, dajia.ReportDraft, false},
		{"the head approves", head, dajia.ActApprove, dajia.ReportSubmitted, true},
		{"the officer does not approve", officer, dajia.ActApprove, dajia.ReportSubmitted, false},
		{"the head returns a submitted report", head, dajia.ActReturn, dajia.ReportSubmitted, true},
		{"the head does not return an approved one", head, dajia.ActReturn, dajia.ReportApproved, false},
		{"the office returns an approved one", office, dajia.ActReturn, dajia.ReportApproved, true},
		{"the office accepts", office, dajia.ActAccept, dajia.ReportApproved, true},
		{"the head does not accept", head, dajia.ActAccept, dajia.ReportApproved, false},
		{"the office reopens", office, dajia.ActReopen, dajia.ReportAccepted, true},
		{"a leader does not accept", leader, dajia.ActAccept, dajia.ReportApproved, false},
		{"the office does not submit", office, dajia.ActSubmit, dajia.ReportDraft, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.a.MayAct(tt.act, "gsfj", tt.st); got != tt.want {
				t.Fatalf("%s/%s %s on %s: %v", tt.a.Role, tt.a.Unit, tt.act, tt.st, got)
			}
		})
	}
}

var (
	gsOfficer = dajia.Actor{UserID: 1, Name: "gs-officer", Role: dajia.RoleOfficer, Unit: "gsfj"}
	zjOfficer = dajia.Actor{UserID: 2, Name: "zj-officer", Role: dajia.RoleOfficer, Unit: "zjfj"}
	gsHead    = dajia.Actor{UserID: 3, Name: "gs-head", Role: dajia.RoleHead, Unit: "gsfj"}
	office    = dajia.Actor{UserID: 4, Name: "office", Role: dajia.RoleOffice}
	leader    = dajia.Actor{UserID: 5, Name: "leader", Role: dajia.RoleLeader}
)

// september is 工商分局's September 2017 report, due on 5 October.
func september(status dajia.ReportStatus) dajia.Report {
	return dajia.Report{ID: 7, PlanID: "zs-gangkou-2017", RuleName: "月度信息报送", Unit: "gsfj", Period: dajia.PeriodOf(dajia.Monthly, d("2017-09-01")),
		PeriodID: "2017-09", Due: d("2017-10-05"), Status: status, Revision: 3, Values: map[string]dajia.Amount{"inspectors": 12 * dajia.AmountScale}}
}

func amounts(kv ...any) map[string]dajia.Amount {
	m := map[string]dajia.Amount{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i].(string)] = dajia.Amount(kv[i+1].(int) * dajia.AmountScale)
	}
	return m
}

func TestSavingAReportIsTheUnitOfficersOnADraftAtTheRevisionRead(t *testing.T) {
	now := time.Date(2017, 10, 3, 9, 0, 0, 0, dajia.ChinaTime)
	content := dajia.ReportContent{Values: amounts("inspectors", 5), KeyCases: "案件", Practices: "经验"}
	tests := []struct {
		name     string
		actor    dajia.Actor
		status   dajia.ReportStatus
		revision int
		content  dajia.ReportContent
		want     dajia.Code // "" : saved
	}{
		{"the unit's officer saves a draft", gsOfficer, dajia.ReportDraft, 3, content, ""},
		{"a revision of -1 skips the check", gsOfficer, dajia.ReportDraft, -1, content, ""},
		{"a stale revision is a conflict", gsOfficer, dajia.ReportDraft, 2, content, dajia.Conflict},
		{"a sent report is a conflict", gsOfficer, dajia.ReportSubmitted, 3, content, dajia.Conflict},
		{"an accepted report is a conflict", gsOfficer, dajia.ReportAccepted, 3, content, dajia.Conflict},
		{"the head may not fill", gsHead, dajia.ReportDraft, 3, content, dajia.Forbidden},
		{"the office may not fill", office, dajia.ReportDraft, 3, content, dajia.Forbidden},
		{"another unit's officer does not find it", zjOfficer, dajia.ReportDraft, 3, content, dajia.NotFound},
		{"text over the bound is invalid", gsOfficer, dajia.ReportDraft, 3, dajia.ReportContent{Practices: strings.Repeat("长", dajia.MaxReportText+1)}, dajia.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := september(tt.status)
			before := r
			err := r.Save(tt.actor, tt.revision, tt.content, now)
			if tt.want != "" {
				if dajia.ErrorCode(err) != tt.want {
					t.Fatalf("err = %v, want %s", err, tt.want)
				}
				if r.Revision != before.Revision || r.KeyCases != before.KeyCases {
					t.Fatal("a refused save changed the report")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Revision != 4 || r.Values["inspectors"] != 5*dajia.AmountScale || r.KeyCases != "案件" || !r.UpdatedAt.Equal(now) {
				t.Fatalf("saved = %+v", r)
			}
		})
	}
}

func TestEachWorkflowStepChecksActorStateAndReason(t *testing.T) {
	now := time.Date(2017, 10, 4, 9, 0, 0, 0, dajia.ChinaTime)
	rule := dajia.ReportingRule{Period: dajia.Monthly, DueDay: "5"}
	tests := []struct {
		name   string
		status dajia.ReportStatus
		actor  dajia.Actor
		act    dajia.ReportAction
		reason string
		want   dajia.Code // "" : taken
		to     dajia.ReportStatus
	}{
		{"the officer submits a draft", dajia.ReportDraft, gsOfficer, dajia.ActSubmit, "", "", dajia.ReportSubmitted},
		{"the head may not submit", dajia.ReportDraft, gsHead, dajia.ActSubmit, "", dajia.Forbidden, ""},
		{"a submitted report cannot be submitted again", dajia.ReportSubmitted, gsOfficer, dajia.ActSubmit, "", dajia.Conflict, ""},
		{"the head approves", dajia.ReportSubmitted, gsHead, dajia.ActApprove, "", "", dajia.ReportApproved},
		{"the officer may not approve", dajia.ReportSubmitted, gsOfficer, dajia.ActApprove, "", dajia.Forbidden, ""},
		{"the office accepts (签收) an approved report", dajia.ReportApproved, office, dajia.ActAccept, "", "", dajia.ReportAccepted},
		{"accepting before approval is a conflict", dajia.ReportSubmitted, office, dajia.ActAccept, "", dajia.Conflict, ""},
		{"accepting an accepted report is a conflict", dajia.ReportAccepted, office, dajia.ActAccept, "", dajia.Conflict, ""},
		{"the head may not accept", dajia.ReportApproved, gsHead, dajia.ActAccept, "", dajia.Forbidden, ""},
		{"a leader takes no step", dajia.ReportApproved, leader, dajia.ActAccept, "", dajia.Forbidden, ""},
		{"the head returns with a reason", dajia.ReportSubmitted, gsHead, dajia.ActReturn, "单位有误", "", dajia.ReportDraft},
		{"a return needs a reason", dajia.ReportSubmitted, gsHead, dajia.ActReturn, "  ", dajia.Invalid, ""},
		{"a reason has a bound", dajia.ReportSubmitted, gsHead, dajia.ActReturn, strings.Repeat("长", dajia.MaxReasonText+1), dajia.Invalid, ""},
		{"the head may not return an approved report", dajia.ReportApproved, gsHead, dajia.ActReturn, "x", dajia.Forbidden, ""},
		{"the office returns an approved report", dajia.ReportApproved, office, dajia.ActReturn, "缺附件", "", dajia.ReportDraft},
		{"the office reopens an accepted report", dajia.ReportAccepted, office, dajia.ActReopen, "数据有误", "", dajia.ReportDraft},
		{"reopening needs a reason", dajia.ReportAccepted, office, dajia.ActReopen, "", dajia.Invalid, ""},
		{"the head may not reopen", dajia.ReportAccepted, gsHead, dajia.ActReopen, "x", dajia.Forbidden, ""},
		{"another unit does not find it", dajia.ReportDraft, zjOfficer, dajia.ActSubmit, "", dajia.NotFound, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := september(tt.status)
			err := r.Take(tt.actor, tt.act, tt.reason, now, rule, nil)
			if tt.want != "" {
				if dajia.ErrorCode(err) != tt.want {
					t.Fatalf("err = %v, want %s", err, tt.want)
				}
				if r.Status != tt.status || r.Revision != 3 {
					t.Fatal("a refused step changed the report")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != tt.to || r.Revision != 4 || !r.UpdatedAt.Equal(now) {
				t.Fatalf("after %s: %+v", tt.act, r)
			}
			if tt.act == dajia.ActReturn || tt.act == dajia.ActReopen {
				if r.ReturnedReason != strings.TrimSpace(tt.reason) {
					t.Fatalf("reason %q", r.ReturnedReason)
				}
			}
		})
	}
}

func TestSubmittingKeepsTheFirstSendingTimeAndClearsTheReturnReason(t *testing.T) {
	rule := dajia.ReportingRule{Period: dajia.Monthly, DueDay: "5"}
	first := time.Date(2017, 10, 4, 9, 0, 0, 0, dajia.ChinaTime)
	r := september(dajia.ReportDraft)
	if err := r.Submit(gsOfficer, first, rule, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.Return(gsHead, "罚没款单位应为万元", first.Add(time.Hour)); err != nil || r.ReturnedReason == "" {
		t.Fatalf("return: %v %q", err, r.ReturnedReason)
	}
	again := first.Add(48 * time.Hour)
	if err := r.Submit(gsOfficer, again, rule, nil); err != nil {
		t.Fatal(err)
	}
	if !r.FirstSubmittedAt.Equal(first) || !r.SubmittedAt.Equal(again) || r.ReturnedReason != "" || r.Timeliness(d("2017-10-20")) != dajia.OnTime {
		t.Fatalf("resubmitted: %+v", r)
	}
	if err := r.Approve(gsHead, again); err != nil {
		t.Fatal(err)
	}
	if err := r.Accept(office, again); err != nil || r.Status != dajia.ReportAccepted || !r.AcceptedAt.Equal(again) {
		t.Fatalf("accept: %v %+v", err, r)
	}
	if err := r.Reopen(office, "更正", again); err != nil || r.Status != dajia.ReportDraft {
		t.Fatalf("reopen: %v", err)
	}
}

func TestSubmissionChecksZeroReportsAndCasesStillOpen(t *testing.T) {
	rule := dajia.ReportingRule{Period: dajia.Monthly, DueDay: "5"}
	tests := []struct {
		name    string
		zero    bool
		values  map[string]dajia.Amount
		earlier []map[string]dajia.Amount
		fields  []string
	}{
		{"ordinary figures pass", false, amounts("inspectors", 12, "cases_opened", 2, "cases_closed", 1), nil, nil},
		{"only zeros must be an explicit zero report", false, amounts("inspectors", 0), nil, []string{"zero"}},
		{"nothing at all must be an explicit zero report", false, nil, nil, []string{"zero"}},
		{"an explicit zero report passes", true, nil, nil, nil},
		{"a zero report has only zeros", true, amounts("inspectors", 3, "fines", 0), nil, []string{"inspectors"}},
		{"closing more than opened with nothing open before", false, amounts("cases_opened", 1, "cases_closed", 3), nil, []string{"cases_closed"}},
		{"cases still open from earlier reports may be closed", false, amounts("cases_opened", 1, "cases_closed", 3),
			[]map[string]dajia.Amount{amounts("cases_opened", 4, "cases_closed", 1)}, nil},
		{"every problem is reported, not only the first", false, amounts("samples", 1, "samples_failed", 2, "cases_closed", 1, "inspectors", -1),
			nil, []string{"inspectors", "samples_failed", "cases_closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := september(dajia.ReportDraft)
			r.Zero, r.Values = tt.zero, tt.values
			errs, _ := r.Check(rule, tt.earlier)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("fields %v, want %v", got, tt.fields)
			}
			err := r.Submit(gsOfficer, time.Now(), rule, tt.earlier)
			var fe dajia.FieldErrors
			switch {
			case len(tt.fields) == 0 && err != nil:
				t.Fatalf("submit: %v", err)
			case len(tt.fields) > 0 && (!errors.As(err, &fe) || len(fe) != len(tt.fields) || dajia.ErrorCode(err) != dajia.Invalid):
				t.Fatalf("submit: %v, want every field error", err)
			}
		})
	}
}

func TestOpenCasesCarryOverFromEarlierReports(t *testing.T) {
	tests := []struct {
		name    string
		earlier []map[string]dajia.Amount
		want    int
	}{
		{"no history", nil, 0},
		{"opened minus closed", []map[string]dajia.Amount{amounts("cases_opened", 3, "cases_closed", 1), amounts("cases_opened", 2)}, 4},
		{"never below zero", []map[string]dajia.Amount{amounts("cases_closed", 5)}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := dajia.OpenBefore(tt.earlier); got != dajia.Amount(tt.want*dajia.AmountScale) {
				t.Fatalf("open before = %s, want %d", got, tt.want)
			}
		})
	}
}

func TestToDoListHasEachReportForWhoActsOnItNext(t *testing.T) {
	returned := september(dajia.ReportDraft)
	returned.ReturnedReason, returned.FirstSubmittedAt = "缺附件", time.Date(2017, 10, 3, 9, 0, 0, 0, dajia.ChinaTime)
	august := september(dajia.ReportDraft)
	august.Period, august.PeriodID, august.Due = dajia.PeriodOf(dajia.Monthly, d("2017-08-01")), "2017-08", d("2017-09-05")
	december := september(dajia.ReportDraft)
	december.Period, december.PeriodID, december.Due = dajia.PeriodOf(dajia.Monthly, d("2017-12-01")), "2017-12", d("2018-01-05")
	tests := []struct {
		name    string
		r       dajia.Report
		a       dajia.Actor
		today   string
		what    string
		overdue bool
	}{
		{"a draft due within the window is the officer's to fill", september(dajia.ReportDraft), gsOfficer, "2017-10-03", dajia.TodoFill, false},
		{"a draft is due 31 days ahead at most", september(dajia.ReportDraft), gsOfficer, "2017-09-04", dajia.TodoFill, false},
		{"a draft due later than the window waits", september(dajia.ReportDraft), gsOfficer, "2017-09-03", "", false},
		{"a period not yet begun waits", december, gsOfficer, "2017-11-30", "", false},
		{"a draft past its due date is overdue", august, gsOfficer, "2017-10-03", dajia.TodoFill, true},
		{"a returned report comes back with its reason", returned, gsOfficer, "2017-10-20", dajia.TodoRefill, false},
		{"another unit's draft is not on the list", september(dajia.ReportDraft), zjOfficer, "2017-10-03", "", false},
		{"the head approves what was submitted", september(dajia.ReportSubmitted), gsHead, "2017-10-08", dajia.TodoApprove, false},
		{"the office accepts what was approved", september(dajia.ReportApproved), office, "2017-10-08", dajia.TodoAccept, false},
		{"the office chases a report never sent", august, office, "2017-10-03", dajia.TodoChase, true},
		{"the office does not chase before the due date", september(dajia.ReportDraft), office, "2017-10-05", "", false},
		{"a leader has nothing to do", september(dajia.ReportApproved), leader, "2017-10-08", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.r.TodoFor(tt.a, d(tt.today))
			if ok != (tt.what != "") || got.What != tt.what || got.Overdue != tt.overdue {
				t.Fatalf("todo = %+v %v, want %q overdue %v", got, ok, tt.what, tt.overdue)
			}
			if tt.what == dajia.TodoRefill && !strings.Contains(got.Reason.String(), "缺附件") {
				t.Fatalf("reason %q", got.Reason)
			}
			// The store's selection must never drop what TodoFor keeps.
			q := tt.a.ReportTodoQuery(d(tt.today))
			if ok && !selects(q, tt.r) {
				t.Fatalf("query %+v does not select the report", q)
			}
		})
	}
}

// selects is the store's SQL filter of a ReportTodoQuery, written out.
func selects(q dajia.ReportTodoQuery, r dajia.Report) bool {
	own := q.Unit != "" && r.Unit == q.Unit
	fill := q.Fill && own && r.Status == dajia.ReportDraft && (r.ReturnedReason != "" ||
		(!r.Sent() && !r.Period.Start.After(q.Today) && !r.Due.After(q.FillDueBy)))
	approve := q.Approve && own && r.Status == dajia.ReportSubmitted
	accept := q.Accept && r.Status == dajia.ReportApproved
	chase := !q.ChaseBefore.IsZero() && r.Status == dajia.ReportDraft && !r.Sent() && r.Due.Before(q.ChaseBefore)
	return fill || approve || accept || chase
}

func TestReminderFromDaysBeforeTheDueDateToAWeekAfter(t *testing.T) {
	sent := september(dajia.ReportDraft)
	sent.FirstSubmittedAt, sent.ReturnedReason = time.Date(2017, 10, 3, 9, 0, 0, 0, dajia.ChinaTime), "缺附件"
	tests := []struct {
		name  string
		r     dajia.Report
		today string
		want  string
	}{
		{"four days ahead is too early", september(dajia.ReportDraft), "2017-10-01", ""},
		{"three days ahead", september(dajia.ReportDraft), "2017-10-02", dajia.ReminderBefore},
		{"on the due date", september(dajia.ReportDraft), "2017-10-05", dajia.ReminderBefore},
		{"the day after", september(dajia.ReportDraft), "2017-10-06", dajia.ReminderOverdue},
		{"a week after", september(dajia.ReportDraft), "2017-10-12", dajia.ReminderOverdue},
		{"more than a week after is for the circular", september(dajia.ReportDraft), "2017-10-13", ""},
		{"a submitted report needs none", september(dajia.ReportSubmitted), "2017-10-04", ""},
		{"a report sent once and returned is not missing", sent, "2017-10-06", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.r.ReminderOn(d(tt.today), 3)
			if got != tt.want || ok != (tt.want != "") {
				t.Fatalf("reminder = %q %v, want %q", got, ok, tt.want)
			}
			if from, to := dajia.ReminderDueRange(d(tt.today), 3); ok && (tt.r.Due.Before(from) || tt.r.Due.After(to)) {
				t.Fatalf("due %s outside the range %s..%s the store selects", tt.r.Due, from, to)
			}
		})
	}
}

// A form with a figure that cannot be read gets every problem at once: the
// unreadable figure's and the checks of the rest; a rule that uses the
// unreadable figure waits for it.
func TestCheckWithUnreadableFiguresReportsEveryProblemAtOnce(t *testing.T) {
	rule := reference(t).Reporting[0]
	unreadable := []dajia.FieldError{{Field: "samples", Rule: "number", Message: "抽检批次：\"十\" 不是有效的数"}}
	tests := []struct {
		name   string
		zero   bool
		values map[string]dajia.Amount
		fields []string
	}{
		{"the unreadable figure and a broken rule elsewhere", false, amounts("samples_failed", 2, "cases_opened", 1, "cases_closed", 3, "inspectors", -1),
			[]string{"samples", "inspectors", "cases_closed"}},
		{"no zero-report warning while a figure is unread", false, nil, []string{"samples"}},
		{"a zero report with a figure unread", true, amounts("inspectors", 2), []string{"samples", "inspectors"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := september(dajia.ReportDraft)
			r.Zero, r.Values = tt.zero, tt.values
			errs, _ := r.CheckWith(rule, nil, unreadable)
			var got []string
			for _, e := range errs {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Fatalf("fields %v, want %v", got, tt.fields)
			}
		})
	}
}
