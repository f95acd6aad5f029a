package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// caseClue takes in a referral clue for the unit of who.
func caseClue(t *testing.T, a *app.App, who dajia.Actor, ref string) dajia.Clue {
	t.Helper()
	c, err := a.CreateClue(context.Background(), who, app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: ref,
		ReceivedOn: "2017-09-20", Summary: "上级交办：某商行销售假冒灯具"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func wantCode(t *testing.T, what string, err error, want dajia.Code) {
	t.Helper()
	if want == "" && err != nil || want != "" && dajia.ErrorCode(err) != want {
		t.Fatalf("%s: got %v, want %q", what, err, want)
	}
}

var (
	caseLeader = dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}
	caseZjHead = dajia.Actor{UserID: 7, Name: "zjhead", Role: dajia.RoleHead, Unit: "zjfj"}
	adminAcc   = dajia.Actor{UserID: 8, Name: "admin", Role: dajia.RoleSysadmin}
	labelOnly  = []dajia.Violation{dajia.ViolationLabel}
)

func TestOpeningCasesAndTheirNumbers(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	c1 := caseClue(t, a, gs, "交办1号")
	c2 := caseClue(t, a, gs, "交办2号")
	c3 := caseClue(t, a, gs, "交办3号")

	// Without a prefix and without a typed number: refused, saying who sets it.
	_, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: c1.ID, Violations: labelOnly})
	var de *dajia.Error
	if dajia.ErrorCode(err) != dajia.Invalid || !errorsAs(err, &de) || de.Field != "number" || !strings.Contains(de.Message, "负责人") {
		t.Fatalf("no prefix: %v", err)
	}
	for _, tt := range []struct {
		name   string
		who    dajia.Actor
		unit   string
		prefix string
		want   dajia.Code
	}{
		{"an officer may not", gs, "", "中港质监罚", dajia.Forbidden},
		{"another unit's head may not", caseZjHead, "gsfj", "中港质监罚", dajia.Forbidden},
		{"a caseLeader may not", caseLeader, "gsfj", "中港质监罚", dajia.Forbidden},
		{"digits", gsHead, "", "中港1罚", dajia.Invalid},
		{"no such unit", office, "nowhere", "中港罚", dajia.Invalid},
		{"the head, its own", gsHead, "", "中港质监罚", ""},
		{"the office, any unit", office, "zjfj", "中港质检罚", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wantCode(t, "set prefix", a.SetCasePrefix(ctx, tt.who, tt.unit, tt.prefix), tt.want)
		})
	}
	if p, ok, err := a.CasePrefix(ctx, gs, ""); p != "中港质监罚" || !ok || err != nil {
		t.Fatalf("prefix %q %v %v", p, ok, err)
	}

	for _, tt := range []struct {
		name string
		who  dajia.Actor
		in   app.CaseInput
		want dajia.Code
	}{
		{"another unit's clue", zj, app.CaseInput{ClueID: c1.ID, Violations: labelOnly}, dajia.NotFound},
		{"a caseLeader reads only", caseLeader, app.CaseInput{ClueID: c1.ID, Violations: labelOnly}, dajia.Forbidden},
		{"no violation", gs, app.CaseInput{ClueID: c1.ID}, dajia.Invalid},
		{"unknown violation", gs, app.CaseInput{ClueID: c1.ID, Violations: []dajia.Violation{"murder"}}, dajia.Invalid},
		{"another prefix", gs, app.CaseInput{ClueID: c1.ID, Number: "中港质检罚〔2017〕3号", Violations: labelOnly}, dajia.Invalid},
		{"another year", gs, app.CaseInput{ClueID: c1.ID, Number: "中港质监罚〔2016〕3号", Violations: labelOnly}, dajia.Invalid},
		{"malformed number", gs, app.CaseInput{ClueID: c1.ID, Number: "第3号", Violations: labelOnly}, dajia.Invalid},
		{"lead unit cooperates", gs, app.CaseInput{ClueID: c1.ID, Cooperating: []string{"gsfj"}, Violations: labelOnly}, dajia.Invalid},
		{"no such campaign", gs, app.CaseInput{ClueID: c1.ID, CampaignNo: 99, Violations: labelOnly}, dajia.Invalid},
		{"no such entity", gs, app.CaseInput{ClueID: c1.ID, EntityID: 99, Violations: labelOnly}, dajia.NotFound},
		{"opened tomorrow", gs, app.CaseInput{ClueID: c1.ID, OpenedOn: "2017-09-30", Violations: labelOnly}, dajia.Invalid},
		{"opened before the clue", gs, app.CaseInput{ClueID: c1.ID, OpenedOn: "2017-09-01", Violations: labelOnly}, dajia.Invalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.OpenCase(ctx, tt.who, tt.in)
			wantCode(t, "open", err, tt.want)
		})
	}

	first, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: c1.ID, Cooperating: []string{"zjfj"}, Violations: labelOnly})
	if err != nil {
		t.Fatal(err)
	}
	if first.Number != "中港质监罚〔2017〕1号" || first.LeadUnit != "gsfj" || first.Status != dajia.CaseOpened || first.PlanID != "zs-gangkou-2017" ||
		first.OpenedOn != dajia.MustDate("2017-09-29") || first.DueWhat != dajia.DueCaseDecide || first.Due.IsZero() || len(first.Cooperating) != 1 {
		t.Fatalf("first case %+v", first)
	}
	if c, _ := a.Clue(ctx, gs, c1.ID); c.Outcome != dajia.ClueOpened || c.CaseID != first.ID || !c.Due.IsZero() {
		t.Fatalf("the clue after 立案 %+v", c)
	}
	if _, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: c1.ID, Violations: labelOnly}); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a decided clue opened again: %v", err)
	}
	// A typed number of the series moves the series past it; the brackets
	// typed are written properly.
	typed, err := a.OpenCase(ctx, office, app.CaseInput{ClueID: c2.ID, Number: "中港质监罚[2017]5", Violations: labelOnly})
	if err != nil || typed.Number != "中港质监罚〔2017〕5号" {
		t.Fatalf("typed %+v %v", typed, err)
	}
	if _, err := a.OpenCase(ctx, gsHead, app.CaseInput{ClueID: c3.ID, Number: "中港质监罚〔2017〕5号", Violations: labelOnly}); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a number used twice: %v", err)
	}
	next, err := a.OpenCase(ctx, gsHead, app.CaseInput{ClueID: c3.ID, Violations: labelOnly})
	if err != nil || next.Number != "中港质监罚〔2017〕6号" {
		t.Fatalf("after the typed number %+v %v", next, err)
	}

	// The clue's open step opens the case too; a bare case id is refused.
	c4 := caseClue(t, a, zj, "交办4号")
	if _, err := a.ClueStep(ctx, zj, c4.ID, "open", app.ClueStepInput{Case: first.ID}); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("bare case id: %v", err)
	}
	cl, err := a.ClueStep(ctx, zj, c4.ID, "open", app.ClueStepInput{Violations: labelOnly})
	if err != nil || cl.CaseID == 0 {
		t.Fatalf("open step %+v %v", cl, err)
	}
	if k, err := a.Case(ctx, zj, cl.CaseID); err != nil || k.Number != "中港质检罚〔2017〕1号" {
		t.Fatalf("the zj case %+v %v", k, err)
	}

	// One transaction: the case, the clue's decision and both audit records.
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Object: fmt.Sprintf("case:%d", first.ID), Limit: 10})
	if err != nil || len(recs) != 1 || recs[0].Action != "case.create" || !strings.Contains(recs[0].After, "中港质监罚〔2017〕1号") {
		t.Fatalf("case audit %+v %v", recs, err)
	}
	recs, err = a.DB().AuditLog(ctx, store.AuditFilter{Object: fmt.Sprintf("clue:%d", c1.ID), Limit: 10})
	if err != nil || len(recs) != 2 || recs[0].Action != "clue.open" {
		t.Fatalf("clue audit %+v %v", recs, err)
	}
	recs, err = a.DB().AuditLog(ctx, store.AuditFilter{Object: "settings:case_prefix/gsfj", Limit: 10})
	if err != nil || len(recs) != 1 || !strings.Contains(recs[0].After, "中港质监罚") {
		t.Fatalf("prefix audit %+v %v", recs, err)
	}
}

