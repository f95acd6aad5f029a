package app

import (
	"context"
	"strings"

	"dajia"
	"dajia/store"
)

// ExposureInput is what the publisher writes for a case's exposure: the
// title, the account of the case, and the natural persons' names to
// redact, one per entry (a form's lines or a list).
type ExposureInput struct {
	Title string   `json:"title"`
	Text  string   `json:"text"`
	Names []string `json:"names"`
}

// MaxExposureNames is how many names a publisher lists.
const MaxExposureNames = 50

// ExposurePreview is a draft as its publisher reviews it: the draft, with
// the legal representative's name, which the publisher may not read, shown
// masked in the list of redactions.
type ExposurePreview struct {
	dajia.ExposureDraft
	Digest string
	// The redacted title and text in parts, each redaction a part of its
	// own with its kind, for the preview to highlight.
	TitleParts, TextParts []RedactedPart
}

// RedactedPart is a piece of a redacted text: as published, and the kind
// of what it replaced ("" for the publisher's own words).
type RedactedPart struct {
	Text string
	Kind dajia.RedactKind
}

// redactedParts cuts a redacted text into its parts.
func redactedParts(text string, names []string) []RedactedPart {
	_, rs := dajia.Redact(text, names)
	var out []RedactedPart
	at := 0
	for _, r := range rs {
		if r.Start > at {
			out = append(out, RedactedPart{Text: text[at:r.Start]})
		}
		out = append(out, RedactedPart{Text: r.Replacement, Kind: r.Kind})
		at = r.End
	}
	if at < len(text) {
		out = append(out, RedactedPart{Text: text[at:]})
	}
	return out
}

func exposureNotFound() error {
	return dajia.Errorf(dajia.NotFound, "exposure", "没有这条曝光")
}

// names is the publisher's list cleaned: trimmed, each once, bounded.
func (in ExposureInput) names() ([]string, error) {
	var out []string
	for _, n := range in.Names {
		for _, line := range strings.Split(n, "\n") {
			line = strings.TrimSpace(line)
			if line == "" || len([]rune(line)) > 50 {
				if line != "" {
					return nil, dajia.Errorf(dajia.Invalid, "names", "每个姓名最多 %d 个字", 50)
				}
				continue
			}
			out = append(out, line)
		}
	}
	out = distinct(out)
	if len(out) > MaxExposureNames {
		return nil, dajia.Errorf(dajia.Invalid, "names", "要隐去的姓名最多 %d 个", MaxExposureNames)
	}
	return out, nil
}

// draftExposure drafts the exposure of a case the actor may see: the
// names the publisher lists and the legal representative of the case's
// entity, when its record has one, are redacted. It answers the draft with
// the representative's name masked in its redactions.
func (a *App) draftExposure(ctx context.Context, actor dajia.Actor, caseID int64, in ExposureInput) (ExposurePreview, error) {
	r, err := a.Case(ctx, actor, caseID)
	if err != nil {
		return ExposurePreview{}, err
	}
	// Who may publish is checked before anything of the entity is read.
	if err := r.MayExpose(actor); err != nil {
		return ExposurePreview{}, err
	}
	if err := r.Exposable(); err != nil {
		return ExposurePreview{}, err
	}
	names, err := in.names()
	if err != nil {
		return ExposurePreview{}, err
	}
	var rep, masked string
	if r.EntityID != 0 {
		e, err := a.db.Entity(ctx, r.EntityID)
		if err != nil {
			return ExposurePreview{}, err
		}
		if e.LegalRepSealed != "" {
			if rep, err = a.sealer.Open(e.LegalRepSealed, legalRepAAD); err != nil {
				return ExposurePreview{}, err
			}
			rep, masked = strings.TrimSpace(rep), e.LegalRepMasked
			names = append(names, rep)
		}
	}
	d, err := dajia.DraftExposure(actor, r.Case, in.Title, in.Text, names, dajia.Today(a.clock))
	if err != nil {
		return ExposurePreview{}, err
	}
	d.PlanID = r.PlanID
	for i := range d.Redactions {
		if rep != "" && strings.Contains(d.Redactions[i].Text, rep) {
			d.Redactions[i].Text = masked
		}
	}
	return ExposurePreview{ExposureDraft: d, Digest: d.Digest(), TitleParts: redactedParts(strings.TrimSpace(in.Title), names),
		TextParts: redactedParts(strings.TrimSpace(in.Text), names)}, nil
}

