package app_test

import (
	"context"
	"fmt"
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

// A city of 200 units: the office's to-do stays a handful of items, one
// per rule and period late, naming every unit behind it.
func TestOfficeTodoStaysShortForTwoHundredUnits(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 10, 15, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	uc, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	actor := dajia.Actor{Name: "test"}
	p := planfile.Check(planfile.Reference()).Plan
	for i := len(p.Departments); i < 200; i++ {
		key := fmt.Sprintf("u%03d", i)
		p.Departments = append(p.Departments, dajia.Unit{Key: key, Name: fmt.Sprintf("第%d单位", i)})
		if len(p.Reporting[0].Units) > 0 {
			p.Reporting[0].Units = append(p.Reporting[0].Units, key)
		}
	}
	if _, err := db.ImportPlan(ctx, actor, p, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	if _, err := uc.EnsureObligations(ctx, actor, "zs-gangkou-2017"); err != nil {
		t.Fatal(err)
	}
	v, err := db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	items, err := uc.Todo(ctx, dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}, v)
	if err != nil {
		t.Fatal(err)
	}
	units := 0
	for _, it := range items {
		units += len(it.Units)
		if it.What == dajia.TodoChase && it.Remind == nil {
			t.Errorf("%s has no one action to remind its units", it.Heading)
		}
	}
	if len(items) > 4 || units < 2*190 {
		t.Fatalf("%d items naming %d units, want a few items naming every late unit", len(items), units)
	}
}

// An office that holds several towns' or years' plans acts under one: its
// to-do lists that plan's overdue tips and cases, not every plan's, so that
// it stays the same length as the years pile up.
func TestOfficeTodoIsThePlansOwn(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 10, 16, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	uc, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	actor := dajia.Actor{Name: "test"}
	var plans []store.PlanVersion
	for _, year := range []string{"2016", "2017"} {
		text := strings.ReplaceAll(string(planfile.Reference()), "2017", year)
		p := planfile.Check([]byte(text)).Plan
		if _, err := db.ImportPlan(ctx, actor, p, []byte(text)); err != nil {
			t.Fatal(err)
		}
		v, err := db.Plan(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		plans = append(plans, v)
		// One tip past its clock and one case past its deadline in each.
		cat := "灯具"
		if _, err := db.CreateTips(ctx, actor, []store.NewTip{{Code: "T" + year, SecretHash: "x", GroupCode: "g" + year, PlanVersion: v, Source: "public",
			Kind: dajia.TipReport, Category: cat, Stage: dajia.StageSelling, Routing: v.Plan.Route(cat, dajia.StageSelling, false),
			BusinessName: "商户" + year, Description: "销售假冒灯具", Clock: dajia.TipClock{Due: dajia.Date{Year: 2017, Month: 9, Day: 1}, What: dajia.DueDecide}}}); err != nil {
			t.Fatal(err)
		}
		k := dajia.Case{Number: "港工商案〔" + year + "〕1号", LeadUnit: "gsfj", CampaignNo: 1, Status: dajia.CaseOpened, OpenedOn: dajia.Date{Year: 2017, Month: 6, Day: 1},
			Violations: []dajia.Violation{dajia.ViolationLabel}}
		if _, err := db.CreateCase(ctx, actor, store.CaseRecord{PlanID: v.PlanID, Case: k, Due: dajia.Date{Year: 2017, Month: 8, Day: 30}, DueWhat: dajia.DueCaseDecide}, nil); err != nil {
			t.Fatal(err)
		}
	}
	for i, v := range plans {
		items, err := uc.Todo(ctx, dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}, v)
		if err != nil {
			t.Fatal(err)
		}
		var tips, cases []string
		for _, it := range items {
			switch {
			case strings.HasPrefix(it.Link, "/tips/"):
				tips = append(tips, it.Title)
			case strings.HasPrefix(it.Link, "/cases/"):
				cases = append(cases, it.Link)
			}
		}
		other := plans[1-i].Plan.Year
		if len(tips) != 1 || !strings.Contains(tips[0], fmt.Sprint("商户", v.Plan.Year)) {
			t.Errorf("plan %s: tips on the office's to-do %v, want its own only (not %d's)", v.PlanID, tips, other)
		}
		if len(cases) == 0 {
			t.Errorf("plan %s: its overdue case is not on the office's to-do", v.PlanID)
		}
		for _, c := range cases {
			id, _ := strconv.ParseInt(strings.TrimPrefix(c, "/cases/"), 10, 64)
			r, err := db.Case(ctx, id)
			if err != nil || r.PlanID != v.PlanID {
				t.Errorf("plan %s: the office's to-do holds case %s of plan %s", v.PlanID, c, r.PlanID)
			}
		}
	}
}