func errorsAs(err error, de **dajia.Error) bool {
	e, ok := err.(*dajia.Error)
	if !ok {
		return false
	}
	*de = e
	return true
}

// openCase opens a case for the clue of gs, its prefix set.
func openCase(t *testing.T, a *app.App, ref string, coop ...string) store.CaseRecord {
	t.Helper()
	ctx := context.Background()
	if err := a.SetCasePrefix(ctx, office, "gsfj", "中港质监罚"); err != nil {
		t.Fatal(err)
	}
	c := caseClue(t, a, gs, ref)
	k, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: c.ID, Cooperating: coop, Violations: []dajia.Violation{dajia.ViolationFakeInferior}})
	if err != nil {
		t.Fatal(err)
	}
	return k
}

type caseStep struct {
	name string
	who  dajia.Actor
	step string
	in   app.CaseStepInput
	want dajia.Code
}

func runSteps(t *testing.T, a *app.App, id int64, steps []caseStep) {
	t.Helper()
	for _, tt := range steps {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.CaseStep(context.Background(), tt.who, id, tt.step, tt.in)
			wantCode(t, tt.step, err, tt.want)
		})
	}
}

func TestTheCaseLifecycle(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	k := openCase(t, a, "交办1号", "zjfj")
	runSteps(t, a, k.ID, []caseStep{
		{"unknown step", gs, "finish", app.CaseStepInput{}, dajia.NotFound},
		{"decide from opened", gsHead, "decide", app.CaseStepInput{}, dajia.Conflict},
		{"cooperating unit sees, cannot act", zj, "investigate", app.CaseStepInput{}, dajia.Forbidden},
		{"caseLeader reads only", caseLeader, "investigate", app.CaseStepInput{}, dajia.Forbidden},
		{"admin sees none", adminAcc, "investigate", app.CaseStepInput{}, dajia.NotFound},
		{"investigate", gs, "investigate", app.CaseStepInput{}, ""},
		{"investigate twice", gs, "investigate", app.CaseStepInput{}, dajia.Conflict},
		{"an officer may not extend", gs, "extend", app.CaseStepInput{Note: "需要鉴定"}, dajia.Forbidden},
		{"extend needs the reason", gsHead, "extend", app.CaseStepInput{}, dajia.Invalid},
		{"more before the 30 days", gsHead, "extend_more", app.CaseStepInput{Days: 10, Note: "集体讨论"}, dajia.Conflict},
		{"extend", gsHead, "extend", app.CaseStepInput{Note: "需要鉴定"}, ""},
		{"extend once", gsHead, "extend", app.CaseStepInput{Note: "还需鉴定"}, dajia.Conflict},
		{"more: days out of range", gsHead, "extend_more", app.CaseStepInput{Days: 0, Note: "集体讨论"}, dajia.Invalid},
		{"more", gsHead, "extend_more", app.CaseStepInput{Days: 10, Note: "2017年10月集体讨论决定"}, ""},
		{"an oversized note", gs, "review", app.CaseStepInput{Note: strings.Repeat("长", dajia.MaxCaseNote+1)}, dajia.Invalid},
		{"review", gs, "review", app.CaseStepInput{}, ""},
		{"publish before the decision", gs, "publish", app.CaseStepInput{}, dajia.Conflict},
		{"notify", gs, "notify", app.CaseStepInput{}, ""},
		{"hear", gs, "hear", app.CaseStepInput{}, ""},
		{"the officer may not decide", gs, "decide", app.CaseStepInput{}, dajia.Forbidden},
		{"decide", gsHead, "decide", app.CaseStepInput{}, ""},
		{"withdraw after the decision", gsHead, "withdraw", app.CaseStepInput{Note: "x"}, dajia.Conflict},
		{"close before execution", gsHead, "close", app.CaseStepInput{}, dajia.Conflict},
		{"execute", gs, "execute", app.CaseStepInput{}, ""},
		{"publish", gs, "publish", app.CaseStepInput{}, ""},
		{"publish twice", gs, "publish", app.CaseStepInput{}, dajia.Conflict},
		{"close", gsHead, "close", app.CaseStepInput{}, ""},
	})
	f, err := a.CaseFile(ctx, gs, k.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := f.Case
	if c.Status != dajia.CaseClosed || !c.Extended || c.ExtraDays != 10 || c.DecidedOn.IsZero() || c.PublishedOn.IsZero() || c.ClosedOn.IsZero() ||
		!c.Due.IsZero() || len(f.Clocks) != 0 || f.EditFacts {
		t.Fatalf("closed %+v %+v", c, f)
	}
	var acts []string
	for _, e := range f.Events {
		acts = append(acts, e.Action)
	}
	if got := strings.Join(acts, " "); got != "open investigate extend extend_more review notify hear decide execute publish close" {
		t.Fatalf("timeline %s", got)
	}
	if _, err := a.UpdateCaseFacts(ctx, gs, k.ID, app.CaseFacts{Violations: labelOnly}); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("facts of a closed case: %v", err)
	}
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Object: fmt.Sprintf("case:%d", k.ID), Limit: 50})
	if err != nil || len(recs) != 11 {
		t.Fatalf("audit: %d %v", len(recs), err)
	}
	for _, r := range recs {
		if strings.Contains(r.Before+r.After, "集体讨论") || strings.Contains(r.Before+r.After, "鉴定") {
			t.Fatalf("the trail keeps what staff wrote: %+v", r)
		}
		if r.Action == "case.decide" && !strings.Contains(r.After, `"decided"`) {
			t.Fatalf("decide record %+v", r)
		}
	}
}

