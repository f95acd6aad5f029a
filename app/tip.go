package app

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"io"
	"slices"
	"strings"

	"dajia"
	"dajia/secret"
	"dajia/store"
)

// TakenTip is what a tipster takes away from a submission: the tip, its
// tracking secret (shown once, stored only hashed), its first deadline and
// the name of the unit handling it.
type TakenTip struct {
	Tip      dajia.Tip
	Secret   string
	Clock    dajia.TipClock
	Unit     string
	Campaign *dajia.Campaign // nil when no campaign covers the category
}

// TakeTips takes a public submission in under the current version of the
// plan: it checks every field, cleans the photos, routes it, seals the
// contact, starts the clock and stores it (two tips when it is both a
// complaint and a report). Field problems come back together as a
// dajia.FieldErrors. An empty planID is the newest plan.
func (a *App) TakeTips(ctx context.Context, actor dajia.Actor, planID string, sub dajia.TipSubmission, photos []io.ReadSeeker, source string) ([]TakenTip, error) {
	v, err := a.db.RecentPlan(ctx, planID)
	if err != nil {
		return nil, err
	}
	today := dajia.Today(a.clock)
	sub.Photos = len(photos)
	if errs := sub.Check(v.Plan, today); len(errs) > 0 {
		return nil, dajia.FieldErrors(errs)
	}
	cleaned, release, err := a.CleanPhotos(ctx, photos)
	if err != nil {
		return nil, err
	}
	defer release() // once stored: the slot bounds what the cleaned photos hold
	rt := v.Plan.Route(sub.Category, sub.Stage, sub.Online)
	group := randomCode(8)
	var news []store.NewTip
	var secrets []string
	for _, k := range sub.Kinds() {
		code := "T" + randomCode(dajia.TipTrackingCodeLength-1)
		sec := randomCode(8)
		nt := store.NewTip{Code: code, SecretHash: secret.HashToken(sec), GroupCode: group, PlanVersion: v, Source: source, Kind: k,
			Category: sub.Category, Stage: sub.Stage, Online: sub.Online, Routing: rt, BusinessName: sub.BusinessName, CreditCode: sub.CreditCode,
			Address: sub.Address, Village: sub.Village, Description: sub.Description, OccurredOn: sub.OccurredOn, Named: sub.Named(), Photos: cleaned}
		if sub.Named() || sub.ContactID != "" {
			b, err := json.Marshal(sub.Contact())
			if err != nil {
				return nil, err
			}
			nt.ContactSealed = a.sealer.Seal(string(b), "tips.contact:"+code)
			nt.ContactMasked = sub.MaskedContact()
		}
		fresh := dajia.Tip{Kind: k, Status: dajia.TipReceived, ReceivedOn: today, Named: nt.Named}
		if nt.Clock, _, err = fresh.Clock(today, a.cal); err != nil {
			return nil, err
		}
		news = append(news, nt)
		secrets = append(secrets, sec)
	}
	tips, err := a.db.CreateTips(ctx, actor, news)
	if err != nil {
		return nil, err
	}
	out := make([]TakenTip, len(tips))
	for i, t := range tips {
		out[i] = TakenTip{Tip: t, Secret: secrets[i], Clock: news[i].Clock, Unit: handlingUnit(v.Plan, t), Campaign: rt.Campaign}
	}
	return out, nil
}

// handlingUnit names the first unit handling a tip, for the public: the
// town office while it waits in the office's queue.
func handlingUnit(p *dajia.Plan, t dajia.Tip) string {
	if p == nil || len(t.Handlers) == 0 {
		return "镇打假办"
	}
	return p.DisplayName(t.Handlers[0])
}

