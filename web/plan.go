package web

import (
	"net/http"
	"strconv"

	"dajia"
	"dajia/planfile"
	"dajia/store"
)

// home shows the only plan directly, or the list when there are several.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	if a := actorOf(r); a.SignedIn() {
		if a.Role.Admin() {
			http.Redirect(w, r, landing(a.Role), http.StatusSeeOther)
			return nil
		}
		if a.Role == dajia.RoleLeader {
			return s.dashboardPage(w, r) // a leader acts on nothing: the state of the work is the start
		}
		return s.todoHome(w, r)
	}
	plans, err := s.db.Plans(r.Context())
	if err != nil {
		return err
	}
	if len(plans) == 1 {
		http.Redirect(w, r, "/plans/"+plans[0].ID, http.StatusSeeOther)
		return nil
	}
	return s.planList(w, r)
}

func (s *Server) planList(w http.ResponseWriter, r *http.Request) error {
	plans, err := s.db.Plans(r.Context())
	if err != nil {
		return err
	}
	pg := s.page(r, "方案列表")
	pg.Title = pg.T("方案列表")
	return s.render(w, r, http.StatusOK, "plans", struct {
		Page
		Plans []store.PlanSummary
	}{pg, plans})
}

func (s *Server) planOverview(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	pg := s.page(r, v.Plan.Title)
	p := v.Plan
	var campaigns []campaignView
	for _, c := range p.Campaigns {
		campaigns = append(campaigns, viewCampaign(p, c))
	}
	type unitRow struct {
		Ref      dajia.UnitRef
		Upper    bool
		Leads    int
		Supports int
	}
	var units []unitRow
	for _, u := range p.AllUnits() {
		units = append(units, unitRow{u, p.IsUpperLevel(u.Unit), len(p.LeadsOf(u.Unit.Key)), len(p.SupportsOf(u.Unit.Key))})
	}
	var rules []string
	for _, rule := range p.Reporting {
		rules = append(rules, describeRule(rule, pg.Lang))
	}
	lint, err := lintStored(v)
	if err != nil {
		return err
	}
	counts, err := s.campaignCounts(r, v)
	if err != nil {
		return err
	}
	actions, err := s.actionTallies(r, v.PlanID)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "plan", struct {
		Page
		V         store.PlanVersion
		P         *dajia.Plan
		Campaigns []campaignView
		Counts    []campaignCount
		Timeline  timeline
		Units     []unitRow
		Rules     []string
		Lint      planfile.Result
		Actions   []actionTally
	}{pg, v, p, campaigns, counts, viewTimeline(p, pg.Today), units, rules, lint, actions})
}

func (s *Server) campaignPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	c, err := campaignOf(v.Plan, r.PathValue("no"))
	if err != nil {
		return err
	}
	pg := s.page(r, c.Name)
	var prev, next *dajia.Campaign
	for i := range v.Plan.Campaigns {
		if v.Plan.Campaigns[i].No == c.No {
			if i > 0 {
				prev = &v.Plan.Campaigns[i-1]
			}
			if i+1 < len(v.Plan.Campaigns) {
				next = &v.Plan.Campaigns[i+1]
			}
		}
	}
	counts, err := s.campaignCounts(r, v)
	if err != nil {
		return err
	}
	var count *campaignCount
	for i := range counts {
		if counts[i].No == c.No {
			count = &counts[i]
		}
	}
	results, err := s.campaignResultsOf(r, pg, v.Plan, c.No)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "campaign", struct {
		Page
		P          *dajia.Plan
		C          campaignView
		Count      *campaignCount
		Results    *campaignResults
		Prev, Next *dajia.Campaign
	}{pg, v.Plan, viewCampaign(v.Plan, *c), count, results, prev, next})
}

func campaignOf(p *dajia.Plan, no string) (*dajia.Campaign, error) {
	n, err := strconv.Atoi(no)
	if err != nil {
		return nil, dajia.Errorf(dajia.NotFound, "no", "专项编号 %q 无效", no)
	}
	c, ok := p.CampaignByNo(n)
	if !ok {
		return nil, dajia.Errorf(dajia.NotFound, "no", "方案中没有第 %d 项专项", n)
	}
	return c, nil
}

func unitOf(p *dajia.Plan, key string) (dajia.UnitRef, error) {
	u, ok := p.Lookup(key)
	if !ok {
		return u, dajia.Errorf(dajia.NotFound, "key", "方案中没有部门或单位 %q", key)
	}
	return u, nil
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	u, err := unitOf(v.Plan, r.PathValue("key"))
	if err != nil {
		return err
	}
	pg := s.page(r, u.Unit.Name)
	return s.render(w, r, http.StatusOK, "unit", struct {
		Page
		P *dajia.Plan
		U unitView
	}{pg, v.Plan, viewUnit(v.Plan, u, pg.Today, s.cal, pg.Lang)})
}

// planFile downloads the plan as a dajia/plan/v1 file.
func (s *Server) planFile(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	b, err := planfile.Export(v.Plan)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+v.PlanID+`.yaml"`)
	w.Write(b)
	return nil
}

// planChoices are the plans a page offers to choose from: to a unit's account
// the plans that name its unit (its town's years); to a reader of every
// unit every plan, or in a database of more than maxPlanChoices plans the
// chosen plan's town's.
func (s *Server) planChoices(r *http.Request) ([]store.PlanSummary, error) {
	if a := actorOf(r); a.Unit != "" {
		if _, all := a.UnitScope(); !all {
			plans, err := s.db.PlansOfUnit(r.Context(), a.Unit)
			if err != nil || len(plans) > 0 {
				return plans, err
			}
		}
	}
	n, err := s.db.CountPlans(r.Context())
	if err != nil {
		return nil, err
	}
	if n <= maxPlanChoices {
		return s.db.Plans(r.Context())
	}
	// A database of many towns (a city's, a province's): the chosen plan's
	// town's plans, those that name its first town department; the 方案
	// page lists every plan.
	v, err := s.planParam(r)
	if err != nil {
		return s.db.Plans(r.Context()) // a bad ?plan=: the page says so
	}
	for _, d := range v.Plan.Departments {
		if d.Level == "" || d.Level == "town" {
			return s.db.PlansOfUnit(r.Context(), d.Key)
		}
	}
	return s.db.Plans(r.Context())
}

// maxPlanChoices is how many plans a page's plan choice lists at most
// before it lists only the chosen plan's town's: 40 is a town's or a small
// city's years; a province holds 1,600 towns' plans.
const maxPlanChoices = 40

// planParam picks the plan of a page: ?plan= or the newest.
func (s *Server) planParam(r *http.Request) (store.PlanVersion, error) {
	id := r.URL.Query().Get("plan")
	if a := actorOf(r); id == "" && a.Unit != "" {
		// A unit's pages open on its own newest plan, not another town's.
		if _, all := a.UnitScope(); !all {
			var err error
			if id, err = s.db.NewestPlanOfUnit(r.Context(), a.Unit); err != nil {
				return store.PlanVersion{}, err
			}
		}
	}
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

// ruleParam picks a reporting rule of the plan: ?rule= (its index) or the
// first.
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
