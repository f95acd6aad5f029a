package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

// flowApp is the use cases over a fresh database holding the reference
// plan, on a clock the test moves, with the case prefixes of gsfj and
// zjfj set.
func flowApp(t *testing.T, start time.Time) (*app.App, *store.DB, *storetest.Clock) {
	t.Helper()
	clock := storetest.NewClock(start)
	db := storetest.Open(t, clock)
	ctx := context.Background()
	if _, err := db.ImportPlan(ctx, office, planfile.Check(planfile.Reference()).Plan, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	for unit, prefix := range map[string]string{"gsfj": "中港质监罚", "zjfj": "中港质检罚"} {
		if err := a.SetCasePrefix(ctx, office, unit, prefix); err != nil {
			t.Fatal(err)
		}
	}
	return a, db, clock
}

// flowCase opens a case of the unit of who from a new clue of campaign
// no, opened on day opened, with the facts f.
func flowCase(t *testing.T, a *app.App, who dajia.Actor, ref string, no int, opened string, f app.CaseFacts) store.CaseRecord {
	t.Helper()
	ctx := context.Background()
	c, err := a.CreateClue(ctx, who, app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: ref,
		ReceivedOn: "2017-09-20", CampaignNo: no, Summary: "上级交办：某商行销售假冒灯具"})
	if err != nil {
		t.Fatal(err)
	}
	k, err := a.OpenCase(ctx, who, app.CaseInput{ClueID: c.ID, OpenedOn: opened, Violations: f.Violations})
	if err != nil {
		t.Fatal(err)
	}
	f.CampaignNo = no
	if k, err = a.UpdateCaseFacts(ctx, who, k.ID, f); err != nil {
		t.Fatal(err)
	}
	return k
}

func amounts2(sales, unsold, fine, conf string, v ...dajia.Violation) app.CaseFacts {
	return app.CaseFacts{Violations: v, Sales: json.Number(sales), Unsold: json.Number(unsold), Fine: json.Number(fine), Confiscation: json.Number(conf)}
}

