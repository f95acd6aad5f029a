package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dajia"
	"dajia/store"
)

// The paging every list page shares: where a page starts, the page before
// it, and the address of a page with the list's filters.

// queryOffset is a list's ?offset=: a positive number below a million, or
// 0 (the first page) for anything else.
func queryOffset(q url.Values) int {
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 && n < 1_000_000 {
		return n
	}
	return 0
}

// prevOffset is the start of the page before the one at offset, pages of
// limit rows; -1 on the first page.
func prevOffset(offset, limit int) int {
	if offset <= 0 {
		return -1
	}
	return max(offset-limit, 0)
}

// pageURL is path with the list's filters v and the offset, which the
// first page leaves out.
func pageURL(path string, v url.Values, offset int) string {
	if offset > 0 {
		v.Set("offset", strconv.Itoa(offset))
	}
	return path + "?" + v.Encode()
}

// listChoices are what a list's filters offer: every plan, the chosen one
// (?plan=, or the current plan), and to a reader of every unit the plan's
// units to filter by (the office among them when withOffice).
func (s *Server) listChoices(r *http.Request, a dajia.Actor, withOffice bool) ([]store.PlanSummary, *dajia.Plan, []dajia.UnitRef, error) {
	plans, err := s.planChoices(r)
	if err != nil {
		return nil, nil, nil, err
	}
	var plan *dajia.Plan
	if v, err := s.planParam(r); err == nil {
		plan = v.Plan
	}
	var units []dajia.UnitRef
	if _, all := a.UnitScope(); all && plan != nil {
		for _, u := range plan.AllUnits() {
			if withOffice || u.Unit.Key != dajia.OfficeKey {
				units = append(units, u)
			}
		}
	}
	return plans, plan, units, nil
}
