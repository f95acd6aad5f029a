// Package remind sends the reporting reminders: some days before a report
// falls due and the day after it if it is still missing, in the app, by
// e-mail and to the units' 企业微信 or 钉钉 group robots. Messages go through
// the store's outbox, so each is enqueued once and sent by one server.
package remind

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/smtp"
	"slices"
	"strings"
	"time"

	"dajia"
	"dajia/calendar"
	"dajia/store"
)

// SMTP is the mail server reminders are sent through; Addr empty means no
// e-mail.
type SMTP struct {
	Addr     string // host:port
	From     string
	User     string
	Password string
}

// Config is what the reminder service needs.
type Config struct {
	DB         *store.DB
	Calendar   *calendar.Calendar
	Clock      dajia.Clock
	Log        *slog.Logger
	SMTP       SMTP
	DaysBefore int    // calendar days before the due date; default 3
	BaseURL    string // for links in messages, e.g. http://10.1.2.3:8080
	Owner      string // this server's name, for claims
	HTTP       *http.Client
}

// Service runs the reminders.
type Service struct{ cfg Config }

// New checks the config.
func New(cfg Config) (*Service, error) {
	if cfg.DB == nil || cfg.Clock == nil || cfg.Log == nil {
		return nil, errors.New("remind: incomplete config")
	}
	if cfg.DaysBefore <= 0 {
		cfg.DaysBefore = 3
	}
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 15 * time.Second}
	}
	if cfg.Owner == "" {
		cfg.Owner = "dajia"
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{cfg: cfg}, nil
}