const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// randomCode is n characters that cannot be mistaken for one another.
func randomCode(n int) string {
	b := make([]byte, n)
	out := make([]byte, n)
	rand.Read(b)
	for i := range b {
		out[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(out)
}

// TrackedTip is what the public may read of a tip: the tip, the unit
// handling it and the public steps of its history.
type TrackedTip struct {
	Tip    dajia.Tip
	Plan   *dajia.Plan
	Unit   string
	Events []store.TipEvent
}

// TrackTip finds a tip by its tracking code and secret for the public;
// either wrong is the same answer.
func (a *App) TrackTip(ctx context.Context, code, sec string) (TrackedTip, error) {
	notFound := dajia.Errorf(dajia.NotFound, "code", "查询码或密码不正确")
	code, sec = strings.ToUpper(strings.TrimSpace(code)), strings.ToUpper(strings.TrimSpace(sec))
	if len(code) != dajia.TipTrackingCodeLength || len(sec) != 8 {
		return TrackedTip{}, notFound
	}
	t, err := a.db.TipByCode(ctx, code)
	if dajia.ErrorCode(err) == dajia.NotFound {
		return TrackedTip{}, notFound
	}
	if err != nil {
		return TrackedTip{}, err
	}
	if subtle.ConstantTimeCompare([]byte(t.SecretHash), []byte(secret.HashToken(sec))) != 1 {
		return TrackedTip{}, notFound
	}
	tt := TrackedTip{Tip: t, Unit: "镇打假办"}
	if v, err := a.db.PlanVersion(ctx, t.PlanID, 0); err == nil {
		tt.Plan, tt.Unit = v.Plan, handlingUnit(v.Plan, t)
	} else if dajia.ErrorCode(err) != dajia.NotFound {
		return TrackedTip{}, err
	}
	if tt.Events, err = a.db.TipEvents(ctx, t.ID, true); err != nil {
		return TrackedTip{}, err
	}
	return tt, nil
}

// TipFile is one tip as staff read it: the tip under its plan, with its
// photos, history, possible duplicates among those the reader may see,
// and the reward grades.
type TipFile struct {
	Tip        dajia.Tip
	Plan       *dajia.Plan
	Campaign   *dajia.Campaign
	Photos     []store.Photo
	Events     []store.TipEvent
	Duplicates []dajia.Tip
	Grades     []dajia.RewardGrade
	WorkLeft   int             // working days to the running deadline
	Clock      dajia.Countdown // the running deadline's working days left or overdue
	Clue       int64           // the tip's clue, when there is one the actor may see
}

// visibleTip loads a tip the actor may see; another unit's tip is not
// found, so that its existence is not told.
func (a *App) visibleTip(ctx context.Context, actor dajia.Actor, id int64) (dajia.Tip, error) {
	t, err := a.db.Tip(ctx, id)
	if err != nil {
		return t, err
	}
	if !t.VisibleTo(actor) {
		return dajia.Tip{}, dajia.Errorf(dajia.NotFound, "tip", "没有这条举报投诉")
	}
	return t, nil
}

// Tip returns a tip the actor may see, with its plan.
func (a *App) Tip(ctx context.Context, actor dajia.Actor, id int64) (dajia.Tip, *dajia.Plan, error) {
	t, err := a.visibleTip(ctx, actor, id)
	if err != nil {
		return t, nil, err
	}
	v, err := a.db.PlanVersion(ctx, t.PlanID, 0)
	if err != nil {
		return t, nil, err
	}
	return t, v.Plan, nil
}

// OpenTip returns the file of a tip the actor may see.
func (a *App) OpenTip(ctx context.Context, actor dajia.Actor, id int64) (TipFile, error) {
	t, p, err := a.Tip(ctx, actor, id)
	if err != nil {
		return TipFile{}, err
	}
	f := TipFile{Tip: t, Plan: p}
	if c, ok := p.CampaignByNo(t.CampaignNo); ok {
		f.Campaign = c
	}
	if !t.Due.IsZero() {
		if n, err := a.cal.WorkdaysBetween(dajia.Today(a.clock), t.Due); err == nil {
			f.WorkLeft = n
		}
		f.Clock = a.Countdown(t.Due)
	}
	if f.Grades, err = a.db.RewardGrades(ctx); err != nil {
		return f, err
	}
	if f.Photos, err = a.db.TipPhotos(ctx, t.ID); err != nil {
		return f, err
	}
	if f.Events, err = a.db.TipEvents(ctx, t.ID, false); err != nil {
		return f, err
	}
	if f.Duplicates, err = a.db.Duplicates(ctx, t, dajia.TipUnits(actor)); err != nil {
		return f, err
	}
	c, ok, err := a.db.ClueOfTip(ctx, t.ID)
	if err != nil {
		return f, err
	}
	if ok && c.VisibleTo(actor) {
		f.Clue = c.ID
	}
	return f, nil
}

// TipPhoto returns a photo of a tip the actor may see.
func (a *App) TipPhoto(ctx context.Context, actor dajia.Actor, id, photoID int64) (store.Photo, error) {
	t, err := a.visibleTip(ctx, actor, id)
	if err != nil {
		return store.Photo{}, err
	}
	return a.db.TipPhoto(ctx, t.ID, photoID)
}

// TipStepInput is what a handling step may carry.
type TipStepInput struct {
	Note  string
	Reply string
	Units []string // assign
	Of    int64    // duplicate: the earlier tip
	Grade int      // reward
	Fines string   // reward: fines and confiscations in yuan
}

// TipStep takes a handling step on a tip the actor may see: accept, refuse,
// decide, close, reply, return (to the office), assign (office), pause,
// resume, extend, duplicate, reward (office). The tip's own rules decide;
// a step its state does not allow is a conflict. The step, the new clock
// and the audit record are saved in one transaction.
func (a *App) TipStep(ctx context.Context, actor dajia.Actor, id int64, step string, in TipStepInput) (dajia.Tip, error) {
	today := dajia.Today(a.clock)
	var take func(t *dajia.Tip) (dajia.TipStep, error)
	var err error
	switch step {
	case "accept", "refuse", "decide", "close":
		take = func(t *dajia.Tip) (dajia.TipStep, error) {
			return t.Advance(actor, dajia.TipAction(step), today, in.Note, in.Reply)
		}
	case "reply":
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.Reply(actor, in.Reply) }
	case "return":
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.Return(actor, in.Note) }
	case "assign":
		// The units are named in the tip's plan: read before the step.
		_, p, err := a.Tip(ctx, actor, id)
		if err != nil {
			return dajia.Tip{}, err
		}
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.Assign(actor, p, in.Units) }
	case "pause":
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.Pause(actor, today, in.Note) }
	case "resume":
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.Resume(actor, today, a.cal, in.Note) }
	case "extend":
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.Extend(actor, in.Note) }
	case "duplicate":
		var of dajia.Tip
		if in.Of > 0 && in.Of != id {
			// Read before the step: the step itself reads nothing.
			if of, err = a.db.Tip(ctx, in.Of); err != nil {
				return dajia.Tip{}, err
			}
		}
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.MarkDuplicate(actor, of) }
	case "reward":
		var grades []dajia.RewardGrade
		if actor.Role == dajia.RoleOffice {
			if grades, err = a.db.RewardGrades(ctx); err != nil {
				return dajia.Tip{}, err
			}
		}
		take = func(t *dajia.Tip) (dajia.TipStep, error) { return t.SetReward(actor, grades, in.Grade, in.Fines) }
	default:
		return dajia.Tip{}, dajia.Errorf(dajia.NotFound, "", "没有这个操作")
	}
	return a.db.UpdateTip(ctx, actor, id, func(t *dajia.Tip) (dajia.TipStep, error) {
		if !t.VisibleTo(actor) {
			return dajia.TipStep{}, dajia.Errorf(dajia.NotFound, "tip", "没有这条举报投诉")
		}
		st, err := take(t)
		if err != nil {
			return st, err
		}
		return st, t.Reclock(today, a.cal)
	})
}

