package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/planfile"
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
