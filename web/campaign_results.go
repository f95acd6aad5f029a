package web

import (
	"net/http"
	"net/url"
	"strconv"

	"dajia"
	"dajia/app"
)

// campaignResults is a campaign's results as its page shows them: a row
// per lead and supporting unit (then any other unit with records), the
// total, and the joint actions that concern it, each figure with the list
// behind it.
type campaignResults struct {
	PlanID  string
	No      int
	Units   []unitResultRow
	Total   unitResultRow
	Actions []actionResultRow
}

type unitResultRow struct {
	app.UnitResult
	Pg   Page // the page, for the row's words
	Name string
	base url.Values // plan, campaign and (but for the total) unit
}

// Link is the list behind one figure: path with the row's filters and
// the extra pairs kv.
func (r unitResultRow) Link(path string, kv ...string) string {
	v := url.Values{}
	for k, x := range r.base {
		v[k] = x
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}

type actionResultRow struct {
	app.ActionResult
	base url.Values // plan, campaign and action
}

// Link is the list of the campaign's records the action's results count.
func (r actionResultRow) Link(path string, kv ...string) string {
	return unitResultRow{base: r.base}.Link(path, kv...)
}

// campaignResultsOf counts campaign no's results as the reader may see
// them; nil for those who read no records.
func (s *Server) campaignResultsOf(r *http.Request, pg Page, p *dajia.Plan, no int) (*campaignResults, error) {
	res, ok, err := s.app.CampaignResults(r.Context(), actorOf(r), p, no)
	if err != nil || !ok {
		return nil, err
	}
	base := func(kv ...string) url.Values {
		v := url.Values{"plan": {p.ID}, "campaign": {strconv.Itoa(no)}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	out := &campaignResults{PlanID: p.ID, No: no}
	for _, u := range res.Units {
		out.Units = append(out.Units, unitResultRow{UnitResult: u, Pg: pg, Name: unitDisplay(p, u.Unit), base: base("unit", u.Unit)})
	}
	out.Total = unitResultRow{UnitResult: app.UnitResult{UnitWork: res.Total}, Pg: pg, base: base()}
	for _, j := range res.Actions {
		out.Actions = append(out.Actions, actionResultRow{ActionResult: j, base: base("action", strconv.FormatInt(j.Action.ID, 10))})
	}
	return out, nil
}
