package dajia

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
	"unicode/utf8"
)

// Limits of what the publisher writes for the exposure page.
const (
	MaxExposureTitle = 100
	MaxExposureText  = 5000
)

// Exposure is a decided case as the public exposure page (曝光台) shows
// it: the publisher's title and account, redacted of natural persons'
// data, and the case's facts as they stood when it was published. What
// was published does not change when the case does; withdrawing keeps the
// record and takes it off the page.
type Exposure struct {
	ID           int64
	CaseID       int64
	PlanID       string
	LeadUnit     string
	CampaignNo   int
	Number       string // the case number
	Title        string // redacted
	Text         string // redacted
	Violations   []Violation
	Fine         Amount
	Confiscation Amount
	DecidedOn    Date
	PublishedOn  Date
	PublishedBy  string
	Redacted     []RedactKind // what the redaction removed, in the order of the text
	WithdrawnOn  Date
	Reason       string // why it was withdrawn
}

// Live reports whether the exposure is on the public page.
func (e Exposure) Live() bool { return e.WithdrawnOn.IsZero() }

// ExposureDraft is an exposure as its publisher reviews it before it goes
// out: the redacted texts and every redaction, with the original text
// each replaced.
type ExposureDraft struct {
	Exposure
	Redactions []Redaction
}

// Digest names what the publisher saw: the redacted title and text. A
// publication carries the digest of its preview; if drafting again gives
// another digest, the texts changed since and must be reviewed again.
func (d ExposureDraft) Digest() string {
	h := sha256.New()
	h.Write([]byte(d.Title))
	h.Write([]byte{0})
	h.Write([]byte(d.Text))
	return hex.EncodeToString(h.Sum(nil)[:12])
}

// MayExpose reports why the actor may not publish or withdraw the case's
// exposure: the office, or the head of the case's lead unit, may.
func (c Case) MayExpose(a Actor) error {
	if a.Role == RoleOffice || c.ApprovedBy(a) {
		return nil
	}
	return Errorf(Forbidden, "", "只有打假办或主办单位负责人可以曝光案件")
}

// Exposable reports why the case cannot be exposed: only a case with a
// penalty decision can.
func (c Case) Exposable() error {
	if c.DecidedOn.IsZero() || !(c.Status == CaseDecided || c.Status == CaseExecuted || c.Status == CaseClosed) {
		return Errorf(Conflict, "status", "案件当前状态为“%s”，作出处罚决定后才能曝光", c.Status.Name())
	}
	return nil
}

// DraftExposure drafts the case's exposure on day today: the title and
// text as the publisher wrote them, with the natural persons' names given
// (the legal representative's, the witnesses' …), their ID numbers, phone
// numbers and home addresses redacted.
func DraftExposure(a Actor, c Case, title, text string, names []string, today Date) (ExposureDraft, error) {
	if err := c.MayExpose(a); err != nil {
		return ExposureDraft{}, err
	}
	if err := c.Exposable(); err != nil {
		return ExposureDraft{}, err
	}
	title, text = strings.TrimSpace(title), strings.TrimSpace(text)
	var errs FieldErrors
	switch {
	case title == "":
		errs = append(errs, FieldErrorf("title", "required", "请填写曝光标题"))
	case utf8.RuneCountInString(title) > MaxExposureTitle:
		errs = append(errs, FieldErrorf("title", "too-long", "曝光标题最多 %d 字", MaxExposureTitle))
	case !utf8.ValidString(title) || strings.ContainsAny(title, "\r\n"):
		errs = append(errs, FieldErrorf("title", "invalid", "曝光标题只能是一行文字"))
	}
	switch {
	case text == "":
		errs = append(errs, FieldErrorf("text", "required", "请填写案情"))
	case utf8.RuneCountInString(text) > MaxExposureText:
		errs = append(errs, FieldErrorf("text", "too-long", "案情最多 %d 字", MaxExposureText))
	case !utf8.ValidString(text):
		errs = append(errs, FieldErrorf("text", "invalid", "案情含有无法识别的字符"))
	}
	if len(errs) > 0 {
		return ExposureDraft{}, errs
	}
	d := ExposureDraft{Exposure: Exposure{CaseID: c.ID, LeadUnit: c.LeadUnit, CampaignNo: c.CampaignNo, Number: c.Number,
		Violations: slices.Clone(c.Violations), Fine: c.Fine, Confiscation: c.Confiscation, DecidedOn: c.DecidedOn,
		PublishedOn: today, PublishedBy: a.Name}}
	var tr, xr []Redaction
	d.Title, tr = Redact(title, names)
	d.Text, xr = Redact(text, names)
	d.Redactions = append(tr, xr...)
	for _, r := range d.Redactions {
		d.Redacted = append(d.Redacted, r.Kind)
	}
	return d, nil
}

// Withdraw takes the exposure off the public page on day today, with the
// reason.
func (e *Exposure) Withdraw(a Actor, c Case, today Date, reason string) error {
	if err := c.MayExpose(a); err != nil {
		return err
	}
	if !e.Live() {
		return Errorf(Conflict, "status", "这条曝光已于 %s 撤下", e.WithdrawnOn.String())
	}
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return Errorf(Invalid, "reason", "撤下曝光须写明原因")
	case utf8.RuneCountInString(reason) > MaxCaseNote:
		return Errorf(Invalid, "reason", "原因最多 %d 字", MaxCaseNote)
	}
	e.WithdrawnOn, e.Reason = today, reason
	return nil
}
