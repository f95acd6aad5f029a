package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"dajia"
	"dajia/locale"
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

func (s *Server) apiReportOf(p *dajia.Plan, r store.Report, full bool) apiReport {
	out := apiReport{ID: r.ID, Plan: r.PlanID, Rule: r.RuleName, Unit: apiUnitRef{r.Unit, p.DisplayName(r.Unit)}, Period: r.PeriodID,
		PeriodLabel: r.Period.Label(), PeriodStart: r.Period.Start, PeriodEnd: r.Period.End, Due: r.Due, Status: string(r.Status),
		Timeliness: string(r.Timeliness(dajia.Today(s.clock))), Zero: r.Zero, Revision: r.Revision, Returned: r.ReturnedReason}
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
	out := []apiReport{}
	if scopeReports(actorOf(r), &f) {
		reps, err := s.db.Reports(r.Context(), f)
		if err != nil {
			return err
		}
		for _, rep := range reps {
			out = append(out, s.apiReportOf(v.Plan, rep, false))
		}
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

// apiReportPut replaces a draft's content; every value must be a known
// indicator and a valid number, or nothing is saved.
func (s *Server) apiReportPut(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	var in apiReportPut
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	inds := ruleOf(p, rep).IndicatorsOf()
	known := map[string]bool{}
	for _, ind := range inds {
		known[ind.Key] = true
	}
	for k := range in.Values {
		if !known[k] {
			return dajia.Errorf(dajia.Invalid, "values."+k, "未知的指标 %q", k)
		}
	}
	vals, ferrs := parseContent(inds, func(k string) (string, bool) {
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
	if len(ferrs) > 0 {
		return &dajia.Error{Code: dajia.Invalid, Field: "values." + ferrs[0].Field, Message: ferrs[0].Message, Key: ferrs[0].Key, Args: ferrs[0].Args}
	}
	rev := -1
	if in.Revision != nil {
		rev = *in.Revision
	}
	a := actorOf(r)
	saved, err := s.db.SaveReport(r.Context(), a, id, rev, store.ReportContent{Values: vals, Zero: in.Zero, KeyCases: in.KeyCases, Practices: in.Practices},
		editableBy(a))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.apiReportOf(p, saved, true))
	return nil
}

func (s *Server) apiReportAction(w http.ResponseWriter, r *http.Request) error {
	act, err := reportActionOf(r)
	if err != nil {
		return err
	}
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	var in struct {
		Reason string `json:"reason"`
	}
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			return err
		}
	}
	rep, err = s.transition(r, id, act, strings.TrimSpace(in.Reason))
	var inv *invalidFields
	if errors.As(err, &inv) {
		var fields []map[string]string
		for _, f := range inv.Fields {
			fields = append(fields, map[string]string{"field": f.Field, "rule": f.Rule, "message": locale.Field(s.lang(r), f)})
		}
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": map[string]any{"code": "invalid", "message": locale.Error(s.lang(r), inv.err), "field": inv.err.Field, "fields": fields}})
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.apiReportOf(p, rep, true))
	return nil
}
