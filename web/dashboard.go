package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dajia"
	"dajia/store"
)

// dashboardRoutes registers the leader's dashboard (工作看板): the page and
// the same figures as JSON.
func (s *Server) dashboardRoutes() []route {
	h := s.adapt
	return []route{
		{"GET /dashboard", dajia.PermBusiness, h(s.dashboardPage), false},
		{"GET /api/v1/dashboard", dajia.PermBusiness, h(s.apiDashboard), false},
		// The charting library sits in a folder of the assets, with its
		// licence; /static/{name} matches no slash.
		{"GET /static/echarts/{name}", dajia.PermPublic, h(func(w http.ResponseWriter, r *http.Request) error {
			r.SetPathValue("name", "echarts/"+r.PathValue("name"))
			return s.serveStatic(w, r)
		}), true},
	}
}

// dashboardView is the dashboard as its page shows it: each figure with
// the address of the list that holds its records.
type dashboardView struct {
	dajia.Dashboard
	Campaigns  []dashCampaign
	Unassigned dashCampaign // 未归入专项: the records of no campaign
	Total      dashCampaign
	Reporting  []dashReporting
	Months     []dashMonth
	Actions    []actionTally
	Links      struct{ OverdueTips, OverdueTransfers, Major, Plan string }
}

type dashCampaign struct {
	dajia.DashboardCampaign
	Pg Page // the page, for the row's words
	// Unassigned marks the row of the records of no campaign.
	Unassigned bool
	Links      struct{ Tips, Clues, Opened, Closed, Samplings, Passed, Failed string }
	Value      string // 万元
	Fines      string // 万元
	Rate       string // pass rate, "—" when nothing was tested
}

type dashReporting struct {
	dajia.DashboardReporting
	Link, SentLink, OnTimeLink, LateLink, MissingLink string
}

type dashMonth struct {
	dajia.DashboardMonth
	TipsLink, CasesLink string
}

// planList is the address of a list of the plan's records with the
// filters kv.
func planList(path, planID string, kv ...string) string {
	v := url.Values{"plan": {planID}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}

func viewDashboard(pg Page, d dajia.Dashboard, tallies []actionTally) dashboardView {
	id := d.PlanID
	out := dashboardView{Dashboard: d, Actions: tallies}
	out.Links.OverdueTips = planList("/tips", id, "overdue", "1")
	out.Links.OverdueTransfers = planList("/cases", id, "overdue", "1", "transfer", store.TransferRunning)
	out.Links.Major = planList("/cases", id, "major", "1")
	out.Links.Plan = "/plans/" + url.PathEscape(id)
	row := func(c dajia.DashboardCampaign, kv ...string) dashCampaign {
		r := dashCampaign{DashboardCampaign: c, Pg: pg, Value: c.Value.WanText(), Fines: c.Fines.WanText(), Rate: c.Samplings.Rate()}
		with := func(path string, more ...string) string {
			return planList(path, id, append(append([]string{}, kv...), more...)...)
		}
		r.Links.Tips = with("/tips", "view", "all")
		r.Links.Clues = with("/clues")
		r.Links.Opened = with("/cases")
		r.Links.Closed = with("/cases", "status", string(dajia.CaseClosed))
		r.Links.Samplings = with("/samplings")
		r.Links.Passed = with("/samplings", "result", string(dajia.SamplePassed))
		r.Links.Failed = with("/samplings", "result", string(dajia.SampleFailed))
		return r
	}
	for _, c := range d.Campaigns {
		out.Campaigns = append(out.Campaigns, row(c, "campaign", strconv.Itoa(c.No)))
	}
	out.Unassigned = row(d.Unassigned, "campaign", "0")
	out.Unassigned.Unassigned = true
	out.Total = row(d.Total)
	for _, r := range d.Reporting {
		rule := strconv.Itoa(r.Rule)
		out.Reporting = append(out.Reporting, dashReporting{DashboardReporting: r, Link: planList("/reports", id, "rule", rule),
			SentLink: planList("/reports", id, "rule", rule, "show", string(showSent)), OnTimeLink: planList("/reports", id, "rule", rule, "show", string(dajia.OnTime)),
			LateLink: planList("/reports", id, "rule", rule, "show", string(dajia.Late)), MissingLink: planList("/reports", id, "rule", rule, "show", string(dajia.Missing))})
	}
	for _, m := range d.Months {
		out.Months = append(out.Months, dashMonth{DashboardMonth: m, TipsLink: planList("/tips", id, "view", "all", "month", m.Month),
			CasesLink: planList("/cases", id, "month", m.Month)})
	}
	return out
}

// dashChart is what the page's script draws: the labels in the page's
// language, the series and the list behind each bar or point.
type dashChart struct {
	Lang      string          `json:"lang"`
	Campaigns dashChartSeries `json:"campaigns"`
	Months    dashChartSeries `json:"months"`
}

type dashChartSeries struct {
	Labels []string         `json:"labels"`
	Series []dashChartValue `json:"series"`
}

type dashChartValue struct {
	Name   string   `json:"name"`
	Values []int    `json:"values"`
	Links  []string `json:"links"`
}

func (d dashboardView) chart(pg Page) dashChart {
	c := dashChart{Lang: "ZH"}
	if pg.Lang == "en" {
		c.Lang = "EN"
	}
	tips := dashChartValue{Name: pg.T("举报投诉")}
	opened := dashChartValue{Name: pg.T("立案数")}
	closed := dashChartValue{Name: pg.T("结案数")}
	for _, x := range d.Campaigns {
		c.Campaigns.Labels = append(c.Campaigns.Labels, campaignLabel(x.No, x.Name))
		tips.Values, tips.Links = append(tips.Values, x.Tips), append(tips.Links, x.Links.Tips)
		opened.Values, opened.Links = append(opened.Values, x.Opened), append(opened.Links, x.Links.Opened)
		closed.Values, closed.Links = append(closed.Values, x.Closed), append(closed.Links, x.Links.Closed)
	}
	c.Campaigns.Series = []dashChartValue{tips, opened, closed}
	mt := dashChartValue{Name: pg.T("举报投诉")}
	mc := dashChartValue{Name: pg.T("立案数")}
	for _, m := range d.Months {
		n, _ := strconv.Atoi(m.Month[5:])
		c.Months.Labels = append(c.Months.Labels, pg.T("%d月", n))
		mt.Values, mt.Links = append(mt.Values, m.Tips), append(mt.Links, m.TipsLink)
		mc.Values, mc.Links = append(mc.Values, m.Cases), append(mc.Links, m.CasesLink)
	}
	c.Months.Series = []dashChartValue{mt, mc}
	return c
}

// campaignLabel labels a campaign wherever it is chosen or charted: its
// number and its whole name ("4 · 儿童用品（含玩具）专项打假"), since two
// campaigns of a plan may bear the same name.
func campaignLabel(no int, name string) string {
	return strconv.Itoa(no) + " · " + name
}

type dashboardPage struct {
	Page
	D     dashboardView
	Chart dashChart
	Plans []store.PlanSummary
	Scope string // the unit's name when the figures are one unit's
}

// dashboardPage is the leader's first page: the state of the plan's work.
func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	d, err := s.app.Dashboard(r.Context(), a, v)
	if err != nil {
		return err
	}
	// The joint actions' links, as the plan page gives them.
	var tallies []actionTally
	for _, t := range d.Actions {
		all := url.Values{"plan": {v.PlanID}}
		done := url.Values{"plan": {v.PlanID}, "done_from": {t.Phase.Start.String()}, "done_to": {t.Phase.End.String()}}
		tallies = append(tallies, actionTally{ActionTally: t, All: "/actions?" + all.Encode(), DoneList: "/actions?" + done.Encode()})
	}
	pg := s.page(r, "工作看板")
	pg.Title = pg.T("工作看板")
	view := viewDashboard(pg, d, tallies)
	out := dashboardPage{Page: pg, D: view, Chart: view.chart(pg)}
	if d.Unit != "" {
		out.Scope = v.Plan.DisplayName(d.Unit)
	}
	if out.Plans, err = s.planChoices(r); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dashboard", out)
}

