package web_test

import (
	"context"
	"fmt"
	"testing"

	"dajia"
	"dajia/app"
)

// BenchmarkCasesList500 is the office's case list (the first page of 50,
// its counts and entity names) over 500 cases of one unit, each with a
// line of goods and an entity.
func BenchmarkCasesList500(b *testing.B) {
	s, c := reportingSite(b, "2017-09-29")
	ctx := context.Background()
	a := testApp(b, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")})
	if err := s.db.SetCasePrefix(ctx, testActor, "gsfj", "中港工商罚"); err != nil {
		b.Fatal(err)
	}
	for i := range 500 {
		clue, err := a.CreateClue(ctx, gsOfficer, app.ClueInput{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral,
			SourceRef: fmt.Sprintf("交办%d号", i), ReceivedOn: "2017-09-20", Summary: "上级交办"})
		if err != nil {
			b.Fatal(err)
		}
		k, err := a.OpenCase(ctx, gsOfficer, app.CaseInput{ClueID: clue.ID, Violations: []dajia.Violation{dajia.ViolationFakeInferior}})
		if err != nil {
			b.Fatal(err)
		}
		e, err := a.CreateEntity(ctx, gsOfficer, app.EntityInput{Name: fmt.Sprintf("港口镇某灯饰商行%d", i), Kind: dajia.KindProducer})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := a.UpdateCaseFacts(ctx, gsOfficer, k.ID, app.CaseFacts{Violations: []dajia.Violation{dajia.ViolationFakeInferior}, EntityID: e.ID,
			Goods: []app.GoodsInput{{Name: "台灯", Quantity: "100", Unit: "件", UnitPrice: "35.5"}}, Sales: "3550"}); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	benchGet(b, c["office"].Client, s.URL+"/cases")
}
