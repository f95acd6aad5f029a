package demo_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/demo"
	"dajia/store"
	"dajia/store/storetest"
)

var today = dajia.Date{Year: 2017, Month: 12, Day: 20}

// newApp is the use cases over a new database on a demo clock.
func newApp(t *testing.T) (*app.App, *store.DB, *demo.Clock) {
	t.Helper()
	clock := demo.NewClock(time.Date(2017, 12, 20, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	a, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	return a, db, clock
}

func run(t *testing.T, a *app.App, clock *demo.Clock, seed uint64, volume float64) demo.Result {
	t.Helper()
	res, err := demo.Run(context.Background(), demo.Config{App: a, Clock: clock, Scale: demo.ScaleTown, Seed: seed, Today: today, Volume: volume})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

var office = dajia.Actor{UserID: -1, Name: "test-office", Role: dajia.RoleOffice}

// A town's year fills every kind of record through the use cases: the
// counts are believable, the audit trail verifies, the report matrix has
// late, zero and missing reports, some clues are past their clocks, some
// cases went to the police and some are major, and each unit sees only
// its own cases.
func TestDemoFillsEveryKindOfRecordThroughTheUseCases(t *testing.T) {
	ctx := context.Background()
	a, db, clock := newApp(t)
	if busy, err := demo.HasWork(ctx, a); err != nil || busy {
		t.Fatalf("a new database has work: %v %v", busy, err)
	}
	res := run(t, a, clock, 7, 0.6)
	ranges := map[string][2]int{"tips": {70, 160}, "clues": {30, 150}, "cases": {10, 80}, "reports": {30, 40}, "reports_zero": {1, 20},
		"inspections": {50, 150}, "samplings": {10, 40}, "samplings_failed": {1, 10}, "surveys": {8, 30}, "joint_actions": {2, 2},
		"publicity": {8, 30}, "rectifications": {1, 3}, "entities": {40, 80}}
	for k, r := range ranges {
		if n := res.Counts[k]; n < r[0] || n > r[1] {
			t.Errorf("%s: %d, want %d to %d", k, n, r[0], r[1])
		}
	}
	if n, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil || n < int64(res.Steps) {
		t.Fatalf("audit after the demo: %d records for %d steps, break %+v, %v", n, res.Steps, brk, err)
	}
	if busy, err := demo.HasWork(ctx, a); err != nil || !busy {
		t.Fatalf("after the demo HasWork is %v %v", busy, err)
	}

	// What the lists show, through the use cases.
	tips, err := a.Tips(ctx, office, app.TipQuery{View: "all", Limit: 1})
	if err != nil || tips.Total != res.Counts["tips"] {
		t.Fatalf("tips listed %d, made %d (%v)", tips.Total, res.Counts["tips"], err)
	}
	overdue, err := a.Clues(ctx, office, app.ClueQuery{Overdue: true, Limit: 1})
	if err != nil || overdue.Total == 0 {
		t.Fatalf("no clue is past its clock: %+v %v", overdue.Total, err)
	}
	filed, err := a.Cases(ctx, office, app.CaseQuery{Transfer: string(dajia.TransferFiled), Limit: 1})
	if err != nil || filed.Total == 0 {
		t.Fatalf("no case went to the police: %v", err)
	}
	major, err := a.Cases(ctx, office, app.CaseQuery{MajorOnly: true, Limit: 1})
	if err != nil || major.Total == 0 {
		t.Fatalf("no major case: %v", err)
	}
	reps, err := a.Reports(ctx, office, store.ReportFilter{PlanID: "zs-gangkou-2017", Rule: -1})
	if err != nil {
		t.Fatal(err)
	}
	var late, zero, missing int
	for _, r := range reps {
		switch {
		case r.Due.After(today):
		case r.FirstSubmittedAt.IsZero():
			missing++
		case dajia.DateOf(r.FirstSubmittedAt.In(dajia.ChinaTime)).After(r.Due):
			late++
		}
		if r.Zero {
			zero++
		}
	}
	if late == 0 || zero == 0 || missing == 0 || missing > 8 {
		t.Fatalf("reports: %d late, %d zero, %d missing of %d", late, zero, missing, len(reps))
	}

	// Each unit sees its own cases only; the office sees them all.
	all, err := a.Cases(ctx, office, app.CaseQuery{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, unit := range []string{"zjfj", "gsfj"} {
		u, err := db.UserByName(ctx, unit+"-officer")
		if err != nil {
			t.Fatal(err)
		}
		who := dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Unit: u.Unit}
		own, err := a.Cases(ctx, who, app.CaseQuery{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		if own.Total == 0 || own.Total >= all.Total {
			t.Fatalf("%s sees %d of %d cases", unit, own.Total, all.Total)
		}
		for _, k := range own.Cases {
			if k.Case.LeadUnit != unit && !strings.Contains(strings.Join(k.Case.Cooperating, ","), unit) {
				t.Fatalf("%s sees case %s of %s", unit, k.Case.Number, k.Case.LeadUnit)
			}
		}
	}

	// The printed accounts: one per role, each able to sign in on the demo's
	// today (its password set then, not expired).
	roles := map[dajia.Role]bool{}
	for _, acc := range res.Accounts {
		roles[acc.Role] = true
		u, err := db.UserByName(ctx, acc.Name)
		if err != nil || u.MustChangePassword || u.Disabled {
			t.Fatalf("account %s: %+v %v", acc.Name, u, err)
		}
	}
	for _, r := range dajia.Roles {
		if !roles[r] {
			t.Errorf("no demo account of role %s", r)
		}
	}
}

// The same seed makes the same records; another seed other ones.
func TestDemoIsDeterministicForASeed(t *testing.T) {
	sign := func(seed uint64) string {
		a, _, clock := newApp(t)
		res := run(t, a, clock, seed, 0.15)
		ctx := context.Background()
		var b strings.Builder
		fmt.Fprintf(&b, "%v %d\n", res.Counts, res.Steps)
		tips, err := a.Tips(ctx, office, app.TipQuery{View: "all", Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range tips.Tips {
			fmt.Fprintf(&b, "%s %s %s %s %s\n", tp.ReceivedOn, tp.Kind, tp.Category, tp.Status, tp.Description)
		}
		cases, err := a.Cases(ctx, office, app.CaseQuery{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range cases.Cases {
			fmt.Fprintf(&b, "%s %s %d %s\n", k.Case.Number, k.Case.Status, k.Case.Sales, k.Case.OpenedOn)
		}
		return b.String()
	}
	one, again, other := sign(3), sign(3), sign(4)
	if one != again {
		t.Fatalf("seed 3 twice differs:\n%s\n---\n%s", one, again)
	}
	if one == other {
		t.Fatal("seeds 3 and 4 made the same records")
	}
	if !strings.Contains(one, "港口") {
		t.Fatalf("the records do not name 港口镇's places:\n%s", one)
	}
}

// Several towns and years live in one database: each town's plan has its
// own jurisdiction and unit keys, and the towns' units do not see each
// other's records.
func TestDemoCityTownsHaveTheirOwnPlansAndUnits(t *testing.T) {
	ctx := context.Background()
	a, db, clock := newApp(t)
	res, err := demo.Run(ctx, demo.Config{App: a, Clock: clock, Scale: demo.ScaleCity, Seed: 1, Today: today, Volume: 0.1, Towns: 2, Years: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Plans != 4 || res.Towns != 2 || res.Years != 2 {
		t.Fatalf("%+v", res)
	}
	v, err := db.Plan(ctx, "zs-t01-2016")
	if err != nil {
		t.Fatal(err)
	}
	if v.Plan.Jurisdiction.Name != "中山市石岐街道" || v.Plan.Year != 2016 || v.Plan.KeyOf("质监分局") != "t01-zjfj" {
		t.Fatalf("the second town's plan: %+v %s", v.Plan.Jurisdiction, v.Plan.KeyOf("质监分局"))
	}
	if _, err := db.Plan(ctx, "zs-gangkou-2016"); err != nil {
		t.Fatalf("港口镇's 2016 plan: %v", err)
	}
	u, err := db.UserByName(ctx, "t01-zjfj-officer")
	if err != nil {
		t.Fatal(err)
	}
	who := dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role, Unit: u.Unit}
	l, err := a.Inspections(ctx, who, app.InspectionQuery{Limit: 200})
	if err != nil || len(l.Inspections) == 0 {
		t.Fatalf("t01-zjfj's inspections: %d %v", len(l.Inspections), err)
	}
	for _, i := range l.Inspections {
		if i.Unit != "t01-zjfj" || !strings.HasPrefix(i.PlanID, "zs-t01-") {
			t.Fatalf("t01-zjfj sees %s's inspection of %s", i.Unit, i.PlanID)
		}
	}
	if n, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil || n == 0 {
		t.Fatalf("audit: %d %+v %v", n, brk, err)
	}
}

// Two workers share the towns, each on its own clock and store handle:
// they make the same records as one timeline, and the audit trail
// verifies.
func TestDemoWorkersMakeTheSameRecordsAsOneTimeline(t *testing.T) {
	ctx := context.Background()
	fill := func(workers int) (demo.Result, string) {
		dsn := storetest.DSN(t)
		open := func(clock dajia.Clock) (*app.App, *store.DB) {
			db, err := store.Open(ctx, store.Config{DSN: dsn, Clock: clock, MAC: storetest.Keys().AuditMAC()})
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			a, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
			if err != nil {
				t.Fatal(err)
			}
			return a, db
		}
		clock := demo.NewClock(time.Date(2017, 12, 20, 9, 0, 0, 0, dajia.ChinaTime))
		a, db := open(clock)
		defer db.Close()
		opened := 0
		res, err := demo.Run(ctx, demo.Config{App: a, Clock: clock, Scale: demo.ScaleCity, Seed: 5, Today: today, Volume: 0.1, Towns: 3, Years: 1,
			Workers: workers, NewWorker: func(c *demo.Clock) (*app.App, func(), error) {
				opened++
				wa, wdb := open(c)
				return wa, func() { wdb.Close() }, nil
			}})
		if err != nil {
			t.Fatal(err)
		}
		if workers > 1 && opened != workers {
			t.Fatalf("%d workers opened for %d", opened, workers)
		}
		if n, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil || n == 0 {
			t.Fatalf("audit: %d %+v %v", n, brk, err)
		}
		var lines []string
		tips, err := a.Tips(ctx, office, app.TipQuery{View: "all", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range tips.Tips {
			lines = append(lines, fmt.Sprintf("%s %s %s %s %s", tp.PlanID, tp.ReceivedOn, tp.Category, tp.Status, tp.Description))
		}
		cases, err := a.Cases(ctx, office, app.CaseQuery{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range cases.Cases {
			lines = append(lines, fmt.Sprintf("%s %s %d %s", k.Case.Number, k.Case.Status, k.Case.Sales, k.Case.OpenedOn))
		}
		slices.Sort(lines)
		return res, strings.Join(lines, "\n")
	}
	one, oneRecs := fill(1)
	two, twoRecs := fill(2)
	if fmt.Sprint(one.Counts) != fmt.Sprint(two.Counts) || one.Steps != two.Steps {
		t.Fatalf("one timeline %v %d, two workers %v %d", one.Counts, one.Steps, two.Counts, two.Steps)
	}
	if oneRecs != twoRecs {
		t.Fatalf("the records differ:\n%s\n---\n%s", oneRecs, twoRecs)
	}
	if !strings.Contains(twoRecs, "zs-t02-2017") {
		t.Fatalf("the third town's records are missing:\n%s", twoRecs)
	}
}
