package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/mail"
	"net/url"
	"path/filepath"
	"strings"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

type todoPage struct {
	Page
	Plan          *dajia.Plan
	PlanID        string
	Items         []todoItem
	Notes         []store.Notification
	UnitName      string
	MonthComplete bool
}

// todoHome is the signed-in business user's start page: what to do next,
// by deadline.
func (s *Server) todoHome(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "待办")
	pg.Title = pg.T("待办")
	items, err := s.todo(r, v.Plan, v.PlanID)
	if err != nil {
		return err
	}
	a := actorOf(r)
	unit := a.Unit
	if a.Role == dajia.RoleOffice {
		unit = dajia.OfficeKey
	}
	var notes []store.Notification
	if unit != "" {
		if notes, err = s.db.Notifications(r.Context(), unit, 5); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "todo", todoPage{Page: pg, Plan: v.Plan, PlanID: v.PlanID, Items: items, Notes: notes,
		UnitName: v.Plan.DisplayName(a.Unit)})
}

type reportsPage struct {
	Page
	PlanID string
	M      matrixData
}

func (s *Server) reportsMatrix(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	rule, err := ruleParam(r, v.Plan)
	if err != nil {
		return err
	}
	m, err := s.matrix(r, v.Plan, v.PlanID, rule)
	if err != nil {
		return err
	}
	pg := s.page(r, "信息报送")
	pg.Title = pg.T("信息报送")
	return s.render(w, r, http.StatusOK, "reports", reportsPage{Page: pg, PlanID: v.PlanID, M: m})
}

type reportPage struct {
	Page
	R          store.Report
	Plan       *dajia.Plan
	UnitName   string
	Rule       dajia.ReportingRule
	Indicators []dajia.Indicator
	Inputs     map[string]string // what the form shows: stored figures or what was typed
	Prefill    map[string]string // what dajia counted from recorded work, by indicator
	Differs    map[string]bool   // the typed figure differs from the count
	Errors     map[string]string
	Problems   []dajia.FieldError
	Outliers   []dajia.Outlier
	Events     []store.ReportEvent
	Files      []store.Attachment
	Timeliness dajia.Timeliness
	WorkLeft   int
	CanEdit    bool
	Acts       map[string]bool // workflow steps the actor may take now
	Message    string
	Error      string
}

func (s *Server) reportData(r *http.Request, rep store.Report, p *dajia.Plan) (reportPage, error) {
	pg := s.page(r, "报表")
	a := actorOf(r)
	rule := ruleOf(p, rep)
	d := reportPage{Page: pg, R: rep, Plan: p, UnitName: p.DisplayName(rep.Unit), Rule: rule, Indicators: rule.IndicatorsOf(),
		Inputs: map[string]string{}, Errors: map[string]string{}, Timeliness: rep.Timeliness(pg.Today),
		CanEdit: a.MayEdit(rep.Unit, rep.Status), Acts: map[string]bool{}}
	d.Title = fmt.Sprintf("%s %s%s", d.UnitName, rep.Period.Label(), rep.RuleName)
	for k, v := range rep.Values {
		d.Inputs[k] = v.String()
	}
	if err := s.prefill(r, rep, &d); err != nil {
		return d, err
	}
	for _, act := range []dajia.ReportAction{dajia.ActSubmit, dajia.ActApprove, dajia.ActAccept, dajia.ActReturn, dajia.ActReopen} {
		_, err := rep.Status.Next(act)
		d.Acts[string(act)] = err == nil && a.MayAct(act, rep.Unit, rep.Status)
	}
	if n, err := s.cal.WorkdaysBetween(pg.Today, rep.Due); err == nil {
		d.WorkLeft = n
	}
	var err error
	if d.Events, err = s.db.ReportEvents(r.Context(), rep.ID); err != nil {
		return d, err
	}
	if d.Files, err = s.db.Attachments(r.Context(), rep.ID); err != nil {
		return d, err
	}
	if rep.Status == dajia.ReportDraft && d.CanEdit {
		if _, d.Outliers, err = s.validateReport(r, p, rep); err != nil {
			return d, err
		}
	}
	return d, nil
}