// RevealTipster opens a tip's sealed contact for the office, or a
// complaint's for its handling unit (dajia.Tip.Reveal), with a reason the
// audit trail keeps in the same transaction. The contact is for the
// page that asked only: never stored elsewhere, never exported.
func (a *App) RevealTipster(ctx context.Context, actor dajia.Actor, id int64, reason string) (dajia.TipContact, error) {
	var c dajia.TipContact
	t, err := a.visibleTip(ctx, actor, id)
	if err != nil {
		return c, err
	}
	sealed, err := a.db.RevealContact(ctx, actor, t.ID, reason, func(t dajia.Tip) error { return t.Reveal(actor, reason) })
	if err != nil || sealed == "" {
		return c, err
	}
	plain, err := a.sealer.Open(sealed, "tips.contact:"+t.Code)
	if err != nil {
		return c, err
	}
	return c, json.Unmarshal([]byte(plain), &c)
}

// TipQuery is a list of tips as staff ask for it.
type TipQuery struct {
	PlanID string // "" is every plan's
	View   string // "" (open tips), "queue" (the office's), "all"
	Query  string // search words
	// Campaign keeps the tips of one campaign (0: any); Month those
	// received in one month ("YYYY-MM"; "": any); Overdue the open tips
	// past their running deadline, as the to-do counts them.
	Campaign int
	Month    string
	Overdue  bool
	Limit    int // per page; 0 is 50
	Offset   int
}

// TipList is one page of tips with the counts over all of them.
type TipList struct {
	Tips    []dajia.Tip
	Total   int // tips the query matches, over every page
	Overdue int // of them past their running deadline today
	Next    int // offset of the next page; 0 when this is the last
	// WorkLeft is the working days to each listed tip's running deadline,
	// by tip id, when it has one not yet passed.
	WorkLeft map[int64]int
	// Views counts the tips of each tab the actor has ("" open, "queue"
	// the office's waiting for assignment, "all"), with the same search.
	Views map[string]int
}

