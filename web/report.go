package web

import (
	"errors"
	"fmt"
	"net/http"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// The page of one report: read, save, save and send, workflow steps.

// reportFor loads the report named in the path that the actor may see;
// another unit's report is not found, so ids cannot be probed.
func (s *Server) reportFor(r *http.Request) (dajia.Report, *dajia.Plan, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return dajia.Report{}, nil, err
	}
	return s.app.Report(r.Context(), actorOf(r), id)
}

type reportPage struct {
	Page
	R          dajia.Report
	Plan       *dajia.Plan
	UnitName   string
	Rule       dajia.ReportingRule
	Indicators []dajia.Indicator
	Inputs     map[string]string // what the form shows: stored figures or what was typed
	Prefill    map[string]string // what dajia counted from recorded work, by indicator
	Differs    map[string]bool   // the typed figure differs from the count
	counted    map[string]dajia.Amount
	Errors     map[string]string
	Problems   []dajia.FieldError
	Outliers   []dajia.Outlier
	Events     []dajia.ReportEvent
	Files      []store.Attachment
	Timeliness dajia.Timeliness
	WorkLeft   int
	Clock      dajia.Countdown
	CanEdit    bool
	Acts       map[string]bool // workflow steps the actor may take now
	Message    string
	Error      string
}

func (s *Server) reportData(r *http.Request, rep dajia.Report, p *dajia.Plan) (reportPage, error) {
	pg := s.page(r, "报表")
	a := actorOf(r)
	rule := rep.RuleIn(p)
	d := reportPage{Page: pg, R: rep, Plan: p, UnitName: p.DisplayName(rep.Unit), Rule: rule, Indicators: rule.IndicatorsOf(),
		Inputs: map[string]string{}, Errors: map[string]string{}, Timeliness: rep.Timeliness(pg.Today),
		CanEdit: a.MayEdit(rep.Unit, rep.Status), Acts: map[string]bool{}}
	d.Title = fmt.Sprintf("%s %s%s", d.UnitName, d.Say(rep.Period.Phrase()), rep.RuleName)
	for k, v := range rep.Values {
		d.Inputs[k] = v.String()
	}
	for _, act := range dajia.ReportActions {
		_, err := rep.Status.Next(act)
		d.Acts[string(act)] = err == nil && a.MayAct(act, rep.Unit, rep.Status)
	}
	more, err := s.app.ReportDetails(r.Context(), a, rep, p)
	if err != nil {
		return d, err
	}
	d.Events, d.Files, d.Outliers, d.WorkLeft, d.Clock = more.Events, more.Files, more.Outliers, more.WorkdaysLeft, more.Clock
	d.Prefill, d.Differs = map[string]string{}, map[string]bool{}
	for k, count := range more.Counted {
		d.Prefill[k] = count.String()
		if rep.StartsFromCount(k) {
			d.Inputs[k] = count.String()
		}
	}
	d.markDiffers(more.Counted)
	return d, nil
}

// showProblems marks each field's problem on the page.
func (d *reportPage) showProblems(problems []dajia.FieldError) {
	d.Problems = problems
	for _, fe := range problems {
		d.Errors[fe.Field] = locale.Field(d.Lang, fe)
	}
}

// markDiffers marks each figure the form shows that differs from what
// dajia counted (app.ReportDetails); the typed figure stays the unit's.
func (d *reportPage) markDiffers(counted map[string]dajia.Amount) {
	d.counted = counted
	for k, count := range counted {
		d.Differs[k] = dajia.DiffersFromCount(d.Inputs[k], count)
	}
}

func (s *Server) reportView(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	d, err := s.reportData(r, rep, p)
	if err != nil {
		return err
	}
	d.Message = d.T(map[string]string{"saved": "已保存", "submit": "已报送，等待部门负责人审核", "approve": "已审核，报送打假办",
		"accept": "已签收", "return": "已退回", "reopen": "已重新打开", "imported": "已从 Excel 导入，请核对后报送", "attached": "附件已上传"}[r.URL.Query().Get("done")])
	return s.render(w, r, http.StatusOK, "report", d)
}

// reportSave stores the form; with "submit" it then sends the report.
func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	f, err := decodeReportForm(r, rep.RuleIn(p).IndicatorsOf())
	if err != nil {
		return err
	}
	again := func(problems []dajia.FieldError, msg string) error {
		d, err := s.reportData(r, rep, p)
		if err != nil {
			return err
		}
		for k, v := range f.Inputs {
			d.Inputs[k] = v
		}
		d.markDiffers(d.counted)
		d.R.Zero, d.R.KeyCases, d.R.Practices = f.Content.Zero, f.Content.KeyCases, f.Content.Practices
		d.showProblems(problems)
		d.Error = msg
		return s.render(w, r, http.StatusBadRequest, "report", d)
	}
	a := actorOf(r)
	if len(f.Problems) > 0 {
		// Every problem at once: the figures that cannot be read, and what
		// the checks say of the rest.
		all, err := s.app.CheckReport(r.Context(), a, rep, p, f.Content, f.Problems)
		if err != nil {
			return err
		}
		return again(all, tr(r, "有数值无法识别，未保存；请按提示修改"))
	}
	saved, err := s.app.SaveReport(r.Context(), a, rep.ID, f.Revision, f.Content)
	if c := dajia.ErrorCode(err); c == dajia.Invalid || c == dajia.Conflict {
		return again(nil, locale.Error(s.lang(r), dajia.ErrorOf(err)))
	}
	if err != nil {
		return err
	}
	if f.Then != "submit" {
		http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=saved", rep.ID), http.StatusSeeOther)
		return nil
	}
	rep = saved
	_, err = s.app.ReportStep(r.Context(), a, rep.ID, dajia.ActSubmit, "")
	var fe dajia.FieldErrors
	if errors.As(err, &fe) {
		return again(fe, tr(r, "已保存，但未报送：请按提示修改后再报送"))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=submit", rep.ID), http.StatusSeeOther)
	return nil
}

// reportAction takes a workflow step from the page's buttons.
func (s *Server) reportAction(w http.ResponseWriter, r *http.Request) error {
	act, err := reportActionOf(r)
	if err != nil {
		return err
	}
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	_, err = s.app.ReportStep(r.Context(), actorOf(r), rep.ID, act, r.PostFormValue("reason"))
	if c := dajia.ErrorCode(err); c == dajia.Invalid || c == dajia.Conflict {
		d, derr := s.reportData(r, rep, p)
		if derr != nil {
			return derr
		}
		var fe dajia.FieldErrors
		if errors.As(err, &fe) {
			d.showProblems(fe)
		}
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "report", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=%s", rep.ID, act), http.StatusSeeOther)
	return nil
}
