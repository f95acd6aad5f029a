package web

// The staff pages of the tip chapter: the list, a tip with its handling
// steps, the tipster's contact on request, and the reward grades.

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

type tipsPage struct {
	Page
	Plan    *dajia.Plan
	Tips    []dajia.Tip
	Query   string
	View    string
	Total   int // over every page
	Overdue int // over every page
	Offset  int
	Next    int // offset of the next page; 0 on the last
	// QueryError says why the search was refused (too many words).
	QueryError string
	WorkLeft   map[int64]int  // working days to each tip's deadline
	Views      map[string]int // tips on each tab
	// Filter is the list's narrowing by campaign, month or deadline (the
	// dashboard's links), in words; "" when none.
	Filter string
}

// tipsFilter words the campaign, month and overdue filters of a list.
func tipsFilter(pg Page, p *dajia.Plan, q app.TipQuery) string {
	var parts []string
	if q.Campaign == store.NoCampaign {
		parts = append(parts, pg.T("未归入专项"))
	} else if q.Campaign != 0 {
		name := pg.T("第%d项", q.Campaign)
		if c, ok := p.CampaignByNo(q.Campaign); ok {
			name += " " + c.Name
		}
		parts = append(parts, name)
	}
	if q.Month != "" {
		parts = append(parts, q.Month)
	}
	if q.Overdue {
		parts = append(parts, pg.T("已逾期"))
	}
	return strings.Join(parts, " · ")
}

// ViewCount is the number of tips on a tab, as its label shows it.
func (d tipsPage) ViewCount(view string) int { return d.Views[view] }

// DaysLeft says how many working days are left to a tip's running
// deadline; "" when it has none, it has passed or the calendar does not
// reach it.
func (d tipsPage) DaysLeft(id int64) string {
	n, ok := d.WorkLeft[id]
	if !ok {
		return ""
	}
	return d.T("还有 %d 个工作日", n)
}

func (s *Server) tipsList(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	tq := decodeTipsQuery(r.URL.Query())
	tq.PlanID = v.PlanID
	pg := s.page(r, "举报投诉")
	pg.Title = pg.T("举报投诉")
	d := tipsPage{Page: pg, Plan: v.Plan, Query: tq.Query, View: tq.View, Filter: tipsFilter(pg, v.Plan, tq)}
	list, err := s.app.Tips(r.Context(), actorOf(r), tq)
	if e := dajia.ErrorOf(err); err != nil && e.Code == dajia.Invalid && e.Field == "q" {
		d.QueryError = locale.Error(pg.Lang, e)
		return s.render(w, r, http.StatusBadRequest, "tips", d)
	}
	if err != nil {
		return err
	}
	d.Tips, d.Total, d.Overdue, d.Offset, d.Next = list.Tips, list.Total, list.Overdue, max(tq.Offset, 0), list.Next
	d.WorkLeft, d.Views = list.WorkLeft, list.Views
	return s.render(w, r, http.StatusOK, "tips", d)
}

// decodeTipsQuery reads the list's view, search and page.
func decodeTipsQuery(q url.Values) app.TipQuery {
	tq := app.TipQuery{View: q.Get("view"), Query: strings.TrimSpace(q.Get("q")), Limit: tipsPerPage, Overdue: q.Get("overdue") == "1"}
	if n, ok := campaignParam(q.Get("campaign")); ok {
		tq.Campaign = n
	}
	if m := q.Get("month"); m != "" {
		if _, _, ok := dajia.MonthRange(m); ok {
			tq.Month = m
		}
	}
	tq.Offset, _ = strconv.Atoi(q.Get("offset")) // not a number: the first page
	return tq
}

// tipsPerPage is the length of a page of the tips list.
const tipsPerPage = 50

// PrevOffset is the offset of the page before.
func (d tipsPage) PrevOffset() int { return max(d.Offset-tipsPerPage, 0) }

// PageURL is the list at another offset, with the same view and search.
func (d tipsPage) PageURL(offset int) string {
	q := url.Values{}
	for k, v := range d.Page.Query {
		q[k] = v
	}
	q.Set("offset", strconv.Itoa(offset))
	return "/tips?" + q.Encode()
}

type tipPage struct {
	Page
	app.TipFile
	Acts     map[string]bool
	Handler  bool
	Revealed *dajia.TipContact
	Units    []dajia.UnitRef
	Message  string
	Error    string
}

// Tipster names who sent the tip: 投诉人 or 举报人.
func (d tipPage) Tipster() dajia.Text { return d.Tip.Kind.Tipster() }

// WaitsForAssignment reports whether the tip waits for the office to name
// its handling unit (it was not routed, or a unit returned it): the office
// sees the assignment first.
func (d tipPage) WaitsForAssignment() bool {
	return d.Acts["assign"] && (len(d.Tip.Handlers) == 0 || slices.Equal(d.Tip.Handlers, []string{dajia.OfficeKey}))
}

// Handles reports whether the unit is among the tip's handlers.
func (d tipPage) Handles(key string) bool { return slices.Contains(d.Tip.Handlers, key) }

// RouteText says why the tip went where it went, in the page's language.
func (d tipPage) RouteText() string {
	return locale.Phrase(d.Lang, d.Tip.RouteText(d.Plan))
}

