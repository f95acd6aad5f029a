package app

import (
	"context"
	"fmt"

	"dajia"
	"dajia/store"
)

// CaseRemindDays is how many calendar days before a case's deadline its
// lead unit is reminded, as for tips.
const CaseRemindDays = 2

// caseReminders reminds the lead unit of each running deadline of a case
// that is CaseRemindDays off or has passed, in the app and by its e-mail
// and group robot, and tells the office of each one passed; once per
// deadline and kind (the outbox's keys), however often it runs.
func (a *App) caseReminders(ctx context.Context, rs Reminders) (int, error) {
	now := a.clock.Now()
	today := dajia.DateOf(now.In(dajia.ChinaTime))
	cases, err := a.db.CasesDueBy(ctx, "", today.AddDays(CaseRemindDays))
	if err != nil {
		return 0, err
	}
	contacts := map[string]map[string]store.Contact{} // by plan
	var notes []store.Notification
	var keys []string
	var msgs []store.Message
	for _, r := range cases {
		clocks, err := r.Clocks(today, a.cal)
		if err != nil {
			return 0, err
		}
		for _, k := range clocks {
			if k.Due.After(today.AddDays(CaseRemindDays)) {
				continue
			}
			kind, subject := "soon", dajia.Phrasef("【案件期限提醒】%s", r.Number).String()
			text := dajia.Phrasef("案件 %s：%s的期限是%s，请按时办理。", r.Number, k.What.Text(), k.Due)
			if k.What == dajia.DueCaseDecide { // its name is also a tip's past step ("Decided" in English)
				text = dajia.Phrasef("案件 %s：作出处理决定的期限是%s，请按时办理。", r.Number, k.Due)
			}
			if k.OverdueAt(now) {
				kind, subject = "overdue", dajia.Phrasef("【案件已逾期】%s", r.Number).String()
				text = dajia.Phrasef("案件 %s 已超过期限：%s应于%s前完成。", r.Number, k.What.Text(), k.Due)
				if k.What == dajia.DueCaseDecide {
					text = dajia.Phrasef("案件 %s 已超过期限：应于%s前作出处理决定。", r.Number, k.Due)
				}
			}
			link := fmt.Sprintf("/cases/%d", r.ID)
			base := fmt.Sprintf("case:%d:%s:%s:%s", r.ID, k.What, k.Due, kind)
			notes = append(notes, store.Notification{Unit: r.LeadUnit, Text: text, Link: link})
			keys = append(keys, base+":app:"+r.LeadUnit)
			if kind == "overdue" {
				notes = append(notes, store.Notification{Unit: dajia.OfficeKey, Text: text, Link: link})
				keys = append(keys, base+":app:"+dajia.OfficeKey)
			}
			byUnit, ok := contacts[r.PlanID]
			if !ok {
				if byUnit, err = a.db.Contacts(ctx, r.PlanID); err != nil {
					return 0, err
				}
				contacts[r.PlanID] = byUnit
			}
			c := byUnit[r.LeadUnit]
			full := text.String() + "\n" + rs.BaseURL + link // e-mails and robot posts are written in Chinese
			if rs.Email {
				for _, e := range c.Emails {
					msgs = append(msgs, store.Message{Key: base + ":email:" + e, Channel: "email", Target: e, Subject: subject, Body: full})
				}
			}
			if c.WebhookURL != "" && (c.WebhookKind == "wecom" || c.WebhookKind == "dingtalk") {
				msgs = append(msgs, store.Message{Key: base + ":" + c.WebhookKind + ":" + r.LeadUnit, Channel: c.WebhookKind, Target: c.WebhookURL, Subject: subject, Body: full})
			}
		}
	}
	return a.db.Remind(ctx, notes, keys, msgs)
}
