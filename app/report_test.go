package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

// reporting opens a store with the reference plan and its reports, on
// 3 October 2017.
func reporting(t *testing.T) (*app.App, *store.DB) {
	t.Helper()
	clock := storetest.NewClock(time.Date(2017, 10, 3, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	uc, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	actor := dajia.Actor{Name: "test"}
	if _, err := db.ImportPlan(ctx, actor, planfile.Check(planfile.Reference()).Plan, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	if _, err := uc.EnsureObligations(ctx, actor, "zs-gangkou-2017"); err != nil {
		t.Fatal(err)
	}
	return uc, db
}

// More simultaneous submissions than the PostgreSQL pool has connections
// all finish: the submission's checks read only through its own
// transaction, so none waits for a second connection while holding one.
func TestSimultaneousSubmissionsDoNotExhaustThePool(t *testing.T) {
	uc, db := reporting(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	office := dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}
	reps, err := uc.Reports(ctx, office, store.ReportFilter{PlanID: "zs-gangkou-2017", Rule: -1})
	if err != nil || len(reps) < 40 {
		t.Fatalf("%d reports, %v", len(reps), err)
	}
	reps = reps[:40]
	officer := func(unit string) dajia.Actor {
		return dajia.Actor{UserID: 2, Name: "officer-" + unit, Role: dajia.RoleOfficer, Unit: unit}
	}
	for _, r := range reps {
		if _, err := uc.SaveReport(ctx, officer(r.Unit), r.ID, -1, dajia.ReportContent{Zero: true}); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(reps))
	for _, r := range reps {
		wg.Go(func() {
			if _, err := uc.ReportStep(ctx, officer(r.Unit), r.ID, dajia.ActSubmit, ""); err != nil {
				errs <- fmt.Errorf("report %d: %w", r.ID, err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	sent, err := db.Reports(context.Background(), store.ReportFilter{PlanID: "zs-gangkou-2017", Rule: -1, Statuses: []dajia.ReportStatus{dajia.ReportSubmitted}})
	if err != nil || len(sent) != len(reps) {
		t.Fatalf("%d submitted, %v", len(sent), err)
	}
}

// A step the report's status does not allow is a conflict, and a step on a
// report changed meanwhile is one too: the store writes over the revision
// it read.
func TestAStepTakenTwiceIsAConflict(t *testing.T) {
	uc, _ := reporting(t)
	ctx := context.Background()
	officer := dajia.Actor{UserID: 2, Name: "o", Role: dajia.RoleOfficer, Unit: "gsfj"}
	reps, err := uc.Reports(ctx, officer, store.ReportFilter{PlanID: "zs-gangkou-2017", PeriodID: "2017-09", Rule: 0})
	if err != nil || len(reps) != 1 {
		t.Fatalf("%d reports, %v", len(reps), err)
	}
	id := reps[0].ID
	if _, err := uc.SaveReport(ctx, officer, id, 0, dajia.ReportContent{Zero: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := uc.SaveReport(ctx, officer, id, 0, dajia.ReportContent{Zero: true}); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a save over a stale revision: %v", err)
	}
	if _, err := uc.ReportStep(ctx, officer, id, dajia.ActSubmit, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := uc.ReportStep(ctx, officer, id, dajia.ActSubmit, ""); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a second submission: %v", err)
	}
	other := dajia.Actor{UserID: 3, Name: "z", Role: dajia.RoleOfficer, Unit: "zjfj"}
	if _, err := uc.ReportStep(ctx, other, id, dajia.ActSubmit, ""); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit's step: %v", err)
	}
}

// The to-do list is selected in SQL; what it shows is what the domain
// decides for each report.
func TestToDoListsWhatEachRoleActsOnNext(t *testing.T) {
	uc, db := reporting(t)
	ctx := context.Background()
	v, err := db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	officer := dajia.Actor{UserID: 2, Name: "o", Role: dajia.RoleOfficer, Unit: "gsfj"}
	head := dajia.Actor{UserID: 3, Name: "h", Role: dajia.RoleHead, Unit: "gsfj"}
	office := dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}
	whats := func(a dajia.Actor) map[string]int {
		t.Helper()
		items, err := uc.Todo(ctx, a, v)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]int{}
		for _, it := range items {
			out[it.What] += max(1, len(it.Units)) // the office's groups count their units
		}
		return out
	}
	// On 3 October: August was due on 5 September, September is due on the 5th.
	if got := whats(officer); got[dajia.TodoFill] != 2 || len(got) != 1 {
		t.Fatalf("officer: %v", got)
	}
	if got := whats(office); got[dajia.TodoChase] != 10 || len(got) != 1 {
		t.Fatalf("office: %v", got)
	}
	reps, _ := uc.Reports(ctx, officer, store.ReportFilter{PlanID: "zs-gangkou-2017", PeriodID: "2017-09", Rule: 0})
	uc.SaveReport(ctx, officer, reps[0].ID, -1, dajia.ReportContent{Zero: true})
	if _, err := uc.ReportStep(ctx, officer, reps[0].ID, dajia.ActSubmit, ""); err != nil {
		t.Fatal(err)
	}
	if got := whats(head); got[dajia.TodoApprove] != 1 || len(got) != 1 {
		t.Fatalf("head: %v", got)
	}
	if _, err := uc.ReportStep(ctx, head, reps[0].ID, dajia.ActApprove, ""); err != nil {
		t.Fatal(err)
	}
	if got := whats(office); got[dajia.TodoAccept] != 1 {
		t.Fatalf("office after approval: %v", got)
	}
	if _, err := uc.ReportStep(ctx, office, reps[0].ID, dajia.ActReturn, "缺附件"); err != nil {
		t.Fatal(err)
	}
	if got := whats(officer); got[dajia.TodoRefill] != 1 || got[dajia.TodoFill] != 1 {
		t.Fatalf("officer after the return: %v", got)
	}
}

// Lists read no prose: the matrix's reports come without their key cases
// and practices; the report itself and the period summary have them.
func TestReportListsReadNoFreeText(t *testing.T) {
	uc, _ := reporting(t)
	ctx := context.Background()
	officer := dajia.Actor{UserID: 2, Name: "o", Role: dajia.RoleOfficer, Unit: "gsfj"}
	office := dajia.Actor{UserID: 1, Name: "b", Role: dajia.RoleOffice}
	f := store.ReportFilter{PlanID: "zs-gangkou-2017", PeriodID: "2017-09", Rule: 0}
	reps, err := uc.Reports(ctx, officer, f)
	if err != nil || len(reps) != 1 {
		t.Fatalf("%d reports, %v", len(reps), err)
	}
	if _, err := uc.SaveReport(ctx, officer, reps[0].ID, -1, dajia.ReportContent{Zero: true, KeyCases: "查处假冒灯具案", Practices: "联合执法"}); err != nil {
		t.Fatal(err)
	}
	listed, err := uc.Reports(ctx, office, f)
	if err != nil || len(listed) == 0 {
		t.Fatalf("%d reports, %v", len(listed), err)
	}
	for _, r := range listed {
		if r.KeyCases != "" || r.Practices != "" {
			t.Fatalf("the list read the texts of report %d", r.ID)
		}
	}
	one, _, err := uc.Report(ctx, office, reps[0].ID)
	if err != nil || one.KeyCases != "查处假冒灯具案" || one.Practices != "联合执法" {
		t.Fatalf("the report itself: %q %q %v", one.KeyCases, one.Practices, err)
	}
	f.WithText = true
	withText, err := uc.Reports(ctx, office, f)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range withText {
		found = found || r.KeyCases == "查处假冒灯具案"
	}
	if !found {
		t.Fatal("a list that asks for the texts does not have them")
	}
}
