package dajia

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// YearEnd is the year-end summary of a plan (年度打假工作总结): the head of
// the document the office sets when it generates it, and every figure of
// the year as the records add them up. The .docx and .xlsx writers render
// it; nothing in it is computed by them.
type YearEnd struct {
	Head YearEndHead
	// Saved and SavedBy: when and by whom Head was kept at the last
	// generation from the page; zero when Head is the plan's suggestion.
	Saved     time.Time
	SavedBy   string
	PlanID    string
	PlanTitle string
	PlanNo    string // the plan's document number
	Year      int
	Today     Date

	Campaigns []CampaignYear
	// Unassigned is what the records of no campaign add up to (未归入专项,
	// No 0): the publicity, most often, and the tips' clues not routed to
	// a campaign. The campaigns and this row add up to Total.
	Unassigned CampaignYear
	Total      CampaignYear // the town's whole figures
	Actions    []ActionYear
	Phases     []ActionTally // joint actions asked for and done, by phase
	Reporting  []UnitReporting
	// ReportingTotal is the town's rates over every rule's due reports.
	ReportingTotal Rates
	Months         []MonthFigures
	// Units is each unit's work under each campaign (no amounts: those
	// are the cases', counted by campaign).
	Units []UnitYear
	// Reports is every report of the year, rule by rule, period by
	// period, unit by unit: the reporting matrix in rows.
	Reports []ReportLine
}

// UnitYear is what one unit recorded under one campaign in the year.
type UnitYear struct {
	CampaignNo  int
	Campaign    string
	Unit        string // key
	Name        string
	Clues       int
	Opened      int
	Closed      int
	Inspections int
	Findings    int
	Samplings   PassRate
	Surveys     int
	Publicity   int
	Reach       Reach
}

// ReportLine is one unit's report for one period, as the matrix shows it.
type ReportLine struct {
	Rule        string
	Period      string // the period's label
	Unit        string // key
	Name        string
	Due         Date
	SubmittedOn Date // first sent; zero when never
	Timeliness  Timeliness
}

// YearEndHead is what the office sets on the document: its number
// (发文字号), the issuing organ and date, the addressees (主送), copies
// (抄送), and the problems and next steps it writes. An empty problems or
// next-steps text is replaced by draft sentences drawn from the figures,
// marked as drafts.
type YearEndHead struct {
	Number     string
	Issuer     string
	IssuedOn   Date
	Recipients string
	Copies     string
	Problems   string
	NextSteps  string
}

// Bounds of the head's texts, in characters.
const (
	maxYearEndLine = 100
	maxYearEndText = 5000
)

// Check reports every problem of the head at once.
func (h YearEndHead) Check() []FieldError {
	var errs []FieldError
	for _, f := range []struct {
		field, v, missing string
		max               int
	}{
		{"number", h.Number, "请填写发文字号", maxYearEndLine}, {"issuer", h.Issuer, "请填写发文机关", maxYearEndLine},
		{"recipients", h.Recipients, "请填写主送机关", 500}, {"copies", h.Copies, "", 500},
		{"problems", h.Problems, "", maxYearEndText}, {"next_steps", h.NextSteps, "", maxYearEndText},
	} {
		switch n := utf8.RuneCountInString(f.v); {
		case f.missing != "" && strings.TrimSpace(f.v) == "":
			errs = append(errs, FieldError{Field: f.field, Rule: "required", Message: f.missing, Key: f.missing})
		case n > f.max:
			errs = append(errs, FieldErrorf(f.field, "invalid", "最多 %d 个字", f.max))
		}
	}
	if h.IssuedOn.IsZero() {
		errs = append(errs, FieldErrorf("issued_on", "invalid", "日期应为 YYYY-MM-DD"))
	}
	return errs
}

// Rows are the rows of the campaigns' table: each campaign, the records
// of no campaign when there are any, and the total.
func (y YearEnd) Rows() []CampaignYear {
	rows := append([]CampaignYear{}, y.Campaigns...)
	if !y.Unassigned.Empty() {
		rows = append(rows, y.Unassigned)
	}
	return append(rows, y.Total)
}

// Empty reports whether nothing was recorded under the campaign.
func (c CampaignYear) Empty() bool {
	return c.Clues == 0 && c.Opened == 0 && c.Closed == 0 && c.Inspections == 0 && c.Samplings.Total() == 0 && c.Surveys == 0 && c.Publicity == 0
}

// UnassignedName names the row of the records of no campaign.
const UnassignedName = "未归入专项"

// CampaignYear is what one campaign did in the year.
type CampaignYear struct {
	No          int
	Name        string
	Leads       []string // lead units' names
	Clues       int      // clues (tips and other sources) it leads
	Opened      int      // cases opened
	Closed      int      // cases closed
	Value       Amount   // goods value of its cases (货值)
	Fines       Amount   // fines and confiscations (罚没)
	Transferred int      // cases transferred to the police
	Inspections int
	Findings    int // inspections that found a problem
	Samplings   PassRate
	Surveys     int // survey findings of its categories
	Publicity   int
	Reach       Reach
}

// Add adds another row's figures to this one.
func (c *CampaignYear) Add(o CampaignYear) {
	c.Clues += o.Clues
	c.Opened += o.Opened
	c.Closed += o.Closed
	c.Value += o.Value
	c.Fines += o.Fines
	c.Transferred += o.Transferred
	c.Inspections += o.Inspections
	c.Findings += o.Findings
	c.Samplings = c.Samplings.Add(o.Samplings)
	c.Surveys += o.Surveys
	c.Publicity += o.Publicity
	c.Reach = c.Reach.Add(o.Reach)
}

