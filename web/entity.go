package web

// The market entities (市场主体): the search list, registering one, an
// entity's page with the tips about it and its edit form, merging two
// records for the office, and the same through the JSON API.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

type entitiesPage struct {
	Page
	Query    string
	Entities []dajia.Entity
	MayEdit  bool
}

func (s *Server) entitiesList(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	list, err := s.app.FindEntities(r.Context(), actorOf(r), q)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("市场主体")
	return s.render(w, r, http.StatusOK, "entities", entitiesPage{Page: pg, Query: q, Entities: list, MayEdit: pg.Actor.MayEditEntities() == nil})
}

type entityPage struct {
	Page
	Entity   *dajia.Entity // nil: the form for a new one
	In       app.EntityInput
	Kinds    []dajia.EntityKind
	Errors   map[string]string
	Error    string
	Message  string
	History  []dajia.Tip
	Clues    []dajia.Clue
	Cases    []store.CaseRecord
	Merged   []dajia.Entity
	MayEdit  bool
	MayMerge bool
	Plan     *dajia.Plan // the current plan, for the units' names; nil before any
}

// UnitName is a handling unit's name in the current plan.
func (d entityPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

func (s *Server) entityForm(w http.ResponseWriter, r *http.Request) error {
	if err := actorOf(r).MayEditEntities(); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "entity", s.newEntityPage(r, nil))
}

func (s *Server) newEntityPage(r *http.Request, e *dajia.Entity) entityPage {
	pg := s.page(r, "")
	d := entityPage{Page: pg, Entity: e, Kinds: dajia.EntityKinds, Errors: map[string]string{},
		MayEdit: pg.Actor.MayEditEntities() == nil, MayMerge: pg.Actor.Role == dajia.RoleOffice}
	if e == nil {
		d.Title = pg.T("登记市场主体")
		d.In.Kind = dajia.KindProducer
		return d
	}
	d.Title = e.Name
	d.In = app.EntityInput{Name: e.Name, CreditCode: e.CreditCode, Kind: e.Kind, Village: e.Village, Address: e.Address}
	return d
}

// entityData is an entity's page: the record, the records merged into it
// and the tips about it that the reader may see.
func (s *Server) entityData(r *http.Request, id int64) (entityPage, error) {
	a := actorOf(r)
	e, err := s.app.Entity(r.Context(), a, id)
	if err != nil {
		return entityPage{}, err
	}
	d := s.newEntityPage(r, &e)
	h, err := s.app.EntityHistory(r.Context(), a, e)
	if err != nil {
		return d, err
	}
	d.History, d.Clues, d.Cases, d.Merged = h.Tips, h.Clues, h.Cases, h.Merged
	d.Plan, err = s.currentPlanIfAny(r)
	return d, err
}

func (s *Server) entityView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.entityData(r, id)
	if err != nil {
		return err
	}
	switch r.URL.Query().Get("done") {
	case "save":
		d.Message = d.T("已保存")
	case "merge":
		d.Message = d.T("已合并")
	}
	return s.render(w, r, http.StatusOK, "entity", d)
}

func decodeEntityForm(f url.Values) app.EntityInput {
	return app.EntityInput{Name: f.Get("name"), CreditCode: f.Get("credit_code"), Kind: dajia.EntityKind(f.Get("kind")),
		Village: f.Get("village"), Address: f.Get("address"), LegalRep: f.Get("legal_rep")}
}

// entityAgain shows the form again with every field's problem.
func (s *Server) entityAgain(w http.ResponseWriter, r *http.Request, d entityPage, in app.EntityInput, err error) error {
	d.In = in
	d.In.LegalRep = "" // personal data is not sent back
	var fe dajia.FieldErrors
	if errors.As(err, &fe) {
		d.Error = d.T("请按提示修改后再提交")
		for _, f := range fe {
			d.Errors[f.Field] = locale.Field(d.Lang, f)
		}
	} else {
		e := dajia.ErrorOf(err)
		d.Error = locale.Error(d.Lang, e)
		if e.Field != "" {
			d.Errors[e.Field] = d.Error
		}
	}
	return s.render(w, r, statusFor(w, err), "entity", d)
}

func formError(err error) bool {
	c := dajia.ErrorCode(err)
	return c == dajia.Invalid || c == dajia.Conflict
}

func (s *Server) entityCreate(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := decodeEntityForm(r.PostForm)
	e, err := s.app.CreateEntity(r.Context(), actorOf(r), in)
	if formError(err) {
		return s.entityAgain(w, r, s.newEntityPage(r, nil), in, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/entities/%d?done=save", e.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) entityUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := decodeEntityForm(r.PostForm)
	_, err = s.app.UpdateEntity(r.Context(), actorOf(r), id, in)
	if formError(err) {
		d, derr := s.entityData(r, id)
		if derr != nil {
			return derr
		}
		return s.entityAgain(w, r, d, in, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/entities/%d?done=save", id), http.StatusSeeOther)
	return nil
}

// entityMerge merges this record into another (the office): the form
// names the kept record's number.
func (s *Server) entityMerge(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	into, err := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("into")), 10, 64)
	if err != nil {
		err = dajia.Errorf(dajia.Invalid, "into", "请填写要保留的市场主体编号")
	} else {
		_, err = s.app.MergeEntities(r.Context(), actorOf(r), id, into)
	}
	if formError(err) {
		d, derr := s.entityData(r, id)
		if derr != nil {
			return derr
		}
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		d.Errors["into"] = d.Error
		return s.render(w, r, statusFor(w, err), "entity", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/entities/%d?done=merge", into), http.StatusSeeOther)
	return nil
}

// apiEntityOf is an entity as the API gives it; the legal representative
// masked, the kind as its code and its name in the request's language.
func apiEntityOf(e dajia.Entity, lang string) map[string]any {
	out := map[string]any{"id": e.ID, "name": e.Name, "credit_code": e.CreditCode, "kind": e.Kind, "kind_name": localized(lang, string(e.Kind.Name())),
		"village": e.Village, "address": e.Address, "legal_rep": e.LegalRepMasked, "updated_at": e.UpdatedAt}
	if e.MergedInto != 0 {
		out["merged_into"] = e.MergedInto
	}
	return out
}

// apiEntities answers GET /api/v1/entities?q=: the live entities whose
// name holds the words or whose credit code starts with one.
func (s *Server) apiEntities(w http.ResponseWriter, r *http.Request) error {
	list, err := s.app.FindEntities(r.Context(), actorOf(r), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, e := range list {
		out = append(out, apiEntityOf(e, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"entities": out})
	return nil
}

// apiEntityCreate answers POST /api/v1/entities: registers an entity.
func (s *Server) apiEntityCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.EntityInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	e, err := s.app.CreateEntity(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiEntityOf(e, s.lang(r)))
	return nil
}

// apiEntityGet answers GET /api/v1/entities/{id}: the entity and the tips
// about it that the account may see.
func (s *Server) apiEntityGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	a := actorOf(r)
	e, err := s.app.Entity(r.Context(), a, id)
	if err != nil {
		return err
	}
	hist, err := s.app.EntityHistory(r.Context(), a, e)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := apiEntityOf(e, lang)
	tips := []map[string]any{}
	for _, t := range hist.Tips {
		tips = append(tips, apiTipOf(t, lang))
	}
	out["tips"] = tips
	clues := []map[string]any{}
	for _, c := range hist.Clues {
		clues = append(clues, apiClueOf(c, lang))
	}
	out["clues"] = clues
	writeJSON(w, http.StatusOK, out)
	return nil
}
