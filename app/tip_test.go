package app_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"dajia"
	"dajia/app"
	"dajia/calendar"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

var (
	public  = dajia.Actor{Name: "public", Address: "203.0.113.9"}
	office  = dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}
	gs      = dajia.Actor{UserID: 2, Name: "gs", Role: dajia.RoleOfficer, Unit: "gsfj"}
	gsHead  = dajia.Actor{UserID: 3, Name: "gshead", Role: dajia.RoleHead, Unit: "gsfj"}
	zj      = dajia.Actor{UserID: 4, Name: "zj", Role: dajia.RoleOfficer, Unit: "zjfj"}
	auditor = dajia.Actor{UserID: 5, Name: "auditor", Role: dajia.RoleAuditor}
)

// newApp is the use cases over a fresh database holding the reference
// plan, standing on 29 September 2017.
func newApp(t *testing.T) *app.App {
	t.Helper()
	clock := dajia.FixedDayClock{Day: dajia.MustDate("2017-09-29")}
	db := storetest.Open(t, clock)
	if _, err := db.ImportPlan(context.Background(), office, planfile.Check(planfile.Reference()).Plan, planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	a, err := app.New(app.Config{DB: db, Calendar: calendar.Embedded(), Clock: clock, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Sealer: storetest.Keys().Sealer()})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func lamp(kind string) dajia.TipSubmission {
	return dajia.TipSubmission{Kind: kind, Category: "灯具", Stage: dajia.StageSelling, BusinessName: "港口镇某灯饰商行",
		Description: "购买的台灯没有3C标志，使用一周后冒烟，怀疑是假冒产品。", ContactName: "张三", ContactPhone: "13800138000"}
}

func TestTakingTipsIn(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	tests := []struct {
		name   string
		sub    dajia.TipSubmission
		kinds  []dajia.TipKind
		due    string
		fields []string
	}{
		{"a complaint", lamp("投诉"), []dajia.TipKind{dajia.TipComplaint}, "2017-10-16", nil},
		{"a report", lamp("举报"), []dajia.TipKind{dajia.TipReport}, "2017-10-26", nil},
		{"both: one tip of each kind", lamp(dajia.TipBoth), []dajia.TipKind{dajia.TipComplaint, dajia.TipReport}, "2017-10-16", nil},
		{"every problem at once", dajia.TipSubmission{Kind: "投诉", Category: "火箭", Description: "短"}, nil, "",
			[]string{"category", "stage", "business.name", "description", "contact.phone"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.TakeTips(ctx, public, "zs-gangkou-2017", tt.sub, nil, "public")
			if tt.fields != nil {
				var fe dajia.FieldErrors
				if !errors.As(err, &fe) || dajia.ErrorCode(err) != dajia.Invalid {
					t.Fatalf("err = %v", err)
				}
				var names []string
				for _, f := range fe {
					names = append(names, f.Field)
				}
				if !slices.Equal(names, tt.fields) {
					t.Fatalf("fields = %v", names)
				}
				return
			}
			if err != nil || len(got) != len(tt.kinds) {
				t.Fatalf("%d tips, %v", len(got), err)
			}
			for i, tk := range got {
				tip := tk.Tip
				if tip.Kind != tt.kinds[i] || len(tk.Secret) != 8 || tip.SecretHash == "" || strings.Contains(tip.SecretHash, tk.Secret) {
					t.Errorf("tip %d: %s %q", i, tip.Kind, tk.Secret)
				}
				if !slices.Equal(tip.Handlers, []string{"gsfj"}) || tk.Campaign == nil || tip.RouteReason != dajia.RouteByCategory {
					t.Errorf("routed to %v (%s)", tip.Handlers, tip.RouteReason)
				}
				if strings.Contains(tip.ContactSealed, "13800138000") || tip.ContactMasked != "张* 138****8000" {
					t.Errorf("contact %q %q", tip.ContactSealed, tip.ContactMasked)
				}
			}
			if got[0].Clock.Due.String() != tt.due || got[0].Tip.Due != got[0].Clock.Due {
				t.Errorf("due %s, stored %s; want %s", got[0].Clock.Due, got[0].Tip.Due, tt.due)
			}
		})
	}
}

func TestTipStepsFollowTheTipsRules(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	taken, err := a.TakeTips(ctx, public, "zs-gangkou-2017", lamp("举报"), nil, "public")
	if err != nil {
		t.Fatal(err)
	}
	id := taken[0].Tip.ID
	made := lamp("举报")
	made.Stage = dajia.StageMaking // goes to another unit
	other, err := a.TakeTips(ctx, public, "zs-gangkou-2017", made, nil, "public")
	if err != nil || slices.Contains(other[0].Tip.Handlers, "gsfj") {
		t.Fatalf("the other tip: %v %v", other[0].Tip.Handlers, err)
	}
	steps := []struct {
		name   string
		actor  dajia.Actor
		step   string
		in     app.TipStepInput
		code   dajia.Code
		status dajia.TipStatus
	}{
		{"another unit does not find it", zj, "accept", app.TipStepInput{}, dajia.NotFound, ""},
		{"an auditor does not find it", auditor, "accept", app.TipStepInput{}, dajia.NotFound, ""},
		{"deciding before verifying", gs, "decide", app.TipStepInput{Note: "立案"}, dajia.Conflict, ""},
		{"an unknown step", gs, "explode", app.TipStepInput{}, dajia.NotFound, ""},
		{"the unit starts verifying", gs, "accept", app.TipStepInput{Reply: "已开始核查"}, "", dajia.TipAccepted},
		{"accepting twice", gs, "accept", app.TipStepInput{}, dajia.Conflict, ""},
		{"a duplicate of a tip the unit may not see", gs, "duplicate", app.TipStepInput{Of: other[0].Tip.ID}, dajia.NotFound, ""},
		{"an officer extending", gs, "extend", app.TipStepInput{Note: "复杂"}, dajia.Forbidden, ""},
		{"the head extends", gsHead, "extend", app.TipStepInput{Note: "复杂"}, "", dajia.TipAccepted},
		{"a unit rewarding", gs, "reward", app.TipStepInput{Grade: 1, Fines: "1000"}, dajia.Forbidden, ""},
		{"the unit decides", gs, "decide", app.TipStepInput{Note: "立案查处"}, "", dajia.TipDecided},
		{"the office rewards", office, "reward", app.TipStepInput{Grade: 3, Fines: "50000"}, "", dajia.TipDecided},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			tip, err := a.TipStep(ctx, st.actor, id, st.step, st.in)
			if st.code != "" {
				if dajia.ErrorCode(err) != st.code {
					t.Fatalf("err = %v; want %s", err, st.code)
				}
				return
			}
			if err != nil || tip.Status != st.status {
				t.Fatalf("status %s, %v", tip.Status, err)
			}
		})
	}
	f, err := a.OpenTip(ctx, gs, id)
	if err != nil {
		t.Fatal(err)
	}
	if f.Tip.RewardAmount != 1000 || !f.Tip.Extended || f.Tip.PublicReply != "已开始核查" || f.Tip.DueWhat != dajia.DueNotify || len(f.Events) != 5 {
		t.Fatalf("after the steps: %+v, %d events", f.Tip, len(f.Events))
	}
}

