package web

// The review (检查总结): the scorecard of a plan's lead units, each score
// explained by its inputs and each input linked to its records; the
// office's weights; the same card as JSON and as a workbook for the
// summary meeting. Page, API and export call the same use case.

import (
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/app"
	"dajia/locale"
	"dajia/store"
)

// reviewRoutes are the routes of the review.
func (s *Server) reviewRoutes() []route {
	h := s.adapt
	b := dajia.PermBusiness
	return []route{
		{"GET /review", b, h(s.reviewPage), false},
		{"GET /review.xlsx", b, h(s.reviewXLSX), false},
		{"GET /review/weights", dajia.PermManagePlans, h(s.reviewWeightsForm), false},
		{"POST /review/weights", dajia.PermManagePlans, h(s.reviewWeightsSave), false},
		{"GET /api/v1/review", b, h(s.apiReview), false},

		{"POST /rectifications/{id}/items/{no}/files", b, h(s.rectFileUpload), false},
		{"GET /rectifications/{id}/files/{fid}", b, h(s.rectFileDownload), false},
	}
}

// reviewRequirement is what a notice asks of a unit that scored low on an
// indicator: the draft item the scorecard's link prefills.
var reviewRequirement = map[dajia.ReviewIndicator]string{
	dajia.ReviewOnTime:    "查明报表逾期原因，落实专人负责，今后按时报送",
	dajia.ReviewComplete:  "补报未报送的报表",
	dajia.ReviewClues:     "对超期线索逐条说明原因，按期作出处理决定",
	dajia.ReviewCases:     "加快办理未办结的案件，按期办结",
	dajia.ReviewTransfers: "严格执行移送时限：负责人3日内决定，批准后24小时内移送",
	dajia.ReviewActions:   "按要求派员参加集中行动，如实填报出动力量",
	dajia.ReviewPublicity: "按计划开展打假宣传活动并及时录入",
}

// reviewInput is one indicator of a row as the page explains it: its
// counts with the lists behind them, its score and its weight.
type reviewInput struct {
	dajia.ReviewScore
	Name string
	// Explain is "按时报送 9/11 期" with each count a link to its records:
	// the catalogue's text with the links, which only dajia writes.
	Explain   template.HTML
	NumURL    string // the records counted for the unit
	DenURL    string // the records judged
	Plain     string // the counts without links: "9/11"
	Extra     string // what is not judged yet, when anything
	ScoreText string // "81.8" or "无数据"
}

// reviewRowView is a unit's row as the page shows it.
type reviewRowView struct {
	dajia.ReviewRow
	Name      string
	Inputs    []reviewInput
	TotalText string // "70.5" or "无数据"
	GradeName string
	// RectURL opens the office's notice form prefilled for the unit.
	RectURL string
}

type reviewPageData struct {
	Page
	Card  app.ReviewCard
	Plans []store.PlanSummary
	Rows  []reviewRowView
	Names []string // the indicators' names in order
	// WeightList words the weights: "报送及时率 20%".
	WeightList []string
}

// score1 writes a score with one decimal.
func score1(x float64) string { return strconv.FormatFloat(dajia.Round1(x), 'f', 1, 64) }