func facts(sales string, v ...dajia.Violation) app.CaseFacts {
	return app.CaseFacts{Violations: v, Sales: json.Number(sales),
		Goods: []app.GoodsInput{{Name: "台灯", Brand: "某牌", Quantity: "100", Unit: "件", UnitPrice: "35.5"}}}
}

func TestFactsThresholdsAndTransfer(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	k := openCase(t, a, "交办1号", "zjfj")
	fake := dajia.ViolationFakeInferior
	for _, tt := range []struct {
		name string
		who  dajia.Actor
		f    app.CaseFacts
		want dajia.Code
	}{
		{"a cooperating unit may not", zj, facts("1", fake), dajia.Forbidden},
		{"a caseLeader may not", caseLeader, facts("1", fake), dajia.Forbidden},
		{"an administrator sees none", adminAcc, facts("1", fake), dajia.NotFound},
		{"negative sales", gs, facts("-1", fake), dajia.Invalid},
		{"five decimals", gs, facts("1.00001", fake), dajia.Invalid},
		{"not a number", gs, facts("1e9", fake), dajia.Invalid},
		{"no violation", gs, facts("1"), dajia.Invalid},
		{"goods without a name", gs, app.CaseFacts{Violations: labelOnly, Goods: []app.GoodsInput{{Quantity: "1", Unit: "件"}}}, dajia.Invalid},
		{"goods too dear", gs, app.CaseFacts{Violations: labelOnly, Goods: []app.GoodsInput{{Name: "x", Quantity: "999999999999", Unit: "件", UnitPrice: "999999999999"}}}, dajia.Invalid},
		{"another unit cooperating twice", gs, app.CaseFacts{Violations: labelOnly, Cooperating: []string{"gsfj"}}, dajia.Invalid},
		{"excluded days", gs, app.CaseFacts{Violations: labelOnly, ExcludedDays: -1}, dajia.Invalid},
		{"below the threshold", gs, facts("40000", fake), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.UpdateCaseFacts(ctx, tt.who, k.ID, tt.f)
			wantCode(t, "facts", err, tt.want)
		})
	}
	f, err := a.CaseFile(ctx, gs, k.ID)
	if err != nil || f.ConsiderTransfer || len(f.Crossed) != 0 || len(f.Case.Goods) != 1 || f.Case.GoodsValue() != 3550*dajia.AmountScale || len(f.Case.Cooperating) != 0 {
		t.Fatalf("below %+v %v", f, err)
	}
	// Over ¥50,000 of sales of fake goods: consider the transfer.
	if _, err := a.UpdateCaseFacts(ctx, gs, k.ID, facts("60000", fake)); err != nil {
		t.Fatal(err)
	}
	f, _ = a.CaseFile(ctx, gs, k.ID)
	if !f.ConsiderTransfer || len(f.Crossed) != 2 || f.Crossed[0].ID != "fake-sales" || !f.Steps[dajia.TransferPropose] {
		t.Fatalf("over %+v", f)
	}
	runSteps(t, a, k.ID, []caseStep{
		{"withdraw without the reason", gsHead, "withdraw", app.CaseStepInput{}, dajia.Invalid},
		{"propose", gs, "transfer_propose", app.CaseStepInput{Note: "涉嫌犯罪"}, ""},
		{"withdraw while proposed", gsHead, "withdraw", app.CaseStepInput{Note: "x"}, dajia.Conflict},
		{"send before approval", gs, "transfer_send", app.CaseStepInput{}, dajia.Conflict},
		{"the officer may not approve", gs, "transfer_approve", app.CaseStepInput{}, dajia.Forbidden},
		{"refuse needs the reason", gsHead, "transfer_refuse", app.CaseStepInput{}, dajia.Invalid},
		{"approve", gsHead, "transfer_approve", app.CaseStepInput{}, ""},
		{"send", gs, "transfer_send", app.CaseStepInput{}, ""},
		{"police refuse without reason", gs, "police_refused", app.CaseStepInput{}, dajia.Invalid},
		{"police refuse", gs, "police_refused", app.CaseStepInput{Note: "证据不足"}, ""},
		{"propose again", gs, "transfer_propose", app.CaseStepInput{Note: "补充证据"}, ""},
		{"approve again", gsHead, "transfer_approve", app.CaseStepInput{}, ""},
		{"send again", gs, "transfer_send", app.CaseStepInput{}, ""},
		{"close before the police answer", gsHead, "close", app.CaseStepInput{}, dajia.Conflict},
		{"police file", gs, "police_filed", app.CaseStepInput{}, ""},
		{"close", gsHead, "close", app.CaseStepInput{}, ""},
	})
	if c, _ := a.Case(ctx, office, k.ID); c.Status != dajia.CaseClosed || c.Transfer.Status != dajia.TransferFiled || c.NoTransferReason != "" {
		t.Fatalf("transferred %+v", c)
	}

	// Closing a case over a threshold without transfer needs the reason.
	k2 := openCase(t, a, "交办2号")
	if _, err := a.UpdateCaseFacts(ctx, gs, k2.ID, facts("60000", fake)); err != nil {
		t.Fatal(err)
	}
	runSteps(t, a, k2.ID, []caseStep{
		{"investigate", gs, "investigate", app.CaseStepInput{}, ""},
		{"review", gs, "review", app.CaseStepInput{}, ""},
		{"no penalty", gsHead, "no_penalty", app.CaseStepInput{Note: "情节轻微"}, ""},
		{"close without the reason", gsHead, "close", app.CaseStepInput{}, dajia.Invalid},
		{"close with the reason", gsHead, "close", app.CaseStepInput{Note: "经鉴定实际货值未达标准"}, ""},
	})
	if c, _ := a.Case(ctx, office, k2.ID); c.NoTransferReason != "经鉴定实际货值未达标准" || c.Reason != "情节轻微" {
		t.Fatalf("no transfer %+v", c)
	}
}