// todoOf is the actor's to-do items of cases.
func todoOf(t *testing.T, a *app.App, db *store.DB, who dajia.Actor) []app.TodoItem {
	t.Helper()
	v, err := db.Plan(context.Background(), "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	items, err := a.Todo(context.Background(), who, v)
	if err != nil {
		t.Fatal(err)
	}
	var out []app.TodoItem
	for _, it := range items {
		if strings.HasPrefix(it.Link, "/cases/") {
			out = append(out, it)
		}
	}
	return out
}

func find(items []app.TodoItem, what string, k store.CaseRecord) (app.TodoItem, bool) {
	for _, it := range items {
		if it.What == what && strings.HasSuffix(it.Link, "/"+itoa(k.ID)) {
			return it, true
		}
	}
	return app.TodoItem{}, false
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// caseNotes is the in-app reminders of cases of the actor's unit.
func caseNotes(t *testing.T, a *app.App, who dajia.Actor) []store.Notification {
	t.Helper()
	ns, err := a.Notifications(context.Background(), who, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Notification
	for _, n := range ns {
		if strings.HasPrefix(n.Link, "/cases/") {
			out = append(out, n)
		}
	}
	return out
}

// The to-do lists each unit's own running cases, the transfer to consider,
// the closing its head approves; the office sees every overdue case and
// the cases ended over a threshold without transfer, with the reason.
// Reminders of case deadlines go to the lead unit (and the office when
// late) once each, the deadline moved past the National Day holiday.
func TestCasesInTheDailyFlow(t *testing.T) {
	ctx := context.Background()
	a, db, clock := flowApp(t, time.Date(2017, 9, 29, 10, 0, 0, 0, dajia.ChinaTime)) // a Friday
	fake, label := dajia.ViolationFakeInferior, dajia.ViolationLabel
	over := flowCase(t, a, gs, "交办1号", 1, "2017-09-20", amounts2("60000", "", "", "", fake))  // crosses 第16条
	prop := flowCase(t, a, gs, "交办2号", 0, "2017-09-21", amounts2("100", "", "", "", label))   // its transfer proposed
	done := flowCase(t, a, gs, "交办3号", 0, "2017-09-22", amounts2("100", "", "", "", label))   // waits for the head's closing
	ended := flowCase(t, a, gs, "交办4号", 0, "2017-09-23", amounts2("60000", "", "", "", fake)) // closed without transfer
	other := flowCase(t, a, zj, "交办5号", 0, "2017-09-24", amounts2("90000", "", "", "", fake)) // zjfj's
	runSteps(t, a, prop.ID, []caseStep{{"propose", gs, "transfer_propose", app.CaseStepInput{Note: "涉嫌犯罪"}, ""}})
	for _, k := range []store.CaseRecord{done, ended} {
		runSteps(t, a, k.ID, []caseStep{
			{"investigate", gs, "investigate", app.CaseStepInput{}, ""},
			{"review", gs, "review", app.CaseStepInput{}, ""},
			{"no penalty", gsHead, "no_penalty", app.CaseStepInput{Note: "情节轻微"}, ""},
		})
	}
	runSteps(t, a, ended.ID, []caseStep{{"close", gsHead, "close", app.CaseStepInput{Note: "经鉴定实际货值未达标准"}, ""}})

	// The transfer's 3 days from Friday 29 September end on 2 October, a
	// holiday: the deadline moves to Monday 9 October, the first working
	// day after the National Day holiday.
	gsItems := todoOf(t, a, db, gs)
	if it, ok := find(gsItems, string(dajia.DueTransferDecide.Text()), prop); !ok || it.Due != dajia.MustDate("2017-10-09") || it.Overdue {
		t.Fatalf("the transfer's deadline: %+v %v", it, ok)
	}
	if it, ok := find(gsItems, string(dajia.DueCaseDecide.Text()), over); !ok || it.Due != dajia.MustDate("2017-12-19") {
		t.Fatalf("the decision's deadline, 90 days from 20 September: %+v %v", it, ok)
	}
	if it, ok := find(gsItems, "考虑提请移送公安", over); !ok || !strings.Contains(it.Reason.String(), "第16条") {
		t.Fatalf("consider the transfer: %+v %v", it, ok)
	}
	if _, ok := find(gsItems, "批准结案", done); ok {
		t.Fatal("the officer is asked to approve the closing")
	}
	if _, ok := find(todoOf(t, a, db, gsHead), "批准结案", done); !ok {
		t.Fatal("the head is not asked to approve the closing")
	}
	for _, it := range gsItems {
		if strings.HasSuffix(it.Link, "/"+itoa(other.ID)) || strings.HasSuffix(it.Link, "/"+itoa(ended.ID)) {
			t.Fatalf("gsfj's to-do holds %+v", it)
		}
	}
	zjItems := todoOf(t, a, db, zj)
	if len(zjItems) != 2 { // the decision's deadline and the transfer to consider
		t.Fatalf("zjfj's to-do %+v", zjItems)
	}
	for _, it := range zjItems {
		if !strings.HasSuffix(it.Link, "/"+itoa(other.ID)) {
			t.Fatalf("zjfj's to-do holds %+v", it)
		}
	}
	officeItems := todoOf(t, a, db, office)
	if len(officeItems) != 1 || officeItems[0].What != "核查未移送公安的理由" || officeItems[0].Reason.Key != "经鉴定实际货值未达标准" ||
		!strings.Contains(officeItems[0].Title, "中港质监罚") {
		t.Fatalf("the office's to-do before anything is late: %+v", officeItems)
	}

	// Reminders: nothing is near on 29 or 30 September (the deadline moved
	// past the holiday); on 7 October, two days before, the lead unit is
	// reminded, by the app and its group robot, once.
	v, err := db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	if err := a.SetContact(ctx, office, v, store.Contact{Unit: "gsfj", WebhookKind: "wecom", WebhookURL: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x"}); err != nil {
		t.Fatal(err)
	}
	remind := func(want int) {
		t.Helper()
		n, err := a.MakeReminders(ctx, app.Reminders{DaysBefore: 3, BaseURL: "https://dajia.example"})
		if err != nil || n != want {
			t.Fatalf("%s: made %d reminders, want %d (%v)", clock.Now(), n, want, err)
		}
	}
	remind(0)
	clock.Advance(24 * time.Hour) // 30 September
	remind(0)
	clock.Advance(7 * 24 * time.Hour) // 7 October
	remind(2)
	remind(0)
	if ns := caseNotes(t, a, gs); len(ns) != 1 || !strings.Contains(ns[0].Text.String(), "2017年10月9日") || ns[0].Link != "/cases/"+itoa(prop.ID) {
		t.Fatalf("gsfj's reminders %+v", ns)
	}
	if len(caseNotes(t, a, zj)) != 0 || len(caseNotes(t, a, office)) != 0 {
		t.Fatal("another unit or the office is reminded of a case not late")
	}

	// On 10 October the transfer's decision is late: red on the unit's and
	// the office's to-do, and both are told once.
	clock.Advance(3 * 24 * time.Hour)
	remind(3) // gsfj and the office in the app, gsfj's robot
	remind(0)
	if ns := caseNotes(t, a, office); len(ns) != 1 || !strings.Contains(ns[0].Text.String(), "已超过期限") {
		t.Fatalf("the office's reminders %+v", ns)
	}
	if it, ok := find(todoOf(t, a, db, gs), string(dajia.DueTransferDecide.Text()), prop); !ok || !it.Overdue {
		t.Fatalf("the late transfer on the unit's to-do: %+v", it)
	}
	officeItems = todoOf(t, a, db, office)
	if len(officeItems) != 2 || !officeItems[0].Overdue || !strings.HasSuffix(officeItems[0].Link, "/"+itoa(prop.ID)) {
		t.Fatalf("the office's overdue list %+v", officeItems)
	}
	if len(caseNotes(t, a, zj)) != 0 {
		t.Fatal("zjfj is reminded of gsfj's case")
	}
}

// A report counts the unit's cases of its period, the figures of money in
// 万元, each on the day it happened in China: hand-computed sums of
// September and October 2017 for gsfj, zjfj's case in neither.
func TestReportsCountTheUnitsCases(t *testing.T) {
	ctx := context.Background()
	a, db, clock := flowApp(t, time.Date(2017, 9, 28, 10, 0, 0, 0, dajia.ChinaTime))
	label := dajia.ViolationLabel
	// 28 September: A opened on the 25th (¥30,000 + ¥12,345.67) and decided
	// today (fine ¥5,000 + confiscation ¥1,234.5); B opened today (¥10,000),
	// its transfer approved; zjfj's case opened on the 26th.
	caseA := flowCase(t, a, gs, "A", 1, "2017-09-25", amounts2("30000", "12345.67", "5000", "1234.5", label))
	caseB := flowCase(t, a, gs, "B", 1, "2017-09-28", amounts2("10000", "", "", "", label))
	flowCase(t, a, zj, "Z", 1, "2017-09-26", amounts2("99999", "", "777", "", label))
	decide := []caseStep{
		{"investigate", gs, "investigate", app.CaseStepInput{}, ""},
		{"review", gs, "review", app.CaseStepInput{}, ""},
		{"notify", gs, "notify", app.CaseStepInput{}, ""},
		{"decide", gsHead, "decide", app.CaseStepInput{}, ""},
	}
	runSteps(t, a, caseA.ID, decide)
	runSteps(t, a, caseB.ID, []caseStep{
		{"propose", gs, "transfer_propose", app.CaseStepInput{Note: "涉嫌犯罪"}, ""},
		{"approve", gsHead, "transfer_approve", app.CaseStepInput{}, ""},
	})
	// 1 October 00:30 in China, still 30 September in UTC: B is sent, in
	// October.
	clock.Advance(62*time.Hour + 30*time.Minute)
	runSteps(t, a, caseB.ID, []caseStep{{"send", gs, "transfer_send", app.CaseStepInput{}, ""}})
	// 2 October: A executed and closed; C opened on the 1st (¥7,000 +
	// ¥500) and decided (fine ¥800).
	clock.Advance(33*time.Hour + 30*time.Minute)
	runSteps(t, a, caseA.ID, []caseStep{
		{"execute", gs, "execute", app.CaseStepInput{}, ""},
		{"close", gsHead, "close", app.CaseStepInput{}, ""},
	})
	caseC := flowCase(t, a, gs, "C", 2, "2017-10-01", amounts2("7000", "500", "800", "", label))
	runSteps(t, a, caseC.ID, decide)

	p, err := db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		month    string
		from, to string
		want     map[string]string
	}{
		// Goods 30,000 + 12,345.67 + 10,000 = 52,345.67 yuan = 5.2346 万元;
		// fines 5,000 + 1,234.5 = 6,234.5 yuan = 0.6235 万元 (half up).
		{"September", "2017-09-01", "2017-09-30", map[string]string{"cases_opened": "2", "case_value": "5.2346", "cases_closed": "0", "fines": "0.6235", "police_cases": "0", "tips_received": "0",
			"inspectors": "0", "entities_checked": "0", "samples": "0", "samples_failed": "0", "publicity": "0"}},
		// Goods 7,500 yuan; fine 800 yuan; A closed; B sent on 1 October.
		{"October", "2017-10-01", "2017-10-31", map[string]string{"cases_opened": "1", "case_value": "0.75", "cases_closed": "1", "fines": "0.08", "police_cases": "1", "tips_received": "0",
			"inspectors": "0", "entities_checked": "0", "samples": "0", "samples_failed": "0", "publicity": "0"}},
	} {
		t.Run(tt.month, func(t *testing.T) {
			rep := dajia.Report{PlanID: p.PlanID, Unit: "gsfj", RuleIndex: -1, Status: dajia.ReportDraft,
				Period: dajia.Period{Kind: dajia.Monthly, Start: dajia.MustDate(tt.from), End: dajia.MustDate(tt.to)}, Due: dajia.MustDate("2017-11-05")}
			d, err := a.ReportDetails(ctx, gs, rep, p.Plan)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			for k, v := range d.Counted {
				got[k] = v.String()
			}
			if len(got) != len(tt.want) {
				t.Fatalf("counted %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("%s: counted %s, want %s", k, got[k], v)
				}
			}
		})
	}

	// The campaigns add up the plan's clues and cases: gsfj sees its own,
	// the office all.
	for _, tt := range []struct {
		who   dajia.Actor
		clues int
		cases int
		value string
		fines string
	}{
		{gs, 2, 2, "5.2346", "0.6235"},
		{office, 3, 3, "15.2345", "0.7012"},
	} {
		figs, ok, err := a.CampaignFigures(ctx, tt.who, p.PlanID)
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		c1 := figs[1]
		if c1.Clues != tt.clues || c1.Opened != tt.cases || c1.Value.Wan().String() != tt.value || c1.Fines.Wan().String() != tt.fines ||
			c1.Closed != 1 || c1.Sent != 1 || c1.Transferred != 1 {
			t.Errorf("%s: campaign 1 %+v", tt.who.Name, c1)
		}
		if c2 := figs[2]; c2.Clues != 1 || c2.Opened != 1 || c2.Fines.Wan().String() != "0.08" || c2.Closed != 0 || c2.Transferred != 0 {
			t.Errorf("%s: campaign 2 %+v", tt.who.Name, c2)
		}
	}
	if _, ok, _ := a.CampaignFigures(ctx, public, p.PlanID); ok {
		t.Error("the public sees the campaigns' cases")
	}
}
