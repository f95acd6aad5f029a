package app_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// decidedCase is a case of gs about an entity whose legal representative
// is 王大明, with a fine, decided by the head.
func decidedCase(t *testing.T, a *app.App, ref string) store.CaseRecord {
	t.Helper()
	ctx := context.Background()
	k := openCase(t, a, ref)
	e, err := a.CreateEntity(ctx, gs, app.EntityInput{Name: "港口镇某灯饰商行" + ref, Kind: dajia.KindProducer, LegalRep: "王大明"})
	if err != nil {
		t.Fatal(err)
	}
	f := facts("3000", dajia.ViolationFakeInferior)
	f.EntityID, f.Fine, f.Confiscation = e.ID, "20000", "3500.5"
	if _, err := a.UpdateCaseFacts(ctx, gs, k.ID, f); err != nil {
		t.Fatal(err)
	}
	runSteps(t, a, k.ID, []caseStep{{"investigate", gs, "investigate", app.CaseStepInput{}, ""}, {"review", gs, "review", app.CaseStepInput{}, ""},
		{"notify", gs, "notify", app.CaseStepInput{}, ""}, {"decide", gsHead, "decide", app.CaseStepInput{}, ""}})
	return k
}

const exposureText = "经查，当事人港口镇某灯饰商行（法定代表人王大明，身份证号码44200019800101123X，联系电话13800138000，家住港口镇民安路8号）" +
	"销售不合格灯具。店员李小红在场。"

