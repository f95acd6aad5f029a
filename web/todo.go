package web

import (
	"net/http"

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
	return s.render(w, r, http.StatusOK, "todo", todoPage{Page: pg, Plan: v.Plan, PlanID: v.PlanID, Items: items, Notes: notes,
		UnitName: v.Plan.DisplayName(a.Unit)})
}
