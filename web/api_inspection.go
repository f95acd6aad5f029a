package web

// The JSON API of inspections (巡查检查): the list with its filters, one
// inspection, recording and editing one, and turning a finding into a clue.

import (
	"net/http"
	"strconv"

	"dajia"
	"dajia/app"
)

// apiInspectionOf is an inspection as the API answers it.
func apiInspectionOf(i dajia.Inspection, names map[int64]string, lang string) map[string]any {
	entities := []map[string]any{}
	for _, e := range i.Entities {
		checks := []map[string]any{}
		for _, c := range e.Checks {
			checks = append(checks, map[string]any{"item": c.Item, "result": c.Result, "result_name": localized(lang, string(c.Result.Name()))})
		}
		row := map[string]any{"entity_id": e.EntityID, "entity_name": names[e.EntityID], "category": e.Category, "product": e.Product,
			"certificate": e.Certificate, "ccc_missing": e.CCCMissing(), "checks": checks, "finding": e.Finding, "clue": nil}
		if e.ClueID != 0 {
			row["clue"] = e.ClueID
		}
		entities = append(entities, row)
	}
	inspectors := i.Inspectors
	if inspectors == nil {
		inspectors = []string{}
	}
	return map[string]any{"id": i.ID, "plan": i.PlanID, "inspected_on": i.InspectedOn, "unit": i.Unit, "inspectors": inspectors,
		"campaign_no": i.CampaignNo, "village": i.Village, "place": i.Place, "action_id": i.ActionID, "notes": i.Notes,
		"entities": entities, "findings": i.Findings(), "ccc_flags": i.CCCFlags(), "created_by": i.CreatedBy,
		"created_at": i.CreatedAt.In(dajia.ChinaTime), "updated_at": i.UpdatedAt.In(dajia.ChinaTime)}
}

// apiInspections lists the inspections an account may see, the latest
// first: ?plan=, ?unit=, ?campaign=, ?from= and ?to= (YYYY-MM-DD,
// inclusive), ?village=, ?action=, ?findings=true, ?ccc=true, ?limit= (at
// most 500, 200 by default) and ?offset=. total, findings and ccc_flags
// count every page; next is the offset of the next page, null on the last.
func (s *Server) apiInspections(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	iq := app.InspectionQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), From: q.Get("from"), To: q.Get("to"), Village: q.Get("village"), Limit: 200}
	if err := apiInts(q.Get, apiInt{"limit", &iq.Limit}, apiInt{"offset", &iq.Offset}, apiInt{"campaign", &iq.CampaignNo}); err != nil {
		return err
	}
	if s := q.Get("action"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return dajia.Errorf(dajia.Invalid, "action", "%s 应为非负整数", "action")
		}
		iq.ActionID = n
	}
	for _, p := range []struct {
		name string
		v    *bool
	}{{"findings", &iq.Findings}, {"ccc", &iq.CCC}} {
		if s := q.Get(p.name); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return dajia.Errorf(dajia.Invalid, p.name, "%s 应为 true 或 false", p.name)
			}
			*p.v = b
		}
	}
	list, err := s.app.Inspections(r.Context(), actorOf(r), iq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, i := range list.Inspections {
		out = append(out, apiInspectionOf(i, list.Names, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"inspections": out, "total": list.Count.Total, "findings": list.Count.Findings,
		"ccc_flags": list.Count.CCC, "next": nextOf(list.Next)})
	return nil
}

// apiInspectionFile answers an inspection the account may see, with the
// names of its entities, whether the account may edit it and the
// checklist it is recorded against.
func (s *Server) apiInspectionFile(w http.ResponseWriter, r *http.Request, id int64, status int) error {
	f, err := s.app.OpenInspection(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for id, e := range f.Entities {
		names[id] = e.Name
	}
	out := apiInspectionOf(f.Inspection, names, s.lang(r))
	out["editable"], out["checklist"] = f.Editable, f.Items
	writeJSON(w, status, out)
	return nil
}

// apiInspectionGet answers GET /api/v1/inspections/{id}.
func (s *Server) apiInspectionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.apiInspectionFile(w, r, id, http.StatusOK)
}

// apiInspectionCreate records an inspection: POST /api/v1/inspections with
// {plan (empty: the current), inspected_on, unit (the office's choice; a
// unit records its own), inspectors, campaign_no, village, place,
// action_id, notes, entities: [{entity_id, category, product, certificate,
// checks: [{item, result}], finding}]}.
func (s *Server) apiInspectionCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.InspectionInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	i, err := s.app.CreateInspection(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return s.apiInspectionFile(w, r, i.ID, http.StatusCreated)
}

// apiInspectionPut replaces an inspection with every field as on creation
// (those left out are cleared): PUT /api/v1/inspections/{id}. A checked
// entity whose finding became a clue stays, with its clue.
func (s *Server) apiInspectionPut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.InspectionInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := s.app.UpdateInspection(r.Context(), actorOf(r), id, in); err != nil {
		return err
	}
	return s.apiInspectionFile(w, r, id, http.StatusOK)
}

// apiInspectionClue turns the finding at one checked entity into a clue of
// the campaign's lead: POST /api/v1/inspections/{id}/clue with {entity_id,
// lead_unit (the office's choice, needed when the lead is an upper-level
// body)}. A row already a clue answers 409.
func (s *Server) apiInspectionClue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		EntityID int64  `json:"entity_id"`
		LeadUnit string `json:"lead_unit"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.app.InspectionClue(r.Context(), actorOf(r), id, in.EntityID, in.LeadUnit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiClueOf(c, s.lang(r)))
	return nil
}
