package web

// The JSON API of clues (线索): the list, one clue with its history, taking
// one in (typed in, or from a tip) and the steps that decide it.

import (
	"net/http"
	"strconv"

	"dajia"
	"dajia/app"
	"dajia/locale"
)

// apiClueOf is a clue as the API lists it.
func apiClueOf(c dajia.Clue, lang string) map[string]any {
	item := map[string]any{"id": c.ID, "plan": c.PlanID, "source": c.Source, "source_name": localized(lang, string(c.Source.Name())),
		"source_ref": c.SourceRef, "received_on": c.ReceivedOn, "lead_unit": c.LeadUnit, "campaign_no": c.CampaignNo, "summary": c.Summary,
		"status": c.Status, "status_name": localized(lang, string(c.StatusName())), "extended": c.Extended}
	if c.Outcome != "" {
		item["outcome"], item["reason"], item["decided_on"] = c.Outcome, c.Reason, c.DecidedOn
	}
	if c.TransferTo != "" {
		item["transfer_to"] = c.TransferTo
	}
	if c.CaseID != 0 {
		item["case"] = c.CaseID
	}
	if c.EntityID != 0 {
		item["entity_id"] = c.EntityID
	}
	if c.ActionID != 0 {
		item["action_id"] = c.ActionID
	}
	if !c.ReferralDue.IsZero() {
		item["referral_due"] = c.ReferralDue
	}
	if id, ok := c.TipID(); ok {
		item["tip"] = id
	}
	if !c.Due.IsZero() {
		item["due"], item["due_what"], item["due_code"] = c.Due, localized(lang, string(c.DueWhat.Text())), c.DueWhat
	}
	return item
}

// apiClues lists the clues an account may see, the most urgent first:
// ?plan=, ?unit= (a lead unit), ?status= (pending or decided), ?q= (words
// its text holds, as the search over every plan finds them), ?limit= (at
// most 500, 200 by default) and ?offset=. total and overdue count every
// page; next is the offset of the next page, null on the last.
func (s *Server) apiClues(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	cq := app.ClueQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), Status: dajia.ClueStatus(q.Get("status")), Query: q.Get("q"), Limit: 200}
	// The review's set: in, late or judged, checked by the app.
	cq.Timely = q.Get("timely")
	if s := q.Get("action"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return dajia.Errorf(dajia.Invalid, "action", "%s 应为非负整数", "action")
		}
		cq.Action = n
	}
	if s := q.Get("campaign"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return dajia.Errorf(dajia.Invalid, "campaign", "%s 应为非负整数", "campaign")
		}
		cq.Campaign = n
	}
	if err := apiInts(q.Get, apiInt{"limit", &cq.Limit}, apiInt{"offset", &cq.Offset}); err != nil {
		return err
	}
	list, err := s.app.Clues(r.Context(), actorOf(r), cq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, c := range list.Clues {
		out = append(out, apiClueOf(c, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"clues": out, "total": list.Total, "overdue": list.Overdue, "next": nextOf(list.Next)})
	return nil
}

// apiClueGet answers GET /api/v1/clues/{id}: a clue the account may see,
// with its history (notes worded in the request's language).
func (s *Server) apiClueGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.app.OpenClue(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := apiClueOf(f.Clue, lang)
	hist := []map[string]any{}
	for _, e := range f.Events {
		note := ""
		if e.Action != "receive" {
			note = locale.Phrase(lang, f.Clue.NoteText(f.Plan, e.Action, e.Note))
		}
		hist = append(hist, map[string]any{"at": e.At.In(dajia.ChinaTime), "actor": e.Actor, "step": e.Action, "note": note})
	}
	out["history"] = hist
	writeJSON(w, http.StatusOK, out)
	return nil
}

// apiClueCreate takes a clue in: {"tip": id, "lead_unit"} turns a tip the
// account handles into its clue; otherwise the fields of a clue typed in
// (source, source_ref, received_on, referral_due, lead_unit, campaign_no,
// entity_id, summary) under ?plan= or the current plan.
func (s *Server) apiClueCreate(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		app.ClueInput
		Tip int64 `json:"tip"`
	}
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	var c dajia.Clue
	var err error
	if in.Tip > 0 {
		c, err = s.app.ClueFromTip(r.Context(), actorOf(r), in.Tip, in.LeadUnit)
	} else {
		if in.PlanID == "" {
			v, err := s.planParam(r)
			if err != nil {
				return err
			}
			in.PlanID = v.PlanID
		}
		c, err = s.app.CreateClue(r.Context(), actorOf(r), in.ClueInput)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiClueOf(c, s.lang(r)))
	return nil
}

// apiClueStep takes a step on a clue: POST /api/v1/clues/{id}/{step} (open,
// decline, transfer, extend) with {"note", "to", "case"}. A step the
// clue's state does not allow answers 409.
func (s *Server) apiClueStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.ClueStepInput
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			return err
		}
	}
	c, err := s.app.ClueStep(r.Context(), actorOf(r), id, r.PathValue("step"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiClueOf(c, s.lang(r)))
	return nil
}
