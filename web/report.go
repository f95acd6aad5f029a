package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"dajia"
	"dajia/store"
)

// reportFor loads the report named in the path that the actor may see;
// another unit's report is not found, so ids cannot be probed.
func (s *Server) reportFor(r *http.Request) (store.Report, *dajia.Plan, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return store.Report{}, nil, err
	}
	rep, err := s.db.Report(r.Context(), id)
	if err != nil {
		return rep, nil, err
	}
	if !actorOf(r).SeesUnit(rep.Unit) {
		return store.Report{}, nil, dajia.Errorf(dajia.NotFound, "report", "没有这份报表")
	}
	v, err := s.db.PlanVersion(r.Context(), rep.PlanID, 0)
	if err != nil {
		return rep, nil, err
	}
	return rep, v.Plan, nil
}

// ruleOf is the reporting rule of a report in the plan it belongs to.
func ruleOf(p *dajia.Plan, rep store.Report) dajia.ReportingRule {
	if rep.RuleIndex < len(p.Reporting) {
		return p.Reporting[rep.RuleIndex]
	}
	return dajia.ReportingRule{Name: rep.RuleName, Period: rep.Period.Kind}
}

// check builds the store callback that refuses an action the actor may not
// take on this report.
func mayAct(a dajia.Actor, act dajia.ReportAction) func(store.Report) error {
	return func(r store.Report) error {
		if !a.SeesUnit(r.Unit) {
			return dajia.Errorf(dajia.NotFound, "report", "没有这份报表")
		}
		if !a.MayAct(act, r.Unit, r.Status) {
			return dajia.Errorf(dajia.Forbidden, "", "您的角色不能对这份报表执行该操作")
		}
		return nil
	}
}

// editableBy is the store callback that lets only the unit's information
// officer change a draft.
func editableBy(a dajia.Actor) func(store.Report) error {
	return func(r store.Report) error {
		if !a.MayEdit(r.Unit, r.Status) {
			return dajia.Errorf(dajia.Forbidden, "", "只有本单位信息员可以修改填报中的报表")
		}
		return nil
	}
}

// reportActionOf reads a workflow step from the path.
func reportActionOf(r *http.Request) (dajia.ReportAction, error) {
	act := dajia.ReportAction(r.PathValue("action"))
	switch act {
	case dajia.ActSubmit, dajia.ActApprove, dajia.ActAccept, dajia.ActReturn, dajia.ActReopen:
		return act, nil
	}
	return "", dajia.Errorf(dajia.NotFound, "", "没有这个操作")
}

// parseContent reads figures from a form or JSON map, with an error per
// field that cannot be read.
func parseContent(inds []dajia.Indicator, get func(string) (string, bool)) (map[string]dajia.Amount, []dajia.FieldError) {
	vals := map[string]dajia.Amount{}
	var errs []dajia.FieldError
	for _, ind := range inds {
		raw, ok := get(ind.Key)
		raw = strings.TrimSpace(raw)
		if !ok || raw == "" {
			continue
		}
		a, err := dajia.ParseAmount(raw)
		if err != nil {
			errs = append(errs, dajia.FieldErrorf(ind.Key, "number", "%s：%q 不是有效的数（最多四位小数）", ind.Name, truncateText(raw, 20)))
			continue
		}
		vals[ind.Key] = a
	}
	return vals, errs
}

