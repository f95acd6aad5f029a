package web

// The clues (线索) for staff: the list and a clue's page with the steps
// that decide it.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
)

type cluesPage struct {
	Page
	List   app.ClueList
	Status string
	Plan   *dajia.Plan // the current plan, for the units' names; nil before any
}

// UnitName is a lead unit's name in the current plan.
func (d cluesPage) UnitName(key string) string {
	if d.Plan == nil {
		return key
	}
	return unitDisplay(d.Plan, key)
}

func (s *Server) cluesList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	cq := app.ClueQuery{Status: dajia.ClueStatus(q.Get("status")), Limit: 50}
	if n, err := strconv.Atoi(q.Get("offset")); err == nil && n > 0 {
		cq.Offset = n
	}
	list, err := s.app.Clues(r.Context(), actorOf(r), cq)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("线索")
	d := cluesPage{Page: pg, List: list, Status: q.Get("status")}
	if v, err := s.planParam(r); err == nil {
		d.Plan = v.Plan
	}
	return s.render(w, r, http.StatusOK, "clues", d)
}

type cluePage struct {
	Page
	File  app.ClueFile
	Acts  map[string]bool
	Units []dajia.UnitRef // transfer: the plan's other units
	Error string
}

// UnitName is a unit's name in the clue's plan.
func (d cluePage) UnitName(key string) string { return unitDisplay(d.File.Plan, key) }

// Note words a history line's note in the page's language.
func (d cluePage) Note(action, note string) string {
	if action == "receive" {
		return ""
	}
	return d.Say(d.File.Clue.NoteText(d.File.Plan, action, note))
}

func (s *Server) clueData(r *http.Request, id int64) (cluePage, error) {
	f, err := s.app.OpenClue(r.Context(), actorOf(r), id)
	if err != nil {
		return cluePage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("线索第 %d 号", f.Clue.ID)
	d := cluePage{Page: pg, File: f, Acts: f.Clue.Steps(pg.Actor)}
	for _, u := range f.Plan.AllUnits() {
		if u.Unit.Key != f.Clue.LeadUnit && u.Unit.Key != dajia.OfficeKey {
			d.Units = append(d.Units, u)
		}
	}
	return d, nil
}

func (s *Server) clueView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.clueData(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "clueview", d)
}

func (s *Server) clueStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	in := app.ClueStepInput{Note: r.PostForm.Get("note"), To: r.PostForm.Get("to")}
	if c := strings.TrimSpace(r.PostForm.Get("case")); c != "" {
		if in.Case, err = strconv.ParseInt(c, 10, 64); err != nil {
			in.Case = -1
		}
	}
	_, err = s.app.ClueStep(r.Context(), actorOf(r), id, r.PathValue("step"), in)
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		d, derr := s.clueData(r, id)
		if derr != nil {
			return derr
		}
		d.Error = locale.Error(d.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "clueview", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", id), http.StatusSeeOther)
	return nil
}

// Tip is the id of the clue's tip, 0 when it is not a tip's.
func (d cluePage) Tip() int64 {
	id, _ := d.File.Clue.TipID()
	return id
}

// StepName names a step of a clue's history.
func (d cluePage) StepName(action string) string {
	zh := map[string]string{"receive": "收到线索", "open": "立案", "decline": "不予立案", "transfer": "移送", "extend": "延长期限"}[action]
	if zh == "" {
		return action
	}
	return d.T(zh)
}

// tipClue turns a tip the account handles into its clue and opens the
// clue's page; a tip that is already a clue shows the tip again with why.
func (s *Server) tipClue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.app.ClueFromTip(r.Context(), actorOf(r), id, "")
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		return s.tipAgain(w, r, id, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/clues/%d", c.ID), http.StatusSeeOther)
	return nil
}
