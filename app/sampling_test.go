package app_test

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// samplingEntities registers a producer in 沙港村 and a seller in 群众村.
func samplingEntities(t *testing.T, a *app.App) (producer, seller dajia.Entity) {
	t.Helper()
	ctx := context.Background()
	var err error
	if producer, err = a.CreateEntity(ctx, office, app.EntityInput{Name: "港口镇某灯饰厂", Kind: dajia.KindProducer, Village: "沙港村"}); err != nil {
		t.Fatal(err)
	}
	if seller, err = a.CreateEntity(ctx, office, app.EntityInput{Name: "港口镇某商行", Kind: dajia.KindGrocer, Village: "群众村"}); err != nil {
		t.Fatal(err)
	}
	return producer, seller
}

func sampleIn(category, product, result string, producer, seller int64) app.SamplingInput {
	in := app.SamplingInput{PlanID: refPlan, Category: category, Product: product, Brand: "光明", Model: "TD-12", Batch: "20170801",
		ProducerID: producer, SellerID: seller, SampledOn: "2017-09-10", Lab: "中山市质量计量监督检测所", Standard: "GB 7000.1-2015",
		TestItems: "标记、防触电保护", Result: result}
	if result == "failed" {
		in.FailedItems = "防触电保护"
	}
	return in
}

func TestAFailedSampleBecomesCluesForBothCompetentUnitsOnce(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	producer, seller := samplingEntities(t, a)

	// A failed lamp recorded by the quality bureau: a clue for itself (the
	// maker, production lead of campaign 7) and one for the market bureau
	// (the seller, circulation lead), each on its 15 working days.
	r, err := a.CreateSampling(ctx, zj, sampleIn("灯具", "LED台灯", "failed", producer.ID, seller.ID))
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit != "zjfj" || r.CampaignNo != 7 || r.Village != "群众村" || !r.CCCMissing() {
		t.Fatalf("stored %+v", r.Sampling)
	}
	f, err := a.OpenSampling(ctx, zj, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Clues) != 2 {
		t.Fatalf("clues %+v", f.Clues)
	}
	want := map[string]int64{"zjfj": producer.ID, "gsfj": seller.ID}
	for _, c := range f.Clues {
		if want[c.LeadUnit] != c.EntityID || c.Source != dajia.ClueFromSampling || c.SourceRef != strconv.FormatInt(r.ID, 10) ||
			c.CampaignNo != 7 || c.ReceivedOn != dajia.MustDate("2017-09-29") || c.Due != dajia.MustDate("2017-10-26") || c.DueWhat != dajia.ClueDueDecide {
			t.Errorf("clue %+v", c)
		}
	}
	// The market bureau sees its clue in its own list.
	gl, err := a.Clues(ctx, gs, app.ClueQuery{Source: dajia.ClueFromSampling})
	if err != nil || gl.Total != 1 || gl.Clues[0].EntityID != seller.ID {
		t.Fatalf("gs clues %+v %v", gl, err)
	}

	// Updated again (the notice served), still failed: no clue again.
	in := sampleIn("灯具", "LED台灯", "failed", producer.ID, seller.ID)
	in.NotifiedOn = "2017-09-20"
	if _, err := a.UpdateSampling(ctx, zj, r.ID, in); err != nil {
		t.Fatal(err)
	}
	all, err := a.Clues(ctx, office, app.ClueQuery{Source: dajia.ClueFromSampling})
	if err != nil || all.Total != 2 {
		t.Fatalf("after update %d clues %v", all.Total, err)
	}

	// Food has one lead for making and selling: one clue naming both.
	food, err := a.CreateSampling(ctx, office, func() app.SamplingInput {
		in := sampleIn("食品", "月饼", "failed", producer.ID, seller.ID)
		in.Unit = "syjfj"
		return in
	}())
	if err != nil {
		t.Fatal(err)
	}
	ff, err := a.OpenSampling(ctx, office, food.ID)
	if err != nil || len(ff.Clues) != 1 || ff.Clues[0].LeadUnit != "syjfj" || ff.Clues[0].EntityID != producer.ID || ff.Clues[0].CampaignNo != 1 {
		t.Fatalf("food clues %+v %v", ff.Clues, err)
	}

	// Pending first, failed later: the clues come with the update.
	later, err := a.CreateSampling(ctx, gs, sampleIn("服装", "衬衫", "pending", 0, seller.ID))
	if err != nil {
		t.Fatal(err)
	}
	if lf, _ := a.OpenSampling(ctx, gs, later.ID); len(lf.Clues) != 0 {
		t.Fatalf("a pending sample gave clues %+v", lf.Clues)
	}
	if _, err := a.UpdateSampling(ctx, gs, later.ID, sampleIn("服装", "衬衫", "failed", 0, seller.ID)); err != nil {
		t.Fatal(err)
	}
	lf, err := a.OpenSampling(ctx, gs, later.ID)
	if err != nil || len(lf.Clues) != 1 || lf.Clues[0].LeadUnit != "gsfj" || lf.Clues[0].CampaignNo != 5 {
		t.Fatalf("later clues %+v %v", lf.Clues, err)
	}

	// Small appliances are led by the city bureau: the office gets the
	// clue to forward, and the recording unit cannot open it.
	kettle, err := a.CreateSampling(ctx, zj, sampleIn("小家电", "电水壶", "failed", producer.ID, seller.ID))
	if err != nil {
		t.Fatal(err)
	}
	kf, err := a.OpenSampling(ctx, office, kettle.ID)
	if err != nil || len(kf.Clues) != 1 || kf.Clues[0].LeadUnit != dajia.OfficeKey || kf.Clues[0].CampaignNo != 6 {
		t.Fatalf("kettle clues %+v %v", kf.Clues, err)
	}
	if _, err := a.Clue(ctx, zj, kf.Clues[0].ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("the unit opened the office's clue: %v", err)
	}
}

