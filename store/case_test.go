package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dajia"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

// caseDB is a database with the reference plan, a prefix for gsfj and a
// pending clue of gsfj.
func caseDB(t *testing.T) (*store.DB, dajia.Clue) {
	t.Helper()
	ctx := context.Background()
	db := storetest.Open(t, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")})
	if _, err := db.ImportPlan(ctx, testActor, referencePlan(t), planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCasePrefix(ctx, testActor, "gsfj", "中港质监罚"); err != nil {
		t.Fatal(err)
	}
	return db, newClue(t, db, "交办1号")
}

func newClue(t *testing.T, db *store.DB, ref string) dajia.Clue {
	t.Helper()
	c, err := db.CreateClue(context.Background(), testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: ref,
		ReceivedOn: dajia.MustDate("2017-09-20"), LeadUnit: "gsfj", Summary: "交办的线索", Status: dajia.CluePending})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func open(today dajia.Date) func(*dajia.Clue, int64) (dajia.ClueStep, error) {
	return func(c *dajia.Clue, id int64) (dajia.ClueStep, error) { return c.Open(testActor, today, id) }
}

func newCase(clue dajia.Clue, number string) store.CaseRecord {
	return store.CaseRecord{PlanID: clue.PlanID, Case: dajia.Case{Number: number, LeadUnit: "gsfj", ClueID: clue.ID, Status: dajia.CaseOpened,
		OpenedOn: dajia.MustDate("2017-09-29"), Cooperating: []string{"zjfj"}, Violations: []dajia.Violation{dajia.ViolationLabel}}}
}

func TestCasesAreStoredWithTheirClueAndAudit(t *testing.T) {
	ctx := context.Background()
	db, clue := caseDB(t)
	today := dajia.MustDate("2017-09-29")
	e, err := db.CreateEntity(ctx, testActor, dajia.Entity{Name: "港口镇某灯饰商行", Kind: dajia.KindProducer})
	if err != nil {
		t.Fatal(err)
	}
	r := newCase(clue, "")
	r.EntityID = e.ID
	r.Due, r.DueWhat = dajia.MustDate("2017-12-28"), dajia.DueCaseDecide
	k, err := db.CreateCase(ctx, testActor, r, open(today))
	if err != nil {
		t.Fatal(err)
	}
	if k.Number != "中港质监罚〔2017〕1号" || k.ClueID != clue.ID || k.EntityID != e.ID || len(k.Cooperating) != 1 || k.Cooperating[0] != "zjfj" ||
		k.Due != r.Due || k.DueWhat != dajia.DueCaseDecide || k.CreatedBy != testActor.Name {
		t.Fatalf("stored %+v", k)
	}
	if c, _ := db.Clue(ctx, clue.ID); c.Outcome != dajia.ClueOpened || c.CaseID != k.ID {
		t.Fatalf("the clue %+v", c)
	}
	// A failing clue step leaves nothing behind: not the case, not its
	// number.
	other := newClue(t, db, "交办2号")
	refuse := func(*dajia.Clue, int64) (dajia.ClueStep, error) {
		return dajia.ClueStep{}, dajia.Errorf(dajia.Conflict, "status", "不行")
	}
	if _, err := db.CreateCase(ctx, testActor, newCase(other, ""), refuse); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("refused clue: %v", err)
	}
	if n, _ := db.CountCases(ctx, store.CaseFilter{}, today); n.Total != 1 {
		t.Fatalf("cases after the rollback: %+v", n)
	}
	if _, err := db.CreateCase(ctx, testActor, newCase(clue, ""), open(today)); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a second case of a clue: %v", err)
	}
	k2, err := db.CreateCase(ctx, testActor, newCase(other, ""), open(today))
	if err != nil || k2.Number != "中港质监罚〔2017〕2号" {
		t.Fatalf("after the rollback %+v %v", k2, err)
	}
	// No prefix, no number.
	zjClue, err := db.CreateClue(ctx, testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromInspection, ReceivedOn: today,
		LeadUnit: "zjfj", Summary: "检查发现", Status: dajia.CluePending})
	if err != nil {
		t.Fatal(err)
	}
	zr := newCase(zjClue, "")
	zr.LeadUnit, zr.Cooperating = "zjfj", nil
	if _, err := db.CreateCase(ctx, testActor, zr, open(today)); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("no prefix: %v", err)
	}

	// A step saves the case with its goods and units, its timeline line
	// and its audit record: amounts and workflow values, not what staff
	// wrote.
	after, err := db.UpdateCase(ctx, testActor, k.ID, func(r *store.CaseRecord) (dajia.CaseStep, error) {
		r.Goods = []dajia.Goods{{Name: "台灯", Brand: "秘密牌", Quantity: 10 * dajia.AmountScale, Unit: "件", UnitPrice: 5 * dajia.AmountScale},
			{Name: "灯泡", Quantity: dajia.AmountScale, Unit: "个"}}
		r.Cooperating, r.Sales, r.SupervisedBy, r.IsMajor = nil, 60000*dajia.AmountScale, "市局督办", true
		r.Transfer = dajia.Transfer{Status: dajia.TransferApproved, ApprovedAt: testClockNow()}
		return dajia.CaseStep{Action: "facts"}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Goods) != 2 || after.Goods[0].Brand != "秘密牌" || after.GoodsValue() != 50*dajia.AmountScale || len(after.Cooperating) != 0 ||
		!after.IsMajor || after.Transfer.ApprovedAt.IsZero() || after.Transfer.Status != dajia.TransferApproved {
		t.Fatalf("after %+v", after)
	}
	if _, err := db.UpdateCase(ctx, testActor, 999, func(*store.CaseRecord) (dajia.CaseStep, error) { return dajia.CaseStep{Action: "x"}, nil }); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("missing case: %v", err)
	}
	ev, err := db.CaseEvents(ctx, k.ID)
	if err != nil || len(ev) != 2 || ev[0].Action != "open" || ev[1].Action != "facts" {
		t.Fatalf("timeline %+v %v", ev, err)
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Object: fmt.Sprintf("case:%d", k.ID), Limit: 10})
	if err != nil || len(recs) != 2 || recs[0].Action != "case.facts" {
		t.Fatalf("audit %+v %v", recs, err)
	}
	if f := recs[0]; !strings.Contains(f.After, `"60000"`) || !strings.Contains(f.Fields, "goods") || !strings.Contains(f.Fields, "supervised_by") ||
		strings.Contains(f.Before+f.After, "秘密牌") || strings.Contains(f.Before+f.After, "市局") || !strings.Contains(f.After, `"goods_value":"50"`) {
		t.Fatalf("the facts' record %+v", f)
	}

	// Lists: by unit (lead or cooperating), major, transfer, entity.
	for _, tt := range []struct {
		name string
		f    store.CaseFilter
		want int
	}{
		{"all", store.CaseFilter{}, 2},
		{"lead gsfj", store.CaseFilter{Units: []string{"gsfj"}}, 2},
		{"cooperating zjfj", store.CaseFilter{Units: []string{"zjfj"}}, 1},
		{"no units", store.CaseFilter{Units: []string{}}, 0},
		{"major", store.CaseFilter{MajorOnly: true}, 1},
		{"approved", store.CaseFilter{Transfer: string(dajia.TransferApproved)}, 1},
		{"no transfer", store.CaseFilter{Transfer: "none"}, 1},
		{"overdue", store.CaseFilter{Overdue: true, Today: dajia.MustDate("2018-01-01")}, 1},
		{"status", store.CaseFilter{Statuses: []dajia.CaseStatus{dajia.CaseClosed}}, 0},
		{"plan", store.CaseFilter{PlanID: "zs-gangkou-2017"}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l, err := db.Cases(ctx, tt.f)
			n, cerr := db.CountCases(ctx, tt.f, today)
			if err != nil || cerr != nil || len(l) != tt.want || n.Total != tt.want {
				t.Fatalf("%d listed, %d counted (%v %v), want %d", len(l), n.Total, err, cerr, tt.want)
			}
		})
	}
	if n, _ := db.CountCases(ctx, store.CaseFilter{}, dajia.MustDate("2018-01-01")); n.Overdue != 1 {
		t.Fatalf("overdue count %+v", n)
	}
	ofE, err := db.CasesOfEntity(ctx, e.ID)
	if err != nil || len(ofE) != 1 || ofE[0].ID != k.ID || len(ofE[0].Goods) != 2 {
		t.Fatalf("cases of the entity %+v %v", ofE, err)
	}
}

