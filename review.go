package dajia

import (
	"math"
	"slices"
	"time"
)

// The review (检查总结) scores each lead unit of a plan from what dajia
// recorded. Each indicator is a share: the records that count for the unit
// over the records it is judged on, as a score out of 100. An indicator
// with nothing to judge has no data: it is shown as such, never as 0 or
// 100, and the total leaves it out, the weights of the indicators with data
// standing for the whole (the total is their weighted mean). Weights are
// whole percents set by the office per plan and must add up to 100.

// ReviewIndicator is one indicator of the review, stored as a code.
type ReviewIndicator string

const (
	ReviewOnTime    ReviewIndicator = "report_on_time"    // 报送及时率: reports sent on time of the reports due
	ReviewComplete  ReviewIndicator = "report_complete"   // 报送完整率: reports sent at all of the reports due
	ReviewClues     ReviewIndicator = "clues_in_time"     // 线索按时处理率: clues decided by their deadline of those judged
	ReviewCases     ReviewIndicator = "cases_closed"      // 案件办结率: cases led and brought to an end of the cases led
	ReviewTransfers ReviewIndicator = "transfers_in_time" // 移送按时率: transfers to the police whose steps kept their clocks
	ReviewActions   ReviewIndicator = "actions_joined"    // 集中行动参与率: done joint actions the unit sent a force to, of those it was named in
	ReviewPublicity ReviewIndicator = "publicity"         // 宣传活动: activities recorded, of the office's target
)

var reviewNames = map[ReviewIndicator]Text{
	ReviewOnTime:    "报送及时率",
	ReviewComplete:  "报送完整率",
	ReviewClues:     "线索按时处理率",
	ReviewCases:     "案件办结率",
	ReviewTransfers: "移送按时率",
	ReviewActions:   "集中行动参与率",
	ReviewPublicity: "宣传活动完成率",
}

// Name is the indicator as the office reads it.
func (i ReviewIndicator) Name() Text { return nameIn(reviewNames, i) }

// ReviewIndicators lists the indicators in the scorecard's order.
func ReviewIndicators() []ReviewIndicator {
	return []ReviewIndicator{ReviewOnTime, ReviewComplete, ReviewClues, ReviewCases, ReviewTransfers, ReviewActions, ReviewPublicity}
}

// Bounds of the review's settings.
const (
	MaxPublicityTarget = 1000
	// DefaultPublicityTarget is one activity a month over the four months
	// from the deployment phase to the end of the concentrated action.
	DefaultPublicityTarget = 4
)

// ReviewWeights are the office's settings of a plan's review: each
// indicator's weight in whole percents (0 leaves it out of the total) and
// the number of publicity activities that scores 100.
type ReviewWeights struct {
	Weights         map[ReviewIndicator]int `json:"weights"`
	PublicityTarget int                     `json:"publicity_target"`
}

// DefaultReviewWeights weigh reporting discipline and the handling of
// clues most, as the plan's requirements stress them (信息报送, 线索查办):
// on-time reporting 20, complete reporting 10, clues in time 20, cases 15,
// transfers 10, joint actions 15, publicity 10.
func DefaultReviewWeights() ReviewWeights {
	return ReviewWeights{Weights: map[ReviewIndicator]int{
		ReviewOnTime: 20, ReviewComplete: 10, ReviewClues: 20, ReviewCases: 15,
		ReviewTransfers: 10, ReviewActions: 15, ReviewPublicity: 10,
	}, PublicityTarget: DefaultPublicityTarget}
}

// Sum is the weights added up.
func (w ReviewWeights) Sum() int {
	n := 0
	for _, i := range ReviewIndicators() {
		n += w.Weights[i]
	}
	return n
}

// WeightField is the form field of an indicator's weight.
func WeightField(i ReviewIndicator) string { return "w_" + string(i) }