// EventNote is a step's note in the page's language.
func (d tipPage) EventNote(e store.TipEvent) string { return tipEventNote(d.Lang, d.Tip, d.Plan, e) }

func (s *Server) tipData(r *http.Request, id int64) (tipPage, error) {
	a := actorOf(r)
	f, err := s.app.OpenTip(r.Context(), a, id)
	if err != nil {
		return tipPage{}, err
	}
	t := f.Tip
	d := tipPage{Page: s.page(r, "举报投诉"), TipFile: f, Handler: t.HandledBy(a), Acts: t.Steps(a),
		Units: f.Plan.AllUnits()}
	d.Title = fmt.Sprintf("%s %s", d.T(string(t.Kind)), t.Code)
	return d, nil
}

func (s *Server) tipView(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.tipData(r, id)
	if err != nil {
		return err
	}
	if done := r.URL.Query().Get("done"); done != "" {
		d.Message = d.T("已办理") + "：" + d.TipStep(done)
	}
	return s.render(w, r, http.StatusOK, "tipview", d)
}

// tipStepForm is a handling step as the tip page's form or the API gives it.
type tipStepForm struct {
	Note  string   `json:"note"`
	Reply string   `json:"reply"`
	Units []string `json:"units"`
	Of    int64    `json:"of"`
	Grade int      `json:"grade"`
	Fines string   `json:"fines"`
}

func decodeTipStepForm(f url.Values) tipStepForm {
	of, _ := strconv.ParseInt(f.Get("of"), 10, 64) // not a number: no tip, which the step refuses
	grade, _ := strconv.Atoi(f.Get("grade"))       // not a number: no grade, which the step refuses
	return tipStepForm{Note: f.Get("note"), Reply: f.Get("reply"), Units: f["units"], Of: of, Grade: grade, Fines: f.Get("fines")}
}

// tipStep takes one handling step posted from the tip page.
func (s *Server) tipStep(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	step := r.PathValue("step")
	_, err = s.app.TipStep(r.Context(), actorOf(r), id, step, app.TipStepInput(decodeTipStepForm(r.PostForm)))
	if code := dajia.ErrorCode(err); code == dajia.Invalid || code == dajia.Conflict {
		return s.tipAgain(w, r, id, err)
	}
	if err != nil {
		return err
	}
	if step == "return" {
		http.Redirect(w, r, "/tips", http.StatusSeeOther)
		return nil
	}
	http.Redirect(w, r, fmt.Sprintf("/tips/%d?done=%s", id, step), http.StatusSeeOther)
	return nil
}

// tipAgain shows the tip page again with why the step was refused.
func (s *Server) tipAgain(w http.ResponseWriter, r *http.Request, id int64, e error) error {
	d, err := s.tipData(r, id)
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
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.app.RevealTipster(r.Context(), actorOf(r), id, r.PostFormValue("reason"))
	if dajia.ErrorCode(err) == dajia.Invalid {
		return s.tipAgain(w, r, id, err)
	}
	if err != nil {
		return err
	}
	d, err := s.tipData(r, id)
	if err != nil {
		return err
	}
	d.Revealed = &c
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "tipview", d)
}

func (s *Server) tipPhoto(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return err
	}
	ph, err := s.app.TipPhoto(r.Context(), actorOf(r), id, pid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ph.ContentType)
	w.Header().Set("Cache-Control", "private, no-store")
	w.Write(ph.Data)
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
	g, err := s.app.RewardGrades(r.Context())
	if err != nil {
		return err
	}
	pg := s.page(r, "举报奖励标准")
	pg.Title = pg.T("举报奖励标准")
	return s.render(w, r, http.StatusOK, "rewards", rewardsPage{Page: pg, Grades: g, Saved: r.URL.Query().Get("done") == "1"})
}

// decodeRewardGrades reads the grades form, a row per grade; the grades
// read before a row that is not numbers come back with its error.
func decodeRewardGrades(f url.Values) ([]dajia.RewardGrade, error) {
	var g []dajia.RewardGrade
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
			return g, dajia.Errorf(dajia.Invalid, "grades", "第 %d 行：请填写数字", i+1)
		}
		g = append(g, dajia.RewardGrade{Grade: grade, Percent: pct, Min: lo, Max: hi})
	}
	return g, nil
}

func (s *Server) rewardsSave(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	g, err := decodeRewardGrades(r.PostForm)
	if err == nil {
		err = s.app.SetRewardGrades(r.Context(), actorOf(r), g)
	}
	if dajia.ErrorCode(err) == dajia.Invalid {
		return s.rewardsAgain(w, r, g, err)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/tips/rewards?done=1", http.StatusSeeOther)
	return nil
}

func (s *Server) rewardsAgain(w http.ResponseWriter, r *http.Request, g []dajia.RewardGrade, e error) error {
	pg := s.page(r, "举报奖励标准")
	pg.Title = pg.T("举报奖励标准")
	return s.render(w, r, http.StatusBadRequest, "rewards", rewardsPage{Page: pg, Grades: g, Error: locale.Error(pg.Lang, dajia.ErrorOf(e))})
}