func testClockNow() time.Time { return time.Date(2017, 9, 29, 10, 30, 0, 0, dajia.ChinaTime) }

func TestCaseNumbersAreAllocatedOnce(t *testing.T) {
	ctx := context.Background()
	db, first := caseDB(t)
	today := dajia.MustDate("2017-09-29")
	clues := []dajia.Clue{first}
	for i := 2; i <= 6; i++ {
		clues = append(clues, newClue(t, db, fmt.Sprintf("交办%d号", i)))
	}
	var wg sync.WaitGroup
	numbers := make([]string, len(clues))
	errs := make([]error, len(clues))
	for i, c := range clues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			k, err := db.CreateCase(ctx, testActor, newCase(c, ""), open(today))
			numbers[i], errs[i] = k.Number, err
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i, n := range numbers {
		if errs[i] != nil || seen[n] {
			t.Fatalf("case %d: %q %v (all %v)", i, n, errs[i], numbers)
		}
		seen[n] = true
	}
	for i := 1; i <= len(clues); i++ {
		if !seen[dajia.FormatCaseNumber("中港质监罚", 2017, i)] {
			t.Fatalf("numbers %v", numbers)
		}
	}
}

func TestCaseRulesAndPrefixesAreStored(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	if r, err := db.ThresholdRules(ctx); err != nil || len(r) != len(dajia.DefaultThresholdRules()) {
		t.Fatalf("defaults %v %v", r, err)
	}
	rule := dajia.ThresholdRule{ID: "x", Offence: dajia.ViolationLabel, Source: "本地", GainsFactor: 2, Min: 7, MarksAtLeast: 1}
	if err := db.SetThresholdRules(ctx, testActor, []dajia.ThresholdRule{rule}); err != nil {
		t.Fatal(err)
	}
	if r, _ := db.ThresholdRules(ctx); len(r) != 1 || r[0] != rule {
		t.Fatalf("stored %+v", r)
	}
	if err := db.SetThresholdRules(ctx, testActor, nil); err != nil {
		t.Fatal(err)
	}
	if r, _ := db.ThresholdRules(ctx); len(r) != len(dajia.DefaultThresholdRules()) {
		t.Fatalf("back to the defaults %+v", r)
	}
	m := dajia.MajorRule{ID: "d", Kind: dajia.MajorDeath, People: 2, Source: "本地"}
	if err := db.SetMajorRules(ctx, testActor, []dajia.MajorRule{m, m}); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("twice: %v", err)
	}
	if err := db.SetMajorRules(ctx, testActor, []dajia.MajorRule{m}); err != nil {
		t.Fatal(err)
	}
	if r, _ := db.MajorRules(ctx); len(r) != 1 || r[0] != m {
		t.Fatalf("major %+v", r)
	}
	if _, ok, _ := db.CasePrefix(ctx, "gsfj"); ok {
		t.Fatal("a prefix before any is set")
	}
	for _, p := range []string{"中港质监罚", "中港市监罚"} {
		if err := db.SetCasePrefix(ctx, testActor, "gsfj", p); err != nil {
			t.Fatal(err)
		}
	}
	if p, ok, err := db.CasePrefix(ctx, "gsfj"); p != "中港市监罚" || !ok || err != nil {
		t.Fatalf("prefix %q %v %v", p, ok, err)
	}
	if all, _ := db.CasePrefixes(ctx); len(all) != 1 {
		t.Fatalf("prefixes %v", all)
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Object: "settings:", Limit: 10})
	var acts []string
	for _, r := range recs {
		acts = append(acts, r.Action)
	}
	if err != nil || strings.Join(acts, " ") != "settings.case_prefix settings.case_prefix settings.major_rules settings.threshold_rules settings.threshold_rules" {
		t.Fatalf("audit %v %v", acts, err)
	}
}

func TestTheSeriesMovesPastNumbersTypedBeforeThePrefix(t *testing.T) {
	ctx := context.Background()
	db, _ := caseDB(t)
	today := dajia.MustDate("2017-09-29")
	zjCase := func(number string) (store.CaseRecord, error) {
		c, err := db.CreateClue(ctx, testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromInspection, ReceivedOn: today,
			LeadUnit: "zjfj", Summary: "检查发现", Status: dajia.CluePending})
		if err != nil {
			t.Fatal(err)
		}
		r := newCase(c, number)
		r.LeadUnit, r.Cooperating = "zjfj", nil
		return db.CreateCase(ctx, testActor, r, open(today))
	}
	if _, err := zjCase("中港质检罚〔2017〕2号"); err != nil {
		t.Fatal(err)
	}
	if err := db.SetCasePrefix(ctx, testActor, "zjfj", "中港质检罚"); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"中港质检罚〔2017〕1号", "中港质检罚〔2017〕3号"} {
		if k, err := zjCase(""); err != nil || k.Number != want {
			t.Fatalf("got %q (%v), want %q", k.Number, err, want)
		}
	}
}