func TestRevealingTheTipster(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	taken, err := a.TakeTips(ctx, public, "zs-gangkou-2017", lamp("投诉"), nil, "public")
	if err != nil {
		t.Fatal(err)
	}
	id := taken[0].Tip.ID
	if _, err := a.RevealTipster(ctx, office, id, ""); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("no reason: %v", err)
	}
	c, err := a.RevealTipster(ctx, office, id, "需要电话核实")
	if err != nil || c.Name != "张三" || c.Phone != "13800138000" {
		t.Fatalf("contact %+v %v", c, err)
	}
	// The unit handling a complaint calls the complainant to mediate.
	c, err = a.RevealTipster(ctx, gs, id, "电话联系投诉人调解")
	if err != nil || c.Phone != "13800138000" {
		t.Fatalf("the unit handling the complaint: %+v %v", c, err)
	}
	// A report's tipster stays hidden from the unit.
	report, err := a.TakeTips(ctx, public, "zs-gangkou-2017", lamp("举报"), nil, "public")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.RevealTipster(ctx, gs, report[0].Tip.ID, "核实"); dajia.ErrorCode(err) != dajia.Forbidden {
		t.Fatalf("the unit handling a report: %v", err)
	}
	recs, err := a.DB().AuditLog(ctx, store.AuditFilter{Action: "tip.reveal"})
	if err != nil || len(recs) != 2 {
		t.Fatalf("reveals audited: %d %v", len(recs), err)
	}
}

