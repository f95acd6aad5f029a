package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"dajia"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

// twoYears is a database with the reference plan (2017) and the same plan
// as 2016's, and a tip of each of two units in each year: open, or closed.
// It answers the tips by name: "gs17", "gs17closed", "zj17", "gs16", "zj16".
func twoYears(t *testing.T) (*store.DB, map[string]int64) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, nil)
	p17 := referencePlan(t)
	if _, err := db.ImportPlan(ctx, testActor, p17, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	p16 := referencePlan(t)
	p16.ID, p16.Year, p16.Title = "zs-gangkou-2016", 2016, "2016年中山市港口镇打假工作方案"
	if _, err := db.ImportPlan(ctx, testActor, p16, nil); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int64{}
	for i, tip := range []struct {
		name, plan, unit string
		closed           bool
	}{
		{"gs17", "zs-gangkou-2017", "gsfj", false}, {"gs17closed", "zs-gangkou-2017", "gsfj", true},
		{"zj17", "zs-gangkou-2017", "zjfj", false}, {"gs16", "zs-gangkou-2016", "gsfj", false}, {"zj16", "zs-gangkou-2016", "zjfj", false},
	} {
		v, err := db.Plan(ctx, tip.plan)
		if err != nil {
			t.Fatal(err)
		}
		made, err := db.CreateTips(ctx, testActor, []store.NewTip{{Code: fmt.Sprintf("TG%08d", i), SecretHash: "x", GroupCode: "g", PlanVersion: v,
			Source: "public", Kind: dajia.TipReport, Category: "灯具", Stage: dajia.StageSelling, Routing: v.Plan.Route("灯具", dajia.StageSelling, false),
			BusinessName: "商户" + tip.name, Description: "销售假冒灯具", Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-20"), What: dajia.DueDecide}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.UpdateTip(ctx, testActor, made[0].ID, func(t *dajia.Tip) (dajia.TipStep, error) {
			t.Handlers = []string{tip.unit}
			if tip.closed {
				t.Status = dajia.TipClosed
			}
			return dajia.TipStep{Action: "assign"}, nil
		}); err != nil {
			t.Fatal(err)
		}
		ids[tip.name] = made[0].ID
	}
	return db, ids
}

// A unit's open tips are its own of every year, never another unit's nor
// its closed ones (the unit's to-do); the count says the same. The ids are
// matched on indexes alone since migration 44.
func TestAUnitsOpenTipsAreItsOwnOfEveryYear(t *testing.T) {
	ctx := context.Background()
	db, ids := twoYears(t)
	open := []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}
	for _, tt := range []struct {
		name string
		f    store.TipFilter
		want []string
	}{
		{"gsfj's open tips of every year", store.TipFilter{Units: []string{"gsfj"}, Statuses: open}, []string{"gs16", "gs17"}},
		{"zjfj's open tips of every year", store.TipFilter{Units: []string{"zjfj"}, Statuses: open}, []string{"zj16", "zj17"}},
		{"gsfj's open tips of 2017", store.TipFilter{PlanID: "zs-gangkou-2017", Units: []string{"gsfj"}, Statuses: open}, []string{"gs17"}},
		{"gsfj's closed tips", store.TipFilter{Units: []string{"gsfj"}, Statuses: []dajia.TipStatus{dajia.TipClosed}}, []string{"gs17closed"}},
		{"gsfj's tips, open or not", store.TipFilter{Units: []string{"gsfj"}}, []string{"gs16", "gs17", "gs17closed"}},
		{"both units' open tips of 2016", store.TipFilter{PlanID: "zs-gangkou-2016", Units: []string{"gsfj", "zjfj"}, Statuses: open}, []string{"gs16", "zj16"}},
		{"a unit with no tips", store.TipFilter{Units: []string{"nyj"}, Statuses: open}, nil},
		{"gsfj's tips of 2017, open or not", store.TipFilter{PlanID: "zs-gangkou-2017", Units: []string{"gsfj"}}, []string{"gs17", "gs17closed"}},
		{"gsfj's search of 2017", store.TipFilter{PlanID: "zs-gangkou-2017", Units: []string{"gsfj"}, Query: "商户gs"}, []string{"gs17", "gs17closed"}},
		{"zjfj's search for gsfj's tips", store.TipFilter{PlanID: "zs-gangkou-2017", Units: []string{"zjfj"}, Query: "商户gs"}, nil},
		{"zjfj's tips of 2016", store.TipFilter{PlanID: "zs-gangkou-2016", Units: []string{"zjfj"}}, []string{"zj16"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tips, err := db.Tips(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, tip := range tips {
				got = append(got, tip.ID)
			}
			var want []int64
			for _, n := range tt.want {
				want = append(want, ids[n])
			}
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("tips %v, want %v (%v)", got, want, tt.want)
			}
			c, err := db.CountTips(ctx, tt.f, dajia.MustDate("2017-10-21"))
			if err != nil || c.Total != len(want) {
				t.Fatalf("count %+v %v, want %d", c, err, len(want))
			}
			if tt.f.Query != "" || tt.f.PlanID == "" {
				return
			}
			tally, err := db.TallyTips(ctx, tt.f)
			n, m := 0, 0
			for _, k := range tally.ByCampaign {
				n += k
			}
			for _, k := range tally.ByMonth {
				m += k
			}
			if err != nil || n != len(want) || m != len(want) {
				t.Fatalf("tally %+v %v, want %d", tally, err, len(want))
			}
		})
	}
}

