package web

// The field-work hub: one page that reaches the five kinds of field record
// (surveys, inspections, samplings, joint actions, publicity) with the
// reader's counts and the links each kind is used through. The counts come
// from the kinds' own list use cases, so they are the reader's: a unit's
// account counts its own unit's records, the office and leaders the town's.

import (
	"net/http"
	"net/url"

	"dajia"
	"dajia/app"
	"dajia/store"
)

func (s *Server) fieldRoutes() []route {
	return []route{{"GET /field", dajia.PermBusiness, s.adapt(s.fieldHub), false}}
}

// fieldKinds says which kinds of field record the actor uses: everyone
// who reads the town's or a unit's business uses surveys, inspections and
// publicity; samplings and joint actions are the departments' legal work
// and the office's plan, which a village supervisor neither records nor
// needs.
func fieldKinds(a dajia.Actor) (surveys, inspections, samplings, actions, publicity bool) {
	if a.Role == dajia.RoleSupervisor {
		return true, a.MayRecordInspections() == nil, false, false, true
	}
	return true, true, true, true, true
}

type fieldPage struct {
	Page
	PlanID string
	Plan   *dajia.Plan
	Phase  *dajia.Phase // today's phase of the plan, if any

	ShowSurveys, ShowInspections, ShowSamplings, ShowActions, ShowPublicity bool

	Surveys     app.SurveyList
	Inspections store.InspectionCount
	Samplings   int
	Rates       app.SamplingRates
	Actions     int
	Tallies     []actionTally
	Publicity   store.PublicityTotals

	MaySurvey, MayInspect, MaySample, MayPlanAction, MayPublicity bool
}

// URL is a list of the hub's plan: path with the plan and the pairs of
// kv (name, value, …).
func (d fieldPage) URL(path string, kv ...string) string {
	v := url.Values{}
	if d.PlanID != "" {
		v.Set("plan", d.PlanID)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// Town reports whether the reader counts the whole town's records.
func (d fieldPage) Town() bool {
	_, all := d.Actor.UnitScope()
	return all
}

// Current reports whether the tally is of today's phase.
func (d fieldPage) Current(t actionTally) bool {
	return d.Phase != nil && d.Phase.Name == t.Phase.Name && d.Phase.Start == t.Phase.Start
}

func (s *Server) fieldHub(w http.ResponseWriter, r *http.Request) error {
	if err := checkQueryText(r.URL.Query()); err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("现场工作")
	a := pg.Actor
	ctx := r.Context()
	d := fieldPage{Page: pg}
	d.ShowSurveys, d.ShowInspections, d.ShowSamplings, d.ShowActions, d.ShowPublicity = fieldKinds(a)
	d.MaySurvey = a.MayRecordSurvey()
	d.MayInspect = a.MayRecordInspections() == nil
	d.MaySample = a.MayRecordSamplings() == nil
	d.MayPlanAction = a.Role == dajia.RoleOffice
	d.MayPublicity = mayRecordPublicity(a)

	// The hub counts the current plan's records (or the one asked for);
	// with no plan imported yet it counts every record.
	v, err := s.planParam(r)
	switch {
	case err == nil:
		d.PlanID, d.Plan = v.PlanID, v.Plan
		if ph, ok := v.Plan.PhaseOn(d.Today); ok {
			d.Phase = ph
		}
	case dajia.ErrorCode(err) == dajia.NotFound && r.URL.Query().Get("plan") == "":
	default:
		return err
	}

	// One page of one record each: the lists' counts are over every page.
	if d.ShowSurveys {
		if d.Surveys, err = s.app.Surveys(ctx, a, app.SurveyQuery{PlanID: d.PlanID, Limit: 1}); err != nil {
			return err
		}
	}
	if d.ShowInspections {
		l, err := s.app.Inspections(ctx, a, app.InspectionQuery{PlanID: d.PlanID, Limit: 1})
		if err != nil {
			return err
		}
		d.Inspections = l.Count
	}
	if d.ShowSamplings {
		l, err := s.app.Samplings(ctx, a, app.SamplingQuery{PlanID: d.PlanID, Limit: 1})
		if err != nil {
			return err
		}
		d.Samplings = l.Total
		if d.Rates, err = s.app.PassRates(ctx, a, app.SamplingQuery{PlanID: d.PlanID}); err != nil {
			return err
		}
	}
	if d.ShowActions {
		l, err := s.app.JointActions(ctx, a, app.ActionQuery{PlanID: d.PlanID, Limit: 1})
		if err != nil {
			return err
		}
		d.Actions = l.Total
		if d.PlanID != "" {
			if d.Tallies, err = s.actionTallies(r, d.PlanID); err != nil {
				return err
			}
		}
	}
	if d.ShowPublicity {
		l, err := s.app.Publicities(ctx, a, app.PublicityQuery{PlanID: d.PlanID, Limit: 1})
		if err != nil {
			return err
		}
		d.Publicity = l.Totals
	}
	return s.render(w, r, http.StatusOK, "field", d)
}
