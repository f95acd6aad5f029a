package web

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"dajia"
	"dajia/app"
	"dajia/locale"
)

// Page is what every page template gets: language, title and today.
type Page struct {
	Me      dajia.User  // the signed-in account; zero for visitors
	Actor   dajia.Actor // for permission checks in templates
	Now     time.Time
	Lang    string
	Title   string
	Today   dajia.Date
	Path    string
	Query   url.Values
	Version string
	people  func() map[string]app.Person // the accounts, loaded once when a history names them
}

// T translates a Chinese text (a catalogue key) for the page's language
// and formats it with args.
func (p Page) T(zh string, args ...any) string { return locale.Text(p.Lang, zh, args...) }

// Tr is T for pages whose data has a field named T.
func (p Page) Tr(zh string, args ...any) string { return p.T(zh, args...) }

// N translates a name the domain gives (a role's, a status's).
func (p Page) N(t dajia.Text) string { return locale.Text(p.Lang, string(t)) }

// Say words a phrase in the page's language.
func (p Page) Say(ph dajia.Phrase) string { return locale.Phrase(p.Lang, ph) }

// Problem is a domain error's message in the page's language.
func (p Page) Problem(e *dajia.Error) string { return locale.Error(p.Lang, e) }

// Can reports whether the signed-in account has a permission.
func (p Page) Can(perm string) bool { return p.Actor.Can(dajia.Permission(perm)) }

// RoleName names a role in the page's language.
func (p Page) RoleName(r dajia.Role) string { return p.N(r.Name()) }

// Time renders a time in China time.
func (p Page) Time(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(dajia.ChinaTime).Format("2006-01-02 15:04")
}

// ActName names a report workflow step.
func (p Page) ActName(act string) string {
	zh := map[string]string{"submit": "报送", "approve": "审核通过", "accept": "签收", "return": "退回修改", "reopen": "重新打开"}[act]
	if zh == "" {
		return act
	}
	return p.T(zh)
}

// Date renders a date in the page's language.
func (p Page) Date(d dajia.Date) string {
	if p.Lang == "en" {
		return d.String()
	}
	return d.Chinese()
}

// LangURL is the current page in the other language.
func (p Page) LangURL(lang string) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	q.Set("lang", lang)
	return p.Path + "?" + q.Encode()
}

// lang picks the language: ?lang= first (and remembered in a cookie), then
// the cookie, then the server's default.
func (s *Server) lang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "zh" || c.Value == "en") {
		return c.Value
	}
	return s.cfg.Lang
}

func (s *Server) page(r *http.Request, title string) Page {
	id := identityOf(r)
	ctx := r.Context()
	people := sync.OnceValue(func() map[string]app.Person {
		m, err := s.app.People(ctx)
		if err != nil {
			s.cfg.Log.Error("load the people for a history", "err", err)
		}
		return m
	})
	return Page{Me: id.User, Actor: id.Actor, Now: s.clock.Now(), Lang: s.lang(r), Title: title, Today: dajia.Today(s.clock), Path: r.URL.Path, Query: r.URL.Query(),
		people: people}
}

// keepLanguage remembers a ?lang= choice on any page for the pages after
// it, so that a reader who switches language once stays in it.
func keepLanguage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			rememberLang(w, r)
		}
		next.ServeHTTP(w, r)
	})
}

// rememberLang keeps an explicit ?lang= choice for later pages.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
}

// localized translates a Chinese text (a catalogue key) into lang.
func localized(lang, zh string, args ...any) string { return locale.Text(lang, zh, args...) }

// tr translates a Chinese text into the request's language.
func tr(r *http.Request, zh string, args ...any) string {
	return locale.Text(identityOf(r).Lang, zh, args...)
}

// UnitsBrief names a few units and counts the rest ("甲、乙、丙 等 9 个单位"),
// so that a list of a city's 200 units stays one line.
func (p Page) UnitsBrief(names []string) string {
	const shown = 6
	if len(names) <= shown {
		return strings.Join(names, p.T("、"))
	}
	return p.T("%s 等 %d 个单位", strings.Join(names[:shown], p.T("、")), len(names))
}

// Who names the person behind a login name of a history: "张三（工商分局）",
// "公众" or "系统", never the login name of someone who has a name.
func (p Page) Who(login string) string {
	var people map[string]app.Person
	if p.people != nil {
		people = p.people()
	}
	who := app.PersonOf(people, login)
	switch {
	case who.Public:
		return p.T("公众")
	case who.System:
		return p.T("系统")
	case who.Unit != "":
		return p.T("%s（%s）", who.Name, who.Unit)
	case who.Role != "":
		return p.T("%s（%s）", who.Name, p.RoleName(who.Role))
	}
	return who.Name
}
