package web

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"time"

	"dajia"
	"dajia/store"
)

type apiReport struct {
	ID          int64             `json:"id"`
	Plan        string            `json:"plan"`
	Rule        string            `json:"rule"`
	Unit        apiUnitRef        `json:"unit"`
	Period      string            `json:"period"`
	PeriodLabel string            `json:"period_label"`
	PeriodStart dajia.Date        `json:"period_start"`
	PeriodEnd   dajia.Date        `json:"period_end"`
	Due         dajia.Date        `json:"due"`
	Status      string            `json:"status"`
	Timeliness  string            `json:"timeliness"`
	Zero        bool              `json:"zero"`
	SubmittedAt *time.Time        `json:"submitted_at"`
	Revision    int               `json:"revision"`
	Values      map[string]string `json:"values,omitempty"`
	KeyCases    string            `json:"key_cases,omitempty"`
	Practices   string            `json:"practices,omitempty"`
	Returned    string            `json:"returned_reason,omitempty"`
}

type apiUnitRef struct {
	Key  string `json:"key"`
	Name string `json:"name"`
}

func (s *Server) apiReportOf(p *dajia.Plan, r dajia.Report, full bool) apiReport {
	out := apiReport{ID: r.ID, Plan: r.PlanID, Rule: r.RuleName, Unit: apiUnitRef{r.Unit, p.DisplayName(r.Unit)}, Period: r.PeriodID,
		PeriodLabel: r.Period.Label(), PeriodStart: r.Period.Start, PeriodEnd: r.Period.End, Due: r.Due, Status: string(r.Status),
		Timeliness: string(r.Timeliness(s.app.Today())), Zero: r.Zero, Revision: r.Revision, Returned: r.ReturnedReason}
	if !r.FirstSubmittedAt.IsZero() {
		t := r.FirstSubmittedAt.In(dajia.ChinaTime)
		out.SubmittedAt = &t
	}
	if full {
		out.Values = map[string]string{}
		for k, v := range r.Values {
			out.Values[k] = v.String()
		}
		out.KeyCases, out.Practices = r.KeyCases, r.Practices
	}
	return out
}

// apiReports lists obligations with due date and status; a unit's account
// sees its own unit's only.
func (s *Server) apiReports(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := store.ReportFilter{PlanID: v.PlanID, PeriodID: q.Get("period"), Rule: -1}
	if u := q.Get("unit"); u != "" {
		f.Unit = v.Plan.KeyOf(u)
	}
	reps, err := s.app.Reports(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	out := []apiReport{}
	for _, rep := range reps {
		out = append(out, s.apiReportOf(v.Plan, rep, false))
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan": v.PlanID, "reports": out})
	return nil
}

func (s *Server) apiReportGet(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.apiReportOf(p, rep, true))
	return nil
}

type apiReportPut struct {
	Values    map[string]any `json:"values"`
	Zero      bool           `json:"zero"`
	KeyCases  string         `json:"key_cases"`
	Practices string         `json:"practices"`
	Revision  *int           `json:"revision"`
}

// decode turns the body into a report's content: every value must be a
// known indicator and a valid number; every one that is not is named.
func (in apiReportPut) decode(inds []dajia.Indicator) (dajia.ReportContent, int, error) {
	known := map[string]bool{}
	for _, ind := range inds {
		known[ind.Key] = true
	}
	var errs dajia.FieldErrors
	for _, k := range slices.Sorted(maps.Keys(in.Values)) {
		if !known[k] {
			e := dajia.Errorf(dajia.Invalid, "", "未知的指标 %q", k)
			errs = append(errs, dajia.FieldError{Field: "values." + k, Rule: "indicator", Message: e.Message, Key: e.Key, Args: e.Args})
		}
	}
	vals, bad := parseFigures(inds, func(k string) (string, bool) {
		v, ok := in.Values[k]
		switch x := v.(type) {
		case json.Number:
			return x.String(), ok
		case string:
			return x, ok
		case nil:
			return "", ok
		}
		return fmt.Sprint(v), ok
	})
	for _, f := range bad {
		f.Field = "values." + f.Field
		errs = append(errs, f)
	}
	if len(errs) > 0 {
		return dajia.ReportContent{}, 0, errs
	}
	rev := -1
	if in.Revision != nil {
		rev = *in.Revision
	}
	return dajia.ReportContent{Values: vals, Zero: in.Zero, KeyCases: in.KeyCases, Practices: in.Practices}, rev, nil
}

// apiReportPut replaces a draft's content; every value must be a known
// indicator and a valid number, or nothing is saved.
func (s *Server) apiReportPut(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	var in apiReportPut
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	c, rev, err := in.decode(rep.RuleIn(p).IndicatorsOf())
	if err != nil {
		return err
	}
	saved, err := s.app.SaveReport(r.Context(), actorOf(r), rep.ID, rev, c)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.apiReportOf(p, saved, true))
	return nil
}

// apiReportAction takes a workflow step; a submission that fails its checks
// answers 400 with every field's problem, a step the report's status does
// not allow 409.
func (s *Server) apiReportAction(w http.ResponseWriter, r *http.Request) error {
	act, err := reportActionOf(r)
	if err != nil {
		return err
	}
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	var in struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			return err
		}
	}
	rep, err = s.app.ReportStep(r.Context(), actorOf(r), rep.ID, act, in.Reason)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.apiReportOf(p, rep, true))
	return nil
}