// reviewRows words the card's rows for the page in its language.
func reviewRows(pg Page, card app.ReviewCard) []reviewRowView {
	p := card.Plan
	q := func(path string, kv ...string) string {
		v := url.Values{"plan": {card.PlanID}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return path + "?" + v.Encode()
	}
	var out []reviewRowView
	for _, r := range card.Rows {
		u := r.Unit
		rv := reviewRowView{ReviewRow: r, Name: unitDisplay(p, u), TotalText: pg.T("无数据"), GradeName: pg.N(r.Grade.Name())}
		if r.HasTotal {
			rv.TotalText = score1(r.Total)
		}
		for _, s := range r.Scores {
			in := reviewInput{ReviewScore: s, Name: pg.N(s.Indicator.Name()), ScoreText: pg.T("无数据")}
			if s.HasData {
				in.ScoreText = score1(s.Score)
			}
			num, den := "", ""
			// Each count links to exactly the records it counts; a count
			// no list can hold exactly (the reporting matrix counts the
			// periods due, sent or not, over every rule) is shown without
			// a link.
			link := func(n int, href string) string {
				if href == "" {
					return strconv.Itoa(n)
				}
				return `<a href="` + html.EscapeString(href) + `">` + strconv.Itoa(n) + `</a>`
			}
			var text string
			switch s.Indicator {
			case dajia.ReviewOnTime:
				text = pg.T("按时报送 %s/%s 期", link(s.Num, ""), link(s.Den, ""))
			case dajia.ReviewComplete:
				text = pg.T("已报送 %s/%s 期", link(s.Num, ""), link(s.Den, ""))
			case dajia.ReviewClues:
				num, den = q("/clues", "unit", u, "timely", app.TimelyIn), q("/clues", "unit", u, "timely", app.TimelyJudged)
				text = pg.T("按期决定 %s/%s 条线索", link(s.Num, num), link(s.Den, den))
				if n := r.Inputs.CluesPending; n > 0 {
					in.Extra = pg.T("另有 %d 条尚在期限内，未计入", n)
				}
			case dajia.ReviewCases:
				num, den = q("/cases", "unit", u, "lead", "1", "concluded", "1"), q("/cases", "unit", u, "lead", "1")
				text = pg.T("办结 %s/%s 件案件", link(s.Num, num), link(s.Den, den))
			case dajia.ReviewTransfers:
				num, den = q("/cases", "unit", u, "lead", "1", "transfer", app.TimelyIn), q("/cases", "unit", u, "lead", "1", "transfer", app.TimelyJudged)
				text = pg.T("按时移送 %s/%s 件", link(s.Num, num), link(s.Den, den))
				if n := r.Inputs.TransfersPending; n > 0 {
					in.Extra = pg.T("另有 %d 件尚在期限内，未计入", n)
				}
			case dajia.ReviewActions:
				num = q("/actions", "unit", u, "status", string(dajia.ActionDone), "forced", "1")
				den = q("/actions", "unit", u, "status", string(dajia.ActionDone))
				text = pg.T("出动参加 %s/%s 次集中行动", link(s.Num, num), link(s.Den, den))
			case dajia.ReviewPublicity:
				// The target is the office's setting, not a record.
				num = q("/publicity", "unit", u)
				text = pg.T("开展宣传 %s 次，目标 %s 次", link(s.Num, num), strconv.Itoa(s.Den))
			}
			in.NumURL, in.DenURL, in.Explain = num, den, template.HTML(text)
			in.Plain = fmt.Sprintf("%d/%d", s.Num, s.Den)
			rv.Inputs = append(rv.Inputs, in)
		}
		reason := pg.T("检查总结得分 %s（%s）。", rv.TotalText, rv.GradeName)
		var low, items []string
		for _, in := range rv.Inputs {
			if in.HasData && in.Weight > 0 && in.Score < 60 {
				low = append(low, pg.T("%s %s（%s）", in.Name, in.ScoreText, in.Plain))
				items = append(items, pg.T("%s（%s 分）：%s", in.Name, in.ScoreText, pg.T(reviewRequirement[in.Indicator])))
			}
		}
		if len(low) > 0 {
			reason += pg.T("得分偏低的指标：%s。", strings.Join(low, pg.T("；")))
		}
		rv.RectURL = q("/rectifications/new", "unit", u, "title", pg.T("关于%s检查总结问题整改的通知", rv.Name), "reason", reason,
			"items", strings.Join(items, "\n"))
		out = append(out, rv)
	}
	return out
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	card, err := s.app.Review(r.Context(), actorOf(r), v)
	if err != nil {
		return err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("检查总结")
	d := reviewPageData{Page: pg, Card: card, Rows: reviewRows(pg, card)}
	for _, i := range dajia.ReviewIndicators() {
		d.Names = append(d.Names, pg.N(i.Name()))
		d.WeightList = append(d.WeightList, fmt.Sprintf("%s %d%%", pg.N(i.Name()), card.Weights.Weights[i]))
	}
	if d.Plans, err = s.planChoices(r); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "review", d)
}

// --- the weights ---

type reviewWeightsPage struct {
	Page
	PlanID  string
	Plan    *dajia.Plan
	Stored  bool
	Fields  []reviewWeightField
	Target  string
	Sum     int
	Errors  map[string]string
	Error   string
	Message string
	Default dajia.ReviewWeights
}

// reviewWeightField is one indicator's weight on the form.
type reviewWeightField struct {
	Field, Name, Value string
	Default            int
}

func (s *Server) reviewWeightsData(r *http.Request, planID string) (reviewWeightsPage, error) {
	var v store.PlanVersion
	var err error
	if planID == "" {
		v, err = s.planParam(r)
	} else {
		v, err = s.db.Plan(r.Context(), planID)
	}
	if err != nil {
		return reviewWeightsPage{}, err
	}
	w, stored, err := s.app.ReviewWeights(r.Context(), actorOf(r), v.PlanID)
	if err != nil {
		return reviewWeightsPage{}, err
	}
	pg := s.page(r, "")
	pg.Title = pg.T("考核权重")
	d := reviewWeightsPage{Page: pg, PlanID: v.PlanID, Plan: v.Plan, Stored: stored, Target: strconv.Itoa(w.PublicityTarget), Sum: w.Sum(),
		Errors: map[string]string{}, Default: dajia.DefaultReviewWeights()}
	for _, i := range dajia.ReviewIndicators() {
		d.Fields = append(d.Fields, reviewWeightField{Field: dajia.WeightField(i), Name: pg.N(i.Name()), Value: strconv.Itoa(w.Weights[i]),
			Default: d.Default.Weights[i]})
	}
	return d, nil
}

func (s *Server) reviewWeightsForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.reviewWeightsData(r, "")
	if err != nil {
		return err
	}
	if r.URL.Query().Get("done") == "saved" {
		d.Message = d.T("考核权重已保存")
	}
	return s.render(w, r, http.StatusOK, "reviewweights", d)
}

