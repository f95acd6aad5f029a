package web

// The JSON API of surveys (排查摸底): the list, one finding, recording one
// (no photos: the phone form takes them) and the steps that act on it.

import (
	"net/http"
	"strconv"

	"dajia"
	"dajia/app"
)

// apiSurveyOf is a finding as the API shows it.
func apiSurveyOf(sv dajia.Survey, lang string) map[string]any {
	problems, names := []string{}, []string{}
	for _, p := range sv.Problems {
		problems = append(problems, string(p))
		names = append(names, localized(lang, string(p.Name())))
	}
	item := map[string]any{"id": sv.ID, "plan": sv.PlanID, "found_on": sv.FoundOn, "unit": sv.Unit, "recorder": sv.Recorder,
		"village": sv.Village, "category": sv.Category, "stage": sv.Stage, "problems": problems, "problem_names": names,
		"description": sv.Description, "status": sv.Status, "status_name": localized(lang, string(sv.Status.Name()))}
	if sv.EntityID != 0 {
		item["entity_id"] = sv.EntityID
	} else {
		item["entity_name"], item["entity_address"] = sv.EntityName, sv.EntityAddress
	}
	if sv.ClueID != 0 {
		item["clue"] = sv.ClueID
	}
	if sv.Note != "" {
		item["note"] = sv.Note
	}
	return item
}

// apiSurveys lists the findings an account may read, the latest first:
// ?plan=, ?unit= (the town's readers), ?village=, ?category=, ?status=
// (open, clue, clear), ?from= and ?to= (YYYY-MM-DD), ?mine=1, ?limit= (at
// most 500, 200 by default) and ?offset=. total and open count every page;
// next is the offset of the next page, null on the last.
func (s *Server) apiSurveys(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if err := checkQueryText(q); err != nil {
		return err
	}
	sq := decodeSurveyQuery(q)
	sq.Limit, sq.Offset = 200, 0
	if err := apiInts(q.Get, apiInt{"limit", &sq.Limit}, apiInt{"offset", &sq.Offset}); err != nil {
		return err
	}
	list, err := s.app.Surveys(r.Context(), actorOf(r), sq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, sv := range list.Surveys {
		item := apiSurveyOf(sv, lang)
		if n := list.Names[sv.EntityID]; n != "" {
			item["entity_name"] = n
		}
		out = append(out, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"surveys": out, "total": list.Total, "open": list.Open, "next": nextOf(list.Next)})
	return nil
}

// apiSurveyGet answers GET /api/v1/surveys/{id}: a finding the account may
// read, with its photos' addresses.
func (s *Server) apiSurveyGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.app.OpenSurvey(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	out := apiSurveyOf(f.Survey, s.lang(r))
	if f.Entity != nil {
		out["entity_name"] = f.Entity.Name
	}
	photos := []string{}
	for _, p := range f.Photos {
		photos = append(photos, "/surveys/"+strconv.FormatInt(id, 10)+"/photos/"+strconv.FormatInt(p.ID, 10))
	}
	out["photos"] = photos
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiSurveyCreate records a finding of the account's unit: {"plan",
// "found_on", "village", "entity_id" or "entity_name" and
// "entity_address", "category", "stage", "problems": [codes],
// "description"}. Every field's problem is answered at once.
func (s *Server) apiSurveyCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.SurveyInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	sv, err := s.app.CreateSurvey(r.Context(), actorOf(r), in, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiSurveyOf(sv, s.lang(r)))
	return nil
}

// apiSurveyClue makes the finding the clue of its campaign's lead and
// answers the finding with the clue's id and lead unit; a finding that is
// already a clue is a conflict.
func (s *Server) apiSurveyClue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sv, c, err := s.app.SurveyToClue(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	out := apiSurveyOf(sv, s.lang(r))
	out["clue_lead_unit"], out["clue_due"] = c.LeadUnit, c.Due
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// apiSurveyClear closes a finding as no problem on check: {"note"}.
func (s *Server) apiSurveyClear(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Note string `json:"note"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	sv, err := s.app.ClearSurvey(r.Context(), actorOf(r), id, in.Note)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiSurveyOf(sv, s.lang(r)))
	return nil
}

// apiSurveyUpdate changes what an open finding records: the whole finding,
// as POST takes it (its photos stay as recorded).
func (s *Server) apiSurveyUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.SurveyInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	sv, err := s.app.EditSurvey(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiSurveyOf(sv, s.lang(r)))
	return nil
}
