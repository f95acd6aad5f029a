package web_test

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// storeCase stores a case straight through the store and answers its
// number.
func storeCase(t testing.TB, s *site, c dajia.Case, entity string) string {
	t.Helper()
	ctx := context.Background()
	if c.OpenedOn.IsZero() {
		c.OpenedOn = dajia.MustDate("2017-09-01")
	}
	if c.Status == "" {
		c.Status = dajia.CaseOpened
	}
	if len(c.Violations) == 0 {
		c.Violations = []dajia.Violation{dajia.ViolationLabel}
	}
	if entity != "" {
		e, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: entity, Kind: dajia.KindProducer})
		if err != nil {
			t.Fatal(err)
		}
		c.EntityID = e.ID
	}
	k, err := s.db.CreateCase(ctx, testActor, store.CaseRecord{PlanID: "zs-gangkou-2017", Case: c}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return k.Number
}

func setPrefixes(t testing.TB, s *site) {
	t.Helper()
	ctx := context.Background()
	uc := testApp(t, s.db, dajia.SystemClock{})
	for unit, prefix := range map[string]string{"gsfj": "中港工商罚", "zjfj": "中港质检罚", "syjfj": "中港食药罚"} {
		if err := uc.SetCasePrefix(ctx, dajia.Actor{Name: "office", Role: dajia.RoleOffice}, unit, prefix); err != nil {
			t.Fatal(err)
		}
	}
}

// ledgerNumbers is the first column of the ledger below its header.
func ledgerNumbers(t *testing.T, x *excelize.File) []string {
	t.Helper()
	var out []string
	for _, r := range sheetRows(t, x, "案件台账")[1:] {
		out = append(out, r[0])
	}
	slices.Sort(out)
	return out
}

func TestCaseLedgerExportIsTheListOfWhatEachAccountMaySee(t *testing.T) {
	s, c := caseSite(t)
	setPrefixes(t, s)
	hostile := `=HYPERLINK("http://evil.example/","点我")`
	gsCase := storeCase(t, s, dajia.Case{LeadUnit: "gsfj", Cooperating: []string{"zjfj"}, CampaignNo: 1,
		Goods: []dajia.Goods{{Name: "灯具", Quantity: 2 * dajia.AmountScale, Unit: "件", UnitPrice: 50 * dajia.AmountScale}},
		Sales: dajia.Amount(1234.5 * dajia.AmountScale), Gains: 300 * dajia.AmountScale, Fine: 2000 * dajia.AmountScale,
		Violations: []dajia.Violation{dajia.ViolationLabel, dajia.ViolationFakeInferior}}, hostile)
	zjCase := storeCase(t, s, dajia.Case{LeadUnit: "zjfj"}, "+1+cmd|' /C calc'!A0")
	syCase := storeCase(t, s, dajia.Case{LeadUnit: "syjfj", Status: dajia.CaseClosed}, "@SUM(1+1)")
	all := []string{gsCase, zjCase, syCase}
	slices.Sort(all)
	for _, tt := range []struct {
		who, query string
		want       []string
	}{{"officer", "", []string{gsCase}}, {"head", "", []string{gsCase}}, {"other", "", []string{gsCase, zjCase}},
		{"third", "", []string{syCase}}, {"office", "", all}, {"leader", "", all},
		{"officer", "?unit=zjfj", nil}, {"other", "?unit=gsfj", nil}, {"office", "?unit=zjfj", []string{gsCase, zjCase}},
		{"office", "?status=closed", []string{syCase}}, {"office", "?campaign=1", []string{gsCase}},
		{"office", "?transfer=none&offset=2", all}, {"office", "?major=1", nil}, {"office", "?overdue=1", nil}} {
		want := slices.Clone(tt.want)
		slices.Sort(want)
		x := c[tt.who].getXLSX(t, "/cases/export.xlsx"+tt.query)
		if got := ledgerNumbers(t, x); !slices.Equal(got, want) {
			t.Errorf("%s%s exports %q, want %q", tt.who, tt.query, got, want)
		}
	}
	// Administrators see no case: the export answers as the list does.
	lr, _ := c["admin"].get(t, "/cases")
	er, body := c["admin"].get(t, "/cases/export.xlsx")
	if er.StatusCode != lr.StatusCode || er.StatusCode == 200 && strings.Contains(body, gsCase) {
		t.Fatalf("admin: list %d, export %d", lr.StatusCode, er.StatusCode)
	}

	resp, _ := c["office"].get(t, "/cases/export.xlsx")
	if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=utf-8''"+url.PathEscape("案件台账-")) || !strings.Contains(cd, ".xlsx") {
		t.Fatalf("Content-Disposition %q", cd)
	}
	x := c["office"].getXLSX(t, "/cases/export.xlsx?campaign=1")
	rows := sheetRows(t, x, "案件台账")
	wantHead := []string{"案件编号", "立案日期", "主办单位", "协办单位", "专项行动", "市场主体", "违法行为类型", "状态", "货值金额（元）", "销售金额（元）",
		"违法所得（元）", "罚款（元）", "没收金额（元）", "移送公安", "大要案", "下一期限", "期限事项"}
	if !slices.Equal(rows[0], wantHead) {
		t.Fatalf("head %q", rows[0])
	}
	row := rows[1]
	for i, want := range map[int]string{0: gsCase, 1: "2017-09-01", 2: "工商分局", 3: "质监分局", 5: hostile, 7: "已立案",
		8: "100", 9: "1234.5", 10: "300", 11: "2000", 12: "0"} {
		if i >= len(row) || !strings.Contains(row[i], want) {
			t.Errorf("column %s = %q, want %q (row %q)", wantHead[i], row[min(i, len(row)-1)], want, row)
		}
	}
	if !strings.Contains(row[6], "、") {
		t.Errorf("violations %q", row[6])
	}
	for _, cell := range []string{"I2", "J2", "K2", "L2", "M2"} {
		if ty, _ := x.GetCellType("案件台账", cell); ty == excelize.CellTypeInlineString || ty == excelize.CellTypeSharedString {
			t.Errorf("amount %s is text", cell)
		}
	}
	// Hostile text is a text cell, never a formula.
	for _, q := range []string{"?campaign=1", "?unit=zjfj", "?status=closed"} {
		x := c["office"].getXLSX(t, "/cases/export.xlsx"+q)
		rows := sheetRows(t, x, "案件台账")
		for i := range rows[1:] {
			cell, _ := excelize.CoordinatesToCellName(6, i+2)
			f, _ := x.GetCellFormula("案件台账", cell)
			v, _ := x.GetCellValue("案件台账", cell)
			if f != "" || v == "" || !strings.ContainsAny(v[:1], "=+@") {
				t.Errorf("%s %s: formula %q value %q", q, cell, f, v)
			}
		}
	}

	// English headers on an English page, and back.
	c["office"].get(t, "/cases?lang=en")
	x = c["office"].getXLSX(t, "/cases/export.xlsx")
	en := locale.Text("en", "案件台账")
	if rows := sheetRows(t, x, en); len(rows) != 4 || rows[0][0] != locale.Text("en", "案件编号") || rows[0][8] != "Goods value (yuan)" {
		t.Fatalf("English ledger %q", rows)
	}
	c["office"].get(t, "/cases?lang=zh")

	// The list links to the export with its filters.
	_, body = c["office"].get(t, "/cases?status=closed&offset=50")
	if !strings.Contains(body, `href="/cases/export.xlsx?status=closed"`) {
		t.Fatalf("no export link with the filters")
	}
}