// ActionYear is a joint action of the year and what was recorded under it.
type ActionYear struct {
	Name        string
	Start, End  Date
	Units       []string // participating units' names
	Done        bool
	Summary     string
	Clues       int
	Cases       int
	Inspections int
	Samplings   int
	Failed      int
}

// UnitReporting is one unit's reporting discipline over the year: its
// reports due, sent and sent on time, under every rule.
type UnitReporting struct {
	Unit  string // key
	Name  string
	Rates Rates
}

// MonthFigures is one month's work (month "2017-09").
type MonthFigures struct {
	Month       string
	Clues       int
	Opened      int
	Closed      int
	Inspections int
	Samplings   int
	Failed      int
	Publicity   int
}

// Title is the document's title (标题).
func (y YearEnd) Title() string {
	return fmt.Sprintf("关于%d年打假工作情况的总结", y.Year)
}

// SuggestNumber proposes a document number (发文字号) from the plan: the
// first character of the jurisdiction's own name (港 for 中山市港口镇),
// 打假, the year and a serial the office completes.
func SuggestNumber(p *Plan) string {
	name := strings.TrimPrefix(p.Jurisdiction.Name, p.Jurisdiction.Parent)
	r, _ := utf8.DecodeRuneInString(name)
	prefix := ""
	if r != utf8.RuneError && unicode.Is(unicode.Han, r) {
		prefix = string(r)
	}
	return fmt.Sprintf("%s打假〔%d〕1号", prefix, p.Year)
}

// SuggestIssuer is the issuing organ: the office named with its
// jurisdiction (中山市港口镇打假办 for 镇打假办 of 中山市港口镇).
func SuggestIssuer(p *Plan) string {
	if p.Office == nil || p.Office.Name == "" {
		return p.Jurisdiction.Name
	}
	name := p.Office.Name
	for _, level := range []string{"镇", "县", "区", "市", "省"} {
		if strings.HasPrefix(name, level) && strings.HasSuffix(p.Jurisdiction.Name, level) {
			name = strings.TrimPrefix(name, level)
			break
		}
	}
	return p.Jurisdiction.Name + name
}

// SuggestRecipients are the plan's departments of its own level, as the
// addressees (主送) of the summary.
func SuggestRecipients(p *Plan) string {
	var names []string
	for _, u := range p.Departments {
		if u.Level == "" || u.Level == p.Jurisdiction.Level {
			names = append(names, u.Name)
		}
	}
	if len(names) == 0 {
		return p.Document.Recipients
	}
	return strings.Join(names, "、")
}

// Paragraph is a paragraph of the summary's text; a draft is one dajia
// wrote from the figures for the office to rewrite.
type Paragraph struct {
	Text  string
	Draft bool
}

// paragraphs splits the office's text into paragraphs, one a line.
func paragraphs(s string) []Paragraph {
	var out []Paragraph
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, Paragraph{Text: l})
		}
	}
	return out
}

// ProblemParagraphs is the problems section: the office's text, or
// draft sentences drawn from the figures (units that reported late or
// missed reports, the lowest pass rate, cases still open).
func (y YearEnd) ProblemParagraphs() []Paragraph {
	if p := paragraphs(y.Head.Problems); len(p) > 0 {
		return p
	}
	var out []Paragraph
	var late []string
	for _, u := range y.Reporting {
		if u.Rates.OnTime.Den > 0 && u.Rates.OnTime.Num < u.Rates.OnTime.Den {
			late = append(late, fmt.Sprintf("%s（及时率%d%%）", u.Name, u.Rates.OnTime.Percent()))
		}
	}
	if len(late) > 0 {
		out = append(out, Paragraph{Draft: true, Text: "信息报送不够及时：" + strings.Join(late, "、") + "存在迟报或未报情况。"})
	}
	lowest, rate := "", 1001
	for _, c := range y.Campaigns {
		if t, ok := c.Samplings.Percent(); ok && t < rate && c.Samplings.Failed > 0 {
			lowest, rate = c.Name, t
		}
	}
	if lowest != "" {
		out = append(out, Paragraph{Draft: true, Text: fmt.Sprintf("%s抽检合格率为%d.%d%%，为各专项中最低，产品质量问题仍较突出。", lowest, rate/10, rate%10)})
	}
	if open := y.Total.Opened - y.Total.Closed; open > 0 {
		out = append(out, Paragraph{Draft: true, Text: fmt.Sprintf("全年立案%d宗，尚有%d宗未结案，案件办理进度有待加快。", y.Total.Opened, open)})
	}
	if len(out) == 0 {
		out = append(out, Paragraph{Draft: true, Text: "（请打假办填写存在的问题。）"})
	}
	return out
}

// NextStepParagraphs is the next-steps section: the office's text, or
// draft sentences that answer the problems found in the figures.
func (y YearEnd) NextStepParagraphs() []Paragraph {
	if p := paragraphs(y.Head.NextSteps); len(p) > 0 {
		return p
	}
	var out []Paragraph
	for _, p := range y.ProblemParagraphs() {
		switch {
		case strings.HasPrefix(p.Text, "信息报送"):
			out = append(out, Paragraph{Draft: true, Text: "进一步规范信息报送，对迟报、漏报的单位提出整改要求，确保每月5日前按时报送。"})
		case strings.Contains(p.Text, "抽检合格率"):
			out = append(out, Paragraph{Draft: true, Text: "加大合格率偏低产品的抽检和整治力度，对不合格产品依法查处并跟踪整改。"})
		case strings.Contains(p.Text, "未结案"):
			out = append(out, Paragraph{Draft: true, Text: "加快在办案件的办理进度，按期结案，涉嫌犯罪的及时移送公安机关。"})
		}
	}
	out = append(out, Paragraph{Draft: true, Text: "总结经验，进一步明确长效监管要求，保持打假高压态势。"})
	return out
}
