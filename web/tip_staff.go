package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// tipVisible reports whether the actor may see a tip: the office and
// leaders see all; a unit sees the tips it handles or is told of.
func tipVisible(a dajia.Actor, t store.Tip) bool {
	if a.Role == dajia.RoleOffice || a.Role == dajia.RoleLeader {
		return true
	}
	for _, u := range append(slices.Clone(t.Handlers), t.Notified...) {
		if a.SeesUnit(u) {
			return true
		}
	}
	return false
}

// tipUnits is the units whose tips the actor may see, for a store query:
// nil (every unit) for the office and leaders, the actor's own unit for a
// unit's account, none for anyone else. It agrees with tipVisible.
func tipUnits(a dajia.Actor) []string {
	unit, all := a.UnitScope()
	switch {
	case all:
		return nil
	case unit != "":
		return []string{unit}
	}
	return []string{}
}

// tipHandler reports whether the actor may take handling steps: the office,
// or the officer or head of a handling unit.
func tipHandler(a dajia.Actor, t store.Tip) bool {
	if a.Role == dajia.RoleOffice {
		return true
	}
	return (a.Role == dajia.RoleOfficer || a.Role == dajia.RoleHead || a.Role == dajia.RoleSupervisor) && slices.Contains(t.Handlers, a.Unit)
}

func (s *Server) tipFor(r *http.Request) (store.Tip, *dajia.Plan, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return store.Tip{}, nil, err
	}
	t, err := s.db.Tip(r.Context(), id)
	if err != nil {
		return t, nil, err
	}
	if !tipVisible(actorOf(r), t) {
		return store.Tip{}, nil, dajia.Errorf(dajia.NotFound, "tip", "没有这条举报投诉")
	}
	v, err := s.db.PlanVersion(r.Context(), t.PlanID, 0)
	if err != nil {
		return t, nil, err
	}
	return t, v.Plan, nil
}

type tipsPage struct {
	Page
	Plan    *dajia.Plan
	Tips    []store.Tip
	Query   string
	View    string
	Overdue int
	// QueryError says why the search was refused (too many words).
	QueryError string
}

func (s *Server) tipsList(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	f := store.TipFilter{Query: strings.TrimSpace(r.URL.Query().Get("q"))}
	view := r.URL.Query().Get("view")
	switch {
	case a.Role == dajia.RoleOffice && view == "queue":
		f.Units = []string{dajia.OfficeKey}
	case a.Role == dajia.RoleOffice || a.Role == dajia.RoleLeader:
	default:
		f.Units = []string{a.Unit}
	}
	if view != "all" {
		f.Statuses = []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}
	}
	pg := s.page(r, "举报投诉")
	pg.Title = pg.T("举报投诉")
	if _, err := dajia.TipSearchWords(f.Query); err != nil {
		d := tipsPage{Page: pg, Plan: v.Plan, Query: f.Query, View: view, QueryError: locale.Error(pg.Lang, dajia.ErrorOf(err))}
		return s.render(w, r, http.StatusBadRequest, "tips", d)
	}
	tips, err := s.db.Tips(r.Context(), f)
	if err != nil {
		return err
	}
	d := tipsPage{Page: pg, Plan: v.Plan, Tips: tips, Query: f.Query, View: view}
	for _, t := range tips {
		if !t.Due.IsZero() && pg.Today.After(t.Due) {
			d.Overdue++
		}
	}
	return s.render(w, r, http.StatusOK, "tips", d)
}

type tipPage struct {
	Page
	Tip        store.Tip
	Plan       *dajia.Plan
	Campaign   *dajia.Campaign
	Photos     []store.Photo
	Events     []store.TipEvent
	Duplicates []store.Tip
	Acts       map[string]bool
	Handler    bool
	Office     bool
	Revealed   *tipContact
	Units      []dajia.UnitRef
	WorkLeft   int
	Message    string
	Error      string
	Grades     []dajia.RewardGrade
}

