package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

func TestEntitiesFromRegistrationToMerge(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	leader := dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}
	in := app.EntityInput{Name: "港口镇某灯饰厂", CreditCode: "91350100m000100y43", Kind: dajia.KindProducer, LegalRep: "欧阳娜娜"}

	if _, err := a.CreateEntity(ctx, leader, in); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a leader registered: %v", err)
	}
	if _, err := a.CreateEntity(ctx, auditor, in); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("an auditor registered: %v", err)
	}
	bad := in
	bad.CreditCode = "91350100M000100Y56"
	var fe dajia.FieldErrors
	if _, err := a.CreateEntity(ctx, gs, bad); !errors.As(err, &fe) || fe[0].Field != "credit_code" || !strings.Contains(fe[0].Message, "GB 11714") {
		t.Fatalf("bad code: %v", err)
	}
	e, err := a.CreateEntity(ctx, gs, in)
	if err != nil {
		t.Fatal(err)
	}
	if e.CreditCode != "91350100M000100Y43" || e.LegalRepMasked != "欧***" || e.LegalRepSealed == "" || strings.Contains(e.LegalRepSealed, "欧阳") {
		t.Fatalf("stored %+v", e)
	}
	if _, err := a.CreateEntity(ctx, zj, in); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("a second record of the code: %v", err)
	}
	dup, err := a.CreateEntity(ctx, zj, app.EntityInput{Name: "某灯饰厂（旧名）", Kind: dajia.KindProducer})
	if err != nil {
		t.Fatal(err)
	}

	// Tips about it: one sold (the market unit gsfj), one made (the
	// quality unit zjfj), one naming the duplicate record's name only.
	sold, made, old := lamp("举报"), lamp("举报"), lamp("举报")
	sold.CreditCode, made.CreditCode, made.Stage = e.CreditCode, e.CreditCode, dajia.StageMaking
	old.BusinessName = dup.Name
	for _, s := range []dajia.TipSubmission{sold, made, old, lamp("举报")} {
		if _, err := a.TakeTips(ctx, public, "zs-gangkou-2017", s, nil, "public"); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		who  dajia.Actor
		want int
	}{{office, 2}, {leader, 2}, {gs, 1}, {zj, 1}} {
		hist, err := a.EntityHistory(ctx, tt.who, e)
		h := hist.Tips
		if err != nil || len(h) != tt.want {
			t.Fatalf("%s sees %d tips (%v), want %d", tt.who.Name, len(h), err, tt.want)
		}
		for _, tip := range h {
			if !tip.VisibleTo(tt.who) {
				t.Fatalf("%s sees tip %d", tt.who.Name, tip.ID)
			}
		}
	}
	if _, err := a.EntityHistory(ctx, auditor, e); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("auditor history: %v", err)
	}

	found, err := a.FindEntities(ctx, leader, "灯饰")
	if err != nil || len(found) != 2 {
		t.Fatalf("by name: %v %v", found, err)
	}
	if found, _ := a.FindEntities(ctx, gs, "91350100m0"); len(found) != 1 || found[0].ID != e.ID {
		t.Fatalf("by code prefix: %v", found)
	}
	if found, _ := a.FindEntities(ctx, gs, "50100M"); len(found) != 0 {
		t.Fatalf("a code's middle matched: %v", found)
	}

	if _, err := a.MergeEntities(ctx, gs, dup.ID, e.ID); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("a unit merged: %v", err)
	}
	if _, err := a.MergeEntities(ctx, office, dup.ID, e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.MergeEntities(ctx, office, dup.ID, e.ID); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("merged twice: %v", err)
	}
	if found, _ := a.FindEntities(ctx, gs, "灯饰"); len(found) != 1 {
		t.Fatalf("the merged record is still found: %v", found)
	}
	if h, _ := a.EntityHistory(ctx, office, e); len(h.Tips) != 3 {
		t.Fatalf("after the merge the office sees %d tips", len(h.Tips))
	}
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Action: "entity.merge"})
	if err != nil || len(recs) != 1 || recs[0].Actor != "office" || !strings.Contains(recs[0].After, "merged_into") {
		t.Fatalf("audit: %+v %v", recs, err)
	}
	if _, err := a.UpdateEntity(ctx, gs, dup.ID, app.EntityInput{Name: "x", Kind: dajia.KindOther}); dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("edited a merged record: %v", err)
	}

	up, err := a.UpdateEntity(ctx, zj, e.ID, app.EntityInput{Name: "港口镇某灯饰有限公司", CreditCode: e.CreditCode, Kind: dajia.KindProducer, Village: "民主社区"})
	if err != nil || up.Name != "港口镇某灯饰有限公司" || up.LegalRepMasked != "欧***" || up.LegalRepSealed != e.LegalRepSealed {
		t.Fatalf("update: %+v %v", up, err)
	}
	if recs, _ := a.DB().AuditLog(ctx, store.AuditFilter{Object: "entity:"}); len(recs) != 4 {
		t.Fatalf("%d audit records", len(recs))
	}
}