// Check refuses settings a score cannot be computed with, every problem at
// once: a weight outside 0..100, weights not adding up to 100, a publicity
// target outside 1..MaxPublicityTarget.
func (w ReviewWeights) Check() error {
	var errs FieldErrors
	for k := range w.Weights {
		if !slices.Contains(ReviewIndicators(), k) {
			errs = append(errs, FieldErrorf("weights", "unknown", "没有这个考核指标：%s", string(k)))
		}
	}
	ranged := true
	for _, i := range ReviewIndicators() {
		if v := w.Weights[i]; v < 0 || v > 100 {
			errs = append(errs, FieldErrorf(WeightField(i), "range", "权重应为 0 到 100 之间的整数"))
			ranged = false
		}
	}
	if s := w.Sum(); ranged && s != 100 {
		errs = append(errs, FieldErrorf("weights", "sum", "各项权重合计应为 100，现为 %d", s))
	}
	if w.PublicityTarget < 1 || w.PublicityTarget > MaxPublicityTarget {
		errs = append(errs, FieldErrorf("publicity_target", "range", "宣传活动目标次数应为 1 到 %d 之间的整数", MaxPublicityTarget))
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Tally is a count of records judged and how many of them count for the
// unit.
type Tally struct {
	Num, Den int
}

// Add counts one record judged, for the unit when ok.
func (t *Tally) Add(ok bool) {
	t.Den++
	if ok {
		t.Num++
	}
}

// ReviewInputs are the counts a lead unit is scored on.
type ReviewInputs struct {
	Reports Rates // the reporting matrix's rates over every reporting rule
	Clues   Tally // decided by their deadline, of those decided or past it
	// CluesPending are the clues still within their clock: not judged yet.
	CluesPending int
	Cases        Tally // brought to an end (Decided), of those led
	Transfers    Tally // every step in time, of those judged
	// TransfersPending are transfers still within a clock.
	TransfersPending int
	Actions          Tally // sent a force to, of the done actions it was named in
	Publicity        int   // activities recorded
}

// ReviewScore is one indicator of one unit: its inputs, its score out of
// 100 and what it adds to the total.
type ReviewScore struct {
	Indicator ReviewIndicator
	Num, Den  int
	HasData   bool
	Score     float64 // 0..100, when HasData
	Weight    int
	Points    float64 // Score × Weight / 100, when HasData
}

// ReviewGrade is the grade of a total.
type ReviewGrade string

const (
	GradeNone      ReviewGrade = "none" // no indicator has data
	GradeExcellent ReviewGrade = "excellent"
	GradeGood      ReviewGrade = "good"
	GradePass      ReviewGrade = "pass"
	GradeFail      ReviewGrade = "fail"
)

var gradeNames = map[ReviewGrade]Text{GradeNone: "无数据", GradeExcellent: "优秀", GradeGood: "良好", GradePass: "合格", GradeFail: "不合格"}

// Name is the grade as the office writes it.
func (g ReviewGrade) Name() Text { return nameIn(gradeNames, g) }

// GradeOf grades a total: 优秀 from 90, 良好 from 75, 合格 from 60,
// 不合格 below.
func GradeOf(total float64) ReviewGrade {
	switch {
	case total >= 90:
		return GradeExcellent
	case total >= 75:
		return GradeGood
	case total >= 60:
		return GradePass
	}
	return GradeFail
}

// ReviewRow is one lead unit's scorecard.
type ReviewRow struct {
	Unit   string
	Inputs ReviewInputs
	Scores []ReviewScore
	// Total is the weighted mean of the scores with data, over the weights
	// of those (WeightUsed), when HasTotal.
	Total      float64
	HasTotal   bool
	WeightUsed int
	Grade      ReviewGrade
}

// Score returns the row's score of an indicator.
func (r ReviewRow) Score(i ReviewIndicator) ReviewScore {
	for _, s := range r.Scores {
		if s.Indicator == i {
			return s
		}
	}
	return ReviewScore{Indicator: i}
}

// share is num over den out of 100; false when den is 0 (no data).
func share(num, den int) (float64, bool) {
	if den <= 0 {
		return 0, false
	}
	return float64(num) * 100 / float64(den), true
}

// Round1 rounds a score to one decimal, as the scorecard shows it.
func Round1(x float64) float64 { return math.Round(x*10) / 10 }

// ScoreReview scores one unit's inputs under weights w, which must pass
// Check.
func ScoreReview(unit string, in ReviewInputs, w ReviewWeights) (ReviewRow, error) {
	if err := w.Check(); err != nil {
		return ReviewRow{}, err
	}
	row := ReviewRow{Unit: unit, Inputs: in, Grade: GradeNone}
	target := w.PublicityTarget
	tallies := map[ReviewIndicator]Tally{
		ReviewOnTime:    {in.Reports.OnTime.Num, in.Reports.OnTime.Den},
		ReviewComplete:  {in.Reports.Reported.Num, in.Reports.Reported.Den},
		ReviewClues:     in.Clues,
		ReviewCases:     in.Cases,
		ReviewTransfers: in.Transfers,
		ReviewActions:   in.Actions,
		// The target is the office's, so publicity always has data: a unit
		// that recorded none scores 0, not "no data" (the plan asks every
		// lead unit to publicise). Activities past the target add nothing.
		ReviewPublicity: {min(in.Publicity, target), target},
	}
	var sum float64
	for _, i := range ReviewIndicators() {
		t := tallies[i]
		s := ReviewScore{Indicator: i, Num: t.Num, Den: t.Den, Weight: w.Weights[i]}
		if i == ReviewPublicity {
			s.Num = in.Publicity
		}
		s.Score, s.HasData = share(t.Num, t.Den)
		if s.HasData {
			s.Points = s.Score * float64(s.Weight) / 100
			sum += s.Score * float64(s.Weight)
			row.WeightUsed += s.Weight
		}
		row.Scores = append(row.Scores, s)
	}
	if row.WeightUsed > 0 {
		row.Total, row.HasTotal = sum/float64(row.WeightUsed), true
		row.Grade = GradeOf(Round1(row.Total))
	}
	return row, nil
}

// ReviewUnits are the units a plan's review scores: each unit that leads
// at least one campaign, in the plan's order. The office (which organises
// the review) and upper-level bodies (whose work goes through the office)
// are not scored.
func (p *Plan) ReviewUnits() []string {
	var keys []string
	for _, c := range p.Campaigns {
		for _, l := range c.Lead {
			ref, ok := p.Lookup(l.Dept)
			if !ok || ref.Class == ClassOffice || p.IsUpperLevel(ref.Unit) || slices.Contains(keys, ref.Unit.Key) {
				continue
			}
			keys = append(keys, ref.Unit.Key)
		}
	}
	p.SortUnitsByPlan(keys)
	return keys
}

// Review is a plan's scorecard on a day: a row per lead unit.
type Review struct {
	PlanID  string
	Today   Date
	Weights ReviewWeights
	Rows    []ReviewRow
}

// Timely judges a clue against its decision clock on day today: judged
// when it was decided, or is still pending past its deadline; in time when
// decided on or before it. A clue pending within its clock is not judged
// yet.
func (c Clue) Timely(today Date, cal Workdays) (judged, inTime bool, err error) {
	open := c
	open.Status = CluePending
	k, _, err := open.Clock(today, cal)
	if err != nil {
		return false, false, err
	}
	if c.Status == CluePending {
		return k.Overdue, false, nil
	}
	return true, !c.DecidedOn.After(k.Due), nil
}

// TransferTimely judges a case's transfer to the police at the moment now
// by the unit's own clocks: the head's decision within 3 days of the
// proposal, the sending within 24 hours of the approval (the police's
// answer is the police's clock, not the unit's). A step past its clock
// makes it late; it is in time once every step it reached was taken in
// time; otherwise (no transfer, or a step still within its clock) it is
// not judged.
func (c Case) TransferTimely(now time.Time, cal Workdays) (judged, inTime bool, err error) {
	t := c.Transfer
	if t.Status == TransferNone || t.ProposedOn.IsZero() {
		return false, false, nil
	}
	today := DateOf(now.In(ChinaTime))
	due, err := dayPeriodEnd(cal, t.ProposedOn, TransferDecideDays)
	if err != nil {
		return false, false, err
	}
	if t.Status == TransferProposed {
		return today.After(due), false, nil
	}
	if t.DecidedOn.After(due) {
		return true, false, nil
	}
	if t.ApprovedAt.IsZero() { // refused in time: the step it reached was kept
		return true, true, nil
	}
	sendBy := t.ApprovedAt.Add(TransferSendHours * time.Hour)
	if t.SentAt.IsZero() {
		return now.After(sendBy), false, nil
	}
	return true, !t.SentAt.After(sendBy), nil
}
