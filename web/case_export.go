package web

import (
	"net/http"
	"strings"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// caseExportHead is the header row of the case ledger (案件台账).
var caseExportHead = []string{"案件编号", "立案日期", "主办单位", "协办单位", "专项行动", "市场主体", "违法行为类型", "状态",
	"货值金额（元）", "销售金额（元）", "违法所得（元）", "罚款（元）", "没收金额（元）", "移送公安", "大要案", "下一期限", "期限事项"}

// casesXLSX streams the cases list as filtered on screen, every page of
// it, as the case ledger: GET /cases/export.xlsx with the list's query.
// What the account may not see is not in it (app decides). Dates are ISO
// text as in the other exports; amounts are numbers in yuan; every text is
// written as a text cell, never as a formula.
func (s *Server) casesXLSX(w http.ResponseWriter, r *http.Request) error {
	lang := identityOf(r).Lang
	t := func(zh string) string { return locale.Text(lang, zh) }
	cq := decodeCasesQuery(r.URL.Query())
	cq.Limit, cq.Offset = 0, 0
	x := excelize.NewFile()
	defer x.Close()
	sheet := t("案件台账")
	x.SetSheetName("Sheet1", sheet)
	sw, err := x.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, 28)
	sw.SetColWidth(3, 7, 18)
	head := make([]any, len(caseExportHead))
	for i, h := range caseExportHead {
		head[i] = t(h)
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	plans := map[string]*dajia.Plan{}
	unitName := func(planID, key string) string {
		if p := plans[planID]; p != nil {
			return unitDisplay(p, key)
		}
		return key
	}
	row := 1
	_, err = s.app.ExportCases(r.Context(), actorOf(r), cq, func(c store.CaseRecord, entity string) error {
		if _, ok := plans[c.PlanID]; !ok {
			v, err := s.db.Plan(r.Context(), c.PlanID)
			if err != nil && dajia.ErrorCode(err) != dajia.NotFound {
				return err
			}
			plans[c.PlanID] = v.Plan
		}
		var coop, viol []string
		for _, u := range c.Cooperating {
			coop = append(coop, unitName(c.PlanID, u))
		}
		for _, v := range c.Violations {
			viol = append(viol, t(string(v.Name())))
		}
		campaign := ""
		if p := plans[c.PlanID]; p != nil && c.CampaignNo != 0 {
			if k, ok := p.CampaignByNo(c.CampaignNo); ok {
				campaign = k.Name
			}
		}
		transfer, major, due, dueWhat := "", "", "", ""
		if c.Transfer.Status != dajia.TransferNone {
			transfer = t(string(c.Transfer.Status.Name()))
		}
		if c.IsMajor {
			major = t("是")
		}
		if !c.Due.IsZero() {
			due, dueWhat = c.Due.String(), t(string(c.DueWhat.Text()))
		}
		opened := ""
		if !c.OpenedOn.IsZero() {
			opened = c.OpenedOn.String()
		}
		sep := "、"
		if lang == "en" {
			sep = "; "
		}
		row++
		cell, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(cell, []any{c.Number, opened, unitName(c.PlanID, c.LeadUnit), strings.Join(coop, sep), campaign, entity,
			strings.Join(viol, sep), t(string(c.Status.Name())), c.GoodsValue().Float(), c.Sales.Float(), c.Gains.Float(), c.Fine.Float(),
			c.Confiscation.Float(), transfer, major, due, dueWhat})
	})
	if err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, t("案件台账")+"-"+dajia.Today(s.clock).String()+".xlsx")
}
