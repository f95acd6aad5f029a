package dajia_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/calendar"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestReviewScoresEachIndicatorAsAShareOfItsRecords(t *testing.T) {
	w := dajia.DefaultReviewWeights()
	in := dajia.ReviewInputs{
		Reports:   dajia.Rates{Reported: dajia.Rate{Num: 10, Den: 11}, OnTime: dajia.Rate{Num: 9, Den: 11}},
		Clues:     dajia.Tally{Num: 3, Den: 4},
		Cases:     dajia.Tally{Num: 1, Den: 2},
		Transfers: dajia.Tally{Num: 1, Den: 1},
		Actions:   dajia.Tally{Num: 1, Den: 2},
		Publicity: 2,
	}
	row, err := dajia.ScoreReview("zjfj", in, w)
	if err != nil {
		t.Fatal(err)
	}
	want := map[dajia.ReviewIndicator]struct {
		num, den int
		score    float64
	}{
		dajia.ReviewOnTime:    {9, 11, 900.0 / 11},
		dajia.ReviewComplete:  {10, 11, 1000.0 / 11},
		dajia.ReviewClues:     {3, 4, 75},
		dajia.ReviewCases:     {1, 2, 50},
		dajia.ReviewTransfers: {1, 1, 100},
		dajia.ReviewActions:   {1, 2, 50},
		dajia.ReviewPublicity: {2, 4, 50},
	}
	var total float64
	for _, s := range row.Scores {
		x := want[s.Indicator]
		if !s.HasData || s.Num != x.num || s.Den != x.den || !near(s.Score, x.score) {
			t.Errorf("%s: %d/%d → %v (data %v), want %d/%d → %v", s.Indicator, s.Num, s.Den, s.Score, s.HasData, x.num, x.den, x.score)
		}
		if !near(s.Points, x.score*float64(w.Weights[s.Indicator])/100) {
			t.Errorf("%s: points %v", s.Indicator, s.Points)
		}
		total += s.Points
	}
	if got := dajia.Round1(row.Score(dajia.ReviewOnTime).Score); got != 81.8 {
		t.Errorf("9 of 11 on time shows %v, want 81.8", got)
	}
	// 81.818×20 + 90.909×10 + 75×20 + 50×15 + 100×10 + 50×15 + 50×10, over 100
	if !row.HasTotal || row.WeightUsed != 100 || !near(row.Total, total) || dajia.Round1(row.Total) != 70.5 {
		t.Errorf("total %v (weights %d), want 70.5", row.Total, row.WeightUsed)
	}
	if row.Grade != dajia.GradePass {
		t.Errorf("grade %s, want pass", row.Grade)
	}
}

func TestReviewSaysNoDataWhereNothingIsJudged(t *testing.T) {
	w := dajia.DefaultReviewWeights()
	t.Run("no records at all but publicity", func(t *testing.T) {
		row, err := dajia.ScoreReview("u", dajia.ReviewInputs{}, w)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range row.Scores {
			if s.Indicator == dajia.ReviewPublicity {
				if !s.HasData || s.Score != 0 || s.Den != dajia.DefaultPublicityTarget {
					t.Errorf("publicity with none recorded: %+v, want 0 of the target", s)
				}
				continue
			}
			if s.HasData || s.Score != 0 || s.Points != 0 {
				t.Errorf("%s with no records: %+v, want no data", s.Indicator, s)
			}
		}
		// Only publicity has data: the total is its score, 0.
		if !row.HasTotal || row.Total != 0 || row.WeightUsed != 10 || row.Grade != dajia.GradeFail {
			t.Errorf("total %v over %d (%s)", row.Total, row.WeightUsed, row.Grade)
		}
	})
	t.Run("the total leaves out indicators with no data", func(t *testing.T) {
		in := dajia.ReviewInputs{Reports: dajia.Rates{Reported: dajia.Rate{Num: 2, Den: 2}, OnTime: dajia.Rate{Num: 1, Den: 2}}, Publicity: 9}
		row, _ := dajia.ScoreReview("u", in, w)
		// on time 50×20, complete 100×10, publicity 100×10 (capped): 3000 over 40
		if row.WeightUsed != 40 || !near(row.Total, 75) || row.Grade != dajia.GradeGood {
			t.Errorf("total %v over %d (%s), want 75 over 40", row.Total, row.WeightUsed, row.Grade)
		}
		if s := row.Score(dajia.ReviewPublicity); s.Num != 9 || s.Score != 100 {
			t.Errorf("publicity over its target: %+v, want 9 shown and 100 scored", s)
		}
	})
	t.Run("only weight-0 indicators have data", func(t *testing.T) {
		w0 := dajia.ReviewWeights{Weights: map[dajia.ReviewIndicator]int{dajia.ReviewClues: 100}, PublicityTarget: 1}
		row, err := dajia.ScoreReview("u", dajia.ReviewInputs{Cases: dajia.Tally{Num: 1, Den: 1}}, w0)
		if err != nil {
			t.Fatal(err)
		}
		// publicity has data (0 of 1) but weight 0; clues weigh 100 and have none
		if row.HasTotal || row.Grade != dajia.GradeNone || row.Grade.Name() != "无数据" {
			t.Errorf("total %v (%v, %s), want no data", row.Total, row.HasTotal, row.Grade)
		}
	})
}