func TestSamplingValidationPermissionsAndTheWindow(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	producer, seller := samplingEntities(t, a)
	leader := dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}

	bad := sampleIn("灯具", "", "failed", 0, 0)
	bad.FailedItems, bad.SampledOn, bad.NotifiedOn = "", "2017-13-01", "soon"
	_, err := a.CreateSampling(ctx, zj, bad)
	var fe dajia.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("bad input: %v", err)
	}
	var fields []string
	for _, f := range fe {
		fields = append(fields, f.Field)
	}
	for _, want := range []string{"sampled_on", "notified_on", "product", "producer_id", "failed_items"} {
		if !slices.Contains(fields, want) {
			t.Errorf("no problem for %s in %v", want, fields)
		}
	}
	for _, tt := range []struct {
		who  dajia.Actor
		in   app.SamplingInput
		want dajia.Code
	}{
		{leader, sampleIn("灯具", "台灯", "passed", producer.ID, 0), dajia.Forbidden},
		{auditor, sampleIn("灯具", "台灯", "passed", producer.ID, 0), dajia.Forbidden},
		{zj, func() app.SamplingInput {
			in := sampleIn("灯具", "台灯", "passed", producer.ID, 0)
			in.Unit = "gsfj"
			return in
		}(), dajia.Forbidden},
		{office, sampleIn("灯具", "台灯", "passed", producer.ID, 0), dajia.Invalid}, // the office names the unit
		{zj, sampleIn("灯具", "台灯", "passed", 9999, 0), dajia.Invalid},
	} {
		if _, err := a.CreateSampling(ctx, tt.who, tt.in); dajia.ErrorCode(err) != tt.want {
			t.Errorf("%s: %v, want %s", tt.who.Name, err, tt.want)
		}
	}

	in := sampleIn("灯具", "台灯", "failed", producer.ID, seller.ID)
	in.NotifiedOn = "2017-09-20"
	r, err := a.CreateSampling(ctx, zj, in)
	if err != nil {
		t.Fatal(err)
	}
	f, err := a.OpenSampling(ctx, zj, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	// Received 20 September: the 15th day, 5 October, is a holiday; the
	// window ends on the first working day, 9 October.
	if f.Window.State != dajia.WindowOpen || f.Window.Due != dajia.MustDate("2017-10-09") || f.Window.Countdown.Left != 10 || !f.Editable {
		t.Fatalf("window %+v editable %v", f.Window, f.Editable)
	}
	if _, err := a.OpenSampling(ctx, gs, r.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit read it: %v", err)
	}
	if _, err := a.UpdateSampling(ctx, gs, r.ID, in); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit changed it: %v", err)
	}
	if _, err := a.UpdateSampling(ctx, leader, r.ID, in); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a leader changed it: %v", err)
	}
	in.Objected, in.ObjectedOn = true, "2017-09-25"
	up, err := a.UpdateSampling(ctx, zj, r.ID, in)
	if err != nil || up.Window(dajia.MustDate("2017-09-29"), a.Calendar()).State != dajia.WindowRetest {
		t.Fatalf("objection: %+v %v", up.Sampling, err)
	}
	in.RetestResult = "合格"
	if up, err = a.UpdateSampling(ctx, zj, r.ID, in); err != nil || up.Final() != dajia.SamplePassed {
		t.Fatalf("re-test: %+v %v", up.Sampling, err)
	}
	// Closed: the unit may no longer change it; the office may.
	if _, err := a.UpdateSampling(ctx, zj, r.ID, in); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a closed sampling changed by its unit: %v", err)
	}
	in.Notes = "办公室更正"
	if _, err := a.UpdateSampling(ctx, office, r.ID, in); err != nil {
		t.Fatal(err)
	}
}

