package remind_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/locale"
	"dajia/planfile"
	"dajia/remind"
	"dajia/store"
	"dajia/store/storetest"
)

// smtpSink is a tiny SMTP server that keeps every message it is given.
type smtpSink struct {
	mu   sync.Mutex
	msgs []string
	rcpt []string
	ln   net.Listener
}

func newSMTPSink(t *testing.T) *smtpSink {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpSink) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(l string) { io.WriteString(c, l+"\r\n") }
	say("220 sink ready")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 sink")
		case strings.HasPrefix(cmd, "MAIL FROM"):
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO"):
			s.mu.Lock()
			s.rcpt = append(s.rcpt, strings.TrimSpace(line[8:]))
			s.mu.Unlock()
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, b.String())
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func (s *smtpSink) count() int { s.mu.Lock(); defer s.mu.Unlock(); return len(s.msgs) }

// robot is a group-robot webhook receiver that answers like 企业微信/钉钉.
type robot struct {
	mu     sync.Mutex
	posts  []map[string]any
	errors int // answer this many posts with an error first
}

func (rb *robot) handler(w http.ResponseWriter, r *http.Request) {
	var body map[string]any
	json.NewDecoder(r.Body).Decode(&body)
	rb.mu.Lock()
	defer rb.mu.Unlock()
	if rb.errors > 0 {
		rb.errors--
		io.WriteString(w, `{"errcode": 93000, "errmsg": "invalid webhook url"}`)
		return
	}
	rb.posts = append(rb.posts, body)
	io.WriteString(w, `{"errcode": 0, "errmsg": "ok"}`)
}

func (rb *robot) count() int { rb.mu.Lock(); defer rb.mu.Unlock(); return len(rb.posts) }