func (s *Server) tipData(r *http.Request, t store.Tip, p *dajia.Plan) (tipPage, error) {
	a := actorOf(r)
	pg := s.page(r, "举报投诉")
	grades, err := s.db.RewardGrades(r.Context())
	if err != nil {
		return tipPage{}, err
	}
	d := tipPage{Page: pg, Tip: t, Plan: p, Handler: tipHandler(a, t), Office: a.Role == dajia.RoleOffice, Acts: map[string]bool{},
		Units: p.AllUnits(), Grades: grades}
	d.Title = fmt.Sprintf("%s %s", t.Kind, t.Code)
	if c, ok := p.CampaignByNo(t.CampaignNo); ok {
		d.Campaign = c
	}
	for _, act := range []dajia.TipAction{dajia.TipAccept, dajia.TipRefuse, dajia.TipDecide, dajia.TipClose} {
		_, err := t.Status.Next(t.Kind, act)
		d.Acts[string(act)] = err == nil && d.Handler
	}
	if !t.Due.IsZero() {
		if n, err := s.cal.WorkdaysBetween(pg.Today, t.Due); err == nil {
			d.WorkLeft = n
		}
	}
	if d.Photos, err = s.db.TipPhotos(r.Context(), t.ID); err != nil {
		return d, err
	}
	if d.Events, err = s.db.TipEvents(r.Context(), t.ID, false); err != nil {
		return d, err
	}
	if d.Duplicates, err = s.db.Duplicates(r.Context(), t, tipUnits(a)); err != nil {
		return d, err
	}
	return d, nil
}

func (s *Server) tipView(w http.ResponseWriter, r *http.Request) error {
	t, p, err := s.tipFor(r)
	if err != nil {
		return err
	}
	d, err := s.tipData(r, t, p)
	if err != nil {
		return err
	}
	if done := r.URL.Query().Get("done"); done != "" {
		d.Message = d.T("已办理") + "：" + d.N(tipStepName(done))
	}
	return s.render(w, r, http.StatusOK, "tipview", d)
}

// tipStepInput is a handling step as a form or the API gives it.
type tipStepInput struct {
	Note  string   `json:"note"`
	Reply string   `json:"reply"`
	Units []string `json:"units"`
	Of    int64    `json:"of"`
	Grade int      `json:"grade"`
	Fines string   `json:"fines"`
}