// Tips lists the tips the actor may see, the most urgent first, a page at
// a time; the counts are over every page.
func (a *App) Tips(ctx context.Context, actor dajia.Actor, q TipQuery) (TipList, error) {
	today := dajia.Today(a.clock)
	var from, to dajia.Date
	if q.Month != "" {
		var ok bool
		if from, to, ok = dajia.MonthRange(q.Month); !ok {
			return TipList{}, dajia.Errorf(dajia.Invalid, "month", "月份“%s”应为 YYYY-MM", q.Month)
		}
	}
	view := func(v string) store.TipFilter {
		f := store.TipFilter{PlanID: q.PlanID, Query: strings.TrimSpace(q.Query), Units: dajia.TipUnits(actor), Limit: q.Limit, Offset: max(q.Offset, 0),
			Campaign: q.Campaign, ReceivedFrom: from, ReceivedTo: to}
		if q.Overdue {
			f.DueBy = today.AddDays(-1)
		}
		if v == "queue" && actor.Role == dajia.RoleOffice {
			f.Units = []string{dajia.OfficeKey}
		}
		if v != "all" {
			f.Statuses = []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided, dajia.TipRefused}
		}
		if f.Limit <= 0 || f.Limit > 500 {
			f.Limit = 50
		}
		return f
	}
	f := view(q.View)
	if _, err := dajia.TipSearchWords(f.Query); err != nil {
		return TipList{}, err
	}
	l := TipList{Views: map[string]int{}, WorkLeft: map[int64]int{}}
	views := []string{"", "all"}
	if actor.Role == dajia.RoleOffice {
		views = append(views, "queue")
	}
	shown := q.View // the tab of this list: an unknown view is the open tips
	if !slices.Contains(views, shown) {
		shown = ""
	}
	// The page and its counts in one reading; the other tabs are counted.
	tips, c, err := a.db.TipsPage(ctx, f, today)
	if err != nil {
		return TipList{}, err
	}
	l.Tips, l.Total, l.Overdue = tips, c.Total, c.Overdue
	for _, v := range views {
		if v == shown {
			l.Views[v] = l.Total
			continue
		}
		c, err := a.db.CountTips(ctx, view(v), today)
		if err != nil {
			return TipList{}, err
		}
		l.Views[v] = c.Total
	}
	for _, t := range tips {
		if !t.Due.IsZero() && !today.After(t.Due) {
			if n, err := a.cal.WorkdaysBetween(today, t.Due); err == nil {
				l.WorkLeft[t.ID] = n
			}
		}
	}
	if f.Offset+len(tips) < l.Total {
		l.Next = f.Offset + len(tips)
	}
	return l, nil
}

// RewardGrades are the grades of the reporting reward.
func (a *App) RewardGrades(ctx context.Context) ([]dajia.RewardGrade, error) {
	return a.db.RewardGrades(ctx)
}

// SetRewardGrades replaces the reward grades (the office), audited.
func (a *App) SetRewardGrades(ctx context.Context, actor dajia.Actor, g []dajia.RewardGrade) error {
	if err := dajia.CheckRewardGrades(g); err != nil {
		return err
	}
	return a.db.SetRewardGrades(ctx, actor, g)
}

// ExportTips hands each tip the actor may see under the plan that matches
// the query to each, a page at a time however many there are, and records
// the export in the audit trail. The tipster's contact is never part of
// an export.
func (a *App) ExportTips(ctx context.Context, actor dajia.Actor, planID, query string, each func(dajia.Tip) error) (int, error) {
	f := store.TipFilter{PlanID: planID, Query: strings.TrimSpace(query), Units: dajia.TipUnits(actor), Limit: 500}
	if _, err := dajia.TipSearchWords(f.Query); err != nil {
		return 0, err
	}
	n := 0
	for f.Units == nil || len(f.Units) > 0 {
		tips, err := a.db.Tips(ctx, f)
		if err != nil {
			return n, err
		}
		for _, t := range tips {
			if err := each(t); err != nil {
				return n, err
			}
			n++
		}
		if len(tips) < f.Limit {
			break
		}
		f.Offset += len(tips)
	}
	return n, a.db.Audit(ctx, actor, store.AuditEntry{Action: "tip.export", Object: "tips", After: map[string]any{"q": f.Query, "count": n}})
}
