package web

// The search over every plan: the page (a kind's hits grouped, the term
// marked, each kind's list filtered by the same term) and the same through
// the JSON API.

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

func (s *Server) searchRoutes() []route {
	h := s.adapt
	return []route{
		{"GET /search", dajia.PermBusiness, h(s.searchView), false},
		{"GET /api/v1/search", dajia.PermBusiness, h(s.apiSearch), false},
	}
}

// Hits a kind on the page: a few of each kind, or a longer page of one.
const (
	searchPerKind = 10
	searchPerPage = 20
)

type searchPage struct {
	Page
	Q        string // as typed, trimmed
	Kind     string
	PlanID   string
	Offset   int
	Limit    int
	Plans    []store.PlanSummary
	Kinds    []dajia.SearchKind
	Result   app.SearchResult
	Searched bool              // a search was asked for (q given)
	Errors   map[string]string // by field: why the search was refused
}

// searchSlots bound the searches run at once, page and API: each reads
// every record its reader may see (about 60 ms of CPU over a city, 0.4 s
// over a province), so a burst of them waits its turn and leaves the other
// pages their share of the two cores.
var searchSlots = make(chan struct{}, 2)

// takeSearchSlot waits for a search slot (up to uploadWait).
func takeSearchSlot(r *http.Request) error {
	if takeSlot(r, searchSlots, uploadWait) {
		return nil
	}
	return dajia.Errorf(dajia.Busy, "q", "正在进行的搜索较多，请稍后再试")
}

func (s *Server) searchView(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	pg := s.page(r, "")
	pg.Title = pg.T("搜索")
	d := searchPage{Page: pg, Q: strings.TrimSpace(q.Get("q")), Kind: q.Get("kind"), PlanID: q.Get("plan"), Kinds: dajia.SearchKinds,
		Errors: map[string]string{}, Limit: searchPerKind}
	var err error
	// The plans offered as the lists offer them (a unit its town's years;
	// in a city or province the chosen or current plan's town's).
	if d.Plans, err = s.planChoices(r); err != nil {
		return err
	}
	if !q.Has("q") {
		return s.render(w, r, http.StatusOK, "search", d)
	}
	d.Searched = true
	if d.Kind != "" {
		d.Limit, d.Offset = searchPerPage, queryOffset(q)
	}
	if err := takeSearchSlot(r); err != nil {
		return err
	}
	d.Result, err = s.app.Search(r.Context(), pg.Actor, app.SearchQuery{Q: q.Get("q"), Kind: d.Kind, PlanID: d.PlanID, Limit: d.Limit, Offset: d.Offset})
	if dajia.ErrorCode(err) == dajia.Invalid {
		if fe, ok := asFieldErrors(err); ok {
			for _, f := range fe {
				d.Errors[f.Field] = locale.Error(pg.Lang, f.Problem())
			}
		} else {
			e := dajia.ErrorOf(err)
			d.Errors[e.Field] = locale.Error(pg.Lang, e)
		}
		return s.render(w, r, http.StatusBadRequest, "search", d)
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "search", d)
}

// asFieldErrors is the field errors inside err.
func asFieldErrors(err error) (dajia.FieldErrors, bool) {
	var fe dajia.FieldErrors
	return fe, errors.As(err, &fe)
}

// KindName is a kind's name in the page's language.
func (d searchPage) KindName(k dajia.SearchKind) string { return d.N(k.Name()) }

// Count words how many of a kind were found ("举报投诉 12 条").
func (d searchPage) Count(g app.SearchGroup) string {
	switch g.Kind {
	case dajia.SearchTips:
		return d.T("举报投诉 %d 条", g.Total)
	case dajia.SearchClues:
		return d.T("线索 %d 条", g.Total)
	case dajia.SearchCases:
		return d.T("案件 %d 件", g.Total)
	}
	return d.T("市场主体 %d 个", g.Total)
}

// HitURL is the page of a record found.
func (d searchPage) HitURL(h app.SearchHit) string {
	return fmt.Sprintf("/%s/%d", h.Kind, h.ID)
}

// HitName is how a record found is called: the tip's code, the clue's
// number, the case's number, the entity's name.
func (d searchPage) HitName(h app.SearchHit) string {
	switch h.Kind {
	case dajia.SearchClues:
		return d.T("线索第 %d 号", h.ID)
	case dajia.SearchEntities:
		return h.Title
	}
	return h.Ref
}

// Marked is a text with the search's words marked.
func (d searchPage) Marked(text string) []dajia.SnippetPart {
	return dajia.Snippet(text, d.Result.Words, len([]rune(text)))
}