// maxWeightsForm bounds the weights form's body.
const maxWeightsForm = 8 << 10

func (s *Server) reviewWeightsSave(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxWeightsForm)
	if err := r.ParseForm(); err != nil {
		return dajia.Errorf(dajia.Invalid, "", "表单无法读取")
	}
	f := r.PostForm
	d, err := s.reviewWeightsData(r, f.Get("plan"))
	if err != nil {
		return err
	}
	// What is not a whole number is out of range: Check names its field.
	num := func(field string) int {
		n, err := strconv.Atoi(strings.TrimSpace(f.Get(field)))
		if err != nil {
			return -1
		}
		return n
	}
	in := dajia.ReviewWeights{Weights: map[dajia.ReviewIndicator]int{}, PublicityTarget: num("publicity_target")}
	for i, x := range dajia.ReviewIndicators() {
		in.Weights[x] = num(dajia.WeightField(x))
		d.Fields[i].Value = f.Get(dajia.WeightField(x))
	}
	d.Target = f.Get("publicity_target")
	err = s.app.SetReviewWeights(r.Context(), actorOf(r), d.PlanID, in)
	if formError(err) {
		fields := map[string]bool{"publicity_target": true, "weights": true}
		for _, x := range dajia.ReviewIndicators() {
			fields[dajia.WeightField(x)] = true
		}
		d.Error = fieldErrorsOf(d.Page, err, d.Errors, fields)
		if d.Error == "" {
			d.Error = d.T("请改正标出的错误")
		}
		d.Sum = in.Sum()
		return s.render(w, r, statusFor(w, err), "reviewweights", d)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/review/weights?plan="+url.QueryEscape(d.PlanID)+"&done=saved", http.StatusSeeOther)
	return nil
}

// --- the JSON API ---

