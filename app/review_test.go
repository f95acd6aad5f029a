package app_test

import (
	"context"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/store"
	"dajia/store/storetest"
)

// reviewRecords fills the reference plan with records of gsfj and zjfj
// whose scorecard is known, and leaves the clock on 20 December 2017.
//
//	reports  gsfj: August on time, September late, later months missing
//	clues    gsfj: decided on its last day, decided a day late, pending past
//	         its clock, pending within it (not judged); zjfj: one in time
//	cases    gsfj: one closed, one open whose transfer was refused in time,
//	         one transferred but sent after 24 hours
//	actions  gsfj and zjfj named in a done action, gsfj sent its force;
//	         a later action not done yet
//	publicity gsfj: 2
func reviewRecords(t *testing.T) (*app.App, *store.DB, *storetest.Clock) {
	t.Helper()
	a, db, clock := flowApp(t, time.Date(2017, 9, 3, 9, 0, 0, 0, dajia.ChinaTime))
	ctx := context.Background()
	if _, err := a.EnsureObligations(ctx, office, "zs-gangkou-2017"); err != nil {
		t.Fatal(err)
	}
	submit := func(period string) {
		t.Helper()
		reps, err := a.Reports(ctx, gs, store.ReportFilter{PlanID: "zs-gangkou-2017", Rule: 0, PeriodID: period})
		if err != nil || len(reps) != 1 {
			t.Fatalf("report %s: %d %v", period, len(reps), err)
		}
		if _, err := a.SaveReport(ctx, gs, reps[0].ID, -1, dajia.ReportContent{Zero: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ReportStep(ctx, gs, reps[0].ID, dajia.ActSubmit, ""); err != nil {
			t.Fatal(err)
		}
	}
	submit("2017-08")
	clock.Advance(37 * 24 * time.Hour) // 10 October: September's report is late
	submit("2017-09")

	d := dajia.MustDate
	clue := func(unit, received, decided string, status dajia.ClueStatus) {
		t.Helper()
		c := dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromReferral, SourceRef: "中打假办交〔2017〕" + received + decided,
			ReceivedOn: d(received), LeadUnit: unit, Summary: "上级交办", Status: status}
		if decided != "" {
			c.Outcome, c.Reason, c.DecidedOn = dajia.ClueNotOpened, "不构成违法", d(decided)
		}
		if _, err := db.CreateClue(ctx, office, c); err != nil {
			t.Fatal(err)
		}
	}
	clock.Advance(71 * 24 * time.Hour) // 20 December
	clue("gsfj", "2017-11-01", "2017-11-22", dajia.ClueDecided)
	clue("gsfj", "2017-11-01", "2017-11-23", dajia.ClueDecided)
	clue("gsfj", "2017-11-01", "", dajia.CluePending)
	clue("gsfj", "2017-12-15", "", dajia.CluePending)
	clue("zjfj", "2017-11-01", "2017-11-02", dajia.ClueDecided)

	at := func(s string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", s, dajia.ChinaTime)
		return tm
	}
	kase := func(status dajia.CaseStatus, tr dajia.Transfer) {
		t.Helper()
		c := dajia.Case{LeadUnit: "gsfj", Status: status, OpenedOn: d("2017-10-09"), Violations: []dajia.Violation{dajia.ViolationLabel}, Transfer: tr}
		if _, err := db.CreateCase(ctx, office, store.CaseRecord{PlanID: "zs-gangkou-2017", Case: c}, nil); err != nil {
			t.Fatal(err)
		}
	}
	kase(dajia.CaseClosed, dajia.Transfer{})
	kase(dajia.CaseInvestigating, dajia.Transfer{Status: dajia.TransferRefused, ProposedOn: d("2017-11-06"), DecidedOn: d("2017-11-08"), Reason: "未达标准"})
	kase(dajia.CaseTransferred, dajia.Transfer{Status: dajia.TransferSent, ProposedOn: d("2017-11-06"), DecidedOn: d("2017-11-08"),
		ApprovedAt: at("2017-11-08 09:00"), SentAt: at("2017-11-09 10:00"), Resume: dajia.CaseInvestigating})

	done, _, err := a.CreateJointAction(ctx, office, actionInput())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.SetActionForce(ctx, gs, done.ID, "gsfj", 12, 3); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.CreateJointAction(ctx, office, actionInput("start", "2017-12-25", "end", "2017-12-28")); err != nil {
		t.Fatal(err)
	}
	for _, on := range []string{"2017-09-10", "2017-10-15"} {
		if _, err := a.CreatePublicity(ctx, gs, app.PublicityInput{PlanID: "zs-gangkou-2017", On: on, Channel: dajia.PublicityChannels()[0],
			Title: "打假宣传进市场", People: 100}, nil); err != nil {
			t.Fatal(err)
		}
	}
	return a, db, clock
}

func TestReviewScoresEachLeadUnitFromItsRecords(t *testing.T) {
	a, db, _ := reviewRecords(t)
	ctx := context.Background()
	v, err := db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	card, err := a.Review(ctx, office, v)
	if err != nil {
		t.Fatal(err)
	}
	if len(card.Rows) != len(v.Plan.ReviewUnits()) || card.Stored {
		t.Fatalf("%d rows for %d lead units (stored weights %v)", len(card.Rows), len(v.Plan.ReviewUnits()), card.Stored)
	}
	rows := map[string]dajia.ReviewRow{}
	for _, r := range card.Rows {
		rows[r.Unit] = r
	}
	gsr, ok := rows["gsfj"]
	if !ok {
		t.Fatal("gsfj is not scored")
	}
	if _, ok := rows["szjj"]; ok {
		t.Error("the city bureau (an upper-level lead) is scored")
	}
	// Reporting: the matrix's own rates of gsfj, over every rule.
	m, err := a.Matrix(ctx, office, v, 0)
	if err != nil {
		t.Fatal(err)
	}
	var rates dajia.Rates
	for _, r := range m.Rows {
		if r.Unit.Unit.Key == "gsfj" {
			rates = r.Rates
		}
	}
	in := gsr.Inputs
	if in.Reports != rates || in.Reports.OnTime.Num != 1 || in.Reports.Reported.Num != 2 || in.Reports.OnTime.Den < 3 {
		t.Errorf("reports %+v, want the matrix's %+v: 1 on time, 2 sent", in.Reports, rates)
	}
	want := map[dajia.ReviewIndicator][2]int{
		dajia.ReviewOnTime:    {1, rates.OnTime.Den},
		dajia.ReviewComplete:  {2, rates.Reported.Den},
		dajia.ReviewClues:     {1, 3},
		dajia.ReviewCases:     {2, 3},
		dajia.ReviewTransfers: {1, 2},
		dajia.ReviewActions:   {1, 1},
		dajia.ReviewPublicity: {2, dajia.DefaultPublicityTarget},
	}
	for i, w := range want {
		if s := gsr.Score(i); !s.HasData || s.Num != w[0] || s.Den != w[1] {
			t.Errorf("gsfj %s: %d/%d (data %v), want %d/%d", i, s.Num, s.Den, s.HasData, w[0], w[1])
		}
	}
	if in.CluesPending != 1 {
		t.Errorf("clues within their clock: %d, want 1", in.CluesPending)
	}
	zjr := rows["zjfj"]
	if s := zjr.Score(dajia.ReviewClues); s.Num != 1 || s.Den != 1 {
		t.Errorf("zjfj clues %d/%d", s.Num, s.Den)
	}
	if s := zjr.Score(dajia.ReviewActions); s.Num != 0 || s.Den != 1 || !s.HasData || s.Score != 0 {
		t.Errorf("zjfj named in a done action with no force: %+v", s)
	}
	for _, i := range []dajia.ReviewIndicator{dajia.ReviewCases, dajia.ReviewTransfers} {
		if s := zjr.Score(i); s.HasData {
			t.Errorf("zjfj %s without records has data: %+v", i, s)
		}
	}
	// A lead unit with no records of its own but reports.
	if r := rows["jtfj"]; r.Score(dajia.ReviewClues).HasData || r.Score(dajia.ReviewActions).HasData {
		t.Errorf("jtfj: %+v", r.Scores)
	}

	// The office's weights change the total, not the figures.
	w := dajia.DefaultReviewWeights()
	w.Weights = map[dajia.ReviewIndicator]int{dajia.ReviewClues: 50, dajia.ReviewCases: 50}
	w.PublicityTarget = 2
	if err := a.SetReviewWeights(ctx, gs, "zs-gangkou-2017", w); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("a unit sets the weights: %v", err)
	}
	if err := a.SetReviewWeights(ctx, office, "zs-gangkou-2017", w); err != nil {
		t.Fatal(err)
	}
	card, err = a.Review(ctx, office, v)
	if err != nil || !card.Stored {
		t.Fatal(err)
	}
	for _, r := range card.Rows {
		if r.Unit != "gsfj" {
			continue
		}
		// clues 33.3×50 + cases 66.7×50, over 100
		if dajia.Round1(r.Total) != 50 || r.WeightUsed != 100 || r.Grade != dajia.GradeFail {
			t.Errorf("gsfj total %v over %d (%s), want 50", r.Total, r.WeightUsed, r.Grade)
		}
		if s := r.Score(dajia.ReviewPublicity); s.Score != 100 || s.Weight != 0 {
			t.Errorf("publicity at target 2: %+v", s)
		}
	}
	bad := w
	bad.Weights = map[dajia.ReviewIndicator]int{dajia.ReviewClues: 50}
	if err := a.SetReviewWeights(ctx, office, "zs-gangkou-2017", bad); dajia.ErrorCode(err) != dajia.Invalid {
		t.Errorf("weights adding up to 50: %v", err)
	}
	if got, _, _ := db.ReviewWeights(ctx, "zs-gangkou-2017"); got.Weights[dajia.ReviewCases] != 50 {
		t.Errorf("a refused change was stored: %+v", got)
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Action: "review.weights"})
	if err != nil || len(recs) != 1 || recs[0].Actor != "office" {
		t.Errorf("audit of the weights: %+v %v", recs, err)
	}
}

