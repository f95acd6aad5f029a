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
