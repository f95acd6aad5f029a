package web

// The year-end summary (年度打假工作总结): the office's page sets the
// document's head and its problems and next steps, and downloads the
// .docx and the .xlsx; the API gives the same files. All call
// app.YearEnd, which checks who may and records each generation.

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/yearend"
)

func (s *Server) yearendRoutes() []route {
	h := s.adapt
	b := dajia.PermBusiness
	return []route{
		{"GET /yearend", b, h(s.yearendPage), false},
		{"POST /yearend.docx", b, h(s.yearendDownload("docx")), false},
		{"POST /yearend.xlsx", b, h(s.yearendDownload("xlsx")), false},
		{"GET /api/v1/yearend.docx", b, h(s.apiYearend("docx")), false},
		{"GET /api/v1/yearend.xlsx", b, h(s.apiYearend("xlsx")), false},
	}
}

// maxYearendForm bounds the form's body: two texts of 5,000 characters,
// URL-encoded (nine bytes a Chinese character: 90 KB), and room for the rest.
const maxYearendForm = 128 << 10

// yearendFields are the form's fields that show their own error.
var yearendFields = map[string]bool{"number": true, "issuer": true, "issued_on": true, "recipients": true, "copies": true,
	"problems": true, "next_steps": true}

type yearendPage struct {
	Page
	Plan   *dajia.Plan
	Y      dajia.YearEnd
	In     app.YearEndInput
	Errors map[string]string
	Error  string
}

// Link is the list behind a figure of row c: a campaign's records, those
// of no campaign (campaign=0) or, for the total, all of them.
func (d yearendPage) Link(path string, c dajia.CampaignYear, kv ...string) string {
	v := url.Values{"plan": {d.Plan.ID}}
	switch {
	case c.No > 0:
		v.Set("campaign", strconv.Itoa(c.No))
	case c.Name == dajia.UnassignedName:
		v.Set("campaign", "0")
	}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return path + "?" + v.Encode()
}

// yearendData loads the page: the plan (?plan= or the latest), its
// figures and the head typed (or suggested).
func (s *Server) yearendData(r *http.Request, planID string, in *app.YearEndInput) (yearendPage, error) {
	pg := s.page(r, "")
	pg.Title = pg.T("年度总结")
	if planID == "" {
		v, err := s.planParam(r)
		if err != nil {
			return yearendPage{}, err
		}
		planID = v.PlanID
	}
	y, p, err := s.app.YearEndFigures(r.Context(), pg.Actor, planID)
	if err != nil {
		return yearendPage{}, err
	}
	d := yearendPage{Page: pg, Plan: p, Y: y, Errors: map[string]string{}}
	if in != nil {
		d.In = *in
	} else {
		h := y.Head
		d.In = app.YearEndInput{Number: h.Number, Issuer: h.Issuer, IssuedOn: h.IssuedOn.String(), Recipients: h.Recipients, Copies: h.Copies,
			Problems: h.Problems, NextSteps: h.NextSteps}
	}
	d.In.PlanID = p.ID
	return d, nil
}

func (s *Server) yearendPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.yearendData(r, "", nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "yearend", d)
}

func yearendInput(v url.Values, format string) app.YearEndInput {
	return app.YearEndInput{PlanID: strings.TrimSpace(v.Get("plan")), Format: format, Number: v.Get("number"), Issuer: v.Get("issuer"),
		IssuedOn: v.Get("issued_on"), Recipients: v.Get("recipients"), Copies: v.Get("copies"), Problems: v.Get("problems"),
		NextSteps: v.Get("next_steps")}
}

// yearendDownload generates the file from the page's form; a problem
// shows the form again with the message at its field.
func (s *Server) yearendDownload(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		r.Body = http.MaxBytesReader(w, r.Body, maxYearendForm)
		if err := r.ParseForm(); err != nil {
			return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
		}
		in := yearendInput(r.PostForm, format)
		in.Save = true // the form finds what was typed next time
		y, err := s.app.YearEnd(r.Context(), actorOf(r), in)
		if formError(err) {
			d, derr := s.yearendData(r, in.PlanID, &in)
			if derr != nil {
				return derr
			}
			d.Error = fieldErrorsOf(d.Page, err, d.Errors, yearendFields)
			return s.render(w, r, statusFor(w, err), "yearend", d)
		}
		if err != nil {
			return err
		}
		return s.writeYearend(w, y, format)
	}
}

// apiYearend answers the file for ?plan= with the head in the query
// (number, issuer, issued_on, recipients, copies, problems, next_steps;
// each optional).
func (s *Server) apiYearend(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		in := yearendInput(r.URL.Query(), format)
		if in.PlanID == "" {
			return dajia.Errorf(dajia.Invalid, "plan", "请指定方案")
		}
		y, err := s.app.YearEnd(r.Context(), actorOf(r), in)
		if err != nil {
			return err
		}
		return s.writeYearend(w, y, format)
	}
}

// writeYearend renders the file to a buffer first: a failure is an error
// page, never half a file.
func (s *Server) writeYearend(w http.ResponseWriter, y dajia.YearEnd, format string) error {
	var b bytes.Buffer
	ctype := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	name := y.Title() + "." + format
	var err error
	if format == "xlsx" {
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		name = y.Title() + "（数据）.xlsx"
		err = yearend.WriteXLSX(&b, y)
	} else {
		err = yearend.WriteDOCX(&b, y, s.clock.Now())
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	_, err = w.Write(b.Bytes())
	return err
}
