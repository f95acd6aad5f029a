package app

import (
	"context"
	"fmt"
	"slices"

	"dajia"
	"dajia/store"
)

// Reminders are the settings of the day's reminders.
type Reminders struct {
	DaysBefore int    // calendar days before a report's due date
	BaseURL    string // for the links in e-mails and robot posts
	Email      bool   // e-mail the units' addresses (a mail server is set)
}

// MakeReminders looks at every report not yet sent and every tip, case
// and rectification notice near its deadline, and makes the reminders due
// today, as dajia.Report.ReminderOn
// decides: in the app and, through the outbox, by e-mail and to the units'
// group robots. The outbox's keys make each one once, however often this
// runs and on however many servers.
func (a *App) MakeReminders(ctx context.Context, rs Reminders) (int, error) {
	today := dajia.Today(a.clock)
	plans, err := a.db.Plans(ctx)
	if err != nil {
		return 0, err
	}
	made := 0
	for _, ps := range plans {
		pv, err := a.db.Plan(ctx, ps.ID)
		if err != nil {
			return made, err
		}
		from, to := dajia.ReminderDueRange(today, rs.DaysBefore)
		reports, err := a.db.Reports(ctx, store.ReportFilter{PlanID: ps.ID, Rule: -1, Statuses: []dajia.ReportStatus{dajia.ReportDraft},
			DueFrom: from, DueTo: to})
		if err != nil {
			return made, err
		}
		contacts, err := a.db.Contacts(ctx, ps.ID)
		if err != nil {
			return made, err
		}
		var notes []store.Notification
		var keys []string
		var msgs []store.Message
		for _, r := range reports {
			kind, ok := r.ReminderOn(today, rs.DaysBefore)
			if !ok {
				continue
			}
			unitName := pv.Plan.DisplayName(r.Unit)
			subject, note := a.reminderText(kind, r, unitName, today)
			text := note.String() // e-mails and robot posts are written in Chinese
			link := fmt.Sprintf("/reports/%d", r.ID)
			base := fmt.Sprintf("report:%d:%s", r.ID, kind)
			notes = append(notes, store.Notification{Unit: r.Unit, Text: note, Link: link})
			keys = append(keys, base+":app:"+r.Unit)
			if kind == dajia.ReminderOverdue {
				notes = append(notes, store.Notification{Unit: dajia.OfficeKey, Text: note, Link: link})
				keys = append(keys, base+":app:"+dajia.OfficeKey)
			}
			c := contacts[r.Unit]
			full := text + "\n" + rs.BaseURL + link
			if rs.Email {
				for _, e := range c.Emails {
					msgs = append(msgs, store.Message{Key: base + ":email:" + e, Channel: "email", Target: e, Subject: subject, Body: full})
				}
			}
			if c.WebhookURL != "" && (c.WebhookKind == "wecom" || c.WebhookKind == "dingtalk") {
				msgs = append(msgs, store.Message{Key: base + ":" + c.WebhookKind + ":" + r.Unit, Channel: c.WebhookKind, Target: c.WebhookURL, Subject: subject, Body: full})
			}
		}
		n, err := a.db.Remind(ctx, notes, keys, msgs)
		if err != nil {
			return made, err
		}
		made += n
	}
	n, err := a.tipReminders(ctx, today)
	if err != nil {
		return made + n, err
	}
	made += n
	n, err = a.caseReminders(ctx, rs)
	if err != nil {
		return made + n, err
	}
	made += n
	n, err = a.rectReminders(ctx, rs)
	return made + n, err
}

// enqueueTips reminds the handling units of tips whose legal deadline is
// two days off or has passed, and tells the office of each one overdue;
// once per deadline.
func (a *App) tipReminders(ctx context.Context, today dajia.Date) (int, error) {
	// Every page of them: a list capped at one page would leave the rest
	// of a busy office's late tips unreminded.
	f := store.TipFilter{Statuses: []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided}, DueBy: today.AddDays(2), Limit: 500}
	var tips []dajia.Tip
	for {
		page, err := a.db.Tips(ctx, f)
		if err != nil {
			return 0, err
		}
		tips = append(tips, page...)
		if len(page) < f.Limit {
			break
		}
		f.Offset += len(page)
	}
	var notes []store.Notification
	var keys []string
	for _, t := range tips {
		kind, text := "soon", dajia.Phrasef("%s %s（%s）：%s的期限是%s，请按时办理。", dajia.Text(t.Kind), t.Code, t.BusinessName, t.DueWhat.Text(), t.Due)
		if today.After(t.Due) {
			kind, text = "overdue", dajia.Phrasef("%s %s（%s）已超过期限：%s应于%s前完成。", dajia.Text(t.Kind), t.Code, t.BusinessName, t.DueWhat.Text(), t.Due)
		}
		link := fmt.Sprintf("/tips/%d", t.ID)
		base := fmt.Sprintf("tip:%d:%s:%s", t.ID, t.Due, kind)
		for _, u := range t.Handlers {
			notes = append(notes, store.Notification{Unit: u, Text: text, Link: link})
			keys = append(keys, base+":app:"+u)
		}
		if kind == "overdue" && !slices.Contains(t.Handlers, dajia.OfficeKey) {
			notes = append(notes, store.Notification{Unit: dajia.OfficeKey, Text: text, Link: link})
			keys = append(keys, base+":app:"+dajia.OfficeKey)
		}
	}
	return a.db.Remind(ctx, notes, keys, nil)
}

// text is a report's reminder: the subject of an e-mail or post, and the
// text, a phrase worded in each reader's language in the app.
func (a *App) reminderText(kind string, r dajia.Report, unit string, today dajia.Date) (subject string, body dajia.Phrase) {
	wd := dajia.Text("星期" + string([]rune("日一二三四五六")[r.Due.Weekday()]))
	period := r.Period.Phrase()
	if kind == dajia.ReminderOverdue {
		subject = dajia.Phrasef("【逾期未报】%s %s%s", unit, period, r.RuleName).String()
		body = dajia.Phrasef("%s：%s的%s已于%s（%s）截止，至今未报送，请尽快补报；逾期情况将纳入通报。", unit, period, r.RuleName, r.Due, wd)
		return
	}
	var left any = ""
	if a.cal != nil {
		if n, err := a.cal.WorkdaysBetween(today, r.Due); err == nil {
			left = dajia.Phrasef("，还有 %d 个工作日", n)
			if n == 0 {
				left = dajia.Text("，截止前已没有工作日")
			}
		}
	}
	subject = dajia.Phrasef("【报送提醒】%s %s%s", unit, period, r.RuleName).String()
	body = dajia.Phrasef("%s：%s的%s将于%s（%s）截止%s，请按时填报。", unit, period, r.RuleName, r.Due, wd, left)
	return
}
