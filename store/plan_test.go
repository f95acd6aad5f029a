package store_test

import (
	"context"
	"sync"
	"testing"

	"dajia"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

var testActor = dajia.Actor{UserID: 1, Name: "tester", Role: dajia.RoleOffice, Address: "127.0.0.1"}

func referencePlan(t testing.TB) *dajia.Plan {
	t.Helper()
	r := planfile.Check(planfile.Reference())
	if r.HasErrors() {
		t.Fatalf("reference plan has errors: %v", r.Err())
	}
	return r.Plan
}

func TestImportPlanIsIdempotentByID(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	p := referencePlan(t)
	first, err := db.ImportPlan(ctx, testActor, p, planfile.Reference())
	if err != nil {
		t.Fatal(err)
	}
	if !first.Created || !first.Changed || first.Version.Version != 1 {
		t.Fatalf("first import: %+v", first)
	}
	again, err := db.ImportPlan(ctx, testActor, referencePlan(t), planfile.Reference())
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || again.Changed || again.Version.Version != 1 || again.Version.ID != first.Version.ID {
		t.Fatalf("second import of the same plan must change nothing: %+v", again)
	}
	list, err := db.Plans(ctx)
	if err != nil || len(list) != 1 || list[0].ID != "zs-gangkou-2017" || list[0].Version != 1 {
		t.Fatalf("plans = %+v, %v", list, err)
	}
}

func TestChangedPlanBecomesNewVersionAndOldVersionStays(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	p := referencePlan(t)
	v1, err := db.ImportPlan(ctx, testActor, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Campaigns[0].Focus = append(p.Campaigns[0].Focus, "婴幼儿配方乳粉")
	v2, err := db.ImportPlan(ctx, testActor, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !v2.Changed || v2.Created || v2.Version.Version != 2 || v2.Version.ID == v1.Version.ID {
		t.Fatalf("changed import: %+v", v2)
	}
	cur, err := db.Plan(ctx, p.ID)
	if err != nil || cur.Version != 2 || len(cur.Plan.Campaigns[0].Focus) != 5 {
		t.Fatalf("current = %+v, %v", cur, err)
	}
	old, err := db.PlanVersion(ctx, p.ID, 1)
	if err != nil || old.ID != v1.Version.ID || len(old.Plan.Campaigns[0].Focus) != 4 {
		t.Fatalf("version 1 must keep its content: %+v, %v", old, err)
	}
	vs, err := db.PlanVersions(ctx, p.ID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("versions = %+v, %v", vs, err)
	}
	log, err := db.AuditLog(ctx, store.AuditFilter{Limit: 10})
	if err != nil || len(log) != 2 || log[0].Action != "plan.new_version" || log[1].Action != "plan.import" {
		t.Fatalf("audit = %+v, %v", log, err)
	}
}

func TestStoredPlanReadsBackEqual(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	p := referencePlan(t)
	if _, err := db.ImportPlan(ctx, testActor, p, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	v, err := db.Plan(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := planfile.Export(p)
	b, _ := planfile.Export(v.Plan)
	if string(a) != string(b) {
		t.Fatalf("stored plan differs:\n%s\n---\n%s", a, b)
	}
	if string(v.Source) != string(planfile.Reference()) {
		t.Fatal("the imported file must be kept as it was")
	}
}

func TestUnknownPlanIsNotFound(t *testing.T) {
	db := storetest.Open(t, nil)
	_, err := db.Plan(context.Background(), "nope")
	if dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("err = %v, want not found", err)
	}
	_, err = db.PlanVersions(context.Background(), "nope")
	if dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("err = %v, want not found", err)
	}
}

func TestCalendarYearsAreKeptAndReplaced(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	if err := db.SaveCalendarYear(ctx, testActor, 2027, []byte(`{"year":2027}`)); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveCalendarYear(ctx, testActor, 2027, []byte(`{"year":2027,"v":2}`)); err != nil {
		t.Fatal(err)
	}
	ys, err := db.CalendarYears(ctx)
	if err != nil || len(ys) != 1 || string(ys[0].Data) != `{"year":2027,"v":2}` {
		t.Fatalf("years = %+v, %v", ys, err)
	}
}

func TestMigrateTwiceIsHarmless(t *testing.T) {
	db := storetest.Open(t, nil)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// A plan version is cached once decoded, but which version is current is
// asked of the database each time: a version imported through another
// connection (another process, the command line) is seen at once.
func TestPlanImportedElsewhereIsSeenDespiteTheCache(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t)
	open := func() *store.DB {
		db, err := store.Open(ctx, store.Config{DSN: dsn, MAC: storetest.Keys().AuditMAC()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	server, cli := open(), open()
	if err := server.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	p := referencePlan(t)
	if _, err := cli.ImportPlan(ctx, testActor, p, nil); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second read comes from the cache
		v, err := server.Plan(ctx, p.ID)
		if err != nil || v.Version != 1 || len(v.Plan.Campaigns[0].Focus) != 4 {
			t.Fatalf("before the new import: %+v, %v", v, err)
		}
	}
	p.Campaigns[0].Focus = append(p.Campaigns[0].Focus, "婴幼儿配方乳粉")
	if _, err := cli.ImportPlan(ctx, testActor, p, nil); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		version int
		want    int
		focus   int
	}{
		{"current is the new import", 0, 2, 5},
		{"version 1 keeps its content", 1, 1, 4},
		{"version 2 by number", 2, 2, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := server.PlanVersion(ctx, p.ID, tt.version)
			if err != nil || v.Version != tt.want || len(v.Plan.Campaigns[0].Focus) != tt.focus {
				t.Fatalf("PlanVersion(%d) = version %d, %v; want version %d with %d focus items", tt.version, v.Version, err, tt.want, tt.focus)
			}
		})
	}
	if _, err := server.PlanVersion(ctx, p.ID, 3); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("version 3: err = %v, want not found", err)
	}
}

// Many requests read plans at once: the cache is shared (run with -race).
func TestPlanCacheIsSafeForConcurrentReaders(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	p := referencePlan(t)
	if _, err := db.ImportPlan(ctx, testActor, p, nil); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for range 16 {
		wg.Go(func() {
			for range 20 {
				v, err := db.Plan(ctx, p.ID)
				if err == nil && v.Plan.ID != p.ID {
					err = context.Canceled
				}
				if err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// BenchmarkPlan measures the lookup every page and API call makes for its
// plan: a decoded version comes from the cache after an indexed query for
// its id, instead of reading and decoding the whole document each time.
func BenchmarkPlan(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, nil)
	r := planfile.Check(planfile.Reference())
	if r.HasErrors() {
		b.Fatal(r.Err())
	}
	if _, err := db.ImportPlan(ctx, testActor, r.Plan, planfile.Reference()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.Plan(ctx, r.Plan.ID); err != nil {
			b.Fatal(err)
		}
	}
}
