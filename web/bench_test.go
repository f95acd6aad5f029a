package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"dajia"
	"dajia/planfile"
	"dajia/store"
)

func benchGet(b *testing.B, c *http.Client, url string) {
	b.Helper()
	for b.Loop() {
		resp, err := c.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

func BenchmarkPlanOverviewPage(b *testing.B) {
	s := newSite(b, "2017-09-15")
	benchGet(b, http.DefaultClient, s.URL+"/plans/zs-gangkou-2017")
}

// A county-sized plan: 200 reporting units, monthly, the whole year.
func BenchmarkReportMatrix200Units(b *testing.B) {
	s := newSite(b, "2017-12-20")
	var sb strings.Builder
	sb.WriteString("format: dajia/plan/v1\nid: big-2017\ntitle: 大方案\nyear: 2017\njurisdiction: {name: 某县, level: county}\ndocument: {issuer: 某县政府, issued_on: 2017-01-05}\ndepartments:\n")
	for i := range 200 {
		fmt.Fprintf(&sb, "  - {key: d%03d, name: 单位%03d}\n", i, i)
	}
	sb.WriteString("campaigns:\n  - no: 1\n    name: 食品\n    categories: [食品]\n    lead: [{dept: d000}]\n    support: [")
	for i := 1; i < 200; i++ {
		if i > 1 {
			sb.WriteString(", ")
		}
		fmt.Fprintf(&sb, "d%03d", i)
	}
	sb.WriteString("]\nreporting: {period: monthly, due_day: 5}\n")
	r := planfile.Check([]byte(sb.String()))
	if r.HasErrors() {
		b.Fatal(r.Err())
	}
	ctx := context.Background()
	if _, err := s.db.ImportPlan(ctx, testActor, r.Plan, nil); err != nil {
		b.Fatal(err)
	}
	n, err := testApp(b, s.db, dajia.SystemClock{}).EnsureObligations(ctx, testActor, "big-2017")
	if err != nil || n != 2400 {
		b.Fatalf("%d %v", n, err)
	}
	c := s.signIn(b, "office")
	b.ResetTimer()
	benchGet(b, c.Client, s.URL+"/reports?plan=big-2017")
}

func BenchmarkSaveReport(b *testing.B) {
	s, _ := reportingSite(b, "2017-10-03")
	id := s.reportID(b, "gsfj", "2017-09")
	officer := dajia.Actor{UserID: 99, Name: "o", Role: dajia.RoleOfficer, Unit: "gsfj"}
	vals := map[string]dajia.Amount{}
	for i, ind := range dajia.DefaultIndicators() {
		vals[ind.Key] = dajia.Amount(i * dajia.AmountScale)
	}
	uc := testApp(b, s.db, dajia.SystemClock{})
	for b.Loop() {
		if _, err := uc.SaveReport(context.Background(), officer, id, -1, dajia.ReportContent{Values: vals, Practices: "经验"}); err != nil {
			b.Fatal(err)
		}
	}
}

// The office's list of open tips with 300 tips stored.
func BenchmarkTipsList300(b *testing.B) {
	s, c := reportingSite(b, "2017-09-29")
	ctx := context.Background()
	v, _ := s.db.Plan(ctx, "zs-gangkou-2017")
	cats := []string{"食品", "灯具", "服装", "玩具", "建材"}
	var news []store.NewTip
	for i := range 300 {
		cat := cats[i%len(cats)]
		news = append(news, store.NewTip{Code: fmt.Sprintf("TB%08d", i), SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "public", Kind: dajia.TipReport,
			Category: cat, Stage: dajia.StageSelling, Routing: v.Plan.Route(cat, dajia.StageSelling, i%3 == 0), BusinessName: fmt.Sprintf("商户%d", i),
			Description: "销售假冒伪劣商品的线索内容", Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-26"), What: dajia.DueDecide}})
	}
	if _, err := s.db.CreateTips(ctx, testActor, news); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	benchGet(b, c["office"].Client, s.URL+"/tips")
}

// The office's case ledger with 2,000 cases stored, a tenth of them of a
// market entity.
func BenchmarkCaseExport(b *testing.B) {
	s, c := reportingSite(b, "2017-09-29")
	setPrefixes(b, s)
	units := []string{"gsfj", "zjfj"}
	for i := range 2000 {
		k := dajia.Case{LeadUnit: units[i%2], Sales: dajia.Amount(i) * dajia.AmountScale, Fine: dajia.AmountScale,
			Goods: []dajia.Goods{{Name: "灯具", Quantity: dajia.AmountScale, Unit: "件", UnitPrice: 10 * dajia.AmountScale}}}
		if i%3 == 0 {
			k.Cooperating = []string{units[(i+1)%2]}
		}
		entity := ""
		if i%10 == 0 {
			entity = fmt.Sprintf("港口镇商行%04d", i)
		}
		storeCase(b, s, k, entity)
	}
	if rows, _ := c["office"].getXLSX(b, "/cases/export.xlsx").GetRows("案件台账"); len(rows) != 2001 {
		b.Fatalf("%d rows", len(rows))
	}
	b.ResetTimer()
	benchGet(b, c["office"].Client, s.URL+"/cases/export.xlsx")
}