// apiDashboard answers the dashboard's figures: GET /api/v1/dashboard?plan=ID.
func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	d, err := s.app.Dashboard(r.Context(), actorOf(r), v)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiDashboardOf(d))
	return nil
}

func apiDashboardOf(d dajia.Dashboard) map[string]any {
	phase := func(p *dajia.Phase) any {
		if p == nil {
			return nil
		}
		return map[string]any{"key": p.Key, "name": p.Name, "start": p.Start, "end": p.End}
	}
	campaign := func(c dajia.DashboardCampaign) map[string]any {
		m := map[string]any{"tips": c.Tips, "clues": c.Clues, "cases_opened": c.Opened, "cases_closed": c.Closed,
			"goods_value": c.Value.String(), "fines": c.Fines.String(), "transferred": c.Transferred,
			"samplings": map[string]any{"total": c.Samplings.Total(), "passed": c.Samplings.Passed, "failed": c.Samplings.Failed, "pending": c.Samplings.Pending}}
		if t, ok := c.Samplings.Percent(); ok {
			m["samplings"].(map[string]any)["pass_rate"] = float64(t) / 10
		}
		if c.No != 0 {
			m["no"], m["name"] = c.No, c.Name
		}
		return m
	}
	campaigns := []map[string]any{}
	for _, c := range d.Campaigns {
		campaigns = append(campaigns, campaign(c))
	}
	reporting := []map[string]any{}
	for _, r := range d.Reporting {
		reporting = append(reporting, map[string]any{"rule": r.Rule, "name": r.Name, "due": r.Rates.OnTime.Den, "reported": r.Rates.Reported.Num,
			"on_time": r.Rates.OnTime.Num, "on_time_rate": r.Rates.OnTime.Percent(), "late": r.Late, "missing": r.Missing})
	}
	months := []map[string]any{}
	for _, m := range d.Months {
		months = append(months, map[string]any{"month": m.Month, "tips": m.Tips, "cases_opened": m.Cases})
	}
	actions := []map[string]any{}
	for _, t := range d.Actions {
		actions = append(actions, map[string]any{"phase": t.Phase.Name, "planned": t.Planned, "done": t.Done})
	}
	return map[string]any{
		"plan": d.PlanID, "title": d.Title, "year": d.Year, "today": d.Today, "unit": d.Unit,
		"phase": map[string]any{"state": d.Phase.State, "current": phase(d.Phase.Current), "days_left": d.Phase.DaysLeft,
			"next": phase(d.Phase.Next), "days_to_next": d.Phase.DaysTo},
		"campaigns": campaigns, "unassigned": campaign(d.Unassigned), "total": campaign(d.Total), "reporting": reporting,
		"overdue_tips": d.OverdueTips, "overdue_transfers": d.OverdueTransfers, "major_cases": d.MajorCases,
		"months": months, "joint_actions": actions,
	}
}

// campaignParam reads a list's campaign filter: a campaign's number, or 0
// for the records of no campaign (store.NoCampaign); false when absent or
// not such a number.
func campaignParam(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	switch {
	case err != nil || n < 0 || n >= 1000:
		return 0, false
	case n == 0:
		return store.NoCampaign, true
	}
	return n, true
}

// campaignValue is the campaign filter's value in a list's address.
func campaignValue(n int) string {
	if n == store.NoCampaign {
		return "0"
	}
	return strconv.Itoa(n)
}