// DraftExposure drafts the exposure of a decided case for its publisher
// (the office or the lead unit's head) to review: the redacted title and
// text, every redaction and the digest to confirm with. Nothing is saved.
func (a *App) DraftExposure(ctx context.Context, actor dajia.Actor, caseID int64, in ExposureInput) (ExposurePreview, error) {
	return a.draftExposure(ctx, actor, caseID, in)
}

// PublishExposure publishes the exposure of a case: it drafts again from
// the same input and refuses when the digest is not the one previewed, so
// that what goes out is what the publisher saw. Saved with its audit
// record; a case has one live exposure at a time.
func (a *App) PublishExposure(ctx context.Context, actor dajia.Actor, caseID int64, in ExposureInput, digest string) (dajia.Exposure, error) {
	p, err := a.draftExposure(ctx, actor, caseID, in)
	if err != nil {
		return dajia.Exposure{}, err
	}
	if strings.TrimSpace(digest) == "" || digest != p.Digest {
		return dajia.Exposure{}, dajia.Errorf(dajia.Conflict, "digest", "曝光内容与预览的不一致，请重新预览，核对隐去的内容后再发布")
	}
	return a.db.CreateExposure(ctx, actor, p.Exposure)
}

// WithdrawExposure takes an exposure off the public page with the reason:
// the office or the head of the case's lead unit; audited.
func (a *App) WithdrawExposure(ctx context.Context, actor dajia.Actor, id int64, reason string) (dajia.Exposure, error) {
	today := dajia.Today(a.clock)
	return a.db.WithdrawExposure(ctx, actor, id, func(e *dajia.Exposure, c store.CaseRecord) error {
		if !c.VisibleTo(actor) {
			return exposureNotFound()
		}
		return e.Withdraw(actor, c.Case, today, reason)
	})
}

// ExposurePage is how many exposures a public page lists.
const ExposurePage = 20

// ExposureList is one page of the public exposure list.
type ExposureList struct {
	Exposures []dajia.Exposure
	Next      int64 // the before of the next page; 0 when this is the last
}

// Exposures lists the live exposures for the public, newest first, a page
// at a time: those with ids below before (0: from the newest).
func (a *App) Exposures(ctx context.Context, before int64) (ExposureList, error) {
	if before < 0 {
		return ExposureList{}, dajia.Errorf(dajia.Invalid, "before", "页码不正确")
	}
	es, err := a.db.LiveExposures(ctx, before, ExposurePage+1)
	if err != nil {
		return ExposureList{}, err
	}
	l := ExposureList{Exposures: es}
	if len(es) > ExposurePage {
		l.Exposures = es[:ExposurePage]
		l.Next = l.Exposures[ExposurePage-1].ID
	}
	return l, nil
}

// Exposure returns a live exposure for the public; a withdrawn one is not
// found.
func (a *App) Exposure(ctx context.Context, id int64) (dajia.Exposure, error) {
	e, err := a.db.Exposure(ctx, id)
	if err != nil {
		return e, err
	}
	if !e.Live() {
		return dajia.Exposure{}, exposureNotFound()
	}
	return e, nil
}

// ExposuresOfCase lists the exposures of a case the actor may see, live
// and withdrawn, newest first.
func (a *App) ExposuresOfCase(ctx context.Context, actor dajia.Actor, caseID int64) ([]dajia.Exposure, error) {
	if _, err := a.Case(ctx, actor, caseID); err != nil {
		return nil, err
	}
	return a.db.ExposuresOfCase(ctx, caseID)
}