// Run enqueues and sends reminders every interval until ctx ends.
func (s *Service) Run(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := s.Enqueue(ctx); err != nil {
			s.cfg.Log.Error("reminders: enqueue", "err", err)
		}
		if _, err := s.Deliver(ctx); err != nil {
			s.cfg.Log.Error("reminders: deliver", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Enqueue looks at every report not yet sent and makes the reminders that
// are due today, as dajia.Report.ReminderOn decides. The outbox's keys make
// each one once, however often this runs and on however many servers.
func (s *Service) Enqueue(ctx context.Context) (int, error) {
	today := dajia.Today(s.cfg.Clock)
	plans, err := s.cfg.DB.Plans(ctx)
	if err != nil {
		return 0, err
	}
	made := 0
	for _, ps := range plans {
		pv, err := s.cfg.DB.Plan(ctx, ps.ID)
		if err != nil {
			return made, err
		}
		from, to := dajia.ReminderDueRange(today, s.cfg.DaysBefore)
		reports, err := s.cfg.DB.Reports(ctx, store.ReportFilter{PlanID: ps.ID, Rule: -1, Statuses: []dajia.ReportStatus{dajia.ReportDraft},
			DueFrom: from, DueTo: to})
		if err != nil {
			return made, err
		}
		contacts, err := s.cfg.DB.Contacts(ctx, ps.ID)
		if err != nil {
			return made, err
		}
		var notes []store.Notification
		var keys []string
		var msgs []store.Message
		for _, r := range reports {
			kind, ok := r.ReminderOn(today, s.cfg.DaysBefore)
			if !ok {
				continue
			}
			unitName := pv.Plan.DisplayName(r.Unit)
			subject, note := s.text(kind, r, unitName, today)
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
			full := text + "\n" + s.cfg.BaseURL + link
			if s.cfg.SMTP.Addr != "" {
				for _, e := range c.Emails {
					msgs = append(msgs, store.Message{Key: base + ":email:" + e, Channel: "email", Target: e, Subject: subject, Body: full})
				}
			}
			if c.WebhookURL != "" && (c.WebhookKind == "wecom" || c.WebhookKind == "dingtalk") {
				msgs = append(msgs, store.Message{Key: base + ":" + c.WebhookKind + ":" + r.Unit, Channel: c.WebhookKind, Target: c.WebhookURL, Subject: subject, Body: full})
			}
		}
		n, err := s.cfg.DB.Remind(ctx, notes, keys, msgs)
		if err != nil {
			return made, err
		}
		made += n
	}
	n, err := s.enqueueTips(ctx, today)
	return made + n, err
}

// enqueueTips reminds the handling units of tips whose legal deadline is
// two days off or has passed, and tells the office of each one overdue;
// once per deadline.
func (s *Service) enqueueTips(ctx context.Context, today dajia.Date) (int, error) {
	// Every page of them: a list capped at one page would leave the rest
	// of a busy office's late tips unreminded.
	f := store.TipFilter{Statuses: []dajia.TipStatus{dajia.TipReceived, dajia.TipAccepted, dajia.TipDecided}, DueBy: today.AddDays(2), Limit: 500}
	var tips []dajia.Tip
	for {
		page, err := s.cfg.DB.Tips(ctx, f)
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
	return s.cfg.DB.Remind(ctx, notes, keys, nil)
}

// text is a report's reminder: the subject of an e-mail or post, and the
// text, a phrase worded in each reader's language in the app.
func (s *Service) text(kind string, r dajia.Report, unit string, today dajia.Date) (subject string, body dajia.Phrase) {
	wd := dajia.Text("星期" + string([]rune("日一二三四五六")[r.Due.Weekday()]))
	period := r.Period.Phrase()
	if kind == dajia.ReminderOverdue {
		subject = dajia.Phrasef("【逾期未报】%s %s%s", unit, period, r.RuleName).String()
		body = dajia.Phrasef("%s：%s的%s已于%s（%s）截止，至今未报送，请尽快补报；逾期情况将纳入通报。", unit, period, r.RuleName, r.Due, wd)
		return
	}
	var left any = ""
	if s.cfg.Calendar != nil {
		if n, err := s.cfg.Calendar.WorkdaysBetween(today, r.Due); err == nil {
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

// Deliver sends the messages due now that this server could claim.
func (s *Service) Deliver(ctx context.Context) (int, error) {
	sent := 0
	for {
		msgs, err := s.cfg.DB.ClaimMessages(ctx, s.cfg.Owner, 20, 5*time.Minute)
		if err != nil || len(msgs) == 0 {
			return sent, err
		}
		for _, m := range msgs {
			err := s.send(ctx, m)
			if err != nil {
				s.cfg.Log.Warn("reminders: send failed", "channel", m.Channel, "id", m.ID, "attempt", m.Attempts+1, "err", err)
			} else {
				sent++
			}
			if err := s.cfg.DB.MessageDone(ctx, s.cfg.Owner, m.ID, err); err != nil {
				return sent, err
			}
		}
	}
}

func (s *Service) send(ctx context.Context, m store.Message) error {
	switch m.Channel {
	case "email":
		return s.mail(m)
	case "wecom":
		return s.post(ctx, m.Target, map[string]any{"msgtype": "markdown", "markdown": map[string]any{"content": "**" + m.Subject + "**\n" + m.Body}})
	case "dingtalk":
		return s.post(ctx, m.Target, map[string]any{"msgtype": "markdown", "markdown": map[string]any{"title": m.Subject, "text": "#### " + m.Subject + "\n" + m.Body}})
	}
	return fmt.Errorf("unknown channel %q", m.Channel)
}

// post sends a group-robot message; both robots answer {"errcode": 0} on
// success.
func (s *Service) post(ctx context.Context, url string, payload any) error {
	b, _ := json.Marshal(payload)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	resp, err := s.cfg.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("robot answered %s", resp.Status)
	}
	var ans struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(body, &ans); err != nil {
		return fmt.Errorf("robot answer is not JSON: %.100s", body)
	}
	if ans.ErrCode != 0 {
		return fmt.Errorf("robot error %d: %s", ans.ErrCode, ans.ErrMsg)
	}
	return nil
}

func (s *Service) mail(m store.Message) error {
	c := s.cfg.SMTP
	if strings.ContainsAny(m.Target, "\r\n") || strings.ContainsAny(c.From, "\r\n") {
		return errors.New("bad address")
	}
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\nDate: %s\r\n\r\n",
		c.From, m.Target, mime.BEncoding.Encode("UTF-8", m.Subject), s.cfg.Clock.Now().Format(time.RFC1123Z))
	enc := base64.StdEncoding.EncodeToString([]byte(m.Body))
	for len(enc) > 76 {
		msg.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	msg.WriteString(enc + "\r\n")
	var auth smtp.Auth
	if c.User != "" {
		host := c.Addr
		if i := strings.LastIndex(host, ":"); i >= 0 {
			host = host[:i]
		}
		auth = smtp.PlainAuth("", c.User, c.Password, host)
	}
	return smtp.SendMail(c.Addr, auth, c.From, []string{m.Target}, msg.Bytes())
}