func TestCaseRulesAreTheOfficesAndUsed(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	rules, err := a.CaseRules(ctx)
	if err != nil || len(rules.Thresholds) != len(dajia.DefaultThresholdRules()) || len(rules.Major) != len(dajia.DefaultMajorRules()) {
		t.Fatalf("defaults %+v %v", rules, err)
	}
	lbl := dajia.ThresholdRule{ID: "labelOnly-local", Offence: dajia.ViolationLabel, Source: "本地试行", SalesFactor: 1, Min: 1000 * dajia.AmountScale}
	wantCode(t, "officer", a.SetThresholdRules(ctx, gsHead, []dajia.ThresholdRule{lbl}), dajia.Forbidden)
	bad := lbl
	bad.Min = 0
	wantCode(t, "bad rule", a.SetThresholdRules(ctx, office, []dajia.ThresholdRule{bad}), dajia.Invalid)
	wantCode(t, "twice", a.SetThresholdRules(ctx, office, []dajia.ThresholdRule{lbl, lbl}), dajia.Invalid)
	wantCode(t, "set", a.SetThresholdRules(ctx, office, append(dajia.DefaultThresholdRules(), lbl)), "")
	big := dajia.MajorRule{ID: "amount", Kind: dajia.MajorAmount, Min: 2000 * dajia.AmountScale, Source: "打假办设定"}
	wantCode(t, "bad major", a.SetMajorRules(ctx, office, []dajia.MajorRule{{ID: "x", Kind: "fame"}}), dajia.Invalid)
	wantCode(t, "major by head", a.SetMajorRules(ctx, gsHead, []dajia.MajorRule{big}), dajia.Forbidden)
	wantCode(t, "set major", a.SetMajorRules(ctx, office, []dajia.MajorRule{big}), "")
	if r, _ := a.CaseRules(ctx); len(r.Thresholds) != len(dajia.DefaultThresholdRules())+1 || len(r.Major) != 1 || r.Major[0].Min != big.Min {
		t.Fatalf("stored %+v", r)
	}

	k := openCase(t, a, "交办1号")
	k2 := openCase(t, a, "交办2号")
	if _, err := a.UpdateCaseFacts(ctx, gs, k.ID, facts("3000", dajia.ViolationLabel)); err != nil {
		t.Fatal(err)
	}
	f, _ := a.CaseFile(ctx, gs, k.ID)
	if !f.ConsiderTransfer || len(f.Crossed) != 1 || f.Crossed[0].ID != "labelOnly-local" || !f.Major || !f.Case.IsMajor {
		t.Fatalf("under the office's rules %+v", f)
	}
	l, err := a.Cases(ctx, office, app.CaseQuery{MajorOnly: true})
	if err != nil || l.Total != 1 || l.Cases[0].ID != k.ID {
		t.Fatalf("major list %+v %v", l, err)
	}
	// Back to the defaults (¥100,000): the list follows at once.
	wantCode(t, "defaults", a.SetMajorRules(ctx, office, nil), "")
	if l, _ := a.Cases(ctx, office, app.CaseQuery{MajorOnly: true}); l.Total != 0 {
		t.Fatalf("major under the defaults %+v", l)
	}
	if l, _ := a.Cases(ctx, office, app.CaseQuery{}); l.Total != 2 || l.Cases[0].ID != k2.ID && l.Cases[1].ID != k2.ID {
		t.Fatalf("all %+v", l)
	}
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Object: "settings:threshold_rules", Limit: 10})
	if err != nil || len(recs) != 1 || !strings.Contains(recs[0].After, "labelOnly-local") {
		t.Fatalf("rules audit %+v %v", recs, err)
	}
	if recs, _ := a.DB().AuditLog(ctx, store.AuditFilter{Object: "settings:major_rules", Limit: 10}); len(recs) != 2 {
		t.Fatalf("major audit %+v", recs)
	}
}

