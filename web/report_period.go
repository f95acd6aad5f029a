package web

import (
	"fmt"
	"net/http"

	"dajia"
)

type periodPage struct {
	Page
	S        dajia.PeriodSummary
	Circular string
}

// periodSummaryPage shows the merged figures of one period.
func (s *Server) periodSummaryPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.periodParams(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "汇总")
	pg.Title = fmt.Sprintf("%s%s %s", pg.Say(ps.Period.Phrase()), ps.RuleName, pg.T("汇总"))
	return s.render(w, r, http.StatusOK, "period", periodPage{Page: pg, S: ps})
}

// circularPage drafts the office's 通报 of one period.
func (s *Server) circularPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.periodParams(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "通报")
	pg.Title = fmt.Sprintf("%s %s", pg.Say(ps.Period.Phrase()), pg.T("通报"))
	return s.render(w, r, http.StatusOK, "circular", periodPage{Page: pg, S: ps, Circular: ps.Circular(pg.Today)})
}

// periodParams reads ?plan=, ?rule= and ?period= and summarizes that
// period.
func (s *Server) periodParams(r *http.Request) (dajia.PeriodSummary, error) {
	v, err := s.planParam(r)
	if err != nil {
		return dajia.PeriodSummary{}, err
	}
	rule, err := ruleParam(r, v.Plan)
	if err != nil {
		return dajia.PeriodSummary{}, err
	}
	period := r.URL.Query().Get("period")
	if period == "" || len(period) > 10 {
		return dajia.PeriodSummary{}, dajia.Errorf(dajia.Invalid, "period", "请指定报送期，如 2017-09")
	}
	return s.app.PeriodSummary(r.Context(), actorOf(r), v, rule, period)
}