// A unit's account reads its own row only; a unit that leads nothing
// reads no row; the leader reads all; a supervisor none.
func TestReviewShowsAUnitOnlyItsOwnRow(t *testing.T) {
	a, db, _ := reviewRecords(t)
	ctx := context.Background()
	v, _ := db.Plan(ctx, "zs-gangkou-2017")
	card, err := a.Review(ctx, gs, v)
	if err != nil || len(card.Rows) != 1 || card.Rows[0].Unit != "gsfj" || card.Own != "gsfj" {
		t.Fatalf("gsfj reads %+v %v", card.Rows, err)
	}
	if s := card.Rows[0].Score(dajia.ReviewClues); s.Num != 1 || s.Den != 3 {
		t.Errorf("gsfj's own figures differ when read alone: %+v", s)
	}
	card, err = a.Review(ctx, zj, v)
	if err != nil || len(card.Rows) != 1 || card.Rows[0].Unit != "zjfj" {
		t.Fatalf("zjfj reads %+v %v", card.Rows, err)
	}
	if s := card.Rows[0].Score(dajia.ReviewPublicity); s.Num != 0 {
		t.Errorf("zjfj reads gsfj's publicity: %+v", s)
	}
	gafj := dajia.Actor{UserID: 11, Name: "ga", Role: dajia.RoleOfficer, Unit: "gafj"}
	if card, err := a.Review(ctx, gafj, v); err != nil || len(card.Rows) != 0 {
		t.Errorf("a unit leading nothing reads %+v %v", card.Rows, err)
	}
	if card, err := a.Review(ctx, caseLeader, v); err != nil || len(card.Rows) != len(v.Plan.ReviewUnits()) {
		t.Errorf("the leader reads %d rows %v", len(card.Rows), err)
	}
	sup := dajia.Actor{UserID: 12, Name: "sup", Role: dajia.RoleSupervisor, Unit: "gsfj"}
	if _, err := a.Review(ctx, sup, v); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("a supervisor: %v", err)
	}
	if _, _, err := a.ReviewWeights(ctx, caseLeader, "zs-gangkou-2017"); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Errorf("the leader opens the weights form: %v", err)
	}
}