// prefill counts what dajia recorded for the unit in the period: today the
// tips it handles (受理投诉举报). A figure never saved starts from the count;
// a typed figure that differs is highlighted beside it.
func (s *Server) prefill(r *http.Request, rep store.Report, d *reportPage) error {
	d.Prefill, d.Differs = map[string]string{}, map[string]bool{}
	has := false
	for _, ind := range d.Indicators {
		has = has || ind.Key == "tips_received"
	}
	if !has {
		return nil
	}
	n, err := s.db.TipsReceived(r.Context(), rep.Unit, rep.Period.Start, rep.Period.End)
	if err != nil {
		return err
	}
	count := dajia.Amount(n * dajia.AmountScale).String()
	d.Prefill["tips_received"] = count
	if _, saved := rep.Values["tips_received"]; !saved && rep.Status == dajia.ReportDraft && rep.Revision == 0 {
		d.Inputs["tips_received"] = count
	}
	d.Differs["tips_received"] = d.Inputs["tips_received"] != "" && d.Inputs["tips_received"] != count
	return nil
}

func (s *Server) reportView(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	d, err := s.reportData(r, rep, p)
	if err != nil {
		return err
	}
	d.Message = d.T(map[string]string{"saved": "已保存", "submit": "已报送，等待部门负责人审核", "approve": "已审核，报送打假办",
		"accept": "已签收", "return": "已退回", "reopen": "已重新打开", "imported": "已从 Excel 导入，请核对后报送", "attached": "附件已上传"}[r.URL.Query().Get("done")])
	return s.render(w, r, http.StatusOK, "report", d)
}

