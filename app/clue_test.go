package app_test

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

func TestCluesEndToEnd(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	leader := dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}
	zjHead := dajia.Actor{UserID: 7, Name: "zjhead", Role: dajia.RoleHead, Unit: "zjfj"}
	const plan = "zs-gangkou-2017"
	referral := app.ClueInput{PlanID: plan, Source: dajia.ClueFromReferral, SourceRef: "港市监交〔2017〕12号", ReceivedOn: "2017-09-25",
		ReferralDue: "2017-10-10", Summary: "上级交办：某商行销售假冒灯具"}

	for _, tt := range []struct {
		name string
		who  dajia.Actor
		in   func(app.ClueInput) app.ClueInput
		want dajia.Code
	}{
		{"leader may not", leader, func(in app.ClueInput) app.ClueInput { return in }, dajia.Forbidden},
		{"auditor may not", auditor, func(in app.ClueInput) app.ClueInput { return in }, dajia.Forbidden},
		{"another unit's", zj, func(in app.ClueInput) app.ClueInput { in.LeadUnit = "gsfj"; return in }, dajia.Forbidden},
		{"no document number", gs, func(in app.ClueInput) app.ClueInput { in.SourceRef = ""; return in }, dajia.Invalid},
		{"a tip source", gs, func(in app.ClueInput) app.ClueInput { in.Source, in.SourceRef = dajia.ClueFromReport, "1"; return in }, dajia.Invalid},
		{"received tomorrow", gs, func(in app.ClueInput) app.ClueInput { in.ReceivedOn = "2017-09-30"; return in }, dajia.Invalid},
		{"office without unit", office, func(in app.ClueInput) app.ClueInput { return in }, dajia.Invalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := a.CreateClue(ctx, tt.who, tt.in(referral)); dajia.ErrorCode(err) != tt.want {
				t.Fatalf("got %v, want %s", err, tt.want)
			}
		})
	}

	ref, err := a.CreateClue(ctx, gs, referral)
	if err != nil {
		t.Fatal(err)
	}
	if ref.LeadUnit != "gsfj" || ref.Status != dajia.CluePending || ref.Due != dajia.MustDate("2017-10-10") || ref.DueWhat != dajia.ClueDueReferral {
		t.Fatalf("referral stored %+v", ref)
	}
	moved, err := a.CreateClue(ctx, office, app.ClueInput{PlanID: plan, Source: dajia.ClueFromTransfer, SourceRef: "县公安局",
		LeadUnit: "zjfj", Summary: "移送：某厂生产无证灯具"})
	if err != nil || moved.LeadUnit != "zjfj" || moved.ReceivedOn != dajia.MustDate("2017-09-29") {
		t.Fatalf("transfer in: %+v %v", moved, err)
	}

	// A tip the market unit handles becomes its clue, linked, once.
	taken, err := a.TakeTips(ctx, public, plan, lamp("举报"), nil, "public")
	if err != nil {
		t.Fatal(err)
	}
	tip := taken[0].Tip
	if _, err := a.ClueFromTip(ctx, zj, tip.ID, ""); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit's tip: %v", err)
	}
	fromTip, err := a.ClueFromTip(ctx, gs, tip.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if fromTip.Source != dajia.ClueFromReport || fromTip.SourceRef != strconv.FormatInt(tip.ID, 10) || fromTip.Summary != "" || fromTip.LeadUnit != "gsfj" {
		t.Fatalf("from tip %+v", fromTip)
	}
	if _, err := a.ClueFromTip(ctx, office, tip.ID, "gsfj"); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("second clue of a tip: %v", err)
	}

	// Visibility across two units.
	for _, tt := range []struct {
		who   dajia.Actor
		id    int64
		found bool
	}{{gs, ref.ID, true}, {zj, ref.ID, false}, {zj, moved.ID, true}, {gs, moved.ID, false}, {office, moved.ID, true},
		{leader, ref.ID, true}, {auditor, ref.ID, false}} {
		_, err := a.Clue(ctx, tt.who, tt.id)
		if (err == nil) != tt.found || err != nil && dajia.ErrorCode(err) != dajia.NotFound {
			t.Fatalf("%s reads clue %d: %v", tt.who.Name, tt.id, err)
		}
	}
	for _, tt := range []struct {
		who  dajia.Actor
		q    app.ClueQuery
		want int
	}{{office, app.ClueQuery{}, 3}, {leader, app.ClueQuery{}, 3}, {gs, app.ClueQuery{}, 2}, {zj, app.ClueQuery{}, 1},
		{zj, app.ClueQuery{Unit: "gsfj"}, 0}, {office, app.ClueQuery{Unit: "zjfj"}, 1}, {auditor, app.ClueQuery{}, 0},
		{gs, app.ClueQuery{Limit: 1}, 2}} {
		l, err := a.Clues(ctx, tt.who, tt.q)
		if err != nil || l.Total != tt.want {
			t.Fatalf("%s lists %+v: total %d (%v), want %d", tt.who.Name, tt.q, l.Total, err, tt.want)
		}
		for _, c := range l.Clues {
			if !c.VisibleTo(tt.who) {
				t.Fatalf("%s lists clue %d", tt.who.Name, c.ID)
			}
		}
		if tt.q.Limit == 1 && (len(l.Clues) != 1 || l.Next != 1) {
			t.Fatalf("page: %+v", l)
		}
	}

	// Steps under the clue's rules.
	for _, tt := range []struct {
		name string
		who  dajia.Actor
		id   int64
		step string
		in   app.ClueStepInput
		want dajia.Code
	}{
		{"unknown step", gs, ref.ID, "close", app.ClueStepInput{}, dajia.NotFound},
		{"another unit's clue", zj, ref.ID, "decline", app.ClueStepInput{Note: "不构成违法"}, dajia.NotFound},
		{"leader reads only", leader, ref.ID, "decline", app.ClueStepInput{Note: "不构成违法"}, dajia.Forbidden},
		{"officer may not extend", gs, ref.ID, "extend", app.ClueStepInput{Note: "需要检验"}, dajia.Forbidden},
		{"head extends", gsHead, ref.ID, "extend", app.ClueStepInput{Note: "需要检验"}, ""},
		{"once only", gsHead, ref.ID, "extend", app.ClueStepInput{Note: "还需检验"}, dajia.Conflict},
		{"decline needs a reason", gs, ref.ID, "decline", app.ClueStepInput{}, dajia.Invalid},
		{"decline", gs, ref.ID, "decline", app.ClueStepInput{Note: "经核查不构成违法"}, ""},
		{"decided", gs, ref.ID, "open", app.ClueStepInput{Case: 1}, dajia.Conflict},
		{"transfer to itself", zjHead, moved.ID, "transfer", app.ClueStepInput{To: "zjfj"}, dajia.Invalid},
		{"transfer", zjHead, moved.ID, "transfer", app.ClueStepInput{To: "gsfj", Note: "属销售环节"}, ""},
		{"open needs a case", gs, fromTip.ID, "open", app.ClueStepInput{}, dajia.Invalid},
		{"open refuses a bare case id", gs, fromTip.ID, "open", app.ClueStepInput{Case: 7}, dajia.Invalid},
		{"open", gs, fromTip.ID, "open", app.ClueStepInput{Number: "中港质监罚[2017]7号", Violations: []dajia.Violation{dajia.ViolationLabel}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.ClueStep(ctx, tt.who, tt.id, tt.step, tt.in)
			if tt.want == "" && err != nil || tt.want != "" && dajia.ErrorCode(err) != tt.want {
				t.Fatalf("got %v, want %q", err, tt.want)
			}
		})
	}
	f, err := a.OpenClue(ctx, gs, ref.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c := f.Clue; c.Status != dajia.ClueDecided || c.Outcome != dajia.ClueNotOpened || !c.Extended || !c.Due.IsZero() || c.Reason != "经核查不构成违法" {
		t.Fatalf("declined %+v", c)
	}
	if len(f.Events) != 3 || f.Events[0].Action != "receive" || f.Events[1].Action != "extend" || f.Events[2].Action != "decline" {
		t.Fatalf("history %+v", f.Events)
	}
	// Each step is audited with its values of workflow; what people wrote
	// is kept by name only.
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Object: fmt.Sprintf("clue:%d", ref.ID), Limit: 10})
	if err != nil || len(recs) != 3 {
		t.Fatalf("audit of the referral: %d records (%v)", len(recs), err)
	}
	for _, r := range recs {
		if strings.Contains(r.Before+r.After, "经核查") || strings.Contains(r.Before+r.After, "上级交办：") {
			t.Fatalf("the trail keeps what staff wrote: %+v", r)
		}
		if r.Action == "clue.decline" && (!strings.Contains(r.After, `"decided"`) || !strings.Contains(r.Fields, "reason")) {
			t.Fatalf("the decline's record: %+v", r)
		}
	}
	if c, _ := a.Clue(ctx, office, moved.ID); c.Outcome != dajia.ClueToUnit || c.TransferTo != "gsfj" {
		t.Fatalf("transferred %+v", c)
	}
	if c, _ := a.Clue(ctx, gs, fromTip.ID); c.Outcome != dajia.ClueOpened || c.CaseID == 0 {
		t.Fatalf("opened %+v", c)
	} else if k, err := a.Case(ctx, gs, c.CaseID); err != nil || k.Number != "中港质监罚〔2017〕7号" || k.ClueID != fromTip.ID {
		t.Fatalf("the clue's case %+v %v", k, err)
	}
	if l, _ := a.Clues(ctx, office, app.ClueQuery{Status: dajia.CluePending}); l.Total != 0 {
		t.Fatalf("pending left: %+v", l)
	}
}