func TestReviewGrades(t *testing.T) {
	for _, tt := range []struct {
		total float64
		want  dajia.ReviewGrade
	}{{100, dajia.GradeExcellent}, {90, dajia.GradeExcellent}, {89.9, dajia.GradeGood}, {75, dajia.GradeGood},
		{74.9, dajia.GradePass}, {60, dajia.GradePass}, {59.9, dajia.GradeFail}, {0, dajia.GradeFail}} {
		if got := dajia.GradeOf(tt.total); got != tt.want {
			t.Errorf("GradeOf(%v) = %s, want %s", tt.total, got, tt.want)
		}
	}
}

func TestReviewWeightsRefusedUnlessTheyAddUpTo100(t *testing.T) {
	if err := dajia.DefaultReviewWeights().Check(); err != nil || dajia.DefaultReviewWeights().Sum() != 100 {
		t.Fatalf("the default weights: %v", err)
	}
	set := func(f func(*dajia.ReviewWeights)) dajia.ReviewWeights {
		w := dajia.DefaultReviewWeights()
		m := map[dajia.ReviewIndicator]int{}
		for k, v := range w.Weights {
			m[k] = v
		}
		w.Weights = m
		f(&w)
		return w
	}
	for _, tt := range []struct {
		name   string
		w      dajia.ReviewWeights
		fields []string
		msg    string
	}{
		{"sum 95", set(func(w *dajia.ReviewWeights) { w.Weights[dajia.ReviewOnTime] = 15 }), []string{"weights"}, "各项权重合计应为 100，现为 95"},
		{"sum 105", set(func(w *dajia.ReviewWeights) { w.Weights[dajia.ReviewOnTime] = 25 }), []string{"weights"}, "现为 105"},
		{"negative", set(func(w *dajia.ReviewWeights) { w.Weights[dajia.ReviewCases] = -5; w.Weights[dajia.ReviewOnTime] = 40 }),
			[]string{"w_cases_closed"}, "权重应为 0 到 100 之间的整数"},
		{"over 100 and a bad target together", set(func(w *dajia.ReviewWeights) { w.Weights[dajia.ReviewCases] = 101; w.PublicityTarget = 0 }),
			[]string{"w_cases_closed", "publicity_target"}, ""},
		{"unknown indicator", set(func(w *dajia.ReviewWeights) { w.Weights["fame"] = 0 }), []string{"weights"}, "没有这个考核指标"},
		{"all zero", dajia.ReviewWeights{PublicityTarget: 4}, []string{"weights"}, "现为 0"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.w.Check()
			var fe dajia.FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("%v, want field errors", err)
			}
			if dajia.ErrorCode(err) != dajia.Invalid {
				t.Errorf("code %s, want invalid", dajia.ErrorCode(err))
			}
			var got []string
			for _, f := range fe {
				got = append(got, f.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%v, want %q", err, tt.msg)
			}
			if _, err := dajia.ScoreReview("u", dajia.ReviewInputs{}, tt.w); err == nil {
				t.Error("scored with refused weights")
			}
		})
	}
}

func TestReviewUnitsAreTheLeadsOfCampaigns(t *testing.T) {
	p := reference(t)
	units := p.ReviewUnits()
	if len(units) == 0 {
		t.Fatal("no lead units")
	}
	seen := map[string]bool{}
	for _, u := range units {
		if seen[u] {
			t.Errorf("%s twice", u)
		}
		seen[u] = true
		if len(p.LeadsOf(u)) == 0 {
			t.Errorf("%s leads nothing", u)
		}
		if u == dajia.OfficeKey {
			t.Error("the office is scored")
		}
	}
	for _, c := range p.Campaigns {
		for _, l := range c.Lead {
			ref, _ := p.Lookup(l.Dept)
			if ref.Class != dajia.ClassOffice && !p.IsUpperLevel(ref.Unit) && !seen[ref.Unit.Key] {
				t.Errorf("lead %s of campaign %d missing", l.Dept, c.No)
			}
		}
	}
}

