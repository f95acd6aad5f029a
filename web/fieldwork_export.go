package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/locale"
	"dajia/store"
)

// actionExportHead is the header row of the joint-action ledger.
var actionExportHead = []string{"编号", "行动名称", "开始日期", "结束日期", "状态", "参加单位", "目标场所", "产品类别", "出动人次", "出动车次", "行动小结"}

// streamSheet writes a sheet of head and the rows each hands it, streamed.
func streamSheet(w http.ResponseWriter, lang, sheet, file string, head []string, fill func(row func([]any) error) error) error {
	t := func(zh string) string { return locale.Text(lang, zh) }
	x := excelize.NewFile()
	defer x.Close()
	x.SetSheetName("Sheet1", t(sheet))
	sw, err := x.NewStreamWriter(t(sheet))
	if err != nil {
		return err
	}
	sw.SetColWidth(1, len(head), 16)
	cells := make([]any, len(head))
	for i, h := range head {
		cells[i] = t(h)
	}
	if err := sw.SetRow("A1", cells); err != nil {
		return err
	}
	n := 1
	if err := fill(func(v []any) error {
		n++
		cell, _ := excelize.CoordinatesToCellName(1, n)
		return sw.SetRow(cell, v)
	}); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, x, t(file))
}

// actionsXLSX streams the joint-action list as filtered on screen, every
// page of it; what the account may not see is not in it (app decides).
// Every text is a text cell, never a formula.
func (s *Server) actionsXLSX(w http.ResponseWriter, r *http.Request) error {
	lang := identityOf(r).Lang
	t := func(zh string) string { return locale.Text(lang, zh) }
	a := actorOf(r)
	q := decodeActionsQuery(r.URL.Query(), a)
	today := dajia.Today(s.clock)
	plans := map[string]*dajia.Plan{}
	sep := "、"
	if lang == "en" {
		sep = "; "
	}
	return streamSheet(w, lang, "集中行动台账", t("集中行动台账")+"-"+today.String()+".xlsx", actionExportHead, func(row func([]any) error) error {
		_, err := s.app.ExportJointActions(r.Context(), a, q, func(j store.ActionRecord) error {
			if _, ok := plans[j.PlanID]; !ok {
				v, err := s.db.Plan(r.Context(), j.PlanID)
				if err != nil {
					return err
				}
				plans[j.PlanID] = v.Plan
			}
			var units []string
			for _, u := range j.Units {
				units = append(units, unitDisplay(plans[j.PlanID], u))
			}
			return row([]any{j.ID, j.Name, j.Start.String(), j.End.String(), t(string(j.Status(today).Name())), strings.Join(units, sep),
				strings.Join(j.Places, sep), strings.Join(j.Categories, sep), j.Staff(), j.Vehicles(), j.Summary})
		})
		return err
	})
}

// publicityExportHead is the header row of the publicity ledger.
var publicityExportHead = []string{"日期", "单位", "宣传渠道", "专项行动", "宣传主题", "受众人次", "资料份数", "阅读/收看次数", "集中行动", "照片"}

// publicityXLSX streams the publicity list as filtered on screen.
func (s *Server) publicityXLSX(w http.ResponseWriter, r *http.Request) error {
	lang := identityOf(r).Lang
	t := func(zh string) string { return locale.Text(lang, zh) }
	a := actorOf(r)
	q := decodePublicityQuery(r.URL.Query(), a)
	plans := map[string]*dajia.Plan{}
	return streamSheet(w, lang, "宣传活动台账", t("宣传活动台账")+"-"+dajia.Today(s.clock).String()+".xlsx", publicityExportHead, func(row func([]any) error) error {
		_, err := s.app.ExportPublicity(r.Context(), a, q, func(u store.PublicityRecord) error {
			if _, ok := plans[u.PlanID]; !ok {
				v, err := s.db.Plan(r.Context(), u.PlanID)
				if err != nil {
					return err
				}
				plans[u.PlanID] = v.Plan
			}
			p := plans[u.PlanID]
			campaign, action := "", ""
			if c, ok := p.CampaignByNo(u.CampaignNo); ok {
				campaign = c.Name
			}
			if u.ActionID != 0 {
				action = strconv.FormatInt(u.ActionID, 10)
			}
			return row([]any{u.On.String(), unitDisplay(p, u.Unit), t(string(u.Channel.Name())), campaign, u.Title,
				u.Reach.People, u.Reach.Copies, u.Reach.Views, action, u.Photos})
		})
		return err
	})
}