func TestPassRatesCountTheRecordsAndListsAreTheUnits(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	producer, seller := samplingEntities(t, a)
	add := func(who dajia.Actor, category, product, result string, p, s int64, on string) store.SamplingRecord {
		t.Helper()
		in := sampleIn(category, product, result, p, s)
		in.SampledOn = on
		r, err := a.CreateSampling(ctx, who, in)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// zjfj: lamps 2 passed, 1 failed (seller: 群众村), 1 pending; a toy
	// passed (producer only: 沙港村). gsfj: clothing 1 failed (seller).
	add(zj, "灯具", "台灯", "passed", producer.ID, seller.ID, "2017-09-01")
	add(zj, "灯具", "台灯", "passed", producer.ID, seller.ID, "2017-09-02")
	add(zj, "灯具", "台灯", "failed", producer.ID, seller.ID, "2017-09-03")
	add(zj, "灯具", "吸顶灯", "pending", producer.ID, seller.ID, "2017-09-04")
	add(zj, "玩具", "童车", "passed", producer.ID, 0, "2017-09-05")
	add(gs, "服装", "衬衫", "failed", 0, seller.ID, "2017-09-06")
	// Outside the range asked.
	add(zj, "灯具", "台灯", "failed", producer.ID, seller.ID, "2017-08-15")

	q := app.SamplingQuery{PlanID: refPlan, From: "2017-09-01", To: "2017-09-30"}
	r, err := a.PassRates(ctx, office, q)
	if err != nil {
		t.Fatal(err)
	}
	if r.All != (dajia.PassRate{Passed: 3, Failed: 2, Pending: 1}) || r.All.Rate() != "60.0%" {
		t.Fatalf("all %+v", r.All)
	}
	wantCampaign := []dajia.PassRate{{Key: "4", Passed: 1}, {Key: "5", Failed: 1}, {Key: "7", Passed: 2, Failed: 1, Pending: 1}}
	if !slices.Equal(r.ByCampaign, wantCampaign) {
		t.Fatalf("by campaign %+v", r.ByCampaign)
	}
	wantVillage := []dajia.PassRate{{Key: "沙港村", Passed: 1}, {Key: "群众村", Passed: 2, Failed: 2, Pending: 1}}
	if !slices.Equal(r.ByVillage, wantVillage) {
		t.Fatalf("by village %+v", r.ByVillage)
	}
	if len(r.ByCategory) != 3 {
		t.Fatalf("by category %+v", r.ByCategory)
	}
	// A unit's figures are its own.
	zr, err := a.PassRates(ctx, zj, q)
	if err != nil || zr.All != (dajia.PassRate{Passed: 3, Failed: 1, Pending: 1}) {
		t.Fatalf("zj rates %+v %v", zr.All, err)
	}
	// Each figure's list holds what it counts.
	for _, tt := range []struct {
		who  dajia.Actor
		q    app.SamplingQuery
		want int
	}{
		{office, app.SamplingQuery{PlanID: refPlan, Campaign: "7", Result: dajia.SampleFailed, From: "2017-09-01", To: "2017-09-30"}, 1},
		{office, app.SamplingQuery{PlanID: refPlan, Village: "群众村", Result: dajia.SamplePassed, From: "2017-09-01", To: "2017-09-30"}, 2},
		{office, app.SamplingQuery{CCC: true}, 6}, // every sample here lacks a certificate; clothing needs none
		{office, app.SamplingQuery{}, 7},
		{zj, app.SamplingQuery{}, 6},
		{gs, app.SamplingQuery{}, 1},
		{gs, app.SamplingQuery{Unit: "zjfj"}, 0},
		{auditor, app.SamplingQuery{}, 0},
	} {
		l, err := a.Samplings(ctx, tt.who, tt.q)
		if err != nil || l.Total != tt.want || len(l.Items) != tt.want {
			t.Errorf("%s %+v: %d (%d) %v, want %d", tt.who.Name, tt.q, l.Total, len(l.Items), err, tt.want)
		}
	}
	n := 0
	if _, err := a.ExportSamplings(ctx, gs, app.SamplingQuery{}, func(r store.SamplingRecord, names map[int64]string) error {
		if r.Unit != "gsfj" || names[r.SellerID] != seller.Name {
			t.Errorf("gs exported %+v", r.Sampling)
		}
		n++
		return nil
	}); err != nil || n != 1 {
		t.Fatalf("gs export %d %v", n, err)
	}
}

func TestImportingSamplingsIsAllOrNothing(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	producer, seller := samplingEntities(t, a)
	good := sampleIn("灯具", "台灯", "failed", producer.ID, seller.ID)
	broken := sampleIn("灯具", "", "failed", producer.ID, seller.ID)
	broken.SampledOn = "2017-10-01"
	_, err := a.ImportSamplings(ctx, zj, refPlan, []app.SamplingRow{{Row: 2, In: good}, {Row: 3, In: broken}})
	var ie app.SamplingImportErrors
	if !errors.As(err, &ie) || dajia.ErrorCode(err) != dajia.Invalid || len(ie) != 2 || ie[0].Row != 3 {
		t.Fatalf("import errors %v", err)
	}
	if l, _ := a.Samplings(ctx, office, app.SamplingQuery{}); l.Total != 0 {
		t.Fatalf("a broken import stored %d", l.Total)
	}
	other := good
	other.Unit = "gsfj"
	if _, err := a.ImportSamplings(ctx, zj, refPlan, []app.SamplingRow{{Row: 2, In: other}}); !errors.As(err, &ie) || ie[0].Field != "unit" {
		t.Fatalf("another unit's row: %v", err)
	}
	many := make([]app.SamplingRow, app.MaxSamplingImport+1)
	for i := range many {
		many[i] = app.SamplingRow{Row: i + 2, In: good}
	}
	if _, err := a.ImportSamplings(ctx, zj, refPlan, many); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("an oversized import: %v", err)
	}
	if _, err := a.ImportSamplings(ctx, gs, refPlan, []app.SamplingRow{{Row: 2, In: good, Seller: "91350100M000100Y43"}}); !errors.As(err, &ie) || ie[0].Field != "seller_id" {
		t.Fatalf("an unknown credit code: %v", err)
	}
	coded, err := a.CreateEntity(ctx, office, app.EntityInput{Name: "港口镇某玩具店", CreditCode: "91350100M000100Y43", Kind: dajia.KindGrocer})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := a.ImportSamplings(ctx, zj, refPlan, []app.SamplingRow{{Row: 2, In: good}, {Row: 3, In: sampleIn("玩具", "童车", "passed", producer.ID, 0)},
		{Row: 4, In: sampleIn("玩具", "童车", "passed", 0, 0), Seller: "91350100m000100y43"}})
	if err != nil || len(recs) != 3 || recs[2].SellerID != coded.ID {
		t.Fatalf("import %v", err)
	}
	if cl, _ := a.Clues(ctx, office, app.ClueQuery{Source: dajia.ClueFromSampling}); cl.Total != 2 {
		t.Fatalf("the imported failed lamp gave %d clues", cl.Total)
	}
}
