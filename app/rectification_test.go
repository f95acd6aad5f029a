package app_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/store"
)

func rectInput(unit string, issue bool) app.RectInput {
	return app.RectInput{PlanID: "zs-gangkou-2017", Unit: unit, Title: "关于" + unit + "信息报送整改的通知", Reason: "9月报表逾期未报",
		CampaignNo: 5, Items: []string{"补报9月报表", "落实专人负责报送"}, Deadline: "2017-11-10", Issue: issue}
}

func rectNotes(t *testing.T, a *app.App, who dajia.Actor) []store.Notification {
	t.Helper()
	ns, err := a.Notifications(context.Background(), who, 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []store.Notification
	for _, n := range ns {
		if strings.HasPrefix(n.Link, "/rectifications/") {
			out = append(out, n)
		}
	}
	return out
}

func rectTodo(t *testing.T, a *app.App, db *store.DB, who dajia.Actor) []app.TodoItem {
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
		if strings.HasPrefix(it.Link, "/rectifications/") {
			out = append(out, it)
		}
	}
	return out
}

// The whole lifecycle through the use cases, each step stored with its
// timeline event and audit record: the office issues (numbered in its
// series), the unit answers, the office returns with a reason, the unit
// answers again, the office closes. Each refused step is refused by role
// or by state, and refused steps change nothing.
func TestRectificationLifecycleIsStoredWithItsTimelineAndAudit(t *testing.T) {
	a, db, _ := flowApp(t, time.Date(2017, 11, 1, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	sup := dajia.Actor{UserID: 9, Name: "sup", Role: dajia.RoleSupervisor, Unit: "gsfj"}
	if _, err := a.CreateRectification(ctx, gs, rectInput("gsfj", false)); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a unit writes a notice: %v", err)
	}
	bad := rectInput("某局", false)
	bad.Title, bad.Deadline, bad.Items = "", "2017-13-01", nil
	_, err := a.CreateRectification(ctx, office, bad)
	var fe dajia.FieldErrors
	if !errorsAsFields(err, &fe) || len(fe) != 4 {
		t.Fatalf("every problem at once: %v", err)
	}
	draft, err := a.CreateRectification(ctx, office, rectInput("gsfj", false))
	if err != nil || draft.Status != dajia.RectDraft || draft.Number != "" {
		t.Fatalf("draft %+v %v", draft, err)
	}
	// A draft is the office's alone.
	for _, who := range []dajia.Actor{gs, caseLeader, zj} {
		if _, err := a.Rectification(ctx, who, draft.ID); dajia.ErrorCode(err) != dajia.NotFound {
			t.Errorf("%s reads a draft: %v", who.Name, err)
		}
	}
	if _, err := a.AnswerRectification(ctx, gs, draft.ID, map[int]string{1: "x", 2: "y"}); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("the unit answers a draft: %v", err)
	}
	r, err := a.IssueRectification(ctx, office, draft.ID)
	if err != nil || r.Number != "打假整改〔2017〕1号" || r.Status != dajia.RectIssued {
		t.Fatalf("issue %+v %v", r, err)
	}
	if _, err := a.IssueRectification(ctx, office, draft.ID); dajia.ErrorCode(err) != dajia.Conflict {
		t.Errorf("issued twice: %v", err)
	}
	second, err := a.CreateRectification(ctx, office, rectInput("zjfj", true))
	if err != nil || second.Number != "打假整改〔2017〕2号" {
		t.Fatalf("the next of the series %+v %v", second, err)
	}
	for _, c := range []struct {
		who  dajia.Actor
		code dajia.Code
	}{{office, dajia.Forbidden}, {caseLeader, dajia.Forbidden}, {sup, dajia.NotFound}, {zj, dajia.NotFound}} {
		if _, err := a.AnswerRectification(ctx, c.who, r.ID, map[int]string{1: "x", 2: "y"}); dajia.ErrorCode(err) != c.code {
			t.Errorf("%s answers: %v", c.who.Name, err)
		}
	}
	if _, err := a.CloseRectification(ctx, office, r.ID, ""); dajia.ErrorCode(err) != dajia.Conflict {
		t.Errorf("closed before the answers: %v", err)
	}
	if _, err := a.AnswerRectification(ctx, gs, r.ID, map[int]string{1: "已补报"}); !errorsAsFields(err, &fe) || fe[0].Field != "answer_2" {
		t.Fatalf("an item left unanswered: %v", err)
	}
	if r, err = a.AnswerRectification(ctx, gs, r.ID, map[int]string{1: "已补报", 2: "已指定"}); err != nil || r.Status != dajia.RectAnswered {
		t.Fatalf("answer %v", err)
	}
	for _, who := range []dajia.Actor{gs, gsHead, caseLeader} {
		if _, err := a.ReturnRectification(ctx, who, r.ID, "不行"); dajia.ErrorCode(err) != dajia.Forbidden {
			t.Errorf("%s returns: %v", who.Name, err)
		}
		if _, err := a.CloseRectification(ctx, who, r.ID, ""); dajia.ErrorCode(err) != dajia.Forbidden {
			t.Errorf("%s closes: %v", who.Name, err)
		}
	}
	if _, err := a.ReturnRectification(ctx, office, r.ID, ""); !errorsAsFields(err, &fe) || fe[0].Field != "reason" {
		t.Fatalf("a return without a reason: %v", err)
	}
	if r, err = a.ReturnRectification(ctx, office, r.ID, "第2项未落实"); err != nil || r.Status != dajia.RectIssued || r.Round != 2 {
		t.Fatalf("return %+v %v", r, err)
	}
	if r, err = a.AnswerRectification(ctx, gsHead, r.ID, map[int]string{1: "已补报", 2: "已指定专人并公示"}); err != nil {
		t.Fatal(err)
	}
	if r, err = a.CloseRectification(ctx, office, r.ID, "经核查已整改到位"); err != nil || r.Status != dajia.RectClosed {
		t.Fatalf("close %v", err)
	}
	got, err := a.Rectification(ctx, caseLeader, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ans := got.Items[1].Answers; len(ans) != 2 || ans[0].Text != "已指定" || ans[1].Text != "已指定专人并公示" || ans[1].By != "gshead" {
		t.Fatalf("the answers of both rounds %+v", got.Items[1])
	}
	var steps []string
	for _, e := range got.Events {
		steps = append(steps, e.Action+":"+e.Actor)
	}
	if want := "create:office issue:office answer:gs return:office answer:gshead close:office"; strings.Join(steps, " ") != want {
		t.Fatalf("timeline %q", strings.Join(steps, " "))
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Object: "rectification:" + itoa(r.ID), Action: "rectification.", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("%d audit records, want 6", len(recs))
	}
}

// Lists: the office reads every notice with its drafts, leaders every
// issued one, a unit its own only (whatever unit it asks for), a
// supervisor none; the overdue filter keeps those past their deadline.
func TestRectificationListsAreEachUnitsOwn(t *testing.T) {
	a, _, clock := flowApp(t, time.Date(2017, 11, 1, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	gsRect, err := a.CreateRectification(ctx, office, rectInput("gsfj", true))
	if err != nil {
		t.Fatal(err)
	}
	zjRect, err := a.CreateRectification(ctx, office, rectInput("zjfj", true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreateRectification(ctx, office, rectInput("gsfj", false)); err != nil {
		t.Fatal(err)
	}
	ids := func(who dajia.Actor, q app.RectQuery) []int64 {
		t.Helper()
		l, err := a.Rectifications(ctx, who, q)
		if err != nil {
			t.Fatalf("%s: %v", who.Name, err)
		}
		var out []int64
		for _, r := range l.Notices {
			out = append(out, r.ID)
		}
		if l.Total != len(out) {
			t.Fatalf("total %d of %d", l.Total, len(out))
		}
		return out
	}
	if got := ids(office, app.RectQuery{}); len(got) != 3 {
		t.Errorf("the office lists %v", got)
	}
	if got := ids(caseLeader, app.RectQuery{}); len(got) != 2 {
		t.Errorf("a leader lists %v", got)
	}
	if got := ids(caseLeader, app.RectQuery{Status: dajia.RectDraft}); len(got) != 0 {
		t.Errorf("a leader lists drafts %v", got)
	}
	if got := ids(gs, app.RectQuery{}); len(got) != 1 || got[0] != gsRect.ID {
		t.Errorf("gsfj lists %v", got)
	}
	if got := ids(gs, app.RectQuery{Unit: "zjfj"}); len(got) != 0 {
		t.Errorf("gsfj asks for zjfj's: %v", got)
	}
	if got := ids(zj, app.RectQuery{}); len(got) != 1 || got[0] != zjRect.ID {
		t.Errorf("zjfj lists %v", got)
	}
	if _, err := a.Rectification(ctx, zj, gsRect.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("zjfj opens gsfj's notice: %v", err)
	}
	sup := dajia.Actor{UserID: 9, Name: "sup", Role: dajia.RoleSupervisor, Unit: "gsfj"}
	if _, err := a.Rectifications(ctx, sup, app.RectQuery{}); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("a supervisor lists: %v", err)
	}
	if _, err := a.Rectification(ctx, sup, gsRect.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Errorf("a supervisor opens: %v", err)
	}
	if got := ids(office, app.RectQuery{Overdue: true}); len(got) != 0 {
		t.Errorf("overdue before the deadline: %v", got)
	}
	if _, err := a.AnswerRectification(ctx, zj, zjRect.ID, map[int]string{1: "a", 2: "b"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(10 * 24 * time.Hour) // 11 November, past the deadline
	if got := ids(office, app.RectQuery{Overdue: true}); len(got) != 2 {
		t.Errorf("overdue: %v", got)
	}
	if got := ids(gs, app.RectQuery{Overdue: true}); len(got) != 1 || got[0] != gsRect.ID {
		t.Errorf("gsfj's overdue: %v", got)
	}
	if _, err := a.CloseRectification(ctx, office, zjRect.ID, ""); err != nil {
		t.Fatal(err)
	}
	if got := ids(office, app.RectQuery{Overdue: true}); len(got) != 1 {
		t.Errorf("a closed notice is still overdue: %v", got)
	}
	// The series starts again each year.
	clock.Advance(60 * 24 * time.Hour) // 10 January 2018
	in := rectInput("gsfj", true)
	in.Deadline = "2018-02-01"
	if r, err := a.CreateRectification(ctx, office, in); err != nil || r.Number != "打假整改〔2018〕1号" {
		t.Errorf("the first of 2018: %q %v", r.Number, err)
	}
}

// Reminders: two days before the deadline the unit that has not answered
// is reminded, once; when overdue, the unit and the office, once each;
// another unit never. The to-do lists the unit's open notice with its
// clock and the office's overdue ones.
func TestRectificationRemindersComeOnceEachAndFillTheTodo(t *testing.T) {
	a, db, clock := flowApp(t, time.Date(2017, 11, 1, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	r, err := a.CreateRectification(ctx, office, rectInput("gsfj", true))
	if err != nil {
		t.Fatal(err)
	}
	answered, err := a.CreateRectification(ctx, office, rectInput("zjfj", true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.AnswerRectification(ctx, zj, answered.ID, map[int]string{1: "a", 2: "b"}); err != nil {
		t.Fatal(err)
	}
	remind := func(want int) {
		t.Helper()
		n, err := a.MakeReminders(ctx, app.Reminders{DaysBefore: 3, BaseURL: "https://dajia.example"})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(rectNotes(t, a, gs)) + len(rectNotes(t, a, zj)) + len(rectNotes(t, a, office)); got != want {
			t.Fatalf("%s: %d rectification reminders (made %d), want %d", clock.Now(), got, n, want)
		}
	}
	remind(0)
	if td := rectTodo(t, a, db, gs); len(td) != 1 || td[0].Overdue || td[0].Due != dajia.MustDate("2017-11-10") || td[0].Clock.Left <= 0 {
		t.Fatalf("gsfj's to-do %+v", td)
	}
	if td := rectTodo(t, a, db, zj); len(td) != 0 {
		t.Fatalf("zjfj answered, yet its to-do holds %+v", td)
	}
	// The office checks zjfj's answers: its own step, not overdue.
	if td := rectTodo(t, a, db, office); len(td) != 1 || td[0].What != "核查整改情况" || td[0].Link != "/rectifications/"+itoa(answered.ID) ||
		td[0].Overdue || !td[0].Own {
		t.Fatalf("the office's to-do before anything is late: %+v", td)
	}
	clock.Advance(7 * 24 * time.Hour) // 8 November: two days before
	remind(1)
	remind(1)
	if ns := rectNotes(t, a, gs); len(ns) != 1 || !strings.Contains(ns[0].Text.String(), "打假整改〔2017〕1号") || ns[0].Link != "/rectifications/"+itoa(r.ID) {
		t.Fatalf("gsfj's reminder %+v", ns)
	}
	clock.Advance(3 * 24 * time.Hour) // 11 November: overdue
	remind(5)                         // gsfj, zjfj and the office twice
	remind(5)
	if ns := rectNotes(t, a, office); len(ns) != 2 || !strings.Contains(ns[0].Text.String(), "已超过整改期限") {
		t.Fatalf("the office's reminders %+v", ns)
	}
	if td := rectTodo(t, a, db, gs); len(td) != 1 || !td[0].Overdue || !td[0].Clock.Overdue {
		t.Fatalf("gsfj's overdue to-do %+v", td)
	}
	if td := rectTodo(t, a, db, office); len(td) != 2 || td[0].What != "核查整改情况" || td[0].Overdue || td[1].What != "督促逾期整改" || !td[1].Overdue {
		t.Fatalf("the office's overdue to-do %+v", td)
	}
	if td := rectTodo(t, a, db, zj); len(td) != 0 {
		t.Fatalf("zjfj's to-do holds %+v", td)
	}
}

// Notices issued at once (two connections on PostgreSQL) each take their
// own number of the year's series, in a row.
func TestRectificationsIssuedAtOnceTakeNumbersInARow(t *testing.T) {
	a, _, _ := flowApp(t, time.Date(2017, 11, 1, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	const n = 6
	var ids []int64
	for range n {
		d, err := a.CreateRectification(ctx, office, rectInput("gsfj", false))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	nums := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() {
			r, err := a.IssueRectification(ctx, office, id)
			nums[i], errs[i] = r.Number, err
		})
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("issue %d: %v", i, errs[i])
		}
		seen[nums[i]] = true
	}
	for k := 1; k <= n; k++ {
		if !seen[fmt.Sprintf("打假整改〔2017〕%d号", k)] {
			t.Fatalf("numbers %v: %d missing", nums, k)
		}
	}
	// A draft created after them goes on from the last.
	r, err := a.CreateRectification(ctx, office, rectInput("zjfj", true))
	if err != nil || r.Number != fmt.Sprintf("打假整改〔2017〕%d号", n+1) {
		t.Fatalf("the next %+v %v", r.Number, err)
	}
}