func TestCaseVisibility(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	k := openCase(t, a, "交办1号")
	coop := openCase(t, a, "交办2号", "zjfj")
	if err := a.SetCasePrefix(ctx, caseZjHead, "", "中港质检罚"); err != nil {
		t.Fatal(err)
	}
	zc := caseClue(t, a, zj, "交办3号")
	zk, err := a.OpenCase(ctx, zj, app.CaseInput{ClueID: zc.ID, Violations: labelOnly})
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		who   dajia.Actor
		id    int64
		found bool
	}{{gs, k.ID, true}, {zj, k.ID, false}, {zj, coop.ID, true}, {gs, zk.ID, false}, {zj, zk.ID, true}, {office, zk.ID, true},
		{caseLeader, k.ID, true}, {auditor, k.ID, false}, {adminAcc, k.ID, false}} {
		_, err := a.CaseFile(ctx, tt.who, tt.id)
		if (err == nil) != tt.found || err != nil && dajia.ErrorCode(err) != dajia.NotFound {
			t.Fatalf("%s reads case %d: %v", tt.who.Name, tt.id, err)
		}
	}
	if f, _ := a.CaseFile(ctx, zj, coop.ID); len(f.Steps) != 0 || f.EditFacts {
		t.Fatalf("a cooperating unit's steps %+v", f.Steps)
	}
	for _, tt := range []struct {
		who  dajia.Actor
		q    app.CaseQuery
		want int
	}{{office, app.CaseQuery{}, 3}, {caseLeader, app.CaseQuery{}, 3}, {gs, app.CaseQuery{}, 2}, {zj, app.CaseQuery{}, 2},
		{zj, app.CaseQuery{Unit: "gsfj"}, 0}, {office, app.CaseQuery{Unit: "zjfj"}, 2}, {auditor, app.CaseQuery{}, 0}, {adminAcc, app.CaseQuery{}, 0},
		{office, app.CaseQuery{Status: dajia.CaseOpened}, 3}, {office, app.CaseQuery{Status: dajia.CaseClosed}, 0},
		{office, app.CaseQuery{Transfer: "none"}, 3}, {office, app.CaseQuery{Overdue: true}, 0}, {office, app.CaseQuery{CampaignNo: 1}, 0},
		{gs, app.CaseQuery{Limit: 1}, 2}} {
		l, err := a.Cases(ctx, tt.who, tt.q)
		if err != nil || l.Total != tt.want {
			t.Fatalf("%s lists %+v: total %d (%v), want %d", tt.who.Name, tt.q, l.Total, err, tt.want)
		}
		for _, c := range l.Cases {
			if !c.VisibleTo(tt.who) {
				t.Fatalf("%s lists case %d", tt.who.Name, c.ID)
			}
		}
		if tt.q.Limit == 1 && (len(l.Cases) != 1 || l.Next != 1) {
			t.Fatalf("page %+v", l)
		}
	}
	if _, err := a.Cases(ctx, office, app.CaseQuery{Transfer: "lost"}); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("unknown transfer status: %v", err)
	}
}
