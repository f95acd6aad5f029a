package app_test

import (
	"context"
	"fmt"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// storeCases stores n cases led by unit straight through the store, every
// third cooperated on by coop and every fifth of a named entity.
func storeCases(t testing.TB, a *app.App, n int, unit, coop string) {
	t.Helper()
	ctx := context.Background()
	for i := range n {
		c := dajia.Case{LeadUnit: unit, Status: dajia.CaseOpened, OpenedOn: dajia.MustDate("2017-09-01"),
			Violations: []dajia.Violation{dajia.ViolationLabel}, Sales: dajia.Amount(i) * dajia.AmountScale}
		if coop != "" && i%3 == 0 {
			c.Cooperating = []string{coop}
		}
		if i%5 == 0 {
			e, err := a.DB().CreateEntity(ctx, office, dajia.Entity{Name: fmt.Sprintf("%s商行%03d", unit, i), Kind: dajia.KindProducer})
			if err != nil {
				t.Fatal(err)
			}
			c.EntityID = e.ID
		}
		if _, err := a.DB().CreateCase(ctx, office, store.CaseRecord{PlanID: "zs-gangkou-2017", Case: c}, nil); err != nil {
			t.Fatal(err)
		}
	}
}

func TestExportCasesWalksEveryPageTheActorMaySee(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	if err := a.SetCasePrefix(ctx, office, "gsfj", "中港质监罚"); err != nil {
		t.Fatal(err)
	}
	if err := a.SetCasePrefix(ctx, office, "zjfj", "中港质检罚"); err != nil {
		t.Fatal(err)
	}
	storeCases(t, a, 120, "gsfj", "zjfj") // 40 cooperated on by zjfj
	storeCases(t, a, 7, "zjfj", "")
	for _, tt := range []struct {
		who  dajia.Actor
		q    app.CaseQuery
		want int
	}{{office, app.CaseQuery{Limit: 50}, 127}, {caseLeader, app.CaseQuery{Limit: 50}, 127}, {office, app.CaseQuery{}, 127},
		{gs, app.CaseQuery{Limit: 50}, 120}, {zj, app.CaseQuery{Limit: 50}, 47}, {zj, app.CaseQuery{Unit: "gsfj", Limit: 50}, 0},
		{gs, app.CaseQuery{Unit: "zjfj"}, 0}, {office, app.CaseQuery{Unit: "zjfj", Limit: 10}, 47}, {adminAcc, app.CaseQuery{}, 0},
		{auditor, app.CaseQuery{}, 0}, {office, app.CaseQuery{Status: dajia.CaseClosed}, 0}, {office, app.CaseQuery{MajorOnly: true}, 0},
		{office, app.CaseQuery{Transfer: "none", Limit: 50, Offset: 100}, 127}} {
		t.Run(fmt.Sprintf("%s %+v", tt.who.Name, tt.q), func(t *testing.T) {
			seen := map[int64]bool{}
			named := 0
			n, err := a.ExportCases(ctx, tt.who, tt.q, func(r store.CaseRecord, entity string) error {
				if seen[r.ID] {
					t.Fatalf("case %d twice", r.ID)
				}
				seen[r.ID] = true
				if !r.VisibleTo(tt.who) {
					t.Fatalf("%s exports case %d of %s", tt.who.Name, r.ID, r.LeadUnit)
				}
				if (r.EntityID != 0) != (entity != "") {
					t.Fatalf("case %d entity %d named %q", r.ID, r.EntityID, entity)
				}
				if entity != "" {
					named++
				}
				if len(r.Violations) != 1 {
					t.Fatalf("case %d without its parts: %+v", r.ID, r.Violations)
				}
				return nil
			})
			if err != nil || n != tt.want || len(seen) != tt.want {
				t.Fatalf("%d (%d seen), %v; want %d", n, len(seen), err, tt.want)
			}
			if tt.want == 127 && named != 24+2 {
				t.Fatalf("%d named", named)
			}
		})
	}
	if _, err := a.ExportCases(ctx, office, app.CaseQuery{Transfer: "lost"}, nil); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("bad transfer: %v", err)
	}
	stop := fmt.Errorf("stop")
	if n, err := a.ExportCases(ctx, office, app.CaseQuery{}, func(store.CaseRecord, string) error { return stop }); err != stop || n != 0 {
		t.Fatalf("a row's error: %d %v", n, err)
	}
}