// reportSave stores the form; with "submit" it then sends the report.
func (s *Server) reportSave(w http.ResponseWriter, r *http.Request) error {
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	a := actorOf(r)
	inds := ruleOf(p, rep).IndicatorsOf()
	vals, ferrs := parseContent(inds, func(k string) (string, bool) { v, ok := r.PostForm["v_"+k]; return strings.Join(v, ""), ok })
	again := func(status int, problems []dajia.FieldError, msg string) error {
		d, err := s.reportData(r, rep, p)
		if err != nil {
			return err
		}
		for _, ind := range inds {
			d.Inputs[ind.Key] = r.PostForm.Get("v_" + ind.Key)
		}
		d.R.Zero = r.PostForm.Get("zero") != ""
		d.R.KeyCases, d.R.Practices = r.PostForm.Get("key_cases"), r.PostForm.Get("practices")
		d.Problems = problems
		for _, fe := range problems {
			d.Errors[fe.Field] = locale.Field(d.Lang, fe)
		}
		d.Error = msg
		return s.render(w, r, status, "report", d)
	}
	if len(ferrs) > 0 {
		return again(http.StatusBadRequest, ferrs, tr(r, "有数值无法识别，未保存；请按提示修改"))
	}
	rev := -1
	if v := r.PostForm.Get("revision"); v != "" {
		fmt.Sscan(v, &rev)
	}
	c := store.ReportContent{Values: vals, Zero: r.PostForm.Get("zero") != "", KeyCases: r.PostForm.Get("key_cases"), Practices: r.PostForm.Get("practices")}
	saved, err := s.db.SaveReport(r.Context(), a, id, rev, c, editableBy(a))
	if dajia.ErrorCode(err) == dajia.Invalid || dajia.ErrorCode(err) == dajia.Conflict {
		return again(http.StatusBadRequest, nil, locale.Error(s.lang(r), dajia.ErrorOf(err)))
	}
	if err != nil {
		return err
	}
	if r.PostForm.Get("then") != "submit" {
		http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=saved", id), http.StatusSeeOther)
		return nil
	}
	rep = saved
	_, err = s.transition(r, id, dajia.ActSubmit, "")
	var inv *invalidFields
	if errors.As(err, &inv) {
		return again(http.StatusBadRequest, inv.Fields, tr(r, "已保存，但未报送：请按提示修改后再报送"))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=submit", id), http.StatusSeeOther)
	return nil
}

// localized translates a Chinese text (a catalogue key) into lang.
func localized(lang, zh string, args ...any) string { return locale.Text(lang, zh, args...) }

// tr translates a Chinese text into the request's language.
func tr(r *http.Request, zh string, args ...any) string {
	return locale.Text(identityOf(r).Lang, zh, args...)
}

func (s *Server) reportAction(w http.ResponseWriter, r *http.Request) error {
	act, err := reportActionOf(r)
	if err != nil {
		return err
	}
	rep, p, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	_, err = s.transition(r, id, act, strings.TrimSpace(r.PostFormValue("reason")))
	var inv *invalidFields
	if errors.As(err, &inv) || dajia.ErrorCode(err) == dajia.Invalid || dajia.ErrorCode(err) == dajia.Conflict {
		dd, derr := s.reportData(r, rep, p)
		if derr != nil {
			return derr
		}
		if inv != nil {
			dd.Problems = inv.Fields
			for _, fe := range inv.Fields {
				dd.Errors[fe.Field] = locale.Field(dd.Lang, fe)
			}
		}
		dd.Error = locale.Error(dd.Lang, dajia.ErrorOf(err))
		return s.render(w, r, http.StatusBadRequest, "report", dd)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=%s", id, act), http.StatusSeeOther)
	return nil
}

type periodPage struct {
	Page
	S        periodSummary
	Circular string
}

func (s *Server) periodSummaryPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.periodParams(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "汇总")
	pg.Title = fmt.Sprintf("%s%s %s", ps.Period.Label(), ps.RuleName, pg.T("汇总"))
	return s.render(w, r, http.StatusOK, "period", periodPage{Page: pg, S: ps})
}

func (s *Server) circularPage(w http.ResponseWriter, r *http.Request) error {
	ps, err := s.periodParams(r)
	if err != nil {
		return err
	}
	pg := s.page(r, "通报")
	pg.Title = fmt.Sprintf("%s %s", ps.Period.Label(), pg.T("通报"))
	return s.render(w, r, http.StatusOK, "circular", periodPage{Page: pg, S: ps, Circular: circular(ps, pg.Today)})
}

func (s *Server) periodParams(r *http.Request) (periodSummary, error) {
	v, err := s.planParam(r)
	if err != nil {
		return periodSummary{}, err
	}
	rule, err := ruleParam(r, v.Plan)
	if err != nil {
		return periodSummary{}, err
	}
	period := r.URL.Query().Get("period")
	if period == "" || len(period) > 10 {
		return periodSummary{}, dajia.Errorf(dajia.Invalid, "period", "请指定报送期，如 2017-09")
	}
	return s.summary(r, v, rule, period)
}

type contactsPage struct {
	Page
	PlanID   string
	Units    []dajia.UnitRef
	Contacts map[string]store.Contact
	Error    string
	Saved    bool
}

func (s *Server) contactsForm(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	cs, err := s.db.Contacts(r.Context(), v.PlanID)
	if err != nil {
		return err
	}
	pg := s.page(r, "提醒设置")
	pg.Title = pg.T("提醒设置")
	return s.render(w, r, http.StatusOK, "contacts", contactsPage{Page: pg, PlanID: v.PlanID, Units: v.Plan.AllUnits(), Contacts: cs, Saved: r.URL.Query().Get("done") == "1"})
}

// contactsSave stores one unit's e-mail addresses and group robot.
func (s *Server) contactsSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	unit := r.PostFormValue("unit")
	ref, ok := v.Plan.Lookup(unit)
	fail := func(e error) error {
		cs, err := s.db.Contacts(r.Context(), v.PlanID)
		if err != nil {
			return err
		}
		pg := s.page(r, "提醒设置")
		pg.Title = pg.T("提醒设置")
		return s.render(w, r, http.StatusBadRequest, "contacts", contactsPage{Page: pg, PlanID: v.PlanID, Units: v.Plan.AllUnits(), Contacts: cs,
			Error: locale.Error(pg.Lang, dajia.ErrorOf(e))})
	}
	if !ok {
		return fail(dajia.Errorf(dajia.Invalid, "unit", "方案中没有单位 %q", unit))
	}
	c := store.Contact{Unit: ref.Unit.Key, WebhookKind: r.PostFormValue("webhook_kind"), WebhookURL: strings.TrimSpace(r.PostFormValue("webhook_url"))}
	for _, e := range strings.FieldsFunc(r.PostFormValue("emails"), func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == ' ' || r == '\n' }) {
		addr, err := mail.ParseAddress(e)
		if err != nil || addr.Address != e || len(e) > 200 {
			return fail(dajia.Errorf(dajia.Invalid, "emails", "电子邮箱 %q 格式不对", truncateText(e, 40)))
		}
		c.Emails = append(c.Emails, e)
	}
	if len(c.Emails) > 10 {
		return fail(dajia.Errorf(dajia.Invalid, "emails", "每个单位最多 10 个邮箱"))
	}
	switch c.WebhookKind {
	case "", "wecom", "dingtalk":
	default:
		return fail(dajia.Errorf(dajia.Invalid, "webhook_kind", "群机器人类型应为企业微信或钉钉"))
	}
	if c.WebhookURL != "" {
		u, err := url.Parse(c.WebhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(c.WebhookURL) > 500 || c.WebhookKind == "" {
			return fail(dajia.Errorf(dajia.Invalid, "webhook_url", "群机器人地址应为 http(s):// 开头的完整地址，并选择机器人类型"))
		}
	}
	if err := s.db.SetContact(r.Context(), actorOf(r), v.PlanID, c); err != nil {
		return err
	}
	http.Redirect(w, r, "/reports/contacts?done=1&plan="+url.QueryEscape(v.PlanID), http.StatusSeeOther)
	return nil
}

