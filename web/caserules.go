package web

// The office's page of the rules of cases: the criminal thresholds and
// the major-case rules as rows, and the units' case number prefixes
// (which a unit's head sets for its own unit).

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
)

type caseRulesPage struct {
	Page
	In       app.CaseRulesInput
	Errors   map[string]string // by list.row.field, rows from 1
	Problems []string
	Error    string
	Saved    bool
}

// Violations and MajorKinds are the choices of the rows' selects.
func (caseRulesPage) Violations() []dajia.Violation {
	var out []dajia.Violation
	for _, v := range dajia.Violations {
		if v != dajia.ViolationOther {
			out = append(out, v)
		}
	}
	return out
}

func (caseRulesPage) MajorKinds() []dajia.MajorKind {
	return []dajia.MajorKind{dajia.MajorAmount, dajia.MajorCrossRegion, dajia.MajorInjury, dajia.MajorDeath, dajia.MajorMedia, dajia.MajorSupervised}
}

// Err is the problem of a field of a row (from 1), "" when none.
func (d caseRulesPage) Err(list string, row int, field string) string {
	return d.Errors[fmt.Sprintf("%s.%d.%s", list, row, field)]
}

// RowErrs are the problems of a row.
func (d caseRulesPage) RowErrs(list string, row int) []string {
	var out []string
	prefix := fmt.Sprintf("%s.%d.", list, row)
	for k, v := range d.Errors {
		if strings.HasPrefix(k, prefix) {
			out = append(out, v)
		}
	}
	return out
}

// Rows is the rows of a list with one blank row to add a rule.
func (d caseRulesPage) ThresholdRows() []app.ThresholdInput {
	return append(append([]app.ThresholdInput{}, d.In.Thresholds...), app.ThresholdInput{})
}

func (d caseRulesPage) MajorRows() []app.MajorInput {
	return append(append([]app.MajorInput{}, d.In.Major...), app.MajorInput{})
}

func (s *Server) caseRulesData(r *http.Request) (caseRulesPage, error) {
	rules, err := s.app.CaseRulesFor(r.Context(), actorOf(r))
	if err != nil {
		return caseRulesPage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("案件规则")
	return caseRulesPage{Page: pg, In: rules.Input(), Errors: map[string]string{}}, nil
}

func (s *Server) caseRulesForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.caseRulesData(r)
	if err != nil {
		return err
	}
	d.Saved = r.URL.Query().Get("saved") == "1"
	return s.render(w, r, http.StatusOK, "caserules", d)
}

// formRows reads the rows of a list: prefix0_field … up to the count
// posted (bounded), leaving out the rows marked for removal and the blank
// ones.
func formRows(f map[string][]string, prefix string, fields []string) ([]map[string]string, error) {
	get := func(k string) string {
		if v := f[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	n, err := strconv.Atoi(get(prefix + "_rows"))
	if err != nil || n < 0 || n > app.MaxRuleRows+1 {
		return nil, dajia.Errorf(dajia.Invalid, "", "每类规则最多 %d 条", app.MaxRuleRows)
	}
	var out []map[string]string
	for i := range n {
		if get(fmt.Sprintf("%s%d_remove", prefix, i)) != "" {
			continue
		}
		row, blank := map[string]string{}, true
		for _, field := range fields {
			v := strings.TrimSpace(get(fmt.Sprintf("%s%d_%s", prefix, i, field)))
			row[field] = v
			if v != "" && field != "offence" && field != "kind" {
				blank = false
			}
		}
		if !blank {
			out = append(out, row)
		}
	}
	return out, nil
}

func (s *Server) caseRulesSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	d, err := s.caseRulesData(r)
	if err != nil {
		return err
	}
	var in app.CaseRulesInput
	if r.PostForm.Get("action") != "reset" {
		ts, err := formRows(r.PostForm, "t", []string{"id", "offence", "source", "sales", "unsold", "gains", "min", "marks"})
		if err != nil {
			return err
		}
		ms, err := formRows(r.PostForm, "m", []string{"id", "kind", "min", "people", "source"})
		if err != nil {
			return err
		}
		in = app.CaseRulesInput{Thresholds: []app.ThresholdInput{}, Major: []app.MajorInput{}}
		for _, t := range ts {
			in.Thresholds = append(in.Thresholds, app.ThresholdInput{ID: t["id"], Offence: t["offence"], Source: t["source"],
				SalesFactor: json.Number(t["sales"]), UnsoldFactor: json.Number(t["unsold"]), GainsFactor: json.Number(t["gains"]),
				Min: json.Number(t["min"]), MarksAtLeast: json.Number(t["marks"])})
		}
		for _, m := range ms {
			in.Major = append(in.Major, app.MajorInput{ID: m["id"], Kind: m["kind"], Min: json.Number(m["min"]), People: json.Number(m["people"]),
				Source: m["source"]})
		}
	}
	_, err = s.app.SaveCaseRules(r.Context(), actorOf(r), in)
	var fe dajia.FieldErrors
	switch {
	case errors.As(err, &fe):
		d.In = in
		for _, f := range fe {
			msg := locale.Field(d.Lang, f)
			d.Errors[f.Field] = msg
			parts := strings.SplitN(f.Field, ".", 3)
			list := d.T("刑事追诉标准")
			if parts[0] == "major" {
				list = d.T("大要案规则")
			}
			row := 0
			if len(parts) > 1 {
				row, _ = strconv.Atoi(parts[1])
			}
			d.Problems = append(d.Problems, d.T("%s第 %d 条：%s", list, row, msg))
		}
		d.Error = d.T("规则有误，均未保存：请按提示修改")
		return s.render(w, r, http.StatusBadRequest, "caserules", d)
	case dajia.ErrorCode(err) == dajia.Invalid:
		d.In = in
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "caserules", d)
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/settings/case-rules?saved=1", http.StatusSeeOther)
	return nil
}

type casePrefixesPage struct {
	Page
	Units  []app.UnitPrefix
	Unit   string // the unit whose prefix was refused
	Prefix string
	Error  string
	Saved  bool
}

func (s *Server) casePrefixesData(r *http.Request) (casePrefixesPage, error) {
	units, err := s.app.CasePrefixes(r.Context(), actorOf(r))
	if err != nil {
		return casePrefixesPage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("案件编号前缀")
	return casePrefixesPage{Page: pg, Units: units}, nil
}

func (s *Server) casePrefixesForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.casePrefixesData(r)
	if err != nil {
		return err
	}
	d.Saved = r.URL.Query().Get("saved") == "1"
	return s.render(w, r, http.StatusOK, "caseprefixes", d)
}

func (s *Server) casePrefixSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	d, err := s.casePrefixesData(r)
	if err != nil {
		return err
	}
	unit, prefix := r.PostForm.Get("unit"), r.PostForm.Get("prefix")
	err = s.app.SetCasePrefix(r.Context(), actorOf(r), unit, prefix)
	if dajia.ErrorCode(err) == dajia.Invalid {
		d.Unit, d.Prefix, d.Error = unit, prefix, locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "caseprefixes", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/settings/case-prefixes?saved=1", http.StatusSeeOther)
	return nil
}
