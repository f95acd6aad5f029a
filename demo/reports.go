package demo

import (
	"context"
	"fmt"
	"sort"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// scheduleReports schedules every monthly report due by the demo's today:
// the officer fills it from what dajia counted (a zero report when there
// was nothing), most a few days before the due day, some late, a few
// never; the head approves; the office accepts, and now and then returns
// one for a correction first.
func (ty *townYear) scheduleReports(ctx context.Context) {
	reps, err := ty.g.a.Reports(ctx, ty.g.office, store.ReportFilter{PlanID: ty.p.ID, Rule: -1})
	if err != nil {
		return
	}
	sort.Slice(reps, func(i, j int) bool { return reps[i].ID < reps[j].ID })
	// One report of the year is certainly missing, besides the few that
	// chance leaves out: the matrix always has a gap to show.
	var due []int
	for i, rep := range reps {
		if _, ok := ty.staffOf(rep.Unit); ok && !rep.Due.After(ty.g.cfg.Today) {
			due = append(due, i)
		}
	}
	missing := -1
	if len(due) > 0 {
		missing = due[ty.r.IntN(len(due))]
	}
	for i, rep := range reps {
		s, ok := ty.staffOf(rep.Unit)
		if !ok || i == missing {
			continue
		}
		x := ty.r.Float64()
		var when dajia.Date
		switch {
		case x < 0.025:
			continue // missing
		case x < 0.155:
			when = rep.Due.AddDays(1 + ty.r.IntN(12)) // late
		default:
			when = rep.Due.AddDays(-ty.r.IntN(4))
			if when.Before(rep.Period.End.AddDays(1)) {
				when = rep.Period.End.AddDays(1)
			}
		}
		submit := ty.g.officeHours(ty.r, when)
		if dayOf(submit).After(rep.Due) && x >= 0.155 {
			submit = at(rep.Due, 8+ty.r.IntN(9), ty.r.IntN(60)) // on time, even on a weekend
		}
		id := rep.ID
		var ch chain
		submit = ch.next(submit)
		returned := chance(ty.r, 0.05)
		approve := ty.after(dayOf(submit), ty.r.IntN(2))
		accept := ty.after(dayOf(approve), 1+ty.r.IntN(3))
		ty.g.later(submit, "report", func(ctx context.Context) error { return ty.fillReport(ctx, s.officer, id, true) })
		recent := dayOf(submit).After(ty.g.cfg.Today.AddDays(-7))
		if recent && chance(ty.r, 0.3) {
			continue // sent in the last days: waits for the head's approval
		}
		ty.g.later(ch.next(approve), "report approve", func(ctx context.Context) error {
			_, err := ty.g.a.ReportStep(ctx, s.head, id, dajia.ActApprove, "")
			return err
		})
		if returned {
			ty.g.later(ch.next(accept), "report return", func(ctx context.Context) error {
				_, err := ty.g.a.ReportStep(ctx, ty.g.office, id, dajia.ActReturn, "重点案件未写明案值和处理结果，请补充后重新报送")
				return err
			})
			fix := ty.after(dayOf(accept), 1+ty.r.IntN(2))
			ty.g.later(ch.next(fix), "report again", func(ctx context.Context) error { return ty.fillReport(ctx, s.officer, id, false) })
			approve = ty.after(dayOf(fix), 0)
			ty.g.later(ch.next(approve), "report approve", func(ctx context.Context) error {
				_, err := ty.g.a.ReportStep(ctx, s.head, id, dajia.ActApprove, "")
				return err
			})
			accept = ty.after(dayOf(approve), 1)
		}
		if recent && chance(ty.r, 0.3) {
			continue // not yet accepted by the office
		}
		ty.g.later(ch.next(accept), "report accept", func(ctx context.Context) error {
			_, err := ty.g.a.ReportStep(ctx, ty.g.office, id, dajia.ActAccept, "")
			return err
		})
	}
}

// fillReport saves what dajia counted for the unit's month, with the key
// cases and practices, and submits it; first counts it (a report sent
// again after its return is not counted twice).
func (ty *townYear) fillReport(ctx context.Context, officer dajia.Actor, id int64, first bool) error {
	rep, p, err := ty.g.a.Report(ctx, officer, id)
	if err != nil {
		return err
	}
	d, err := ty.g.a.ReportDetails(ctx, officer, rep, p)
	if err != nil {
		return err
	}
	c := dajia.ReportContent{Values: map[string]dajia.Amount{}}
	any := false
	for k, v := range d.Counted {
		c.Values[k] = v
		if v != 0 {
			any = true
		}
	}
	if !any {
		c = dajia.ReportContent{Zero: true}
	} else {
		if v, ok := c.Values["cases_opened"]; ok && v > 0 {
			c.KeyCases = fmt.Sprintf("本月立案查处%s宗，其中%s。", v, pick(ty.r, []string{"查处销售无3C标志灯具案", "查处销售假冒注册商标白酒案", "查处生产不合格电饭锅案", "查处销售过期食品案"}))
		}
		c.Practices = pick(ty.r, practices)
	}
	// The checks hold the closed and transferred cases to those opened
	// plus those left open by the unit's earlier reports: where a month
	// went unreported, the officer lowers the figure the check names.
	for try := 0; ; try++ {
		if _, err = ty.g.a.SaveReport(ctx, officer, id, -1, c); err != nil {
			return err
		}
		_, err = ty.g.a.ReportStep(ctx, officer, id, dajia.ActSubmit, "")
		fe, ok := err.(dajia.FieldErrors)
		if !ok || try > 50 {
			break
		}
		fixed := false
		for _, f := range fe {
			if v := c.Values[f.Field]; (f.Field == "cases_closed" || f.Field == "police_cases") && v > 0 {
				c.Values[f.Field] = v - dajia.AmountScale
				fixed = true
			}
		}
		if !fixed {
			break
		}
		if allZeroValues(c.Values) {
			c = dajia.ReportContent{Zero: true}
		}
	}
	if err == nil && first {
		ty.g.count("reports")
		if c.Zero {
			ty.g.count("reports_zero")
		}
	}
	return err
}

// scheduleRectifications has the office, in the review phase, issue
// notices to the lead units whose clues went past their clocks; units
// answer; the office closes the answered ones.
func (ty *townYear) scheduleRectifications() {
	d := ty.g.workday(ty.date(12, 4+ty.r.IntN(4)))
	ty.g.later(ty.g.officeHours(ty.r, d), "rectifications", func(ctx context.Context) error {
		var units []string
		for _, u := range []string{"syjfj", "gsfj", "zjfj", "nyj", "zjj", "jtfj"} {
			k := ty.t.key(u)
			l, err := ty.g.a.Clues(ctx, ty.g.office, app.ClueQuery{PlanID: ty.p.ID, Unit: k, Overdue: true, Limit: 1})
			if err != nil {
				return err
			}
			if l.Total > 0 {
				units = append(units, k)
			}
		}
		if len(units) == 0 {
			units = []string{ty.t.key("jtfj")}
		}
		if len(units) > 3 {
			units = units[:3]
		}
		for i, u := range units {
			in := app.RectInput{PlanID: ty.p.ID, Unit: u, Title: fmt.Sprintf("关于%s打假工作存在问题的整改通知", ty.p.DisplayName(u)),
				Reason: "专项行动检查中发现线索超期未作决定、信息报送不及时。", CampaignNo: 0,
				Items: []string{"对超期线索逐条作出是否立案的决定", "落实信息报送专人，按月按时报送", "加强重点产品巡查，建立问题台账"}, Deadline: d.AddDays(15).String(), Issue: true}
			rec, err := ty.g.a.CreateRectification(ctx, ty.g.office, in)
			if err != nil {
				return err
			}
			ty.g.count("rectifications")
			if i == len(units)-1 && len(units) > 1 {
				continue // not answered yet
			}
			s, ok := ty.staffOf(u)
			if !ok {
				continue
			}
			id := rec.ID
			ans := ty.after(d, 5+ty.r.IntN(5))
			ty.g.later(ans, "rectification answer", func(ctx context.Context) error {
				_, err := ty.g.a.AnswerRectification(ctx, s.head, id, map[int]string{1: "已对超期线索逐条核查并作出决定", 2: "已指定信息员专人负责报送", 3: "已建立重点产品巡查台账"})
				return err
			})
			ty.g.later(ty.after(dayOf(ans), 2), "rectification close", func(ctx context.Context) error {
				_, err := ty.g.a.CloseRectification(ctx, ty.g.office, id, "整改到位")
				return err
			})
		}
		return nil
	})
}

func allZeroValues(m map[string]dajia.Amount) bool {
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}
