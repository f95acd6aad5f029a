package app_test

import (
	"context"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// Records of no campaign (a clue taken in without one, publicity of the
// whole town) make the 未归入专项 row of the dashboard and of the year-end
// summary: the campaigns and that row add up to the total, the total is
// the town's whole figure, the row's figures are what the lists filtered
// on no campaign hold, and the dashboard and the year-end agree on the
// same records.
func TestFiguresOfNoCampaignAddUpToTheTotal(t *testing.T) {
	a, v := dashSeed(t)
	ctx := context.Background()
	for _, who := range []dajia.Actor{gs, zj} {
		if _, err := a.CreateClue(ctx, who, app.ClueInput{PlanID: refPlan, Source: dajia.ClueFromReferral, SourceRef: "无专项" + who.Unit,
			ReceivedOn: "2017-10-09", Summary: "上级交办：某商行无证经营"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []dajia.Actor{gs, zj, zj} {
		if _, err := a.CreatePublicity(ctx, who, app.PublicityInput{PlanID: refPlan, On: "2017-10-09", Channel: dajia.ChannelWeChat,
			Title: "3·15 宣传", People: 100}, nil); err != nil {
			t.Fatal(err)
		}
	}

	// The dashboard, for the town and for each unit.
	for _, tt := range []struct {
		who   dajia.Actor
		clues int
	}{{office, 2}, {gs, 1}, {zj, 1}} {
		d, err := a.Dashboard(ctx, tt.who, v)
		if err != nil {
			t.Fatal(err)
		}
		if d.Unassigned.Clues != tt.clues {
			t.Errorf("%s: clues of no campaign %d, want %d", tt.who.Name, d.Unassigned.Clues, tt.clues)
		}
		sum := d.Unassigned
		for _, c := range d.Campaigns {
			sum.Add(c)
		}
		sum.Samplings.Key = ""
		if sum != d.Total {
			t.Errorf("%s: total %+v, the rows add up to %+v", tt.who.Name, d.Total, sum)
		}
		all, err := a.Clues(ctx, tt.who, app.ClueQuery{PlanID: refPlan})
		if err != nil {
			t.Fatal(err)
		}
		none, err := a.Clues(ctx, tt.who, app.ClueQuery{PlanID: refPlan, Campaign: store.NoCampaign})
		if err != nil {
			t.Fatal(err)
		}
		if d.Total.Clues != all.Total || d.Unassigned.Clues != none.Total {
			t.Errorf("%s: clues total %d, of no campaign %d; the lists hold %d and %d", tt.who.Name, d.Total.Clues, d.Unassigned.Clues, all.Total, none.Total)
		}
		tips, err := a.Tips(ctx, tt.who, app.TipQuery{PlanID: refPlan, View: "all", Campaign: store.NoCampaign})
		if err != nil {
			t.Fatal(err)
		}
		if tips.Total != d.Unassigned.Tips {
			t.Errorf("%s: tips of no campaign %d, the list holds %d", tt.who.Name, d.Unassigned.Tips, tips.Total)
		}
	}

	// The year-end: the same clue and case figures as the dashboard, the
	// publicity of the town in the total and in the 未归入专项 row.
	y, _, err := a.YearEndFigures(ctx, office, refPlan)
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.Dashboard(ctx, office, v)
	if err != nil {
		t.Fatal(err)
	}
	if y.Total.Clues != d.Total.Clues || y.Unassigned.Clues != d.Unassigned.Clues || y.Total.Opened != d.Total.Opened ||
		y.Total.Closed != d.Total.Closed || y.Total.Value != d.Total.Value || y.Total.Fines != d.Total.Fines || y.Total.Samplings.Total() != d.Total.Samplings.Total() {
		t.Errorf("year-end total %+v (no campaign %+v), dashboard total %+v (no campaign %+v)", y.Total, y.Unassigned, d.Total, d.Unassigned)
	}
	if y.Unassigned.Publicity != 3 || y.Total.Publicity != 3 || y.Unassigned.Reach.People != 300 || y.Unassigned.Name != dajia.UnassignedName {
		t.Errorf("publicity: no campaign %+v, total %d", y.Unassigned, y.Total.Publicity)
	}
	pub, err := a.Publicities(ctx, office, app.PublicityQuery{PlanID: refPlan, CampaignNo: store.NoCampaign})
	if err != nil {
		t.Fatal(err)
	}
	if pub.Totals.Count != y.Unassigned.Publicity {
		t.Errorf("publicity of no campaign: %d, the list holds %d", y.Unassigned.Publicity, pub.Totals.Count)
	}
	var sum dajia.CampaignYear
	rows := y.Rows()
	if rows[len(rows)-2].Name != dajia.UnassignedName || rows[len(rows)-1].Name != "合计" {
		t.Fatalf("rows %+v", rows)
	}
	for _, c := range rows[:len(rows)-1] {
		sum.Clues += c.Clues
		sum.Opened += c.Opened
		sum.Closed += c.Closed
		sum.Inspections += c.Inspections
		sum.Publicity += c.Publicity
		sum.Value += c.Value
		sum.Fines += c.Fines
	}
	if tot := y.Total; sum.Clues != tot.Clues || sum.Opened != tot.Opened || sum.Closed != tot.Closed || sum.Inspections != tot.Inspections ||
		sum.Publicity != tot.Publicity || sum.Value != tot.Value || sum.Fines != tot.Fines {
		t.Errorf("the rows add up to %+v, the total is %+v", sum, tot)
	}
}