func TestTrackingNeedsTheCodeAndTheSecret(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	taken, err := a.TakeTips(ctx, public, "zs-gangkou-2017", lamp("举报"), nil, "public")
	if err != nil {
		t.Fatal(err)
	}
	code, sec := taken[0].Tip.Code, taken[0].Secret
	tests := []struct {
		name, code, secret string
		ok                 bool
	}{
		{"right", code, sec, true},
		{"in lower case with spaces", " " + strings.ToLower(code) + " ", strings.ToLower(sec), true},
		{"a wrong secret", code, "22222222", false},
		{"an unknown code", "T222222222", sec, false},
		{"too short", code[:5], sec, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := a.TrackTip(ctx, tt.code, tt.secret)
			if tt.ok != (err == nil) || (!tt.ok && dajia.ErrorCode(err) != dajia.NotFound) {
				t.Fatalf("err = %v", err)
			}
			if tt.ok && (got.Tip.Code != code || got.Unit == "" || len(got.Events) != 1) {
				t.Fatalf("tracked %+v", got)
			}
		})
	}
}

func TestTheTipsListIsTheActorsOwn(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	for _, stage := range []string{dajia.StageSelling, dajia.StageMaking} {
		s := lamp("举报")
		s.Stage = stage
		if _, err := a.TakeTips(ctx, public, "zs-gangkou-2017", s, nil, "public"); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		actor dajia.Actor
		q     app.TipQuery
		total int
	}{
		{"the office reads all", office, app.TipQuery{}, 2},
		{"a unit reads its own", gs, app.TipQuery{}, 1},
		{"an auditor reads none", auditor, app.TipQuery{}, 0},
		{"the office's queue", office, app.TipQuery{View: "queue"}, 0},
		{"another plan", office, app.TipQuery{PlanID: "nope"}, 0},
		{"a search", office, app.TipQuery{Query: "灯饰"}, 2},
		{"a search by category", office, app.TipQuery{Query: "灯具"}, 2},
		{"a search of another category", office, app.TipQuery{Query: "玩具"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := a.Tips(ctx, tt.actor, tt.q)
			if err != nil || l.Total != tt.total || len(l.Tips) != tt.total || l.Next != 0 {
				t.Fatalf("%+v %v", l, err)
			}
		})
	}
	if _, err := a.Tips(ctx, office, app.TipQuery{Query: strings.Repeat("词 ", 11)}); dajia.ErrorCode(err) != dajia.Invalid {
		t.Fatalf("too many words: %v", err)
	}
}

// The tips export hands over every tip the actor may see, however many
// pages that takes, and nothing of another unit's; it is audited.
func TestTipsExportTakesEveryPage(t *testing.T) {
	a := newApp(t)
	ctx := context.Background()
	const n = 503 // past one page of 500
	for i := range n {
		s := lamp("举报")
		if i%2 == 1 {
			s.Stage = dajia.StageMaking // another lead than gs
		}
		if _, err := a.TakeTips(ctx, public, "zs-gangkou-2017", s, nil, "public"); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name  string
		actor dajia.Actor
		want  int
	}{{"the office", office, n}, {"a unit", gs, (n + 1) / 2}, {"an auditor", auditor, 0}} {
		t.Run(tt.name, func(t *testing.T) {
			seen := map[int64]bool{}
			got, err := a.ExportTips(ctx, tt.actor, "zs-gangkou-2017", "", func(tip dajia.Tip) error {
				if seen[tip.ID] {
					t.Fatalf("tip %d twice", tip.ID)
				}
				seen[tip.ID] = true
				return nil
			})
			if err != nil || got != tt.want || len(seen) != tt.want {
				t.Fatalf("%d tips (%d distinct), want %d: %v", got, len(seen), tt.want, err)
			}
		})
	}
}
