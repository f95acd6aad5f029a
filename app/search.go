package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"dajia"
	"dajia/store"
)

// SearchQuery is one search over every plan the reader may read: a term
// of a few words, one kind or every kind (""), one plan or every plan
// (""), and a page of each kind.
type SearchQuery struct {
	Q      string
	Kind   string // "", or a dajia.SearchKind
	PlanID string // "" is every plan
	Limit  int    // hits a kind; 0 is 10, at most dajia.MaxSearchLimit
	Offset int
}

// SearchHit is one record found, with what a reader needs to recognise it.
type SearchHit struct {
	Kind   dajia.SearchKind
	ID     int64
	Ref    string // the tip's code, the case's number, the entity's credit code; "" for a clue
	Title  string // the business or entity named, the clue's source
	On     dajia.Date
	PlanID string // "" for an entity (the registry is every plan's)
	Unit   string // the handling or lead unit's key; "" for an entity
	Status dajia.Text
	// Text is the text the snippet is cut from: the first of the record's
	// texts that holds a word of the search.
	Text string
}

// SearchGroup is the hits of one kind: a page and the count of them all.
type SearchGroup struct {
	Kind  dajia.SearchKind
	Total int
	Hits  []SearchHit
	Next  int // offset of the next page; 0 on the last
}

// SearchResult is a search's words and the hits of each kind asked for, in
// the order of dajia.SearchKinds; Plans holds the plans the hits are of.
type SearchResult struct {
	Words  []string
	Groups []SearchGroup
	Plans  map[string]*dajia.Plan
}

// Total is how many records the search found in all.
func (r SearchResult) Total() int {
	n := 0
	for _, g := range r.Groups {
		n += g.Total
	}
	return n
}

// searchFilters are a search checked, with the filters of each kind's
// list that hold exactly what it finds for the actor: the tips as the tips list reads them (every
// status), the clues and cases as their lists, the live entities. Each
// kind's own list narrows by the actor's units the same way, so a unit
// finds its own records only, and the office and leaders every unit's.
type searchFilters struct {
	Words  []string
	Tips   store.TipFilter
	Clues  store.ClueFilter
	Cases  store.CaseFilter
	Kind   dajia.SearchKind
	Limit  int
	Offset int
}

// searchWhere checks a search (every field's problem at once) and builds
// its filters.
func (a *App) searchWhere(ctx context.Context, actor dajia.Actor, q SearchQuery) (searchFilters, error) {
	if err := actor.MayReadEntities(); err != nil {
		return searchFilters{}, dajia.Errorf(dajia.Forbidden, "", "无权使用搜索")
	}
	var errs dajia.FieldErrors
	words, err := dajia.SearchWords(q.Q)
	if e := dajia.ErrorOf(err); err != nil {
		errs = append(errs, dajia.FieldErrorf("q", "invalid", e.Key, e.Args...))
	}
	kind, err := dajia.ParseSearchKind(q.Kind)
	if e := dajia.ErrorOf(err); err != nil {
		errs = append(errs, dajia.FieldErrorf("kind", "invalid", e.Key, e.Args...))
	}
	if q.Limit < 0 || q.Limit > dajia.MaxSearchLimit {
		errs = append(errs, dajia.FieldErrorf("limit", "range", "每页条数应在 1 到 %d 之间", dajia.MaxSearchLimit))
	}
	if q.Offset < 0 || q.Offset > 100_000 {
		errs = append(errs, dajia.FieldErrorf("offset", "range", "起始位置应在 0 到 %d 之间", 100_000))
	}
	if q.PlanID != "" {
		if _, err := a.db.Plan(ctx, q.PlanID); dajia.ErrorCode(err) == dajia.NotFound {
			errs = append(errs, dajia.FieldErrorf("plan", "exists", "没有方案“%s”", dajia.Clip(q.PlanID, 40)))
		} else if err != nil {
			return searchFilters{}, err
		}
	}
	if len(errs) > 0 {
		return searchFilters{}, errs
	}
	limit := q.Limit
	if limit == 0 {
		limit = 10
	}
	text := strings.Join(words, " ")
	return searchFilters{
		Words:  words,
		Kind:   kind,
		Limit:  limit,
		Offset: q.Offset,
		Tips:   store.TipFilter{PlanID: q.PlanID, Query: text, Units: dajia.TipUnits(actor), Limit: limit, Offset: q.Offset},
		Clues:  store.ClueFilter{PlanID: q.PlanID, Words: words, Units: listUnits(actor, ""), Limit: limit, Offset: q.Offset},
		Cases:  store.CaseFilter{PlanID: q.PlanID, Words: words, Units: listUnits(actor, ""), Limit: limit, Offset: q.Offset},
	}, nil
}

