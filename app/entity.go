package app

import (
	"context"
	"strings"
	"unicode/utf8"

	"dajia"
	"dajia/store"
)

// legalRepAAD binds a sealed legal representative to its column.
const legalRepAAD = "entities.legal_rep"

// EntityInput is what a form or the API gives for an entity; LegalRep in
// the clear. On an update an empty LegalRep keeps the one on record.
type EntityInput struct {
	Name       string           `json:"name"`
	CreditCode string           `json:"credit_code"`
	Kind       dajia.EntityKind `json:"kind"`
	Village    string           `json:"village"`
	Address    string           `json:"address"`
	LegalRep   string           `json:"legal_rep"`
}

func (in EntityInput) apply(e *dajia.Entity) {
	e.Name, e.CreditCode, e.Kind, e.Village, e.Address, e.LegalRep = in.Name, in.CreditCode, in.Kind, in.Village, in.Address, in.LegalRep
}

// seal checks e and seals and masks its legal representative, if given.
func (a *App) sealEntity(e *dajia.Entity) error {
	if err := e.Check(); err != nil {
		return err
	}
	if e.LegalRep != "" {
		e.LegalRepSealed = a.sealer.Seal(e.LegalRep, legalRepAAD)
		e.LegalRepMasked = dajia.MaskName(e.LegalRep)
		e.LegalRep = ""
	}
	return nil
}

// CreateEntity registers a market entity: the office and the units' staff.
func (a *App) CreateEntity(ctx context.Context, actor dajia.Actor, in EntityInput) (dajia.Entity, error) {
	if err := actor.MayEditEntities(); err != nil {
		return dajia.Entity{}, err
	}
	var e dajia.Entity
	in.apply(&e)
	if err := a.sealEntity(&e); err != nil {
		return dajia.Entity{}, err
	}
	return a.db.CreateEntity(ctx, actor, e)
}

// UpdateEntity changes a live entity's record.
func (a *App) UpdateEntity(ctx context.Context, actor dajia.Actor, id int64, in EntityInput) (dajia.Entity, error) {
	if err := actor.MayEditEntities(); err != nil {
		return dajia.Entity{}, err
	}
	return a.db.UpdateEntity(ctx, actor, id, func(e *dajia.Entity) error {
		if e.MergedInto != 0 {
			return dajia.Errorf(dajia.Conflict, "", "第 %d 号市场主体已经合并到第 %d 号，请修改后者", e.ID, e.MergedInto)
		}
		in.apply(e)
		return a.sealEntity(e)
	})
}

// Entity returns one entity to a business role.
func (a *App) Entity(ctx context.Context, actor dajia.Actor, id int64) (dajia.Entity, error) {
	if err := actor.MayReadEntities(); err != nil {
		return dajia.Entity{}, err
	}
	return a.db.Entity(ctx, id)
}

// Bounds of an entity search: what is typed is cut to MaxEntityQuery
// characters and its first MaxEntityWords words (each word is one
// condition of the query); a picker offers PickLimit matches.
const (
	MaxEntityQuery = 100
	MaxEntityWords = 5
	PickLimit      = 10
)

// EntityQuery is a search as typed, cut to the bounds of a search.
func EntityQuery(q string) string {
	q = strings.TrimSpace(q)
	if utf8.RuneCountInString(q) > MaxEntityQuery {
		q = string([]rune(q)[:MaxEntityQuery])
	}
	if w := strings.Fields(q); len(w) > MaxEntityWords {
		q = strings.Join(w[:MaxEntityWords], " ")
	}
	return strings.TrimSpace(q)
}

// FindEntities searches the live entities by name or credit code. The
// entities are the registry every business role shares: not scoped by
// unit.
func (a *App) FindEntities(ctx context.Context, actor dajia.Actor, query string) ([]dajia.Entity, error) {
	if err := actor.MayReadEntities(); err != nil {
		return nil, err
	}
	return a.db.FindEntities(ctx, EntityQuery(query), 200)
}

// PickEntities is the search of an entity picker in a form: at most
// PickLimit live entities whose name holds the words or whose credit code
// begins with one; nothing for an empty query.
func (a *App) PickEntities(ctx context.Context, actor dajia.Actor, query string) ([]dajia.Entity, error) {
	if err := actor.MayReadEntities(); err != nil {
		return nil, err
	}
	if query = EntityQuery(query); query == "" {
		return nil, nil
	}
	return a.db.FindEntities(ctx, query, PickLimit)
}

// MergeEntities merges the record dup into kept: the office only. It
// answers the kept record.
func (a *App) MergeEntities(ctx context.Context, actor dajia.Actor, dup, kept int64) (dajia.Entity, error) {
	if actor.Role != dajia.RoleOffice {
		return dajia.Entity{}, dajia.Errorf(dajia.Forbidden, "", "只有打假办可以合并市场主体")
	}
	return a.db.MergeEntities(ctx, actor, dup, kept, func(d, k dajia.Entity) error { return d.MergeInto(actor, k) })
}

// EntityHistory is an entity's tips that the actor may see: those naming
// its credit code when it has one, else its exact name, and likewise of the
// records merged into it.
func (a *App) EntityHistory(ctx context.Context, actor dajia.Actor, e dajia.Entity) (EntityHistory, error) {
	if err := actor.MayReadEntities(); err != nil {
		return EntityHistory{}, err
	}
	merged, err := a.db.MergedInto(ctx, e.ID)
	if err != nil {
		return EntityHistory{}, err
	}
	f := store.TipFilter{Units: dajia.TipUnits(actor), Limit: 500}
	for _, r := range append([]dajia.Entity{e}, merged...) {
		if r.CreditCode != "" {
			f.CreditCodes = append(f.CreditCodes, r.CreditCode)
		} else {
			f.Names = append(f.Names, r.Name)
		}
	}
	tips, err := a.db.Tips(ctx, f)
	if err != nil {
		return EntityHistory{}, err
	}
	// The clues name the record by its id: this one's and the merged ones'.
	cf := store.ClueFilter{Units: dajia.TipUnits(actor), Entities: []int64{e.ID}, Limit: 500}
	for _, m := range merged {
		cf.Entities = append(cf.Entities, m.ID)
	}
	clues, err := a.db.Clues(ctx, cf)
	if err != nil {
		return EntityHistory{}, err
	}
	h := EntityHistory{Tips: tips, Merged: merged}
	for _, c := range clues {
		if c.VisibleTo(actor) {
			h.Clues = append(h.Clues, c)
		}
	}
	// The cases too name the record by its id; each is shown to whom
	// the case's rules show it.
	for _, id := range cf.Entities {
		cases, err := a.db.CasesOfEntity(ctx, id)
		if err != nil {
			return EntityHistory{}, err
		}
		for _, c := range cases {
			if c.VisibleTo(actor) {
				h.Cases = append(h.Cases, c)
			}
		}
	}
	return h, nil
}

// EntityHistory is what is known of an entity: the records merged into it
// and the tips, clues and cases about it or them that the reader may see.
type EntityHistory struct {
	Tips   []dajia.Tip
	Clues  []dajia.Clue
	Cases  []store.CaseRecord
	Merged []dajia.Entity
}
