package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dajia"
)

// reportForm is the report page's form: a figure per indicator (v_KEY),
// the zero-report box, the two texts, the revision the page was read at and
// what to do after saving ("submit" sends the report).
type reportForm struct {
	Inputs   map[string]string // what was typed, by indicator
	Content  dajia.ReportContent
	Revision int // -1: not given
	Then     string
	Problems []dajia.FieldError // every field that cannot be read
}

func decodeReportForm(r *http.Request, inds []dajia.Indicator) (reportForm, error) {
	if err := r.ParseForm(); err != nil {
		return reportForm{}, dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	f := reportForm{Inputs: map[string]string{}, Revision: -1, Then: r.PostForm.Get("then")}
	for _, ind := range inds {
		f.Inputs[ind.Key] = r.PostForm.Get("v_" + ind.Key)
	}
	f.Content.Values, f.Problems = parseFigures(inds, func(k string) (string, bool) {
		v, ok := r.PostForm["v_"+k]
		return strings.Join(v, ""), ok
	})
	f.Content.Zero = r.PostForm.Get("zero") != ""
	f.Content.KeyCases, f.Content.Practices = r.PostForm.Get("key_cases"), r.PostForm.Get("practices")
	if v := r.PostForm.Get("revision"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			f.Problems = append(f.Problems, dajia.FieldError{Field: "revision", Rule: "number", Message: "表单版本号无效，请刷新后重新填写"})
		}
		f.Revision = n
	}
	return f, nil
}

// parseFigures reads figures from a form or a JSON map, with an error for
// every field that cannot be read.
func parseFigures(inds []dajia.Indicator, get func(string) (string, bool)) (map[string]dajia.Amount, []dajia.FieldError) {
	vals := map[string]dajia.Amount{}
	var errs []dajia.FieldError
	for _, ind := range inds {
		raw, ok := get(ind.Key)
		raw = strings.TrimSpace(raw)
		if !ok || raw == "" {
			continue
		}
		a, err := dajia.ParseAmount(raw)
		if err != nil {
			key := "%s：%q 不是有效的数（最多四位小数）"
			if !ind.Decimal() {
				key = "%s：%q 不是整数" // a headcount, a number of cases: no decimals to speak of
			}
			errs = append(errs, dajia.FieldError{Field: ind.Key, Rule: "number", Message: fmt.Sprintf(key, ind.Name, truncateText(raw, 20)), Key: key, Args: []any{ind.Name, truncateText(raw, 20)}})
			continue
		}
		vals[ind.Key] = a
	}
	return vals, errs
}

func truncateText(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// reportActionOf reads a workflow step from the path.
func reportActionOf(r *http.Request) (dajia.ReportAction, error) {
	act := dajia.ReportAction(r.PathValue("action"))
	for _, a := range dajia.ReportActions {
		if act == a {
			return act, nil
		}
	}
	return "", dajia.Errorf(dajia.NotFound, "", "没有这个操作")
}
