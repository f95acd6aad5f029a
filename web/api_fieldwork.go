package web

// The JSON API of joint actions and publicity: the list with filters, one
// record, create and update, under the pages' permission rules.

import (
	"net/http"
	"strconv"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// apiActionOf is a joint action as the API shows it on day today.
func apiActionOf(j store.ActionRecord, today dajia.Date, lang string) map[string]any {
	forces := []map[string]any{}
	for _, f := range j.Forces {
		forces = append(forces, map[string]any{"unit": f.Unit, "staff": f.Staff, "vehicles": f.Vehicles})
	}
	st := j.Status(today)
	item := map[string]any{"id": j.ID, "plan": j.PlanID, "name": j.Name, "arrangement": j.Arrangement, "start": j.Start, "end": j.End,
		"units": nonNil(j.Units), "places": nonNil(j.Places), "categories": nonNil(j.Categories), "forces": forces,
		"staff": j.Staff(), "vehicles": j.Vehicles(), "status": st, "status_name": localized(lang, string(st.Name())),
		"done": j.Done, "summary": j.Summary, "notes": j.Notes}
	if j.Done {
		item["done_on"] = j.DoneOn
	}
	return item
}

func apiWarnings(ws []dajia.FieldError, lang string) []map[string]string {
	out := []map[string]string{}
	for _, w := range ws {
		out = append(out, map[string]string{"field": w.Field, "rule": w.Rule, "message": localized(lang, w.Key, w.Args...)})
	}
	return out
}

// apiActions lists the actions an account may read: ?plan=, ?unit=,
// ?status= (planned, under_way, done), ?done_from= and ?done_to=, ?limit=
// (at most 500) and ?offset=.
func (s *Server) apiActions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	aq := app.ActionQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), Status: dajia.ActionStatus(q.Get("status")),
		DoneFrom: q.Get("done_from"), DoneTo: q.Get("done_to"), Forced: q.Get("forced"), Limit: 200}
	if err := apiInts(q.Get, apiInt{"limit", &aq.Limit}, apiInt{"offset", &aq.Offset}); err != nil {
		return err
	}
	l, err := s.app.JointActions(r.Context(), actorOf(r), aq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, j := range l.Actions {
		out = append(out, apiActionOf(j, l.Today, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"actions": out, "total": l.Total, "next": nextOf(l.Next)})
	return nil
}

// apiInt is a query parameter read as a whole number not below 0 into v.
type apiInt struct {
	name string
	v    *int
}

// apiInts reads each parameter given into its place, in order; the first
// that is not a whole number not below 0 is refused at its name.
func apiInts(get func(string) string, ps ...apiInt) error {
	for _, p := range ps {
		if s := get(p.name); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return dajia.Errorf(dajia.Invalid, p.name, "%s 应为非负整数", p.name)
			}
			*p.v = n
		}
	}
	return nil
}