// tipStep takes one handling step posted from the tip page.
func (s *Server) tipStep(w http.ResponseWriter, r *http.Request) error {
	t, p, err := s.tipFor(r)
	if err != nil {
		return err
	}
	of, _ := strconv.ParseInt(r.PostFormValue("of"), 10, 64)
	grade, _ := strconv.Atoi(r.PostFormValue("grade"))
	in := tipStepInput{Note: r.PostFormValue("note"), Reply: r.PostFormValue("reply"), Units: r.PostForm["units"], Of: of, Grade: grade, Fines: r.PostFormValue("fines")}
	step := r.PathValue("step")
	_, err = s.changeTip(r, t, p, step, in)
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		return s.tipAgain(w, r, t, p, err)
	}
	if err != nil {
		return err
	}
	if step == "return" {
		http.Redirect(w, r, "/tips", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/tips/%d?done=%s", t.ID, step), http.StatusSeeOther)
	return nil
}

// apiTipStep is the same steps for other systems: POST
// /api/v1/tips/{id}/{step} with {"note", "reply", "units", "of", "grade", "fines"}.
func (s *Server) apiTipStep(w http.ResponseWriter, r *http.Request) error {
	t, p, err := s.tipFor(r)
	if err != nil {
		return err
	}
	var in tipStepInput
	if r.ContentLength != 0 {
		if err := readJSON(w, r, &in); err != nil {
			return err
		}
	}
	after, err := s.changeTip(r, t, p, r.PathValue("step"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"id": after.ID, "code": after.Code, "status": after.Status, "handlers": after.Handlers,
		"due": after.Due, "due_what": after.DueWhat, "public_reply": after.PublicReply})
	return nil
}

// changeTip checks and applies a handling step: accept, refuse, decide,
// close, reply, return (to the office), assign (office), pause, resume,
// extend, duplicate, reward (office).
func (s *Server) changeTip(r *http.Request, t store.Tip, p *dajia.Plan, step string, in tipStepInput) (store.Tip, error) {
	a := actorOf(r)
	note, reply := strings.TrimSpace(in.Note), strings.TrimSpace(in.Reply)
	if len([]rune(note)) > 2000 || len([]rune(reply)) > 2000 {
		return t, dajia.Errorf(dajia.Invalid, "note", "说明最多 2000 字")
	}
	today := dajia.Today(s.clock)
	needReason := func() error {
		if note == "" {
			return dajia.Errorf(dajia.Invalid, "note", "这一步须写明原因")
		}
		return nil
	}
	var ch store.TipChange
	check := func(cur store.Tip) error {
		if !tipHandler(a, cur) {
			return dajia.Errorf(dajia.Forbidden, "", "只有承办单位或打假办可以办理")
		}
		return nil
	}
	switch step {
	case "accept", "refuse", "decide", "close":
		act := dajia.TipAction(step)
		if step == "refuse" || step == "decide" {
			if err := needReason(); err != nil {
				return t, err
			}
		}
		ch = store.TipChange{Action: step, Note: note, Apply: func(x *store.Tip) error {
			next, err := x.Status.Next(x.Kind, act)
			if err != nil {
				return err
			}
			x.Status = next
			switch act {
			case dajia.TipAccept:
				x.AcceptedOn = today
			case dajia.TipRefuse, dajia.TipDecide:
				x.DecidedOn, x.Decision = today, note
			case dajia.TipClose:
				x.ClosedOn = today
			}
			if reply != "" {
				x.PublicReply = reply
			}
			return nil
		}}
		if reply != "" {
			ch.Note, ch.Public = reply, true
		}
	case "reply":
		if reply == "" {
			return t, dajia.Errorf(dajia.Invalid, "reply", "请填写答复内容")
		}
		ch = store.TipChange{Action: "reply", Note: reply, Public: true, Apply: func(x *store.Tip) error { x.PublicReply = reply; return nil }}
	case "return":
		if err := needReason(); err != nil {
			return t, err
		}
		if a.Role == dajia.RoleOffice {
			return t, dajia.Errorf(dajia.Invalid, "", "打假办可直接改派")
		}
		// A unit may only send a tip back to the office, never sideways.
		ch = store.TipChange{Action: "return", Note: note, Handlers: []string{dajia.OfficeKey}}
	case "assign":
		if a.Role != dajia.RoleOffice {
			return t, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以分派")
		}
		var units []string
		for _, u := range in.Units {
			ref, ok := p.Lookup(u)
			if !ok {
				return t, dajia.Errorf(dajia.Invalid, "units", "方案中没有单位 %q", u)
			}
			if !slices.Contains(units, ref.Unit.Key) {
				units = append(units, ref.Unit.Key)
			}
		}
		if len(units) == 0 {
			return t, dajia.Errorf(dajia.Invalid, "units", "请选择承办单位")
		}
		names := make([]string, len(units))
		for i, u := range units {
			names[i] = p.DisplayName(u)
		}
		ch = store.TipChange{Action: "assign", Note: strings.Join(names, "、"), Public: true, Handlers: units}
	case "pause", "resume", "extend":
		if err := needReason(); err != nil {
			return t, err
		}
		ch = store.TipChange{Action: step, Note: note, Apply: func(x *store.Tip) error {
			switch step {
			case "pause":
				if !x.PausedSince.IsZero() || (x.Status != dajia.TipReceived && x.Status != dajia.TipAccepted) {
					return dajia.Errorf(dajia.Conflict, "status", "当前不能暂停计时")
				}
				x.PausedSince = today
			case "resume":
				if x.PausedSince.IsZero() {
					return dajia.Errorf(dajia.Conflict, "status", "计时没有暂停")
				}
				n, err := s.cal.WorkdaysBetween(x.PausedSince, today)
				if err != nil {
					return err
				}
				x.PausedDays += n
				x.PausedSince = dajia.Date{}
			case "extend":
				if x.Kind != dajia.TipReport || x.Extended || (x.Status != dajia.TipReceived && x.Status != dajia.TipAccepted) {
					return dajia.Errorf(dajia.Conflict, "status", "举报核查期限只能延长一次")
				}
				if a.Role != dajia.RoleOffice && a.Role != dajia.RoleHead {
					return dajia.Errorf(dajia.Forbidden, "", "延长期限须经负责人批准")
				}
				x.Extended = true
			}
			return nil
		}}
	case "duplicate":
		if in.Of <= 0 || in.Of == t.ID {
			return t, dajia.Errorf(dajia.Invalid, "of", "请选择重复的举报投诉")
		}
		// The earlier tip must be one the actor may see: marking another
		// unit's tip would tell that it exists.
		if of, err := s.db.Tip(r.Context(), in.Of); err != nil {
			return t, err
		} else if !tipVisible(a, of) {
			return t, dajia.Errorf(dajia.NotFound, "of", "没有这条举报投诉")
		}
		of := in.Of
		ch = store.TipChange{Action: "duplicate", Note: fmt.Sprintf("与第 %d 号重复", of), Apply: func(x *store.Tip) error { x.DuplicateOf = of; return nil }}
	case "reward":
		if a.Role != dajia.RoleOffice {
			return t, dajia.Errorf(dajia.Forbidden, "", "举报奖励由打假办认定")
		}
		fines, err := dajia.ParseAmount(in.Fines)
		if err != nil || fines < 0 || t.Kind != dajia.TipReport {
			return t, dajia.Errorf(dajia.Invalid, "fines", "请选择奖励等级并填写罚没款金额（元）")
		}
		grade := in.Grade
		grades, err := s.db.RewardGrades(r.Context())
		if err != nil {
			return t, err
		}
		award, err := dajia.Reward(grades, grade, int64(fines.Float()))
		if err != nil {
			return t, err
		}
		ch = store.TipChange{Action: "reward", Note: fmt.Sprintf("%d 级，罚没款 %s 元，奖励 %d 元", grade, fines, award), Apply: func(x *store.Tip) error {
			x.RewardGrade, x.RewardFines, x.RewardAmount = grade, int64(fines.Float()), award
			return nil
		}}
	default:
		return t, dajia.Errorf(dajia.NotFound, "", "没有这个操作")
	}
	return s.db.ChangeTip(r.Context(), a, t.ID, check, ch, s.tipClock)
}

func (s *Server) tipAgain(w http.ResponseWriter, r *http.Request, t store.Tip, p *dajia.Plan, e error) error {
	d, err := s.tipData(r, t, p)
	if err != nil {
		return err
	}
	d.Error = locale.Error(d.Lang, dajia.ErrorOf(e))
	return s.render(w, r, http.StatusBadRequest, "tipview", d)
}

// tipReveal shows the tipster's contact to the office, with a reason, and
// audits it. It is shown on this page only: never stored elsewhere, never
// exported.
func (s *Server) tipReveal(w http.ResponseWriter, r *http.Request) error {
	t, p, err := s.tipFor(r)
	if err != nil {
		return err
	}
	a := actorOf(r)
	sealed, err := s.db.RevealContact(r.Context(), a, t.ID, r.PostFormValue("reason"), func(store.Tip) error {
		if a.Role != dajia.RoleOffice {
			return dajia.Errorf(dajia.Forbidden, "", "只有打假办可以查看举报人信息")
		}
		return nil
	})
	if dajia.ErrorCode(err) == dajia.Invalid {
		return s.tipAgain(w, r, t, p, err)
	}
	if err != nil {
		return err
	}
	d, err := s.tipData(r, t, p)
	if err != nil {
		return err
	}
	d.Revealed = &tipContact{}
	if sealed != "" {
		plain, err := s.sealer.Open(sealed, "tips.contact:"+t.Code)
		if err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(plain), d.Revealed); err != nil {
			return err
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "tipview", d)
}

func (s *Server) tipPhoto(w http.ResponseWriter, r *http.Request) error {
	t, _, err := s.tipFor(r)
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	ph, err := s.db.TipPhoto(r.Context(), t.ID, pid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(ph.Data)
	return nil
}

// apiTips lists the tips an account may see, with their clocks; contacts
// are masked.
func (s *Server) apiTips(w http.ResponseWriter, r *http.Request) error {
	a := actorOf(r)
	f := store.TipFilter{Query: r.URL.Query().Get("q")}
	if a.Role != dajia.RoleOffice && a.Role != dajia.RoleLeader {
		f.Units = []string{a.Unit}
	}
	tips, err := s.db.Tips(r.Context(), f)
	if err != nil {
		return err
	}
	out := []map[string]any{}
	for _, t := range tips {
		item := map[string]any{"id": t.ID, "code": t.Code, "kind": t.Kind, "category": t.Category, "stage": t.Stage, "online": t.Online,
			"campaign_no": t.CampaignNo, "business": map[string]string{"name": t.BusinessName, "credit_code": t.CreditCode, "address": t.Address, "village": t.Village},
			"description": t.Description, "received_on": t.ReceivedOn, "status": t.Status, "handlers": t.Handlers, "contact": t.ContactMasked}
		if !t.Due.IsZero() {
			item["due"], item["due_what"] = t.Due, t.DueWhat
		}
		out = append(out, item)
	}
	writeJSON(w, http.StatusOK, map[string]any{"tips": out})
	return nil
}

// UnitName names a unit key for the pages.
func (d tipsPage) UnitName(key string) string { return unitDisplay(d.Plan, key) }

// UnitName names a unit key for the pages.
func (d tipPage) UnitName(key string) string { return unitDisplay(d.Plan, key) }

func unitDisplay(p *dajia.Plan, key string) string {
	if key == dajia.OfficeKey && p.Office == nil {
		return "打假办"
	}
	return p.DisplayName(key)
}

type rewardsPage struct {
	Page
	Grades []dajia.RewardGrade
	Error  string
	Saved  bool
}

// rewardsForm shows the reward grades; the office may change them.
func (s *Server) rewardsForm(w http.ResponseWriter, r *http.Request) error {
	g, err := s.db.RewardGrades(r.Context())
	if err != nil {
		return err
	}
	pg := s.page(r, "举报奖励标准")
	pg.Title = pg.T("举报奖励标准")
	return s.render(w, r, http.StatusOK, "rewards", rewardsPage{Page: pg, Grades: g, Saved: r.URL.Query().Get("done") == "1"})
}

func (s *Server) rewardsSave(w http.ResponseWriter, r *http.Request) error {
	var g []dajia.RewardGrade
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	f := r.PostForm
	for i := range f["grade"] {
		get := func(k string) string {
			if i < len(f[k]) {
				return strings.TrimSpace(f[k][i])
			}
			return ""
		}
		grade, e1 := strconv.Atoi(get("grade"))
		pct, e2 := strconv.ParseFloat(get("percent"), 64)
		lo, e3 := strconv.ParseInt(get("min"), 10, 64)
		hi, e4 := strconv.ParseInt(get("max"), 10, 64)
		if e1 != nil || e2 != nil || e3 != nil || e4 != nil {
			return s.rewardsAgain(w, r, g, dajia.Errorf(dajia.Invalid, "grades", "第 %d 行：请填写数字", i+1))
		}
		g = append(g, dajia.RewardGrade{Grade: grade, Percent: pct, Min: lo, Max: hi})
	}
	if err := s.db.SetRewardGrades(r.Context(), actorOf(r), g); err != nil {
		if dajia.ErrorCode(err) != dajia.Invalid {
			return err
		}
		return s.rewardsAgain(w, r, g, err)
	}
	http.Redirect(w, r, "/tips/rewards?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) rewardsAgain(w http.ResponseWriter, r *http.Request, g []dajia.RewardGrade, e error) error {
	pg := s.page(r, "举报奖励标准")
	pg.Title = pg.T("举报奖励标准")
	return s.render(w, r, http.StatusBadRequest, "rewards", rewardsPage{Page: pg, Grades: g, Error: locale.Error(pg.Lang, dajia.ErrorOf(e))})
}