// Search finds a term in the tips, clues, cases and market entities of
// every plan the actor may read (or of one plan), each kind filtered as
// its own list is for the actor, the newest first: one query a kind for a
// page and the count of all.
func (a *App) Search(ctx context.Context, actor dajia.Actor, q SearchQuery) (SearchResult, error) {
	w, err := a.searchWhere(ctx, actor, q)
	if err != nil {
		return SearchResult{}, err
	}
	var kinds []dajia.SearchKind
	for _, k := range dajia.SearchKinds {
		if w.Kind == "" || w.Kind == k {
			kinds = append(kinds, k)
		}
	}
	// The kinds are read at once: each is a scan of its own table, and
	// the store reads on several connections.
	res := SearchResult{Words: w.Words, Groups: make([]SearchGroup, len(kinds)), Plans: map[string]*dajia.Plan{}}
	errs := make([]error, len(kinds))
	var wg sync.WaitGroup
	for i, k := range kinds {
		wg.Go(func() { res.Groups[i], errs[i] = a.searchKind(ctx, w, k) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return SearchResult{}, err
	}
	// The hits' plans, to name their towns and units: every plan's
	// current version read in one query (remembered for a second), each
	// decoded once for the process.
	for _, g := range res.Groups {
		for _, h := range g.Hits {
			if _, ok := res.Plans[h.PlanID]; h.PlanID != "" && !ok {
				v, err := a.db.RecentPlan(ctx, h.PlanID)
				if err != nil {
					return SearchResult{}, err
				}
				res.Plans[h.PlanID] = v.Plan
			}
		}
	}
	return res, nil
}

// searchKind is the hits of one kind: a page and the count of them all.
func (a *App) searchKind(ctx context.Context, w searchFilters, k dajia.SearchKind) (SearchGroup, error) {
	g := SearchGroup{Kind: k}
	switch k {
	case dajia.SearchTips:
		tips, n, err := a.db.SearchTips(ctx, w.Tips)
		if err != nil {
			return g, err
		}
		g.Total = n
		for _, t := range tips {
			g.Hits = append(g.Hits, tipHit(t, w.Words))
		}
	case dajia.SearchClues:
		clues, n, err := a.db.SearchClues(ctx, w.Clues)
		if err != nil {
			return g, err
		}
		g.Total = n
		var ids []int64
		for _, c := range clues {
			ids = append(ids, c.EntityID)
		}
		names, err := a.db.EntityNames(ctx, ids)
		if err != nil {
			return g, err
		}
		for _, c := range clues {
			g.Hits = append(g.Hits, clueHit(c, names[c.EntityID], w.Words))
		}
	case dajia.SearchCases:
		cases, n, err := a.db.SearchCases(ctx, w.Cases)
		if err != nil {
			return g, err
		}
		g.Total = n
		var ids []int64
		for _, c := range cases {
			ids = append(ids, c.EntityID)
		}
		names, err := a.db.EntityNames(ctx, ids)
		if err != nil {
			return g, err
		}
		for _, c := range cases {
			g.Hits = append(g.Hits, caseHit(c, names[c.EntityID], w.Words))
		}
	case dajia.SearchEntities:
		es, n, err := a.db.SearchEntities(ctx, w.Words, w.Limit, w.Offset)
		if err != nil {
			return g, err
		}
		g.Total = n
		for _, e := range es {
			g.Hits = append(g.Hits, entityHit(e, w.Words))
		}
	}
	if w.Offset+len(g.Hits) < g.Total {
		g.Next = w.Offset + len(g.Hits)
	}
	return g, nil
}

// firstHolding is the first of texts that holds a word, else the first
// that is not empty.
func firstHolding(words []string, texts ...string) string {
	for _, t := range texts {
		for _, w := range words {
			if holds(t, w) {
				return t
			}
		}
	}
	for _, t := range texts {
		if t != "" {
			return t
		}
	}
	return ""
}

// holds reports whether t holds w as a search compares (ASCII letters in
// either case).
func holds(t, w string) bool {
	for _, p := range dajia.Snippet(t, []string{w}, len([]rune(t))) {
		if p.Mark {
			return true
		}
	}
	return false
}

func tipHit(t dajia.Tip, words []string) SearchHit {
	h := SearchHit{Kind: dajia.SearchTips, ID: t.ID, Ref: t.Code, Title: t.BusinessName, On: t.ReceivedOn, PlanID: t.PlanID,
		Status: t.Status.Name(t.Kind), Text: firstHolding(words, t.Description, t.BusinessName, t.Address, t.Category)}
	if len(t.Handlers) > 0 {
		h.Unit = t.Handlers[0]
	}
	return h
}

func clueHit(c dajia.Clue, entity string, words []string) SearchHit {
	return SearchHit{Kind: dajia.SearchClues, ID: c.ID, Title: entity, On: c.ReceivedOn, PlanID: c.PlanID, Unit: c.LeadUnit,
		Status: c.StatusName(), Text: firstHolding(words, c.Summary, entity, c.Reason, c.SourceRef)}
}

func caseHit(c store.CaseRecord, entity string, words []string) SearchHit {
	var goods, violations []string
	for _, g := range c.Goods {
		goods = append(goods, strings.TrimSpace(g.Name+" "+g.Brand))
	}
	for _, v := range c.Violations {
		violations = append(violations, string(v.Name()))
	}
	return SearchHit{Kind: dajia.SearchCases, ID: c.ID, Ref: c.Number, Title: entity, On: c.OpenedOn, PlanID: c.PlanID, Unit: c.LeadUnit,
		Status: c.Status.Name(), Text: firstHolding(words, strings.Join(goods, "、"), entity, strings.Join(violations, "、"), c.Number, c.Reason,
			c.NoTransferReason, c.SupervisedBy)}
}

func entityHit(e dajia.Entity, words []string) SearchHit {
	return SearchHit{Kind: dajia.SearchEntities, ID: e.ID, Ref: e.CreditCode, Title: e.Name, Status: e.Kind.Name(),
		Text: firstHolding(words, e.Name, e.Address, e.CreditCode)}
}

// String is the hit as a log reads it.
func (h SearchHit) String() string { return fmt.Sprintf("%s:%d", h.Kind, h.ID) }
