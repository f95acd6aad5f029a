package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dajia"
	"dajia/app"
	"dajia/store"
)

type todoPage struct {
	Page
	Plan          *dajia.Plan
	PlanID        string
	Items         []app.TodoItem
	Notes         []store.Notification
	UnitName      string
	MonthComplete bool
	Reminded      string // how many units were just reminded
	// A village supervisor's first work is the survey: the entry to record
	// a finding and how many of theirs are still open.
	Surveyor    bool
	OpenSurveys int
}

// todoHome is the signed-in business user's start page: what to do next,
// by deadline.
func (s *Server) todoHome(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "待办")
	pg.Title = pg.T("待办")
	a := actorOf(r)
	items, err := s.app.Todo(r.Context(), a, v)
	if err != nil {
		return err
	}
	notes, err := s.app.Notifications(r.Context(), a, 5)
	if err != nil {
		return err
	}
	d := todoPage{Page: pg, Plan: v.Plan, PlanID: v.PlanID, Items: items, Notes: notes,
		UnitName: v.Plan.DisplayName(a.Unit), Reminded: r.URL.Query().Get("reminded")}
	if a.Role == dajia.RoleSupervisor && a.MayRecordSurvey() {
		d.Surveyor = true
		if d.OpenSurveys, err = s.app.OpenSurveys(r.Context(), a, v.PlanID); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "todo", d)
}

// todoRemind reminds every unit late with a report of one rule and period:
// the one action of a group on the office's to-do list.
func (s *Server) todoRemind(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	rule, err := ruleParam(r, v.Plan)
	if err != nil {
		return err
	}
	n, err := s.app.RemindLate(r.Context(), actorOf(r), v, app.ChaseGroup{Plan: v.PlanID, Rule: rule, Period: r.URL.Query().Get("period")})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/todo?"+url.Values{"plan": {v.PlanID}, "reminded": {strconv.Itoa(n)}}.Encode(), http.StatusSeeOther)
	return nil
}