func TestExposingADecidedCase(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	open := openCase(t, a, "交办0号")
	k := decidedCase(t, a, "交办1号")
	in := app.ExposureInput{Title: "王大明经营的商行销售不合格灯具案", Text: exposureText, Names: []string{"李小红"}}

	for _, tt := range []struct {
		name string
		who  dajia.Actor
		id   int64
		in   app.ExposureInput
		want dajia.Code
	}{
		{"another unit's case", zj, k.ID, in, dajia.NotFound},
		{"an officer", gs, k.ID, in, dajia.Forbidden},
		{"a leader", caseLeader, k.ID, in, dajia.Forbidden},
		{"an administrator", adminAcc, k.ID, in, dajia.NotFound},
		{"a case not decided", gsHead, open.ID, in, dajia.Conflict},
		{"no title", gsHead, k.ID, app.ExposureInput{Text: "x"}, dajia.Invalid},
		{"too long", gsHead, k.ID, app.ExposureInput{Title: "t", Text: strings.Repeat("长", dajia.MaxExposureText+1)}, dajia.Invalid},
		{"a name repeated is one", gsHead, k.ID, app.ExposureInput{Title: "t", Text: "x", Names: strings.Split(strings.Repeat("张三\n", 60)+"李四", "\n")}, ""},
		{"too many names", gsHead, k.ID, app.ExposureInput{Title: "t", Text: "x", Names: manyNames(app.MaxExposureNames + 1)}, dajia.Invalid},
		{"a name too long", gsHead, k.ID, app.ExposureInput{Title: "t", Text: "x", Names: []string{strings.Repeat("名", 51)}}, dajia.Invalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := a.DraftExposure(ctx, tt.who, tt.id, tt.in)
			wantCode(t, "draft", err, tt.want)
		})
	}

	p, err := a.DraftExposure(ctx, gsHead, k.ID, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, leak := range []string{"王大明", "李小红", "44200019800101123X", "13800138000", "民安路"} {
		if strings.Contains(p.Title+p.Text, leak) {
			t.Fatalf("the draft keeps %s: %s %s", leak, p.Title, p.Text)
		}
	}
	if !strings.Contains(p.Title, "王某某") || !strings.Contains(p.Text, "李某某") || !strings.Contains(p.Text, "港口镇某灯饰商行") {
		t.Fatalf("draft %s / %s", p.Title, p.Text)
	}
	// The legal representative is redacted, but the publisher is shown
	// only the masked name.
	kinds := map[dajia.RedactKind]int{}
	for _, r := range p.Redactions {
		kinds[r.Kind]++
		if strings.Contains(r.Text, "王大明") {
			t.Fatalf("the preview shows the legal representative: %+v", r)
		}
	}
	if kinds[dajia.RedactName] != 3 || kinds[dajia.RedactID] != 1 || kinds[dajia.RedactMobile] != 1 || kinds[dajia.RedactAddress] != 1 {
		t.Fatalf("redactions %v", kinds)
	}
	var joined strings.Builder
	for _, part := range p.TextParts {
		joined.WriteString(part.Text)
	}
	if joined.String() != p.Text || p.Fine != dajia.Amount(20000*dajia.AmountScale) || p.DecidedOn.IsZero() {
		t.Fatalf("parts %q, draft %+v", joined.String(), p.Exposure)
	}

	// Publishing: the digest of another text is refused; so is an officer.
	changed := in
	changed.Names = nil
	if _, err := a.PublishExposure(ctx, gsHead, k.ID, changed, p.Digest); dajia.ErrorCode(err) != dajia.Conflict || !strings.Contains(err.Error(), "预览") {
		t.Fatalf("a changed text with the old digest: %v", err)
	}
	if _, err := a.PublishExposure(ctx, gsHead, k.ID, in, ""); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("no digest: %v", err)
	}
	if _, err := a.PublishExposure(ctx, gs, k.ID, in, p.Digest); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("an officer publishes: %v", err)
	}
	e, err := a.PublishExposure(ctx, gsHead, k.ID, in, p.Digest)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != p.Title || e.Text != p.Text || e.Number != k.Number || e.PlanID != "zs-gangkou-2017" || !e.Live() || len(e.Redacted) != 6 ||
		len(e.Violations) != 1 || e.PublishedBy != gsHead.Name {
		t.Fatalf("published %+v", e)
	}
	// One live exposure per case.
	if _, err := a.PublishExposure(ctx, office, k.ID, in, p.Digest); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a second live exposure: %v", err)
	}
	if got, err := a.Exposure(ctx, e.ID); err != nil || got.Text != e.Text {
		t.Fatalf("public %+v %v", got, err)
	}
	if l, err := a.Exposures(ctx, 0); err != nil || len(l.Exposures) != 1 || l.Next != 0 {
		t.Fatalf("list %+v %v", l, err)
	}

	// Withdrawing: the reason, the publisher's rule, audited.
	for _, tt := range []struct {
		name   string
		who    dajia.Actor
		reason string
		want   dajia.Code
	}{
		{"another unit", zj, "错误", dajia.NotFound},
		{"an officer", gs, "错误", dajia.Forbidden},
		{"no reason", gsHead, " ", dajia.Invalid},
		{"withdraw", office, "当事人已申请复议", ""},
		{"twice", office, "再撤", dajia.Conflict},
	} {
		t.Run("withdraw "+tt.name, func(t *testing.T) {
			_, err := a.WithdrawExposure(ctx, tt.who, e.ID, tt.reason)
			wantCode(t, "withdraw", err, tt.want)
		})
	}
	if _, err := a.Exposure(ctx, e.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("a withdrawn exposure is public: %v", err)
	}
	if l, err := a.Exposures(ctx, 0); err != nil || len(l.Exposures) != 0 {
		t.Fatalf("list after withdrawal %+v %v", l, err)
	}
	if _, err := a.ExposuresOfCase(ctx, zj, k.ID); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("another unit's exposures: %v", err)
	}
	// Once withdrawn, the case may be exposed again.
	again, err := a.PublishExposure(ctx, office, k.ID, in, p.Digest)
	if err != nil {
		t.Fatal(err)
	}
	all, err := a.ExposuresOfCase(ctx, gs, k.ID)
	if err != nil || len(all) != 2 || all[0].ID != again.ID || all[1].Live() || all[1].Reason != "当事人已申请复议" {
		t.Fatalf("the case's exposures %+v %v", all, err)
	}

	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Action: "exposure.", Limit: 10})
	if err != nil || len(recs) != 3 {
		t.Fatalf("audit %d %v", len(recs), err)
	}
	for _, r := range recs {
		for _, s := range []string{"王", "李小红", "44200019800101123X", "13800138000", "民安路", "复议", "商行"} {
			if strings.Contains(r.Before+r.After+r.Fields, s) {
				t.Fatalf("the trail keeps %q: %+v", s, r)
			}
		}
		if r.Object != fmt.Sprintf("exposure:%d", e.ID) && r.Object != fmt.Sprintf("exposure:%d", again.ID) {
			t.Fatalf("object %s", r.Object)
		}
	}
}

func TestThePublicListIsPaged(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	for i := range app.ExposurePage + 3 {
		k := decidedCase(t, a, fmt.Sprintf("交办%d号", i))
		in := app.ExposureInput{Title: fmt.Sprintf("第%d案", i), Text: "销售不合格灯具"}
		p, err := a.DraftExposure(ctx, office, k.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.PublishExposure(ctx, office, k.ID, in, p.Digest); err != nil {
			t.Fatal(err)
		}
	}
	first, err := a.Exposures(ctx, 0)
	if err != nil || len(first.Exposures) != app.ExposurePage || first.Next == 0 || first.Exposures[0].Title != fmt.Sprintf("第%d案", app.ExposurePage+2) {
		t.Fatalf("first page %d %d %v", len(first.Exposures), first.Next, err)
	}
	second, err := a.Exposures(ctx, first.Next)
	if err != nil || len(second.Exposures) != 3 || second.Next != 0 || second.Exposures[2].Title != "第0案" {
		t.Fatalf("second page %+v %v", second, err)
	}
	if _, err := a.Exposures(ctx, -1); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("a negative page: %v", err)
	}
}

func manyNames(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("张%d", i))
	}
	return out
}