func setup(t *testing.T, clock *storetest.Clock) *store.DB {
	t.Helper()
	db := storetest.Open(t, clock)
	ctx := context.Background()
	r := planfile.Check(planfile.Reference())
	actor := dajia.Actor{Name: "test"}
	if _, err := db.ImportPlan(ctx, actor, r.Plan, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	if _, err := mustApp(t, db, clock).EnsureObligations(ctx, actor, "zs-gangkou-2017"); err != nil {
		t.Fatal(err)
	}
	return db
}

func TestEachReminderGoesOutExactlyOnceWithTwoServers(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 10, 2, 9, 0, 0, 0, dajia.ChinaTime)) // 3 days before the 5th
	db := setup(t, clock)
	ctx := context.Background()
	mail := newSMTPSink(t)
	wecom, ding := &robot{}, &robot{errors: 1}
	ws, ds := httptest.NewServer(http.HandlerFunc(wecom.handler)), httptest.NewServer(http.HandlerFunc(ding.handler))
	defer ws.Close()
	defer ds.Close()
	actor := dajia.Actor{Name: "office"}
	db.SetContact(ctx, actor, "zs-gangkou-2017", store.Contact{Unit: "gsfj", Emails: []string{"gs@example.gov.cn"}, WebhookKind: "wecom", WebhookURL: ws.URL + "/cgi-bin/webhook/send?key=k"})
	db.SetContact(ctx, actor, "zs-gangkou-2017", store.Contact{Unit: "zjfj", WebhookKind: "dingtalk", WebhookURL: ds.URL + "/robot/send?access_token=t"})

	servers := make([]*remind.Service, 2)
	for i := range servers {
		s, err := remind.New(remind.Config{App: mustApp(t, db, clock), DB: db, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
			SMTP: remind.SMTP{Addr: mail.ln.Addr().String(), From: "dajia@gangkou.gov.cn"}, BaseURL: "http://dajia.local", Owner: string(rune('A' + i))})
		if err != nil {
			t.Fatal(err)
		}
		servers[i] = s
	}
	runBoth := func() {
		var wg sync.WaitGroup
		for _, s := range servers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 3 {
					if _, err := s.Enqueue(ctx); err != nil {
						t.Error(err)
					}
					if _, err := s.Deliver(ctx); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
	}
	runBoth()
	notes, _ := db.Notifications(ctx, "gsfj", 10)
	if len(notes) != 1 || !strings.Contains(locale.Phrase("zh", notes[0].Text), "2017年9月的月度信息报送将于2017年10月5日（星期四）截止，截止前已没有工作日") {
		t.Fatalf("in-app note: %+v", notes)
	}
	// The note is stored as a phrase: an English reader reads it in English.
	if en := locale.Phrase("en", notes[0].Text); !strings.Contains(en, "is due on 2017-10-05 (Thursday), no working day left") || !strings.Contains(en, "September 2017") {
		t.Fatalf("in English: %q", en)
	}
	if mail.count() != 1 || wecom.count() != 1 {
		t.Fatalf("mails %d, wecom %d; want 1 each", mail.count(), wecom.count())
	}
	if !strings.Contains(mail.msgs[0], "Subject: =?UTF-8?b?") || !strings.Contains(mail.rcpt[0], "gs@example.gov.cn") {
		t.Fatalf("mail: %s", mail.msgs[0])
	}
	md, _ := wecom.posts[0]["markdown"].(map[string]any)
	if wecom.posts[0]["msgtype"] != "markdown" || !strings.Contains(md["content"].(string), "http://dajia.local/reports/") {
		t.Fatalf("wecom post: %v", wecom.posts[0])
	}
	// 钉钉 refused the first post: it waits for a retry, not sent twice now.
	if ding.count() != 0 {
		t.Fatalf("dingtalk posts %d", ding.count())
	}
	counts, _ := db.OutboxCounts(ctx)
	if counts["dingtalk/pending"] != 1 || counts["email/sent"] != 1 || counts["wecom/sent"] != 1 || counts["app/sent"] != 10 {
		t.Fatalf("outbox: %v", counts)
	}
	clock.Advance(3 * time.Minute)
	runBoth()
	if ding.count() != 1 || ding.posts[0]["msgtype"] != "markdown" {
		t.Fatalf("dingtalk retry: %d", ding.count())
	}
	if mail.count() != 1 || wecom.count() != 1 {
		t.Fatal("a reminder went out twice")
	}
	// The day after the due date, reports still missing get the overdue
	// reminder, and the office hears of each, once.
	clock.Advance(4 * 24 * time.Hour) // 6 October
	runBoth()
	runBoth()
	office, _ := db.Notifications(ctx, dajia.OfficeKey, 20)
	if len(office) != 10 || !strings.Contains(office[0].Text.String(), "至今未报送") {
		t.Fatalf("office notes: %d", len(office))
	}
	if mail.count() != 2 || wecom.count() != 2 || ding.count() != 2 {
		t.Fatalf("overdue: mails %d wecom %d ding %d", mail.count(), wecom.count(), ding.count())
	}
}

