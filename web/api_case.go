package web

// The JSON API of cases (案件): the list, one case with its clocks,
// thresholds, major rules and timeline, opening a case from a clue,
// recording its facts and the steps of its lifecycle and transfer.

import (
	"net/http"
	"strconv"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// apiDate is a date for the API: null when it is not set.
func apiDate(d dajia.Date) any {
	if d.IsZero() {
		return nil
	}
	return d
}

// apiCaseOf is a case as the API lists it: amounts in yuan as decimal
// text, codes with their names in the request's language.
func apiCaseOf(r store.CaseRecord, lang string) map[string]any {
	c := r.Case
	violations := []map[string]any{}
	for _, v := range c.Violations {
		violations = append(violations, map[string]any{"code": v, "name": localized(lang, string(v.Name()))})
	}
	goods := []map[string]any{}
	for _, g := range c.Goods {
		goods = append(goods, map[string]any{"name": g.Name, "brand": g.Brand, "quantity": g.Quantity.String(), "unit": g.Unit,
			"unit_price": g.UnitPrice.String(), "value": g.Value().String()})
	}
	coop := c.Cooperating
	if coop == nil {
		coop = []string{}
	}
	t := c.Transfer
	transfer := map[string]any{"status": t.Status, "status_name": localized(lang, string(t.Status.Name())), "proposed_on": apiDate(t.ProposedOn),
		"decided_on": apiDate(t.DecidedOn), "answered_on": apiDate(t.AnsweredOn), "reason": t.Reason}
	if !t.ApprovedAt.IsZero() {
		transfer["approved_at"] = t.ApprovedAt.In(dajia.ChinaTime)
	}
	if !t.SentAt.IsZero() {
		transfer["sent_at"] = t.SentAt.In(dajia.ChinaTime)
	}
	item := map[string]any{"id": c.ID, "number": c.Number, "plan": r.PlanID, "campaign_no": c.CampaignNo, "lead_unit": c.LeadUnit,
		"cooperating": coop, "violations": violations, "goods": goods, "goods_value": c.GoodsValue().String(),
		"sales": c.Sales.String(), "unsold": c.Unsold.String(), "gains": c.Gains.String(), "fine": c.Fine.String(),
		"confiscation": c.Confiscation.String(), "marks": c.Marks, "cross_region": c.CrossRegion, "injured": c.Injured, "dead": c.Dead,
		"media": c.Media, "supervised_by": c.SupervisedBy, "status": c.Status, "status_name": localized(lang, string(c.Status.Name())),
		"opened_on": apiDate(c.OpenedOn), "decided_on": apiDate(c.DecidedOn), "no_penalty_on": apiDate(c.NoPenaltyOn),
		"closed_on": apiDate(c.ClosedOn), "published_on": apiDate(c.PublishedOn), "extended": c.Extended, "extra_days": c.ExtraDays,
		"excluded_days": c.ExcludedDays, "reason": c.Reason, "no_transfer_reason": c.NoTransferReason, "transfer": transfer,
		"major": r.IsMajor, "due": nil}
	if c.EntityID != 0 {
		item["entity_id"] = c.EntityID
	}
	if c.ClueID != 0 {
		item["clue"] = c.ClueID
	}
	if c.ActionID != 0 {
		item["action_id"] = c.ActionID
	}
	if !r.Due.IsZero() {
		item["due"], item["due_what"], item["due_code"] = r.Due, localized(lang, string(r.DueWhat.Text())), r.DueWhat
	}
	return item
}

// apiCases lists the cases an account may see, the most urgent first:
// ?plan=, ?unit= (led or cooperated on), ?status=, ?campaign=,
// ?overdue=true, ?transfer= (none or a transfer status), ?major=true,
// ?limit= (at most 500, 200 by default) and ?offset=. total and overdue
// count every page; next is the offset of the next page, null on the last.
func (s *Server) apiCases(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	cq := app.CaseQuery{PlanID: q.Get("plan"), Unit: q.Get("unit"), Status: dajia.CaseStatus(q.Get("status")), Transfer: q.Get("transfer"), Month: q.Get("month"), Query: q.Get("q"), Limit: 200}
	// The review's sets (lead=1, concluded=1, transfer=in|judged), checked
	// by the app.
	cq.Lead, cq.Concluded = q.Get("lead"), q.Get("concluded")
	action := 0
	if err := apiInts(q.Get, apiInt{"limit", &cq.Limit}, apiInt{"offset", &cq.Offset}, apiInt{"campaign", &cq.CampaignNo}, apiInt{"action", &action}); err != nil {
		return err
	}
	for _, p := range []struct {
		name string
		v    *bool
	}{{"overdue", &cq.Overdue}, {"major", &cq.MajorOnly}} {
		if s := q.Get(p.name); s != "" {
			b, err := strconv.ParseBool(s)
			if err != nil {
				return dajia.Errorf(dajia.Invalid, p.name, "%s 应为 true 或 false", p.name)
			}
			*p.v = b
		}
	}
	cq.Action = int64(action)
	list, err := s.app.Cases(r.Context(), actorOf(r), cq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := []map[string]any{}
	for _, c := range list.Cases {
		out = append(out, apiCaseOf(c, lang))
	}
	writeJSON(w, http.StatusOK, map[string]any{"cases": out, "total": list.Total, "overdue": list.Overdue, "next": nextOf(list.Next)})
	return nil
}

// apiCaseGet answers GET /api/v1/cases/{id}: a case the account may see,
// with its running clocks, the thresholds it crosses, whether to consider
// the transfer, whether it is major and why, the steps the account may
// take and its timeline.
func (s *Server) apiCaseGet(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.app.CaseFile(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	out := apiCaseOf(f.Case, lang)
	clocks := []map[string]any{}
	for _, k := range f.Clocks {
		m := map[string]any{"what": k.What, "what_name": localized(lang, string(k.What.Text())), "due": k.Due, "overdue": k.Overdue}
		if !k.DueAt.IsZero() {
			m["due_at"] = k.DueAt.In(dajia.ChinaTime)
		}
		clocks = append(clocks, m)
	}
	crossed := []map[string]any{}
	for _, c := range f.Crossed {
		crossed = append(crossed, map[string]any{"id": c.ID, "offence": c.Offence, "source": c.Source, "min": c.Min.String(),
			"measure": c.Measure(f.Case.Case).String()})
	}
	why := []map[string]any{}
	for _, m := range f.MajorWhy {
		why = append(why, map[string]any{"id": m.ID, "kind": m.Kind, "kind_name": localized(lang, string(m.Kind.Name())), "source": m.Source})
	}
	steps := []string{}
	for _, act := range caseActions {
		if f.Steps[act] {
			steps = append(steps, string(act))
		}
	}
	hist := []map[string]any{}
	for _, e := range f.Events {
		hist = append(hist, map[string]any{"at": e.At.In(dajia.ChinaTime), "actor": e.Actor, "step": e.Action,
			"step_name": localized(lang, string(app.CaseStepName(e.Action))),
			"note":      locale.Phrase(lang, f.Case.NoteText(e.Action, e.Note))})
	}
	out["clocks"], out["crossed"], out["consider_transfer"] = clocks, crossed, f.ConsiderTransfer
	out["major"], out["major_why"], out["steps"], out["edit_facts"], out["events"] = f.Major, why, steps, f.EditFacts, hist
	writeJSON(w, http.StatusOK, out)
	return nil
}

// caseActions are the steps of a case in the order the API lists them.
var caseActions = []dajia.CaseAction{dajia.CaseInvestigate, dajia.CaseReview, dajia.CaseNotify, dajia.CaseHear, dajia.CaseDecide,
	dajia.CaseExecute, dajia.CaseClose, dajia.CaseNoPenaltyAction, dajia.CaseWithdraw, dajia.CaseExtend, dajia.CaseExtendMore,
	dajia.CasePublish, dajia.TransferPropose, dajia.TransferApprove, dajia.TransferRefuse, dajia.TransferSend, dajia.PoliceFiled,
	dajia.PoliceRefused}

// apiCaseCreate opens a case from a clue: {clue, number (empty: the next
// of the lead unit's series), campaign_no, cooperating, entity_id,
// violations, opened_on}.
func (s *Server) apiCaseCreate(w http.ResponseWriter, r *http.Request) error {
	var in app.CaseInput
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.app.OpenCase(r.Context(), actorOf(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, apiCaseOf(c, s.lang(r)))
	return nil
}

// apiCaseFacts records the facts of a case: POST /api/v1/cases/{id}/facts
// with every fact (those left out are cleared).
func (s *Server) apiCaseFacts(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.CaseFacts
	if err := readJSON(w, r, &in); err != nil {
		return err
	}
	c, err := s.app.UpdateCaseFacts(r.Context(), actorOf(r), id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiCaseOf(c, s.lang(r)))
	return nil
}

// apiCaseStep takes a step on a case: POST /api/v1/cases/{id}/{step} with
// {"note", "days"}. A step the case's state does not allow answers 409.
func (s *Server) apiCaseStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in app.CaseStepInput
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			return err
		}
	}
	c, err := s.app.CaseStep(r.Context(), actorOf(r), id, r.PathValue("step"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiCaseOf(c, s.lang(r)))
	return nil
}
