package web

// The exposure of decided cases (曝光台): the publisher's page on a case
// (write, preview with every redaction shown, confirm, withdraw) and the
// public pages, which need no sign-in.

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

type exposureEditPage struct {
	Page
	Case         store.CaseRecord
	Plan         *dajia.Plan
	Exposures    []dajia.Exposure
	MayExpose    bool
	NotExposable string // why the case cannot be exposed yet
	In           app.ExposureInput
	NamesText    string
	Preview      *app.ExposurePreview
	Errors       map[string]string
	Error        string
}

// UnitName is a unit's name in the case's plan.
func (d exposureEditPage) UnitName(key string) string { return unitDisplay(d.Plan, key) }

// HasLive reports whether the case has an exposure on the public page.
func (d exposureEditPage) HasLive() bool {
	for _, e := range d.Exposures {
		if e.Live() {
			return true
		}
	}
	return false
}

func (s *Server) exposureEditData(r *http.Request, id int64) (exposureEditPage, error) {
	ctx, actor := r.Context(), actorOf(r)
	c, err := s.app.Case(ctx, actor, id)
	if err != nil {
		return exposureEditPage{}, err
	}
	es, err := s.app.ExposuresOfCase(ctx, actor, id)
	if err != nil {
		return exposureEditPage{}, err
	}
	v, err := s.db.PlanVersion(ctx, c.PlanID, 0)
	if err != nil {
		return exposureEditPage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("曝光案件 %s", c.Number)
	d := exposureEditPage{Page: pg, Case: c, Plan: v.Plan, Exposures: es, MayExpose: c.MayExpose(actor) == nil, Errors: map[string]string{}}
	if err := c.Exposable(); err != nil {
		d.NotExposable = locale.Error(pg.Lang, dajia.ErrorOf(err))
	}
	return d, nil
}

func (s *Server) exposureEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.exposureEditData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "exposure_edit", d)
}

// exposureInput reads the publisher's form: the names one a line.
func exposureInput(r *http.Request) app.ExposureInput {
	return app.ExposureInput{Title: r.PostForm.Get("title"), Text: r.PostForm.Get("text"), Names: []string{r.PostForm.Get("names")}}
}

// exposureSave previews (action=preview) or publishes (action=publish,
// with the digest of the preview) a case's exposure.
func (s *Server) exposureSave(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	d, err := s.exposureEditData(r, id)
	if err != nil {
		return err
	}
	in := exposureInput(r)
	d.In, d.NamesText = in, r.PostForm.Get("names")
	ctx, actor := r.Context(), actorOf(r)
	again := func(err error) error {
		var fe dajia.FieldErrors
		switch {
		case errors.As(err, &fe):
			for _, f := range fe {
				d.Errors[f.Field] = locale.Field(d.Lang, f)
			}
			d.Error = d.T("请按提示修改后再预览")
		case dajia.ErrorCode(err) == dajia.Invalid || dajia.ErrorCode(err) == dajia.Conflict:
			e := dajia.ErrorOf(err)
			if e.Field == "title" || e.Field == "text" || e.Field == "names" {
				d.Errors[e.Field] = locale.Error(d.Lang, e)
			}
			d.Error = locale.Error(d.Lang, e)
		default:
			return err
		}
		return s.render(w, r, http.StatusBadRequest, "exposure_edit", d)
	}
	if r.PostForm.Get("action") == "publish" {
		e, err := s.app.PublishExposure(ctx, actor, id, in, r.PostForm.Get("digest"))
		if err != nil {
			// Show the text as it would go out now, for review.
			if p, perr := s.app.DraftExposure(ctx, actor, id, in); perr == nil {
				d.Preview = &p
			}
			return again(err)
		}
		http.Redirect(w, r, fmt.Sprintf("/exposure/%d", e.ID), http.StatusSeeOther)
		return nil
	}
	p, err := s.app.DraftExposure(ctx, actor, id, in)
	if err != nil {
		return again(err)
	}
	d.Preview = &p
	return s.render(w, r, http.StatusOK, "exposure_edit", d)
}

func (s *Server) exposureWithdraw(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	eid, err := pathID(r, "eid")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	e, err := s.db.Exposure(r.Context(), eid)
	if err != nil {
		return err
	}
	if e.CaseID != id {
		return dajia.Errorf(dajia.NotFound, "exposure", "没有这条曝光")
	}
	_, err = s.app.WithdrawExposure(r.Context(), actorOf(r), eid, r.PostForm.Get("reason"))
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		d, derr := s.exposureEditData(r, id)
		if derr != nil {
			return derr
		}
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		d.Errors["reason"] = d.Error
		return s.render(w, r, http.StatusBadRequest, "exposure_edit", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/cases/%d/exposure", id), http.StatusSeeOther)
	return nil
}

// The public pages.

type exposuresPage struct {
	Page
	List  app.ExposureList
	units map[string]*dajia.Plan
}

// UnitName is the name of an exposure's lead unit in its plan.
func (d exposuresPage) UnitName(e dajia.Exposure) string {
	if p := d.units[e.PlanID]; p != nil {
		return unitDisplay(p, e.LeadUnit)
	}
	return ""
}

// plansOf loads the plans of the exposures listed, once each.
func (s *Server) plansOf(r *http.Request, es []dajia.Exposure) (map[string]*dajia.Plan, error) {
	out := map[string]*dajia.Plan{}
	for _, e := range es {
		if _, ok := out[e.PlanID]; ok || e.PlanID == "" {
			continue
		}
		v, err := s.db.PlanVersion(r.Context(), e.PlanID, 0)
		if err != nil {
			return nil, err
		}
		out[e.PlanID] = v.Plan
	}
	return out, nil
}

func (s *Server) exposureList(w http.ResponseWriter, r *http.Request) error {
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			return dajia.Errorf(dajia.NotFound, "before", "页面不存在：%s", r.URL.Path)
		}
		before = n
	}
	l, err := s.app.Exposures(r.Context(), before)
	if err != nil {
		return err
	}
	units, err := s.plansOf(r, l.Exposures)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("曝光台")
	return s.render(w, r, http.StatusOK, "exposures", exposuresPage{Page: pg, List: l, units: units})
}

type exposurePage struct {
	Page
	E    dajia.Exposure
	Unit string
}

func (s *Server) exposureView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	e, err := s.app.Exposure(r.Context(), id)
	if err != nil {
		return err
	}
	units, err := s.plansOf(r, []dajia.Exposure{e})
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = e.Title
	d := exposurePage{Page: pg, E: e}
	if p := units[e.PlanID]; p != nil {
		d.Unit = unitDisplay(p, e.LeadUnit)
	}
	return s.render(w, r, http.StatusOK, "exposure", d)
}