// apiReview answers a plan's scorecard (?plan=, the current plan when left
// out): the weights, and for each lead unit the account may read its
// indicators with their counts, scores (null: no data), the total and the
// grade.
func (s *Server) apiReview(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	card, err := s.app.Review(r.Context(), actorOf(r), v)
	if err != nil {
		return err
	}
	lang := s.lang(r)
	num := func(ok bool, x float64) any {
		if !ok {
			return nil
		}
		return dajia.Round1(x)
	}
	weights := map[string]int{}
	for _, i := range dajia.ReviewIndicators() {
		weights[string(i)] = card.Weights.Weights[i]
	}
	units := []map[string]any{}
	for _, row := range card.Rows {
		ins := []map[string]any{}
		for _, sc := range row.Scores {
			ins = append(ins, map[string]any{"key": sc.Indicator, "name": localized(lang, string(sc.Indicator.Name())), "num": sc.Num, "den": sc.Den,
				"has_data": sc.HasData, "score": num(sc.HasData, sc.Score), "weight": sc.Weight, "points": num(sc.HasData, sc.Points)})
		}
		units = append(units, map[string]any{"unit": row.Unit, "name": unitDisplay(card.Plan, row.Unit), "indicators": ins,
			"total": num(row.HasTotal, row.Total), "grade": row.Grade, "grade_name": localized(lang, string(row.Grade.Name())),
			"weight_used": row.WeightUsed, "clues_pending": row.Inputs.CluesPending, "transfers_pending": row.Inputs.TransfersPending})
	}
	writeJSON(w, http.StatusOK, map[string]any{"plan": card.PlanID, "today": card.Today, "weights": weights,
		"publicity_target": card.Weights.PublicityTarget, "weights_set": card.Stored, "units": units})
	return nil
}

// --- the workbook ---

// reviewXLSX streams the scorecard as a workbook for the summary meeting:
// a row per unit with each indicator's counts and score, the total and the
// grade; then the weights. What the account may not read is not in it.
func (s *Server) reviewXLSX(w http.ResponseWriter, r *http.Request) error {
	v, err := s.planParam(r)
	if err != nil {
		return err
	}
	card, err := s.app.ExportReview(r.Context(), actorOf(r), v)
	if err != nil {
		return err
	}
	lang := identityOf(r).Lang
	t := func(zh string, args ...any) string { return locale.Text(lang, zh, args...) }
	pg := s.page(r, "")
	x := excelize.NewFile()
	defer x.Close()
	sheet := t("检查总结")
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, 16)
	head := []any{t("单位")}
	for _, i := range dajia.ReviewIndicators() {
		name := t(string(i.Name()))
		head = append(head, name+" "+t("计数"), name+" "+t("得分"))
	}
	head = append(head, t("总分"), t("等级"))
	if err := sw.SetRow("A1", []any{v.Plan.Title + " " + t("检查总结") + " " + card.Today.String()}); err != nil {
		return err
	}
	if err := sw.SetRow("A2", head); err != nil {
		return err
	}
	rowNo := 2
	for _, rv := range reviewRows(pg, card) {
		cells := []any{rv.Name}
		for _, in := range rv.Inputs {
			var score any = t("无数据")
			if in.HasData {
				score = dajia.Round1(in.Score)
			}
			cells = append(cells, fmt.Sprintf("%d/%d", in.Num, in.Den), score)
		}
		var total any = t("无数据")
		if rv.HasTotal {
			total = dajia.Round1(rv.Total)
		}
		cells = append(cells, total, rv.GradeName)
		rowNo++
		cell, _ := excelize.CoordinatesToCellName(1, rowNo)
		if err := sw.SetRow(cell, cells); err != nil {
			return err
		}
	}
	rowNo += 2
	cell, _ := excelize.CoordinatesToCellName(1, rowNo)
	if err := sw.SetRow(cell, []any{t("考核权重"), t("权重（%）")}); err != nil {
		return err
	}
	for _, i := range dajia.ReviewIndicators() {
		rowNo++
		cell, _ := excelize.CoordinatesToCellName(1, rowNo)
		if err := sw.SetRow(cell, []any{t(string(i.Name())), card.Weights.Weights[i]}); err != nil {
			return err
		}
	}
	rowNo++
	cell, _ = excelize.CoordinatesToCellName(1, rowNo)
	if err := sw.SetRow(cell, []any{t("宣传活动目标次数"), card.Weights.PublicityTarget}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, t("检查总结")+"-"+card.Today.String()+".xlsx")
}

// cutRunes keeps the first n characters of s.
func cutRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}
