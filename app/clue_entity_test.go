package app_test

import (
	"context"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
)

// An entity's history lists its clues to those who may see them: each unit
// its own, the office and leaders all; the picker's search is bounded.
func TestAnEntitysCluesAreSeenByTheirUnitOnly(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	leader := dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}
	e, err := a.CreateEntity(ctx, gs, app.EntityInput{Name: "港口镇某灯饰厂", Kind: dajia.KindProducer})
	if err != nil {
		t.Fatal(err)
	}
	in := app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromTransfer, SourceRef: "县公安局", ReceivedOn: "2017-09-25", EntityID: e.ID, Summary: "生产假冒灯具"}
	gsClue, err := a.CreateClue(ctx, gs, in)
	if err != nil {
		t.Fatal(err)
	}
	zjClue, err := a.CreateClue(ctx, zj, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		who  dajia.Actor
		want []int64
	}{{"gs", gs, []int64{gsClue.ID}}, {"zj", zj, []int64{zjClue.ID}}, {"office", office, []int64{gsClue.ID, zjClue.ID}}, {"leader", leader, []int64{gsClue.ID, zjClue.ID}}} {
		t.Run(tt.name, func(t *testing.T) {
			h, err := a.EntityHistory(ctx, tt.who, e)
			if err != nil || len(h.Clues) != len(tt.want) {
				t.Fatalf("%+v %v", h.Clues, err)
			}
			seen := map[int64]bool{}
			for _, c := range h.Clues {
				seen[c.ID] = true
			}
			for _, id := range tt.want {
				if !seen[id] {
					t.Errorf("lacks clue %d", id)
				}
			}
		})
	}
	if _, err := a.EntityHistory(ctx, auditor, e); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("an auditor: %v", err)
	}
	l, err := a.Clues(ctx, gs, app.ClueQuery{})
	if err != nil || l.Names[e.ID] != "港口镇某灯饰厂" || len(l.Left) != 1 {
		t.Fatalf("the list's names and clocks: %+v %v", l, err)
	}
	if got := app.EntityQuery(strings.Repeat("灯", 10<<10)); len([]rune(got)) != app.MaxEntityQuery {
		t.Fatalf("a long query is %d characters", len([]rune(got)))
	}
	if got := app.EntityQuery("a b c d e f g"); got != "a b c d e" {
		t.Fatalf("words: %q", got)
	}
	if l, err := a.PickEntities(ctx, zj, "  "); err != nil || l != nil {
		t.Fatalf("empty: %v %v", l, err)
	}
	if l, err := a.PickEntities(ctx, zj, "灯饰"); err != nil || len(l) != 1 {
		t.Fatalf("another unit picks from the shared registry: %v %v", l, err)
	}
}