func TestClueTimelyJudgesTheDecisionAgainstItsClock(t *testing.T) {
	cal := calendar.Embedded()
	d := dajia.MustDate
	// Received Wednesday 1 November 2017: 15 working days end on 22 November.
	base := dajia.Clue{ReceivedOn: d("2017-11-01"), Status: dajia.CluePending}
	decided := func(on string, ext bool) dajia.Clue {
		c := base
		c.Status, c.Outcome, c.DecidedOn, c.Extended = dajia.ClueDecided, dajia.ClueOpened, d(on), ext
		return c
	}
	referral := base
	referral.ReferralDue = d("2017-11-10")
	referralLate := referral
	referralLate.Status, referralLate.DecidedOn = dajia.ClueDecided, d("2017-11-13")
	for _, tt := range []struct {
		name           string
		c              dajia.Clue
		today          string
		judged, inTime bool
	}{
		{"pending within its clock", base, "2017-11-22", false, false},
		{"pending past its clock", base, "2017-11-23", true, false},
		{"decided on the last day", decided("2017-11-22", false), "2017-12-20", true, true},
		{"decided a day late", decided("2017-11-23", false), "2017-12-20", true, false},
		{"decided late but within the extension", decided("2017-11-23", true), "2017-12-20", true, true},
		{"an upper-level referral's earlier deadline", referralLate, "2017-12-20", true, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			judged, inTime, err := tt.c.Timely(d(tt.today), cal)
			if err != nil || judged != tt.judged || inTime != tt.inTime {
				t.Errorf("judged %v in time %v (%v), want %v %v", judged, inTime, err, tt.judged, tt.inTime)
			}
		})
	}
}

func TestTransferTimelyKeepsTheUnitsClocks(t *testing.T) {
	cal := calendar.Embedded()
	d := dajia.MustDate
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, dajia.ChinaTime)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	// Proposed Monday 6 November 2017: the head decides by 9 November.
	tr := func(f func(*dajia.Transfer)) dajia.Case {
		c := dajia.Case{Transfer: dajia.Transfer{Status: dajia.TransferProposed, ProposedOn: d("2017-11-06")}}
		f(&c.Transfer)
		return c
	}
	approved := func(day, hm string) func(*dajia.Transfer) {
		return func(t *dajia.Transfer) {
			t.Status, t.DecidedOn, t.ApprovedAt = dajia.TransferApproved, d(day), at(day+" "+hm)
		}
	}
	sent := func(day, hm, sentAt string) func(*dajia.Transfer) {
		return func(t *dajia.Transfer) {
			approved(day, hm)(t)
			t.Status, t.SentAt = dajia.TransferSent, at(sentAt)
		}
	}
	for _, tt := range []struct {
		name           string
		c              dajia.Case
		now            string
		judged, inTime bool
	}{
		{"none", dajia.Case{}, "2017-11-30 10:00", false, false},
		{"proposed, within 3 days", tr(func(*dajia.Transfer) {}), "2017-11-09 17:00", false, false},
		{"proposed, past 3 days", tr(func(*dajia.Transfer) {}), "2017-11-10 09:00", true, false},
		{"refused in time", tr(func(t *dajia.Transfer) { t.Status, t.DecidedOn = dajia.TransferRefused, d("2017-11-08") }), "2017-11-30 10:00", true, true},
		{"approved late", tr(approved("2017-11-10", "09:00")), "2017-11-10 10:00", true, false},
		{"approved, not yet sent within 24 hours", tr(approved("2017-11-08", "09:00")), "2017-11-09 08:00", false, false},
		{"approved, not sent after 24 hours", tr(approved("2017-11-08", "09:00")), "2017-11-09 09:01", true, false},
		{"sent within 24 hours", tr(sent("2017-11-08", "09:00", "2017-11-09 09:00")), "2017-11-30 10:00", true, true},
		{"sent after 24 hours", tr(sent("2017-11-08", "09:00", "2017-11-09 10:00")), "2017-11-30 10:00", true, false},
		{"filed by the police later: their clock is not the unit's", tr(func(t *dajia.Transfer) {
			sent("2017-11-08", "09:00", "2017-11-08 15:00")(t)
			t.Status, t.AnsweredOn = dajia.TransferFiled, d("2017-11-30")
		}), "2017-12-01 10:00", true, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			judged, inTime, err := tt.c.TransferTimely(at(tt.now), cal)
			if err != nil || judged != tt.judged || inTime != tt.inTime {
				t.Errorf("judged %v in time %v (%v), want %v %v", judged, inTime, err, tt.judged, tt.inTime)
			}
		})
	}
}