func truncateText(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// validateReport runs the figure checks for a report about to be sent.
func (s *Server) validateReport(r *http.Request, p *dajia.Plan, rep store.Report) ([]dajia.FieldError, []dajia.Outlier, error) {
	rule := ruleOf(p, rep)
	inds := rule.IndicatorsOf()
	hist, err := s.db.UnitHistory(r.Context(), rep.PlanID, rep.RuleIndex, rep.Unit, rep.Period.Start)
	if err != nil {
		return nil, nil, err
	}
	var open dajia.Amount
	for _, h := range hist {
		open += h["cases_opened"] - h["cases_closed"]
	}
	errs := dajia.Validate(inds, rep.Values, map[string]dajia.Amount{"open_before": max(open, 0)}, dajia.DefaultValidationRules())
	if rep.Zero {
		for _, ind := range inds {
			if rep.Values[ind.Key] != 0 {
				errs = append(errs, dajia.FieldErrorf(ind.Key, "zero", "零申报的各项数值应为 0：%s", ind.Name))
			}
		}
	} else if len(rep.Values) == 0 || allZero(rep.Values) {
		errs = append(errs, dajia.FieldError{Field: "zero", Rule: "empty", Message: "各项数值都为 0：如本期确无数据，请勾选“零申报”"})
	}
	return errs, dajia.Outliers(inds, rep.Values, hist), nil
}

func allZero(v map[string]dajia.Amount) bool {
	for _, a := range v {
		if a != 0 {
			return false
		}
	}
	return true
}

// invalidFields is the error of a report that fails its checks: the first
// message, with every field's message carried for the page and the API.
type invalidFields struct {
	err    *dajia.Error
	Fields []dajia.FieldError
}

func (e *invalidFields) Error() string { return e.err.Error() }

func fieldsError(errs []dajia.FieldError) error {
	first := &dajia.Error{Code: dajia.Invalid, Field: errs[0].Field, Message: errs[0].Message, Key: errs[0].Key, Args: errs[0].Args}
	e := first
	if len(errs) > 1 {
		e = dajia.Errorf(dajia.Invalid, first.Field, "%s（另有 %d 处问题）", first, len(errs)-1)
	}
	return &invalidFields{e, errs}
}

func (e *invalidFields) Unwrap() error { return e.err }

// transition takes a workflow step, validating the figures before a
// submission.
func (s *Server) transition(r *http.Request, id int64, act dajia.ReportAction, reason string) (store.Report, error) {
	a := actorOf(r)
	return s.db.TransitionReport(r.Context(), a, id, act, reason, func(rep store.Report) error {
		if err := mayAct(a, act)(rep); err != nil {
			return err
		}
		if act != dajia.ActSubmit {
			return nil
		}
		v, err := s.db.PlanVersion(r.Context(), rep.PlanID, 0)
		if err != nil {
			return err
		}
		errs, _, err := s.validateReport(r, v.Plan, rep)
		if err != nil {
			return err
		}
		if len(errs) > 0 {
			return fieldsError(errs)
		}
		return nil
	})
}

// matrixCell is one unit's report for one period.
type matrixCell struct {
	Report     store.Report
	Timeliness dajia.Timeliness
}

type matrixRow struct {
	Unit  dajia.UnitRef
	Cells []matrixCell
	Rates dajia.Rates
}

type matrixData struct {
	Plan    *dajia.Plan
	Rule    int
	Rules   []dajia.ReportingRule
	Periods []dajia.Period
	Rows    []matrixRow
	Total   dajia.Rates
	Counts  map[string]int // by timeliness
}

// matrix lays out a rule's reports as units × periods with rates.
// A unit's account reads its own row only, rates included.
func (s *Server) matrix(r *http.Request, p *dajia.Plan, planID string, rule int) (matrixData, error) {
	today := dajia.Today(s.clock)
	d := matrixData{Plan: p, Rule: rule, Rules: p.Reporting, Counts: map[string]int{}}
	if rule < len(p.Reporting) {
		d.Periods = p.ReportingPeriods(p.Reporting[rule])
	}
	f := store.ReportFilter{PlanID: planID, Rule: rule}
	if !scopeReports(actorOf(r), &f) {
		return d, nil
	}
	reps, err := s.db.Reports(r.Context(), f)
	if err != nil {
		return matrixData{}, err
	}
	byUnit := map[string]map[string]store.Report{}
	var units []string
	for _, rep := range reps {
		if byUnit[rep.Unit] == nil {
			byUnit[rep.Unit] = map[string]store.Report{}
			units = append(units, rep.Unit)
		}
		byUnit[rep.Unit][rep.PeriodID] = rep
	}
	p.SortUnitsByPlan(units)
	var all []dajia.Timeliness
	for _, u := range units {
		ref, ok := p.Lookup(u)
		if !ok {
			ref = dajia.UnitRef{Class: dajia.ClassUnit, Unit: dajia.Unit{Key: u, Name: u}}
		}
		row := matrixRow{Unit: ref}
		var ts []dajia.Timeliness
		for _, per := range d.Periods {
			rep, ok := byUnit[u][per.ID()]
			c := matrixCell{Report: rep}
			if ok {
				c.Timeliness = rep.Timeliness(today)
				ts = append(ts, c.Timeliness)
				d.Counts[string(c.Timeliness)]++
			}
			row.Cells = append(row.Cells, c)
		}
		row.Rates = dajia.RatesOf(ts)
		all = append(all, ts...)
		d.Rows = append(d.Rows, row)
	}
	d.Total = dajia.RatesOf(all)
	return d, nil
}

// planParam picks the plan of a reports page: ?plan= or the newest.
func (s *Server) planParam(r *http.Request) (store.PlanVersion, error) {
	id := r.URL.Query().Get("plan")
	if id == "" {
		plans, err := s.db.Plans(r.Context())
		if err != nil {
			return store.PlanVersion{}, err
		}
		if len(plans) == 0 {
			return store.PlanVersion{}, dajia.Errorf(dajia.NotFound, "plan", "还没有导入方案")
		}
		id = plans[0].ID
	}
	return s.db.Plan(r.Context(), id)
}

func ruleParam(r *http.Request, p *dajia.Plan) (int, error) {
	v := r.URL.Query().Get("rule")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n >= len(p.Reporting) {
		return 0, dajia.Errorf(dajia.Invalid, "rule", "报送规则 %q 不存在", v)
	}
	return n, nil
}

// periodSummary is the town's merged figures for one period, or a unit's
// own figures when a unit's account reads it (Unit is then its key).
type periodSummary struct {
	Plan       *dajia.Plan
	PlanID     string
	Unit       string
	Rule       int
	RuleName   string
	Period     dajia.Period
	Indicators []dajia.Indicator
	Units      []summaryRow
	Totals     map[string]dajia.Amount
	Late       []string
	Missing    []string
	NotYetDue  []string
	Due        dajia.Date
	KeyCases   []unitText
	Practices  []unitText
}

type summaryRow struct {
	Unit       string
	Name       string
	Report     store.Report
	Timeliness dajia.Timeliness
	Values     map[string]dajia.Amount
}

type unitText struct{ Unit, Text string }

func (s *Server) summary(r *http.Request, v store.PlanVersion, rule int, periodID string) (periodSummary, error) {
	p := v.Plan
	if rule >= len(p.Reporting) {
		return periodSummary{}, dajia.Errorf(dajia.NotFound, "rule", "报送规则不存在")
	}
	noReports := dajia.Errorf(dajia.NotFound, "period", "报送期 %s 没有报表", periodID)
	f := store.ReportFilter{PlanID: v.PlanID, Rule: rule, PeriodID: periodID}
	if !scopeReports(actorOf(r), &f) {
		return periodSummary{}, noReports
	}
	reps, err := s.db.Reports(r.Context(), f)
	if err != nil {
		return periodSummary{}, err
	}
	if len(reps) == 0 {
		return periodSummary{}, noReports
	}
	vals, err := s.db.PeriodValues(r.Context(), v.PlanID, rule, periodID, f.Unit)
	if err != nil {
		return periodSummary{}, err
	}
	today := dajia.Today(s.clock)
	ps := periodSummary{Plan: p, PlanID: v.PlanID, Unit: f.Unit, Rule: rule, RuleName: reps[0].RuleName, Period: reps[0].Period, Due: reps[0].Due,
		Indicators: p.Reporting[rule].IndicatorsOf(), Totals: map[string]dajia.Amount{}}
	units := make([]string, 0, len(reps))
	byUnit := map[string]store.Report{}
	for _, rep := range reps {
		units = append(units, rep.Unit)
		byUnit[rep.Unit] = rep
	}
	p.SortUnitsByPlan(units)
	for _, u := range units {
		rep := byUnit[u]
		name := p.DisplayName(u)
		row := summaryRow{Unit: u, Name: name, Report: rep, Timeliness: rep.Timeliness(today), Values: vals[u]}
		for k, a := range vals[u] {
			ps.Totals[k] += a
		}
		switch row.Timeliness {
		case dajia.Late:
			ps.Late = append(ps.Late, name)
		case dajia.Missing:
			ps.Missing = append(ps.Missing, name)
		case dajia.NotYetDue:
			ps.NotYetDue = append(ps.NotYetDue, name)
		}
		if !rep.FirstSubmittedAt.IsZero() {
			if t := strings.TrimSpace(rep.KeyCases); t != "" {
				ps.KeyCases = append(ps.KeyCases, unitText{name, t})
			}
			if t := strings.TrimSpace(rep.Practices); t != "" {
				ps.Practices = append(ps.Practices, unitText{name, t})
			}
		}
		ps.Units = append(ps.Units, row)
	}
	return ps, nil
}

// circular drafts the office's 通报 of a period: who reported on time, who
// was late and who is missing.
func circular(ps periodSummary, today dajia.Date) string {
	var b strings.Builder
	office := "镇打假办"
	if ps.Plan.Office != nil && ps.Plan.Office.Name != "" {
		office = ps.Plan.Office.Name
	}
	fmt.Fprintf(&b, "关于%s打假信息报送情况的通报\n\n", ps.Period.Label())
	fmt.Fprintf(&b, "各有关单位：\n\n")
	fmt.Fprintf(&b, "    根据《%s》关于信息报送的要求，各单位应于%s前报送%s的%s。", ps.Plan.Title, ps.Due.Chinese(), ps.Period.Label(), ps.RuleName)
	on := 0
	for _, u := range ps.Units {
		if u.Timeliness == dajia.OnTime || u.Timeliness == dajia.ZeroReport {
			on++
		}
	}
	fmt.Fprintf(&b, "截至%s，应报单位%d个，按时报送%d个", today.Chinese(), len(ps.Units), on)
	if len(ps.Late) > 0 {
		fmt.Fprintf(&b, "，逾期报送%d个（%s）", len(ps.Late), strings.Join(ps.Late, "、"))
	}
	if len(ps.Missing) > 0 {
		fmt.Fprintf(&b, "，未报送%d个（%s）", len(ps.Missing), strings.Join(ps.Missing, "、"))
	}
	b.WriteString("。\n\n")
	if len(ps.Late)+len(ps.Missing) > 0 {
		fmt.Fprintf(&b, "    请逾期和未报送的单位高度重视，指定专人负责信息报送，未报送的单位于接到本通报后3个工作日内补报，并在今后按时、准确、全面报送。\n\n")
	} else {
		fmt.Fprintf(&b, "    各单位均按时报送，望继续保持。\n\n")
	}
	var parts []string
	for _, ind := range ps.Indicators {
		if a := ps.Totals[ind.Key]; a != 0 {
			parts = append(parts, fmt.Sprintf("%s%s%s", ind.Name, a, ind.Unit))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&b, "    本期全镇汇总：%s。\n\n", strings.Join(parts, "，"))
	}
	fmt.Fprintf(&b, "%s\n%s\n", office, today.Chinese())
	return b.String()
}

// todoItem is one thing an account has to do, with its deadline.
type todoItem struct {
	Report   store.Report
	Link     string
	Title    string
	UnitName string
	What     string
	Overdue  bool
	Due      dajia.Date
	DaysLeft int
	Reason   string
}

// todo lists the reports an account has to act on, most urgent first.
func (s *Server) todo(r *http.Request, p *dajia.Plan, planID string) ([]todoItem, error) {
	a := actorOf(r)
	today := dajia.Today(s.clock)
	f := store.ReportFilter{PlanID: planID, Rule: -1}
	if !scopeReports(a, &f) {
		return nil, nil
	}
	reps, err := s.db.Reports(r.Context(), f)
	if err != nil {
		return nil, err
	}
	var items []todoItem
	for _, rep := range reps {
		it := todoItem{Report: rep, UnitName: p.DisplayName(rep.Unit), Due: rep.Due, DaysLeft: today.DaysUntil(rep.Due), Overdue: today.After(rep.Due),
			Link: fmt.Sprintf("/reports/%d", rep.ID), Title: p.DisplayName(rep.Unit) + " · " + rep.Period.Label() + rep.RuleName}
		switch {
		case rep.Status == dajia.ReportDraft && a.MayAct(dajia.ActSubmit, rep.Unit, rep.Status) && (rep.ReturnedReason != "" || (rep.FirstSubmittedAt.IsZero() && !today.Before(rep.Period.Start) && today.DaysUntil(rep.Due) <= 31)):
			it.What = "填报并报送"
			if rep.ReturnedReason != "" {
				it.What, it.Reason = "修改后重新报送", "退回原因："+rep.ReturnedReason
			}
		case rep.Status == dajia.ReportSubmitted && a.MayAct(dajia.ActApprove, rep.Unit, rep.Status):
			it.What = "审核"
		case rep.Status == dajia.ReportApproved && a.MayAct(dajia.ActAccept, rep.Unit, rep.Status):
			it.What = "签收"
		case a.Role == dajia.RoleOffice && rep.Status == dajia.ReportDraft && rep.FirstSubmittedAt.IsZero() && today.After(rep.Due):
			it.What = "催报（逾期未报）"
		default:
			continue
		}
		if it.What != "填报并报送" && it.What != "催报（逾期未报）" {
			it.Overdue = false // waiting on the actor, not late by the unit
		}
		items = append(items, it)
	}
	tips, err := s.todoTips(r, p, today)
	if err != nil {
		return nil, err
	}
	items = append(items, tips...)
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Overdue != items[j].Overdue {
			return items[i].Overdue
		}
		return items[i].Due.Before(items[j].Due)
	})
	return items, nil
}

