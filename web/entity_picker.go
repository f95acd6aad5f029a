package web

// The entity picker: a part any form includes to choose a market entity
// by a name or a credit code fragment, without leaving the form. With
// script, matches come from GET /entities/search as one types; without, the
// form's 查找 button sends the form back to its own handler, which shows it
// again, as typed, with the matches (see pickFor).

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
)

// EntityPicker is the data of the part "entitypicker". A form includes it
// as {{template "entitypicker" .Picker}}; its handler fills it by pickFor.
// The chosen entity's id is sent as Field; what was typed as Field+"_q";
// the 查找 button as find=Field.
type EntityPicker struct {
	Page
	Field    string
	Query    string
	Chosen   *dajia.Entity
	Matches  []dajia.Entity
	Searched bool
	Error    string
	Legend   string // the fieldset's legend, translated; "" is 市场主体（选填）
}

var pickerField = regexp.MustCompile(`^[a-z][a-z_]{0,30}$`)

// pickerFieldOf is the field named by a request, or entity_id.
func pickerFieldOf(name string) string {
	if pickerField.MatchString(name) {
		return name
	}
	return "entity_id"
}

// formID reads an id field of a form: empty is 0; anything else that is no
// positive number is -1, which the use case refuses with its message.
func formID(f url.Values, field string) int64 {
	v := strings.TrimSpace(f.Get(field))
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// pickFor is the picker of field as the form f sent it: the chosen entity
// (when the id names one the reader may read) and, when the form's 查找
// button was pressed, the matches of what was typed. It answers whether
// the button was pressed: the handler then shows the form again instead
// of saving it.
func (s *Server) pickFor(r *http.Request, pg Page, f url.Values, field string) (EntityPicker, bool, error) {
	p := EntityPicker{Page: pg, Field: field, Query: app.EntityQuery(f.Get(field + "_q"))}
	if id := formID(f, field); id > 0 {
		if e, err := s.app.Entity(r.Context(), pg.Actor, id); err == nil {
			p.Chosen = &e
		}
	}
	if f.Get("find") != field {
		return p, false, nil
	}
	var err error
	p.Matches, err = s.app.PickEntities(r.Context(), pg.Actor, p.Query)
	p.Searched = true
	return p, true, err
}

// entitySearch answers GET /entities/search?q=&field=: the picker's
// matches alone, as the fragment the picker's script puts in place.
func (s *Server) entitySearch(w http.ResponseWriter, r *http.Request) error {
	pg := s.page(r, "")
	q := app.EntityQuery(r.URL.Query().Get("q"))
	list, err := s.app.PickEntities(r.Context(), pg.Actor, q)
	if err != nil {
		return err
	}
	p := EntityPicker{Page: pg, Field: pickerFieldOf(r.URL.Query().Get("field")), Query: q, Matches: list, Searched: q != ""}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderPart(w, http.StatusOK, "entitypicker-results", p)
}