func TestSubmittedReportGetsNoReminder(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 10, 2, 9, 0, 0, 0, dajia.ChinaTime))
	db := setup(t, clock)
	ctx := context.Background()
	reps, _ := db.Reports(ctx, store.ReportFilter{PlanID: "zs-gangkou-2017", Unit: "gsfj", PeriodID: "2017-09", Rule: 0})
	officer := dajia.Actor{UserID: 1, Name: "o", Role: dajia.RoleOfficer, Unit: "gsfj"}
	uc := mustApp(t, db, clock)
	if _, err := uc.SaveReport(ctx, officer, reps[0].ID, -1, dajia.ReportContent{Zero: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := uc.ReportStep(ctx, officer, reps[0].ID, dajia.ActSubmit, ""); err != nil {
		t.Fatal(err)
	}
	s, _ := remind.New(remind.Config{App: mustApp(t, db, clock), DB: db, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s.Enqueue(ctx)
	if notes, _ := db.Notifications(ctx, "gsfj", 10); len(notes) != 0 {
		t.Fatalf("a sent report was reminded: %v", notes)
	}
	if notes, _ := db.Notifications(ctx, "zjfj", 10); len(notes) != 1 {
		t.Fatal("an unsent report was not reminded")
	}
	// Four days ahead is too early for a new reminder.
	clock2 := storetest.NewClock(time.Date(2017, 10, 1, 9, 0, 0, 0, dajia.ChinaTime))
	s2, _ := remind.New(remind.Config{App: mustApp(t, db, clock2), DB: db, Clock: clock2, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if n, _ := s2.Enqueue(ctx); n != 0 {
		t.Fatalf("%d reminders four days early", n)
	}
}

func TestTipDeadlinesAreRemindedOnce(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 10, 13, 9, 0, 0, 0, dajia.ChinaTime))
	db := setup(t, clock)
	ctx := context.Background()
	v, _ := db.Plan(ctx, "zs-gangkou-2017")
	rt := v.Plan.Route("灯具", dajia.StageSelling, false)
	// A complaint received on 29 September is due on 16 October.
	_, err := db.CreateTips(ctx, dajia.Actor{Name: "public"}, []store.NewTip{{Code: "TABCDEFGHJ", SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "public",
		Kind: dajia.TipComplaint, Category: "灯具", Stage: dajia.StageSelling, Routing: rt, BusinessName: "某灯饰商行", Description: "台灯没有3C标志",
		Named: true, Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-16"), What: dajia.DueAccept}}})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := remind.New(remind.Config{App: mustApp(t, db, clock), DB: db, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	s.Enqueue(ctx) // 13 October: more than two days ahead
	if notes, _ := db.Notifications(ctx, "gsfj", 20); hasTipNote(notes) {
		t.Fatal("reminded too early")
	}
	clock.Advance(24 * time.Hour) // 14 October
	s.Enqueue(ctx)
	s.Enqueue(ctx)
	notes, _ := db.Notifications(ctx, "gsfj", 20)
	if countTipNotes(notes) != 1 {
		t.Fatalf("soon: %d notes", countTipNotes(notes))
	}
	clock.Advance(3 * 24 * time.Hour) // 17 October: overdue
	s.Enqueue(ctx)
	s.Enqueue(ctx)
	notes, _ = db.Notifications(ctx, "gsfj", 20)
	office, _ := db.Notifications(ctx, dajia.OfficeKey, 50)
	if countTipNotes(notes) != 2 || countTipNotes(office) != 1 {
		t.Fatalf("overdue: unit %d office %d", countTipNotes(notes), countTipNotes(office))
	}
}

func hasTipNote(ns []store.Notification) bool { return countTipNotes(ns) > 0 }

func countTipNotes(ns []store.Notification) int {
	n := 0
	for _, x := range ns {
		if strings.HasPrefix(x.Link, "/tips/") {
			n++
		}
	}
	return n
}

func mustApp(t *testing.T, db *store.DB, clock dajia.Clock) *app.App {
	t.Helper()
	a, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// More late tips than one page of the list are all reminded.
func TestEveryLateTipIsRemindedNotOnlyOnePage(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 10, 20, 9, 0, 0, 0, dajia.ChinaTime))
	db := setup(t, clock)
	ctx := context.Background()
	v, _ := db.Plan(ctx, "zs-gangkou-2017")
	rt := v.Plan.Route("灯具", dajia.StageSelling, false)
	var news []store.NewTip
	for i := range 520 {
		news = append(news, store.NewTip{Code: fmt.Sprintf("TR%08d", i), SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "public",
			Kind: dajia.TipReport, Category: "灯具", Stage: dajia.StageSelling, Routing: rt, BusinessName: "某灯饰商行", Description: "台灯没有3C标志",
			Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-16"), What: dajia.DueDecide}})
	}
	if _, err := db.CreateTips(ctx, dajia.Actor{Name: "public"}, news); err != nil {
		t.Fatal(err)
	}
	s, _ := remind.New(remind.Config{App: mustApp(t, db, clock), DB: db, Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if _, err := s.Enqueue(ctx); err != nil {
		t.Fatal(err)
	}
	office, _ := db.Notifications(ctx, dajia.OfficeKey, 1000)
	if n := countTipNotes(office); n != 520 {
		t.Fatalf("the office was told of %d late tips of 520", n)
	}
}
