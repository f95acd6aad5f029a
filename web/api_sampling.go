package web

// The JSON API of samplings (监督抽检): the list with the page's filters,
// one sampling with its objection window and clues, recording one,
// changing one (the whole record, PUT), and the pass rates.

import (
	"net/http"
	"strconv"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// apiSamplingOf is a sampling as the API answers it: codes with their
// names in the request's language, dates as YYYY-MM-DD or null.
func apiSamplingOf(r store.SamplingRecord, names map[int64]string, lang string) map[string]any {
	s := r.Sampling
	entity := func(id int64) any {
		if id == 0 {
			return nil
		}
		return map[string]any{"id": id, "name": names[id]}
	}
	var retest any
	if s.RetestResult != "" {
		retest = s.RetestResult
	}
	return map[string]any{"id": s.ID, "plan": s.PlanID, "unit": s.Unit, "campaign_no": s.CampaignNo, "category": s.Category,
		"product": s.Product, "brand": s.Brand, "model": s.Model, "batch": s.Batch, "producer": entity(s.ProducerID),
		"seller": entity(s.SellerID), "sampled_on": apiDate(s.SampledOn), "lab": s.Lab, "standard": s.Standard,
		"test_items": s.TestItems, "result": s.Result, "result_name": localized(lang, string(s.Result.Name())),
		"final_result": s.Final(), "failed_items": s.FailedItems, "certificate": s.Certificate, "ccc_missing": s.CCCMissing(),
		"action_id": s.ActionID, "notes": s.Notes, "notified_on": apiDate(s.NotifiedOn), "objected": s.Objected,
		"objected_on": apiDate(s.ObjectedOn), "retest_result": retest, "village": s.Village, "created_by": r.CreatedBy,
		"created_at": r.CreatedAt.In(dajia.ChinaTime), "updated_at": r.UpdatedAt.In(dajia.ChinaTime)}
}

// apiSamplingQuery reads the list's filters: ?plan=, ?unit=, ?campaign=
// (a number; 0 is none), ?category=, ?village=, ?result=, ?ccc=true,
// ?from=, ?to=, ?action= (a joint action: the samplings its results
// count), ?limit= (at most 500, 200 by default), ?offset=.
func apiSamplingQuery(r *http.Request) (app.SamplingQuery, error) {
	q := r.URL.Query()
	sq := app.SamplingQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), Campaign: q.Get("campaign"), Category: q.Get("category"),
		Village: q.Get("village"), Result: dajia.SamplingResult(q.Get("result")), From: q.Get("from"), To: q.Get("to"), Limit: 200}
	if err := apiInts(q.Get, apiInt{"limit", &sq.Limit}, apiInt{"offset", &sq.Offset}); err != nil {
		return sq, err
	}
	if s := q.Get("action"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return sq, dajia.Errorf(dajia.Invalid, "action", "%s 应为非负整数", "action")
		}
		sq.Action = n
	}
	if s := q.Get("ccc"); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			return sq, dajia.Errorf(dajia.Invalid, "ccc", "%s 应为 true 或 false", "ccc")
		}
		sq.CCC = b
	}
	return sq, nil
}

// apiSamplings lists the samplings an account may see, the latest first;
// total counts every page; next is the offset of the next page, null on
// the last.
func (s *Server) apiSamplings(w http.ResponseWriter, r *http.Request) error {
	sq, err := apiSamplingQuery(r)
	if err != nil {
		return err
	}
	list, err := s.app.Samplings(r.Context(), actorOf(r), sq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, it := range list.Items {
		out = append(out, apiSamplingOf(it, list.Names, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"samplings": out, "total": list.Total, "next": nextOf(list.Next)})
	return nil
}

// apiSamplingFile answers a sampling with its objection window, the
// clues it gave (those the account may see in full; the others by unit)
// and whether the account may change it.
func (s *Server) apiSamplingFile(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	a := actorOf(r)
	f, err := s.app.OpenSampling(r.Context(), a, id)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := apiSamplingOf(f.Record, f.Names, lang)
	win := map[string]any{"state": nil, "due": nil, "days_left": nil}
	if f.Window.State != dajia.WindowNone {
		win["state"], win["state_name"] = f.Window.State, localized(lang, string(f.Window.State.Name()))
		win["due"] = apiDate(f.Window.Due)
		if f.Window.State == dajia.WindowOpen {
			win["days_left"] = f.Window.Countdown.Left
		}
	}
	out["objection_window"] = win
	clues := []map[string]any{}
	for _, c := range f.Clues {
		m := map[string]any{"lead_unit": c.LeadUnit}
		if c.VisibleTo(a) {
			m["id"], m["status"], m["due"], m["entity_id"] = c.ID, c.Status, apiDate(c.Due), c.EntityID
		}
		clues = append(clues, m)
	}
	out["clues"], out["editable"] = clues, f.Editable
	writeJSON(w, status, out)
	return nil
}

func (s *Server) apiSamplingGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.apiSamplingFile(w, r, http.StatusOK, id)
}

// apiSamplingCreate records a sampling: the body is the sampling's fields
// (plan defaults to the current plan; unit to the account's own).
func (s *Server) apiSamplingCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.SamplingInput
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
	rec, err := s.app.CreateSampling(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	return s.apiSamplingFile(w, r, http.StatusCreated, rec.ID)
}

// apiSamplingPut changes a sampling: the body is the whole record as it
// should stand (the plan is the sampling's own).
func (s *Server) apiSamplingPut(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.SamplingInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	if _, err := s.app.UpdateSampling(r.Context(), actorOf(r), id, in); err != nil {
		return err
	}
	return s.apiSamplingFile(w, r, http.StatusOK, id)
}

// apiSamplingRates answers the pass rates of ?plan= (the current plan by
// default) over ?from= and ?to=, for ?unit= when the account sees every
// unit: in all and by campaign, category and village.
func (s *Server) apiSamplingRates(w http.ResponseWriter, r *http.Request) error {
	sq, err := apiSamplingQuery(r)
	if err != nil {
		return err
	}
	if sq.PlanID == "" {
		v, err := s.planParam(r)
		if err != nil {
			return err
		}
		sq.PlanID = v.PlanID
	}
	rates, err := s.app.PassRates(r.Context(), actorOf(r), app.SamplingQuery{PlanID: sq.PlanID, Unit: sq.Unit, From: sq.From, To: sq.To})
	if err != nil {
		return err
	}
	rate := func(p dajia.PassRate) map[string]any {
		m := map[string]any{"key": p.Key, "total": p.Total(), "passed": p.Passed, "failed": p.Failed, "pending": p.Pending, "rate": nil}
		if t, ok := p.Percent(); ok {
			m["rate"] = float64(t) / 1000
		}
		return m
	}
	list := func(ps []dajia.PassRate) []map[string]any {
		out := []map[string]any{}
		for _, p := range ps {
			out = append(out, rate(p))
		}
		return out
	}
	all := rate(rates.All)
	delete(all, "key")
	writeJSON(w, http.StatusOK, map[string]any{"plan": sq.PlanID, "all": all, "by_campaign": list(rates.ByCampaign),
		"by_category": list(rates.ByCategory), "by_village": list(rates.ByVillage)})
	return nil
}
