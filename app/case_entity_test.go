package app_test

import (
	"context"
	"testing"

	"dajia"
	"dajia/app"
)

// An entity's page lists its cases to those the case's rules show them
// to: the lead unit, a cooperating unit, the office and leaders; not
// another unit, not an administrator. The list of cases names each page's
// entities and counts what is left as the deadline counts.
func TestAnEntitysCasesAreShownToWhomTheCaseIsShown(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	e, err := a.CreateEntity(ctx, gs, app.EntityInput{Name: "港口镇某灯饰商行", Kind: dajia.KindProducer})
	if err != nil {
		t.Fatal(err)
	}
	other, err := a.CreateEntity(ctx, zj, app.EntityInput{Name: "港口镇某服装店", Kind: dajia.KindProducer})
	if err != nil {
		t.Fatal(err)
	}
	gsCase, err := a.OpenCase(ctx, gs, app.CaseInput{ClueID: caseClue(t, a, gs, "交办1号").ID, Number: "中港工商罚〔2017〕1号",
		EntityID: e.ID, Violations: labelOnly})
	if err != nil {
		t.Fatal(err)
	}
	zjCase, err := a.OpenCase(ctx, zj, app.CaseInput{ClueID: caseClue(t, a, zj, "交办2号").ID, Number: "中港质监罚〔2017〕1号",
		EntityID: e.ID, Violations: labelOnly, Cooperating: []string{"syjfj"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.OpenCase(ctx, zj, app.CaseInput{ClueID: caseClue(t, a, zj, "交办3号").ID, Number: "中港质监罚〔2017〕2号",
		EntityID: other.ID, Violations: labelOnly}); err != nil {
		t.Fatal(err)
	}
	sy := dajia.Actor{UserID: 9, Name: "sy", Role: dajia.RoleOfficer, Unit: "syjfj"}
	for _, tt := range []struct {
		name string
		who  dajia.Actor
		want []int64
	}{
		{"the lead unit sees its own", gs, []int64{gsCase.ID}},
		{"the other lead unit its own", zj, []int64{zjCase.ID}},
		{"a cooperating unit the one it helps", sy, []int64{zjCase.ID}},
		{"the office both", office, []int64{gsCase.ID, zjCase.ID}},
		{"a leader both", caseLeader, []int64{gsCase.ID, zjCase.ID}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := a.EntityHistory(ctx, tt.who, e)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, c := range h.Cases {
				got = append(got, c.ID)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("cases %v, want %v", got, tt.want)
			}
			for _, id := range tt.want {
				found := false
				for _, g := range got {
					found = found || g == id
				}
				if !found {
					t.Fatalf("cases %v, want %v", got, tt.want)
				}
			}
		})
	}
	if _, err := a.EntityHistory(ctx, adminAcc, e); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("an administrator reads the history: %v", err)
	}

	l, err := a.Cases(ctx, office, app.CaseQuery{})
	if err != nil || l.Total != 3 {
		t.Fatalf("list: %+v %v", l, err)
	}
	for _, c := range l.Cases {
		want := map[int64]string{e.ID: e.Name, other.ID: other.Name}[c.EntityID]
		if l.Names[c.EntityID] != want {
			t.Errorf("case %d names its entity %q, want %q", c.ID, l.Names[c.EntityID], want)
		}
		// Opened 29 September 2017: 90 days to 28 December.
		if l.Left[c.ID].Left != 90 || !l.Left[c.ID].Days || c.DueWhat != dajia.DueCaseDecide {
			t.Errorf("case %d: %+v left for %s", c.ID, l.Left[c.ID], c.DueWhat)
		}
	}
}