// todoTips lists the tips whose legal clock runs for the actor: a unit's
// own, and for the office its queue and every overdue tip.
func (s *Server) todoTips(r *http.Request, p *dajia.Plan, today dajia.Date) ([]todoItem, error) {
	a := actorOf(r)
	open := []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}
	var lists [][]store.Tip
	switch {
	case a.Role == dajia.RoleOffice:
		queue, err := s.db.Tips(r.Context(), store.TipFilter{Units: []string{dajia.OfficeKey}, Statuses: open})
		if err != nil {
			return nil, err
		}
		late, err := s.db.Tips(r.Context(), store.TipFilter{Statuses: open, DueBy: today.AddDays(-1)})
		if err != nil {
			return nil, err
		}
		lists = [][]store.Tip{queue, late}
	case a.Unit != "" && (a.Role == dajia.RoleOfficer || a.Role == dajia.RoleHead || a.Role == dajia.RoleSupervisor):
		mine, err := s.db.Tips(r.Context(), store.TipFilter{Units: []string{a.Unit}, Statuses: open})
		if err != nil {
			return nil, err
		}
		lists = [][]store.Tip{mine}
	}
	seen := map[int64]bool{}
	var out []todoItem
	for _, list := range lists {
		for _, t := range list {
			if seen[t.ID] || (a.Role != dajia.RoleOffice && !slices.Contains(t.Handlers, a.Unit)) {
				continue
			}
			seen[t.ID] = true
			it := todoItem{Link: fmt.Sprintf("/tips/%d", t.ID), Title: fmt.Sprintf("%s %s · %s · %s", t.Kind, t.Code, t.Category, t.BusinessName), What: "办理举报投诉"}
			if slices.Contains(t.Handlers, dajia.OfficeKey) {
				it.What = "分派举报投诉"
			}
			if !t.Due.IsZero() {
				it.Due, it.DaysLeft, it.Overdue, it.Reason = t.Due, today.DaysUntil(t.Due), today.After(t.Due), t.DueWhat
			} else if t.Status == dajia.TipRefused || t.Status == dajia.TipDecided {
				it.What = "办结举报投诉"
				it.Due = today
			}
			out = append(out, it)
		}
	}
	return out, nil
}
