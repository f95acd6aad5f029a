package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
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

// dashBenchPlan stores, under plan id (a copy of the reference plan for
// year), n tips, n/2 clues, n/2 cases and n/4 samplings spread over the
// campaigns, units and months, straight through the store.
func dashBenchPlan(b *testing.B, a *app.App, year, n int) store.PlanVersion {
	b.Helper()
	ctx := context.Background()
	db := a.DB()
	id := "zs-gangkou-2017"
	if year != 2017 {
		y := fmt.Sprint(year)
		text := strings.ReplaceAll(string(planfile.Reference()), "2017", y)
		p := planfile.Check([]byte(text)).Plan
		if p == nil {
			b.Fatal("the copied plan does not parse")
		}
		if _, err := db.ImportPlan(ctx, office, p, []byte(text)); err != nil {
			b.Fatal(err)
		}
		id = p.ID
	}
	v, err := db.Plan(ctx, id)
	if err != nil {
		b.Fatal(err)
	}
	p := v.Plan
	units := []string{"gsfj", "zjfj", "syjfj"}
	day := func(i int) dajia.Date {
		return dajia.Date{Year: year, Month: time.Month(8 + i%5), Day: 1 + i%28}
	}
	var news []store.NewTip
	for i := range n {
		c := p.Campaigns[i%len(p.Campaigns)]
		cat := "灯具"
		if len(c.Categories) > 0 {
			cat = c.Categories[0]
		}
		news = append(news, store.NewTip{Code: fmt.Sprintf("B%d%07d", year, i), SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "public", Kind: dajia.TipReport,
			Category: cat, Stage: dajia.StageSelling, Routing: p.Route(cat, dajia.StageSelling, false), BusinessName: fmt.Sprintf("商户%d", i),
			Description: "销售假冒伪劣商品的线索内容", Clock: dajia.TipClock{Due: day(i).AddDays(20), What: dajia.DueDecide}})
		if len(news) == 200 || i == n-1 {
			if _, err := db.CreateTips(ctx, office, news); err != nil {
				b.Fatal(err)
			}
			news = news[:0]
		}
	}
	for i := range n / 2 {
		no := p.Campaigns[i%len(p.Campaigns)].No
		u := units[i%len(units)]
		_, err := db.CreateClue(ctx, office, dajia.Clue{PlanID: id, Source: dajia.ClueFromInspection, ReceivedOn: day(i), LeadUnit: u, CampaignNo: no,
			Summary: "检查发现", Status: dajia.CluePending})
		if err != nil {
			b.Fatal(err)
		}
		k := dajia.Case{LeadUnit: u, CampaignNo: no, Status: dajia.CaseOpened, OpenedOn: day(i), Violations: []dajia.Violation{dajia.ViolationLabel},
			Sales: dajia.Amount(i) * dajia.AmountScale, Fine: dajia.AmountScale, Media: i%17 == 0}
		if i%3 == 0 {
			k.Status, k.ClosedOn = dajia.CaseClosed, day(i).AddDays(10)
		}
		if _, err := db.CreateCase(ctx, office, store.CaseRecord{PlanID: id, Case: k}, nil); err != nil {
			b.Fatal(err)
		}
	}
	var ss []dajia.Sampling
	results := []dajia.SamplingResult{dajia.SamplePassed, dajia.SamplePassed, dajia.SampleFailed, dajia.SamplePending}
	for i := range n / 4 {
		ss = append(ss, dajia.Sampling{PlanID: id, Unit: units[i%len(units)], CampaignNo: p.Campaigns[i%len(p.Campaigns)].No, Category: "灯具",
			Product: "台灯", SampledOn: day(i), Lab: "检测所", Standard: "GB 7000.1", TestItems: "标记", Result: results[i%len(results)]})
	}
	if len(ss) > 0 {
		if _, err := db.CreateSamplings(ctx, office, ss, func(dajia.Sampling) ([]dajia.Clue, error) { return nil, nil }); err != nil {
			b.Fatal(err)
		}
	}
	return v
}

// BenchmarkDashboard measures the dashboard of a plan holding n records a
// kind (tips; half as many clues and cases; a quarter as many samplings),
// alone in the database and then beside another year's plan holding ten
// times as many: the time must not grow with the other year's records.
//
//	go test ./app -run '^$' -bench Dashboard -benchtime 50x
func BenchmarkDashboard(b *testing.B) {
	const n = 400
	for _, other := range []int{0, 10} {
		b.Run(fmt.Sprintf("plan=%d/other-year=%d", n, other*n), func(b *testing.B) {
			clock := storetest.NewClock(time.Date(2017, 10, 10, 9, 0, 0, 0, dajia.ChinaTime))
			db := storetest.Open(b, clock)
			ctx := context.Background()
			if _, err := db.ImportPlan(ctx, office, planfile.Check(planfile.Reference()).Plan, planfile.Reference()); err != nil {
				b.Fatal(err)
			}
			a, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := a.EnsureObligations(ctx, office, refPlan); err != nil {
				b.Fatal(err)
			}
			for unit, prefix := range map[string]string{"gsfj": "中港工商罚", "zjfj": "中港质监罚", "syjfj": "中港食药罚"} {
				if err := a.SetCasePrefix(ctx, office, unit, prefix); err != nil {
					b.Fatal(err)
				}
			}
			if other > 0 {
				dashBenchPlan(b, a, 2016, other*n)
			}
			v := dashBenchPlan(b, a, 2017, n)
			d, err := a.Dashboard(ctx, office, v)
			if err != nil || d.Total.Tips != n || d.Total.Opened != n/2 || d.Total.Samplings.Total() != n/4 {
				b.Fatalf("dashboard %+v, %v", d.Total, err)
			}
			b.ResetTimer()
			for b.Loop() {
				if _, err := a.Dashboard(ctx, office, v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
