package web

import (
	_ "embed"
	"net/http"
	"time"

	"dajia"
	"dajia/locale"
)

//go:embed openapi.json
var openapi []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openapi)
	return nil
}

type apiPlanSummary struct {
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Year      int       `json:"year"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) error {
	plans, err := s.db.Plans(r.Context())
	if err != nil {
		return err
	}
	out := []apiPlanSummary{}
	for _, p := range plans {
		out = append(out, apiPlanSummary{p.ID, p.Title, p.Year, p.Version, p.UpdatedAt.In(dajia.ChinaTime)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"plans": out})
	return nil
}

type apiPhase struct {
	dajia.Phase
	State string `json:"state"`
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	today := dajia.Today(s.clock)
	tl := viewTimeline(v.Plan, today)
	var phase any
	if tl.Current != nil {
		phase = apiPhase{tl.Current.Phase, tl.Current.State}
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id":            v.PlanID,
		"version":       v.Version,
		"imported_at":   v.ImportedAt.In(dajia.ChinaTime),
		"today":         today,
		"current_phase": phase,
		"plan":          v.Plan,
	})
	return nil
}

type apiCampaign struct {
	No         int        `json:"no"`
	Name       string     `json:"name"`
	Categories []string   `json:"categories"`
	Focus      []string   `json:"focus"`
	Targets    []string   `json:"targets"`
	Places     []string   `json:"places"`
	Lead       []leadView `json:"lead"`
	Support    []unitLink `json:"support"`
	Text       string     `json:"text"`
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (s *Server) apiCampaigns(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := []apiCampaign{}
	for _, c := range v.Plan.Campaigns {
		cv := viewCampaign(v.Plan, c)
		sup := cv.Supports
		if sup == nil {
			sup = []unitLink{}
		}
		out = append(out, apiCampaign{c.No, c.Name, nonNil(c.Categories), nonNil(c.Focus), nonNil(c.Targets), nonNil(c.Places), cv.Leads, sup, c.Text})
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan": v.PlanID, "version": v.Version, "campaigns": out})
	return nil
}

type apiRole struct {
	No    int    `json:"no"`
	Name  string `json:"name"`
	Scope string `json:"scope,omitempty"`
}

type apiDuty struct {
	Rule         string      `json:"rule"`
	Period       string      `json:"period"`
	Describe     string      `json:"describe"`
	NextPeriod   string      `json:"next_period,omitempty"`
	NextLabel    string      `json:"next_period_label,omitempty"`
	NextDue      *dajia.Date `json:"next_due"`
	WorkdaysLeft *int        `json:"workdays_left,omitempty"`
	Problem      string      `json:"problem,omitempty"`
}

func roles(rs []dajia.CampaignRole) []apiRole {
	out := []apiRole{}
	for _, r := range rs {
		out = append(out, apiRole{r.Campaign.No, r.Campaign.Name, r.Scope})
	}
	return out
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	u, err := unitOf(v.Plan, r.PathValue("key"))
	if err != nil {
		return err
	}
	lang := s.lang(r)
	uv := viewUnit(v.Plan, u, dajia.Today(s.clock), s.cal, lang)
	duties := []apiDuty{}
	var next *dajia.Date
	for _, d := range uv.Duties {
		ad := apiDuty{Rule: d.Rule.Name, Period: d.Rule.Period, Describe: d.Describe, Problem: d.Problem}
		if d.Next != nil {
			due := d.Next.Due
			left := d.WorkdaysLeft
			ad.NextDue, ad.WorkdaysLeft = &due, &left
			ad.NextPeriod, ad.NextLabel = d.Next.Period.ID(), d.Next.Period.Label()
			if next == nil || due.Before(*next) {
				next = &due
			}
		}
		duties = append(duties, ad)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"plan":    v.PlanID,
		"version": v.Version,
		"unit": map[string]any{
			"key": u.Unit.Key, "name": u.Unit.Name, "aliases": nonNil(u.Unit.Aliases), "class": u.Class,
			"level": u.Unit.Level, "kind": u.Unit.Kind, "upper_level": uv.Upper,
		},
		"leads":     roles(uv.Leads),
		"supports":  roles(uv.Supports),
		"reporting": duties,
		"next_due":  next,
	})
	return nil
}

type apiFinding struct {
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Rule     string `json:"rule"`
	Severity string `json:"severity"`
	Path     string `json:"path,omitempty"`
	Message  string `json:"message"`
}

func (s *Server) apiLint(w http.ResponseWriter, r *http.Request) error {
	v, err := s.db.Plan(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	res, err := lintStored(v)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []apiFinding{}
	for _, f := range res.Findings {
		out = append(out, apiFinding{f.Line, f.Column, f.Rule, string(f.Severity), f.Path, locale.Error(lang, f.Problem())})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"plan": v.PlanID, "version": v.Version,
		"errors": res.Count("error"), "warnings": res.Count("warning"), "infos": res.Count("info"),
		"findings": out,
	})
	return nil
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	id := identityOf(r)
	writeJSON(w, http.StatusOK, map[string]any{"name": id.User.Name, "display_name": id.User.DisplayName, "role": id.User.Role, "unit": id.User.Unit})
	return nil
}
