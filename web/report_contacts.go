package web

import (
	"net/http"
	"net/mail"
	"net/url"
	"strings"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// The reminder settings of a plan: each unit's e-mail addresses and group
// robot.

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
	cs, err := s.app.Contacts(r.Context(), v.PlanID)
	if err != nil {
		return err
	}
	pg := s.page(r, "提醒设置")
	pg.Title = pg.T("提醒设置")
	return s.render(w, r, http.StatusOK, "contacts", contactsPage{Page: pg, PlanID: v.PlanID, Units: v.Plan.AllUnits(), Contacts: cs, Saved: r.URL.Query().Get("done") == "1"})
}

// decodeContact reads one unit's contact from the form: addresses
// separated by commas, semicolons, spaces or lines, at most 10; a robot of
// a known kind at a full http(s) address.
func decodeContact(r *http.Request) (store.Contact, error) {
	c := store.Contact{Unit: r.PostFormValue("unit"), WebhookKind: r.PostFormValue("webhook_kind"), WebhookURL: strings.TrimSpace(r.PostFormValue("webhook_url"))}
	for _, e := range strings.FieldsFunc(r.PostFormValue("emails"), func(r rune) bool { return r == ',' || r == '，' || r == ';' || r == ' ' || r == '\n' }) {
		addr, err := mail.ParseAddress(e)
		if err != nil || addr.Address != e || len(e) > 200 {
			return c, dajia.Errorf(dajia.Invalid, "emails", "电子邮箱 %q 格式不对", truncateText(e, 40))
		}
		c.Emails = append(c.Emails, e)
	}
	if len(c.Emails) > 10 {
		return c, dajia.Errorf(dajia.Invalid, "emails", "每个单位最多 10 个邮箱")
	}
	switch c.WebhookKind {
	case "", "wecom", "dingtalk":
	default:
		return c, dajia.Errorf(dajia.Invalid, "webhook_kind", "群机器人类型应为企业微信或钉钉")
	}
	if c.WebhookURL != "" {
		u, err := url.Parse(c.WebhookURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(c.WebhookURL) > 500 || c.WebhookKind == "" {
			return c, dajia.Errorf(dajia.Invalid, "webhook_url", "群机器人地址应为 http(s):// 开头的完整地址，并选择机器人类型")
		}
	}
	return c, nil
}

// contactsSave stores one unit's e-mail addresses and group robot.
func (s *Server) contactsSave(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	c, err := decodeContact(r)
	if err == nil {
		err = s.app.SetContact(r.Context(), actorOf(r), v, c)
	}
	if dajia.ErrorCode(err) == dajia.Invalid {
		cs, cerr := s.app.Contacts(r.Context(), v.PlanID)
		if cerr != nil {
			return cerr
		}
		pg := s.page(r, "提醒设置")
		pg.Title = pg.T("提醒设置")
		return s.render(w, r, http.StatusBadRequest, "contacts", contactsPage{Page: pg, PlanID: v.PlanID, Units: v.Plan.AllUnits(), Contacts: cs,
			Error: locale.Error(pg.Lang, dajia.ErrorOf(err))})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/reports/contacts?done=1&plan="+url.QueryEscape(v.PlanID), http.StatusSeeOther)
	return nil
}