// Snippet is the part of a hit's text around the search's words.
func (d searchPage) Snippet(h app.SearchHit) []dajia.SnippetPart {
	return dajia.Snippet(h.Text, d.Result.Words, 60)
}

// PlanName names a hit's plan by its town and year.
func (d searchPage) PlanName(id string) string {
	p := d.Result.Plans[id]
	if p == nil {
		return id
	}
	return d.T("%s %d年", p.Jurisdiction.Name, p.Year)
}

// UnitName is a hit's unit in its own plan.
func (d searchPage) UnitName(h app.SearchHit) string {
	p := d.Result.Plans[h.PlanID]
	if p == nil || h.Unit == "" {
		return h.Unit
	}
	return unitDisplay(p, h.Unit)
}

// AllURL is the list of every hit of a kind: the kind's own list filtered
// by the same term where that list holds exactly the search's records
// (clues and cases; the tips of one plan), else this page for that kind.
func (d searchPage) AllURL(k dajia.SearchKind) string {
	v := url.Values{"q": {d.Q}}
	if d.PlanID != "" {
		v.Set("plan", d.PlanID)
	}
	switch {
	case k == dajia.SearchClues || k == dajia.SearchCases:
		return "/" + string(k) + "?" + v.Encode()
	case k == dajia.SearchTips && d.PlanID != "":
		v.Set("view", "all")
		return "/tips?" + v.Encode()
	}
	return d.KindURL(k, 0)
}

// KindURL is this page for one kind, at offset.
func (d searchPage) KindURL(k dajia.SearchKind, offset int) string {
	v := url.Values{"q": {d.Q}, "kind": {string(k)}}
	if d.PlanID != "" {
		v.Set("plan", d.PlanID)
	}
	return pageURL("/search", v, offset)
}

// Prev is the offset of the page before; -1 on the first.
func (d searchPage) Prev() int { return prevOffset(d.Offset, d.Limit) }

// apiSearch is the search over every plan: ?q= (1 to 50 characters),
// ?kind= (tips, clues, cases or entities; every kind when absent), ?plan=
// (every plan when absent), ?limit= (hits a kind, 1 to 50, 10 by default)
// and ?offset=.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	sq := app.SearchQuery{Q: q.Get("q"), Kind: q.Get("kind"), PlanID: q.Get("plan")}
	if err := apiInts(q.Get, apiInt{"limit", &sq.Limit}, apiInt{"offset", &sq.Offset}); err != nil {
		return err
	}
	if q.Get("limit") == "0" {
		return dajia.Errorf(dajia.Invalid, "limit", "每页条数应在 1 到 %d 之间", dajia.MaxSearchLimit)
	}
	if err := takeSearchSlot(r); err != nil {
		return err
	}
	res, err := s.app.Search(r.Context(), actorOf(r), sq)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	kinds := []map[string]any{}
	for _, g := range res.Groups {
		items := []map[string]any{}
		for _, h := range g.Hits {
			items = append(items, apiSearchHit(h, res.Plans[h.PlanID], res.Words, lang))
		}
		kinds = append(kinds, map[string]any{"kind": g.Kind, "name": localized(lang, string(g.Kind.Name())), "total": g.Total,
			"items": items, "next": nextOf(g.Next)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"words": res.Words, "total": res.Total(), "kinds": kinds})
	return nil
}

// apiSearchHit is a record found as the API answers it.
func apiSearchHit(h app.SearchHit, p *dajia.Plan, words []string, lang string) map[string]any {
	item := map[string]any{"kind": h.Kind, "id": h.ID, "url": "/" + string(h.Kind) + "/" + strconv.FormatInt(h.ID, 10),
		"status_name": localized(lang, string(h.Status)), "snippet": snippetText(h.Text, words)}
	for k, v := range map[string]string{"ref": h.Ref, "title": h.Title, "plan": h.PlanID, "unit": h.Unit} {
		if v != "" {
			item[k] = v
		}
	}
	if !h.On.IsZero() {
		item["date"] = h.On
	}
	if p != nil {
		item["plan_title"] = p.Title
		if h.Unit != "" {
			item["unit_name"] = unitDisplay(p, h.Unit)
		}
	}
	return item
}

// snippetText is the part of a hit's text around the words, as the page
// shows it.
func snippetText(text string, words []string) string {
	var b strings.Builder
	for _, p := range dajia.Snippet(text, words, 60) {
		b.WriteString(p.Text)
	}
	return b.String()
}