// A page with no plan named stands in the newest plan: the latest year,
// in its current version.
func TestNewestPlanIsTheLatestYearsCurrentVersion(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	if _, err := db.NewestPlan(ctx); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("no plan yet: %v, want not found", err)
	}
	db, _ = twoYears(t)
	v, err := db.NewestPlan(ctx)
	if err != nil || v.PlanID != "zs-gangkou-2017" || v.Version != 1 {
		t.Fatalf("newest %s@%d %v, want zs-gangkou-2017@1", v.PlanID, v.Version, err)
	}
	p := referencePlan(t)
	p.Title += "（修订）"
	if _, err := db.ImportPlan(ctx, testActor, p, nil); err != nil {
		t.Fatal(err)
	}
	plans, err := db.Plans(ctx)
	if err != nil {
		t.Fatal(err)
	}
	v, err = db.NewestPlan(ctx)
	if err != nil || v.PlanID != plans[0].ID || v.Version != 2 || v.Plan.Title != p.Title {
		t.Fatalf("newest %s@%d %q %v, want %s@2, the first of Plans in its new version", v.PlanID, v.Version, v.Plan.Title, err, plans[0].ID)
	}
}

// The unit's open tips as its to-do asks for them, on a database with
// other units' and closed tips around: the query behind the unit's to-do.
func BenchmarkUnitOpenTips(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b, nil)
	if _, err := db.ImportPlan(ctx, testActor, referencePlan(b), planfile.Reference()); err != nil {
		b.Fatal(err)
	}
	v, err := db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		b.Fatal(err)
	}
	var news []store.NewTip
	for i := range 2000 {
		news = append(news, store.NewTip{Code: fmt.Sprintf("TB%08d", i), SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "public",
			Kind: dajia.TipReport, Category: "灯具", Stage: dajia.StageSelling, Routing: v.Plan.Route("灯具", dajia.StageSelling, false),
			BusinessName: fmt.Sprintf("商户%d", i), Description: "销售假冒灯具", Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-20"), What: dajia.DueDecide}})
	}
	tips, err := db.CreateTips(ctx, testActor, news)
	if err != nil {
		b.Fatal(err)
	}
	// Most are closed; one in ten stays open, half of them the unit's.
	units := []string{"gsfj", "zjfj", "syjfj", "jxj"}
	for i, tip := range tips {
		if _, err := db.UpdateTip(ctx, testActor, tip.ID, func(t *dajia.Tip) (dajia.TipStep, error) {
			t.Handlers = []string{units[i%len(units)]}
			if i%10 != 0 {
				t.Status = dajia.TipClosed
			}
			return dajia.TipStep{Action: "assign"}, nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	f := store.TipFilter{Units: []string{"gsfj"}, Statuses: []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}}
	b.ResetTimer()
	for b.Loop() {
		if _, err := db.Tips(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
}

// A page of tips carries the counts over every page, the same as Tips and
// CountTips apart, on every page, past the last one and for a search.
func TestATipsPageCarriesTheCountsOverEveryPage(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	newTips(t, db, 12, "2017-10-01") // due 1 to 12 October
	today := dajia.MustDate("2017-10-08")
	for _, f := range []store.TipFilter{
		{Limit: 5}, {Limit: 5, Offset: 5}, {Limit: 5, Offset: 10}, {Limit: 5, Offset: 15}, {Limit: 50},
		{PlanID: "zs-gangkou-2017", Query: "商户1", Limit: 5}, {PlanID: "zs-gangkou-2017", Query: "商户1", Limit: 2, Offset: 2},
		{PlanID: "other", Limit: 5}, {Units: []string{"nyj"}, Limit: 5}, {Units: []string{}},
	} {
		t.Run(fmt.Sprintf("%+v", f), func(t *testing.T) {
			page, c, err := db.TipsPage(ctx, f, today)
			if err != nil {
				t.Fatal(err)
			}
			want, err := db.Tips(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			wc, err := db.CountTips(ctx, f, today)
			if err != nil {
				t.Fatal(err)
			}
			if c != wc || len(page) != len(want) {
				t.Fatalf("page of %d with %+v; apart: %d with %+v", len(page), c, len(want), wc)
			}
			for i := range page {
				if page[i].ID != want[i].ID || !slices.Equal(page[i].Handlers, want[i].Handlers) {
					t.Fatalf("tip %d: %d %v, apart %d %v", i, page[i].ID, page[i].Handlers, want[i].ID, want[i].Handlers)
				}
			}
		})
	}
}