// apiActionGet answers one action with its results (the reader's units'
// records tagged with it and dated inside it) and its warnings.
func (s *Server) apiActionGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.app.OpenJointAction(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := apiActionOf(f.Action, dajia.Today(s.clock), lang)
	results := map[string]any{}
	for _, x := range f.Results {
		m := map[string]any{"count": x.Count}
		switch x.Kind {
		case "cases":
			m["value"], m["fines"] = x.Value.String(), x.Fines.String()
		case "inspections":
			m["with_findings"] = x.Findings
		case "samplings":
			m["passed"], m["failed"], m["pending"] = x.Rate.Passed, x.Rate.Failed, x.Rate.Pending
			if t, ok := x.Rate.Percent(); ok {
				m["pass_rate"] = float64(t) / 10
			} else {
				m["pass_rate"] = nil
			}
		}
		results[x.Kind] = m
	}
	results["publicity"] = map[string]any{"count": f.Publicity.Count, "people": f.Publicity.Reach.People, "copies": f.Publicity.Reach.Copies,
		"views": f.Publicity.Reach.Views}
	out["results"], out["warnings"] = results, apiWarnings(f.Warnings, lang)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiActionCreate plans an action (the office): ActionInput's fields under
// "plan" or the current plan. The answer carries its warnings.
func (s *Server) apiActionCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.ActionInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if in.PlanID == "" {
		v, err := s.planParam(r)
		if err != nil {
			return err
		}
		in.PlanID = v.PlanID
	}
	j, warn, err := s.app.CreateJointAction(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := apiActionOf(j, dajia.Today(s.clock), lang)
	out["warnings"] = apiWarnings(warn, lang)
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// apiActionPut changes an action (the office): every field as sent.
func (s *Server) apiActionPut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.ActionInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	j, warn, err := s.app.UpdateJointAction(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := apiActionOf(j, dajia.Today(s.clock), lang)
	out["warnings"] = apiWarnings(warn, lang)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiActionForce records a unit's staff and vehicles: {"unit", "staff",
// "vehicles"}; a unit's account records its own.
func (s *Server) apiActionForce(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in struct {
		Unit     string `json:"unit"`
		Staff    int    `json:"staff"`
		Vehicles int    `json:"vehicles"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	a := actorOf(r)
	if in.Unit == "" {
		in.Unit = a.Unit
	}
	j, err := s.app.SetActionForce(r.Context(), a, id, in.Unit, in.Staff, in.Vehicles)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiActionOf(j, dajia.Today(s.clock), s.lang(r)))
	return nil
}

// apiPublicityOf is a publicity activity as the API shows it.
func apiPublicityOf(u store.PublicityRecord, lang string) map[string]any {
	item := map[string]any{"id": u.ID, "plan": u.PlanID, "unit": u.Unit, "on": u.On, "channel": u.Channel,
		"channel_name": localized(lang, string(u.Channel.Name())), "campaign_no": u.CampaignNo, "title": u.Title, "content": u.Content,
		"people": u.Reach.People, "copies": u.Reach.Copies, "views": u.Reach.Views, "photos": u.Photos}
	if u.ActionID != 0 {
		item["action_id"] = u.ActionID
	}
	return item
}

// apiPublicityList lists the activities an account may read: ?plan=,
// ?unit=, ?channel=, ?campaign=, ?action=, ?from=, ?to=, ?limit= and
// ?offset=; total and reach add up every page.
func (s *Server) apiPublicityList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pq := app.PublicityQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), Channel: dajia.PublicityChannel(q.Get("channel")),
		From: q.Get("from"), To: q.Get("to"), Limit: 200}
	action := 0
	if err := apiInts(q.Get, apiInt{"limit", &pq.Limit}, apiInt{"offset", &pq.Offset}, apiInt{"campaign", &pq.CampaignNo}, apiInt{"action", &action}); err != nil {
		return err
	}
	pq.Action = int64(action)
	l, err := s.app.Publicities(r.Context(), actorOf(r), pq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, u := range l.Items {
		out = append(out, apiPublicityOf(u, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"publicity": out, "total": l.Totals.Count,
		"reach": map[string]any{"people": l.Totals.Reach.People, "copies": l.Totals.Reach.Copies, "views": l.Totals.Reach.Views}, "next": nextOf(l.Next)})
	return nil
}

func (s *Server) apiPublicityGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := s.app.Publicity(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiPublicityOf(u, s.lang(r)))
	return nil
}

// apiPublicityCreate records an activity (without photos: the page takes
// them): PublicityInput's fields under "plan" or the current plan.
func (s *Server) apiPublicityCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.PublicityInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if in.PlanID == "" {
		v, err := s.planParam(r)
		if err != nil {
			return err
		}
		in.PlanID = v.PlanID
	}
	u, err := s.app.CreatePublicity(r.Context(), actorOf(r), in, nil)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiPublicityOf(u, s.lang(r)))
	return nil
}

func (s *Server) apiPublicityPut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.PublicityInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	u, err := s.app.UpdatePublicity(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiPublicityOf(u, s.lang(r)))
	return nil
}
