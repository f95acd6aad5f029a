package web

import (
	"net/http"

	"dajia"
)

type reportsPage struct {
	Page
	PlanID string
	M      dajia.Matrix
}

// reportsMatrix shows a rule's reports as units × periods with the rates.
func (s *Server) reportsMatrix(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	rule, err := ruleParam(r, v.Plan)
	if err != nil {
		return err
	}
	m, err := s.app.Matrix(r.Context(), actorOf(r), v, rule)
	if err != nil {
		return err
	}
	pg := s.page(r, "信息报送")
	pg.Title = pg.T("信息报送")
	return s.render(w, r, http.StatusOK, "reports", reportsPage{Page: pg, PlanID: v.PlanID, M: m})
}
