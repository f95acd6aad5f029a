// Package remind runs the reminders in the background: each minute it has
// the app make the day's reminders (some days before a report falls due,
// the day after if it is still missing, tips near their deadline) and
// sends what the outbox holds by e-mail and to the units' 企业微信 or 钉钉
// group robots. The outbox makes each message once and has one server
// send it.
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
	"strings"
	"time"

	"dajia"
	"dajia/app"
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
	App        *app.App  // makes the reminders
	DB         *store.DB // the outbox the messages are sent from
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
	if cfg.App == nil || cfg.DB == nil || cfg.Clock == nil || cfg.Log == nil {
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

// Enqueue makes today's reminders: the app's use case, with this
// service's settings.
func (s *Service) Enqueue(ctx context.Context) (int, error) {
	return s.cfg.App.MakeReminders(ctx, app.Reminders{DaysBefore: s.cfg.DaysBefore, BaseURL: s.cfg.BaseURL, Email: s.cfg.SMTP.Addr != ""})
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
