package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dajia"
)

type reportsPage struct {
	Page
	PlanID string
	M      dajia.Matrix
	Show   dajia.Timeliness // "" all units; late or missing: only the units behind that count
}

// ShowURL is the matrix of the same rule showing only the units with a
// report of timeliness t ("" for every unit).
func (d reportsPage) ShowURL(t dajia.Timeliness) string {
	q := url.Values{"plan": {d.PlanID}, "rule": {strconv.Itoa(d.M.Rule)}}
	if t != "" {
		q.Set("show", string(t))
	}
	return "/reports?" + q.Encode()
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
	d := reportsPage{Page: pg, PlanID: v.PlanID, M: m}
	if show := dajia.Timeliness(r.URL.Query().Get("show")); show == dajia.Late || show == dajia.Missing {
		d.Show, d.M = show, m.Only(show)
	}
	return s.render(w, r, http.StatusOK, "reports", d)
}