// attachment types accepted, by what the content is, not its name.
var attachmentTypes = map[string]string{"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png",
	"application/zip": ".docx/.xlsx"}

func (s *Server) attachmentUpload(w http.ResponseWriter, r *http.Request) error {
	rep, _, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	r.Body = http.MaxBytesReader(w, r.Body, store.MaxAttachment+64<<10)
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return dajia.Errorf(dajia.Invalid, "file", "请选择不超过 %d MB 的文件", store.MaxAttachment>>20)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, store.MaxAttachment+1))
	if err != nil || len(data) > store.MaxAttachment {
		return dajia.Errorf(dajia.Invalid, "file", "文件超过 %d MB", store.MaxAttachment>>20)
	}
	if len(data) == 0 {
		return dajia.Errorf(dajia.Invalid, "file", "文件是空的")
	}
	typ := http.DetectContentType(data)
	typ, _, _ = mime.ParseMediaType(typ)
	if _, ok := attachmentTypes[typ]; !ok {
		return dajia.Errorf(dajia.Invalid, "file", "只能上传 PDF、JPG、PNG、Word（docx）或 Excel（xlsx）文件")
	}
	name := filepath.Base(strings.ReplaceAll(hdr.Filename, "\\", "/"))
	if len([]rune(name)) > 100 || name == "." || name == "/" {
		name = "附件"
	}
	a := actorOf(r)
	if _, err := s.db.AddAttachment(r.Context(), a, id, name, typ, data, editableBy(a)); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/reports/%d?done=attached", id), http.StatusSeeOther)
	return nil
}

func (s *Server) attachmentDownload(w http.ResponseWriter, r *http.Request) error {
	aid, err := pathID(r, "aid")
	if err != nil {
		return err
	}
	rep, _, err := s.reportFor(r)
	if err != nil {
		return err
	}
	id := rep.ID
	a, data, err := s.db.AttachmentData(r.Context(), id, aid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	w.Write(data)
	return nil
}
