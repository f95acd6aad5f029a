package web

import (
	"net/http"
	"net/url"
	"slices"
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
	switch show := dajia.Timeliness(r.URL.Query().Get("show")); show {
	case dajia.Late, dajia.Missing:
		d.Show, d.M = show, m.Only(show)
	case dajia.OnTime:
		d.Show, d.M = show, onlyRows(m, dajia.OnTime, dajia.ZeroReport)
	case showSent:
		d.Show, d.M = show, onlyRows(m, dajia.OnTime, dajia.ZeroReport, dajia.Late)
	}
	return s.render(w, r, http.StatusOK, "reports", d)
}

// showSent is the matrix's filter on the units that sent a report (on
// time, zero or late): the dashboard's 已报 links to it.
const showSent dajia.Timeliness = "sent"

// onlyRows keeps the units with a report of one of timeliness ts.
func onlyRows(m dajia.Matrix, ts ...dajia.Timeliness) dajia.Matrix {
	rows := []dajia.MatrixRow{}
	for _, r := range m.Rows {
		if slices.ContainsFunc(r.Cells, func(c dajia.MatrixCell) bool { return slices.Contains(ts, c.Timeliness) }) {
			rows = append(rows, r)
		}
	}
	m.Rows = rows
	return m
}
