package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"dajia"
	"dajia/store"
)

func TestExposuresAreOneLivePerCaseAndAudited(t *testing.T) {
	ctx := context.Background()
	db, clue := caseDB(t)
	today := dajia.MustDate("2017-09-29")
	k, err := db.CreateCase(ctx, testActor, newCase(clue, ""), open(today))
	if err != nil {
		t.Fatal(err)
	}
	e := dajia.Exposure{CaseID: k.ID, PlanID: k.PlanID, LeadUnit: "gsfj", CampaignNo: 5, Number: k.Number, Title: "王某某销售不合格灯具案",
		Text: "当事人王某某，身份证号码******************。", Violations: []dajia.Violation{dajia.ViolationLabel, dajia.ViolationFakeInferior},
		Fine: 20_000 * dajia.AmountScale, Confiscation: 35_005_000, DecidedOn: today, PublishedOn: today, PublishedBy: "gshead",
		Redacted: []dajia.RedactKind{dajia.RedactName, dajia.RedactID}}

	// Publishers racing: exactly one exposure is live.
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.CreateExposure(ctx, testActor, e)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case dajia.ErrorCode(err) != dajia.Conflict:
			t.Fatalf("a racing publisher: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d live exposures of one case", ok)
	}
	live, err := db.LiveExposures(ctx, 0, 10)
	if err != nil || len(live) != 1 {
		t.Fatalf("live %+v %v", live, err)
	}
	got := live[0]
	if got.Title != e.Title || got.Text != e.Text || got.Fine != e.Fine || got.Confiscation != e.Confiscation || len(got.Violations) != 2 ||
		got.Violations[1] != dajia.ViolationFakeInferior || len(got.Redacted) != 2 || got.Redacted[1] != dajia.RedactID || got.DecidedOn != today || !got.Live() {
		t.Fatalf("stored %+v", got)
	}

	// Withdrawing: the step's refusal saves nothing; then it is off the list.
	if _, err := db.WithdrawExposure(ctx, testActor, got.ID, func(x *dajia.Exposure, c store.CaseRecord) error {
		return dajia.Errorf(dajia.Forbidden, "", "不行")
	}); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("refused: %v", err)
	}
	if _, err := db.WithdrawExposure(ctx, testActor, 999, nil); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("no such exposure: %v", err)
	}
	w, err := db.WithdrawExposure(ctx, testActor, got.ID, func(x *dajia.Exposure, c store.CaseRecord) error {
		if c.ID != k.ID {
			return fmt.Errorf("the case %d", c.ID)
		}
		x.WithdrawnOn, x.Reason = today, "当事人王大明申请复议"
		return nil
	})
	if err != nil || w.Live() || w.Reason != "当事人王大明申请复议" {
		t.Fatalf("withdrawn %+v %v", w, err)
	}
	if live, _ := db.LiveExposures(ctx, 0, 10); len(live) != 0 {
		t.Fatalf("the list keeps a withdrawn exposure: %+v", live)
	}
	// Now the case may be exposed again.
	again, err := db.CreateExposure(ctx, testActor, e)
	if err != nil {
		t.Fatal(err)
	}
	all, err := db.ExposuresOfCase(ctx, k.ID)
	if err != nil || len(all) != 2 || all[0].ID != again.ID {
		t.Fatalf("of the case %+v %v", all, err)
	}

	recs, err := db.AuditLog(ctx, store.AuditFilter{Action: "exposure.", Limit: 10})
	if err != nil || len(recs) != 3 {
		t.Fatalf("audit %d %v", len(recs), err)
	}
	for _, r := range recs {
		if strings.Contains(r.Before+r.After, "王") || strings.Contains(r.Before+r.After, "复议") ||
			r.Action == "exposure.publish" && !strings.Contains(r.Fields, "title") {
			t.Fatalf("the trail keeps the texts: %+v", r)
		}
		if r.Action == "exposure.withdraw" && (!strings.Contains(r.After, `"live":false`) || !strings.Contains(r.Fields, "reason")) {
			t.Fatalf("withdraw record %+v", r)
		}
	}
}

func TestCaseRulesAreSavedBothOrNeither(t *testing.T) {
	ctx := context.Background()
	db, _ := caseDB(t)
	ts := []dajia.ThresholdRule{{ID: "a", Offence: dajia.ViolationFakeInferior, Source: "第16条", SalesFactor: 1, Min: 60_000 * dajia.AmountScale}}
	dup := []dajia.MajorRule{{ID: "m", Kind: dajia.MajorMedia, Source: "s"}, {ID: "m", Kind: dajia.MajorSupervised, Source: "s"}}
	if err := db.SetCaseRules(ctx, testActor, ts, dup); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("a repeated id: %v", err)
	}
	if got, err := db.ThresholdRules(ctx); err != nil || len(got) != len(dajia.DefaultThresholdRules()) {
		t.Fatalf("the thresholds were saved without the major rules: %d %v", len(got), err)
	}
	if err := db.SetCaseRules(ctx, testActor, ts, dup[:1]); err != nil {
		t.Fatal(err)
	}
	got, _ := db.ThresholdRules(ctx)
	major, _ := db.MajorRules(ctx)
	if len(got) != 1 || got[0].Min != 60_000*dajia.AmountScale || len(major) != 1 {
		t.Fatalf("saved %+v %+v", got, major)
	}
	if recs, err := db.AuditLog(ctx, store.AuditFilter{Action: "settings.", Limit: 10}); err != nil || len(recs) < 2 {
		t.Fatalf("audit %d %v", len(recs), err)
	}
}
