package web

import (
	"net/http"
	"net/url"

	"dajia"
)

// english translates the Chinese texts of the pages. Chinese is the source
// language: a text missing here shows in Chinese, and a test checks that
// every text the templates use has an entry.
var english = map[string]string{
	"打假工作平台":     "Anti-counterfeiting work platform",
	"方案":         "Plans",
	"方案列表":       "Plans",
	"工作方案":       "Work plan",
	"专项打假":       "Campaigns",
	"部门和单位":      "Departments and units",
	"工作阶段":       "Phases",
	"信息报送":       "Reporting",
	"工作目标":       "Goals",
	"工作原则":       "Principles",
	"工作要求":       "Requirements",
	"发文机关":       "Issuer",
	"发文日期":       "Issued on",
	"文号":         "Number",
	"主送":         "To",
	"依据":         "Basis",
	"编号":         "No.",
	"名称":         "Name",
	"产品类别":       "Product categories",
	"重点产品":       "Focus products",
	"重点对象":       "Target businesses",
	"重点场所":       "Places in focus",
	"牵头部门":       "Lead",
	"配合部门":       "Support",
	"上级机关":       "upper-level body",
	"由打假办转交":     "forwarded by the office",
	"今天":         "Today",
	"当前阶段":       "Current phase",
	"至":          "to",
	"统一集中行动":     "unified joint actions",
	"次":          "",
	"年度":         "Year",
	"版本":         "Version",
	"更新时间":       "Updated",
	"打假办":        "Office",
	"设在":         "hosted by",
	"联系人":        "Contact",
	"电话":         "Phone",
	"牵头的专项":      "Campaigns it leads",
	"配合的专项":      "Campaigns it supports",
	"报送义务":       "Reporting duties",
	"下次报送截止":     "Next report due",
	"报送期":        "Period",
	"剩余工作日":      "working days left",
	"无":          "None",
	"方案检查":       "Plan check",
	"错误":         "error",
	"警告":         "warning",
	"提示":         "note",
	"未发现问题":      "No findings",
	"位置":         "Where",
	"规则":         "Rule",
	"说明":         "Message",
	"下载方案文件":     "Download plan file",
	"原文":         "Text",
	"返回方案":       "Back to the plan",
	"出错了":        "Something went wrong",
	"返回首页":       "Home",
	"部门":         "Department",
	"单位":         "Unit",
	"级别":         "Level",
	"也称":         "Also called",
	"报送内容":       "Contents",
	"报送对象":       "Report to",
	"报送单位":       "Reporting units",
	"没有方案":       "No plans yet",
	"负责":         "responsible for",
	"的全部":        "all of",
	"截止日期":       "Due",
	"阶段":         "Phase",
	"起止":         "Dates",
	"已结束":        "ended",
	"进行中":        "running",
	"未开始":        "not started",
	"方案尚未开始":     "The plan has not started yet",
	"方案各阶段已结束":   "All phases of the plan have ended",
	"不在任何阶段":     "between phases",
	"天后开始":       "days until it starts",
	"剩余":         "left",
	"天":          "days",
	"本年度报送已全部到期": "All reports of the plan year have fallen due",
	"中文":         "中文",
	"English":    "English",
	"跳到正文":       "Skip to content",
	"专项":         "Campaign",
	"个":          "",
	"项":          "",
	"共":          "",
	"牵头":         "leads",
	"配合":         "supports",
	"第":          "",
	"打印":         "Print",
}

// Page is what every page template gets: language, title and today.
type Page struct {
	Lang    string
	Title   string
	Today   dajia.Date
	Path    string
	Query   url.Values
	Version string
}

// T translates a Chinese text for the page's language.
func (p Page) T(zh string) string {
	if p.Lang == "en" {
		if en, ok := english[zh]; ok {
			return en
		}
	}
	return zh
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
	return Page{Lang: s.lang(r), Title: title, Today: dajia.Today(s.cfg.Clock), Path: r.URL.Path, Query: r.URL.Query()}
}

// rememberLang keeps an explicit ?lang= choice for later pages.
func rememberLang(w http.ResponseWriter, r *http.Request) {
	if l := r.URL.Query().Get("lang"); l == "zh" || l == "en" {
		http.SetCookie(w, &http.Cookie{Name: "lang", Value: l, Path: "/", MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	}
}

// HasEnglish reports whether a page text has a translation; for tests.
func HasEnglish(zh string) bool {
	_, ok := english[zh]
	return ok
}
