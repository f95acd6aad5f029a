package store_test

import (
	"context"
	"fmt"
	"testing"

	"dajia"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

// Tips stored before migration 20 held Chinese prose in route_reason,
// due_what and the receipt's note; the migration rewrites them to codes.
func TestMigrationRewritesTheTipsProseToCodes(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{DSN: storetest.DSN(t), MAC: storetest.Keys().AuditMAC()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.MigrateToForTest(ctx, 7); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, `INSERT INTO plans (id, title, year, current_version, created_at, updated_at) VALUES ('p', 'plan', 2017, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`)
	mustExec(t, db, `INSERT INTO plan_versions (plan_id, version, digest, document, source, imported_at, imported_by) VALUES ('p', 1, 'd', '{}', '', CURRENT_TIMESTAMP, 'x')`)
	rows := []struct {
		reason, due         string
		wantReason, wantDue string
	}{
		{"按产品类别“灯具”分派到专项 2 灯具专项打假", "核查并作出是否立案的决定", "category", "decide"},
		{"产品类别没有对应的专项，由打假办分派", "决定是否受理投诉", "no_campaign", "accept"},
		{"专项 5 没有负责流通领域的牵头部门，由打假办分派", "调解期满（未达成协议的终止调解）", "no_lead", "mediate"},
		{"牵头部门不在方案的部门名单中，由打假办分派", "将处理结果告知实名举报人", "lead_unknown", "notify"},
		{"牵头单位市质监局是上级机关，由打假办转交", "", "upper_level", ""},
	}
	for i, r := range rows {
		mustExec(t, db, fmt.Sprintf(`INSERT INTO tips (code, secret_hash, group_code, plan_id, plan_version_id, source, kind, category, stage, online,
			campaign_no, route_reason, business_name, credit_code, business_address, village, description, occurred_on, named, contact_sealed,
			contact_masked, received_at, received_on, status, accepted_on, decided_on, closed_on, decision, public_reply, extended, paused_since,
			paused_days, due_on, due_what, reward_grade, reward_fines, reward_amount, updated_at)
			VALUES ('T%d', 'h', 'g', 'p', (SELECT id FROM plan_versions), 'public', '举报', '灯具', '销售', FALSE, 2, '%s', 'b', '', '', '', 'd', '', FALSE, '',
			'', CURRENT_TIMESTAMP, '2017-09-29', 'received', '', '', '', '', '', FALSE, '', 0, '2017-10-26', '%s', 0, 0, 0, CURRENT_TIMESTAMP)`, i, r.reason, r.due))
		mustExec(t, db, fmt.Sprintf(`INSERT INTO tip_events (tip_id, at, actor, action, note, public) VALUES ((SELECT id FROM tips WHERE code = 'T%d'), CURRENT_TIMESTAMP, 'public', 'receive', '%s', TRUE)`, i, r.reason))
		mustExec(t, db, fmt.Sprintf(`INSERT INTO tip_events (tip_id, at, actor, action, note, public) VALUES ((SELECT id FROM tips WHERE code = 'T%d'), CURRENT_TIMESTAMP, 'x', 'reply', '按产品类别答复', TRUE)`, i))
		for _, ev := range [][2]string{{"duplicate", "与第 42 号重复"}, {"reward", "1 级，罚没款 200000.5 元，奖励 10000 元"}} {
			mustExec(t, db, fmt.Sprintf(`INSERT INTO tip_events (tip_id, at, actor, action, note, public) VALUES ((SELECT id FROM tips WHERE code = 'T%d'), CURRENT_TIMESTAMP, 'x', '%s', '%s', FALSE)`, i, ev[0], ev[1]))
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		t.Run(r.wantReason, func(t *testing.T) {
			tip, err := db.TipByCode(ctx, fmt.Sprintf("T%d", i))
			if err != nil {
				t.Fatal(err)
			}
			if string(tip.RouteReason) != r.wantReason || string(tip.DueWhat) != r.wantDue {
				t.Fatalf("route %q due %q; want %q %q", tip.RouteReason, tip.DueWhat, r.wantReason, r.wantDue)
			}
			ev, err := db.TipEvents(ctx, tip.ID, false)
			if err != nil || len(ev) != 4 || ev[0].Note != r.wantReason || ev[1].Note != "按产品类别答复" || ev[2].Note != "42" || ev[3].Note != "1 200000.5 10000" {
				t.Fatalf("events %+v %v: the notes dajia wrote become codes, a reply stays as written", ev, err)
			}
		})
	}
}

func newTips(t *testing.T, db *store.DB, n int, due string) []dajia.Tip {
	t.Helper()
	ctx := context.Background()
	if _, err := db.ImportPlan(ctx, testActor, referencePlan(t), planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	v, err := db.Plan(ctx, "zs-gangkou-2017")
	if err != nil {
		t.Fatal(err)
	}
	var news []store.NewTip
	for i := range n {
		news = append(news, store.NewTip{Code: fmt.Sprintf("TS%08d", i), SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "public", Kind: dajia.TipReport,
			Category: "灯具", Stage: dajia.StageSelling, Routing: v.Plan.Route("灯具", dajia.StageSelling, false), BusinessName: fmt.Sprintf("商户%d", i),
			Description: "销售假冒伪劣商品的线索内容", Clock: dajia.TipClock{Due: dajia.MustDate(due).AddDays(i), What: dajia.DueDecide}})
	}
	tips, err := db.CreateTips(ctx, testActor, news)
	if err != nil {
		t.Fatal(err)
	}
	return tips
}

// The overdue count covers every tip of the filter, not the page shown.
func TestTipsAreCountedOverEveryPage(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	newTips(t, db, 12, "2017-10-01") // due 1 to 12 October
	today := dajia.MustDate("2017-10-08")
	tests := []struct {
		name           string
		f              store.TipFilter
		page           int
		total, overdue int
	}{
		{"the first page of five", store.TipFilter{Limit: 5}, 5, 12, 7},
		{"the last page", store.TipFilter{Limit: 5, Offset: 10}, 2, 12, 7},
		{"another plan", store.TipFilter{PlanID: "other", Limit: 5}, 0, 0, 0},
		{"a unit without tips", store.TipFilter{Units: []string{"nyj"}, Limit: 5}, 0, 0, 0},
		{"no unit at all", store.TipFilter{Units: []string{}}, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tips, err := db.Tips(ctx, tt.f)
			if err != nil || len(tips) != tt.page {
				t.Fatalf("page = %d %v", len(tips), err)
			}
			c, err := db.CountTips(ctx, tt.f, today)
			if err != nil || c.Total != tt.total || c.Overdue != tt.overdue {
				t.Fatalf("count = %+v %v", c, err)
			}
		})
	}
}

// A step saves the tip, its new handlers, its history and its audit record
// together, or nothing when the step is refused.
func TestUpdateTipSavesTheStepOrNothing(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t, nil)
	tip := newTips(t, db, 1, "2017-10-26")[0]
	_, err := db.UpdateTip(ctx, testActor, tip.ID, func(t *dajia.Tip) (dajia.TipStep, error) {
		t.Status = dajia.TipAccepted
		return dajia.TipStep{}, dajia.Errorf(dajia.Conflict, "status", "不行")
	})
	if dajia.ErrorCode(err) != dajia.Conflict {
		t.Fatalf("err = %v", err)
	}
	if got, _ := db.Tip(ctx, tip.ID); got.Status != dajia.TipReceived {
		t.Fatalf("a refused step changed the tip: %s", got.Status)
	}
	after, err := db.UpdateTip(ctx, testActor, tip.ID, func(t *dajia.Tip) (dajia.TipStep, error) {
		t.Handlers = []string{dajia.OfficeKey}
		t.DueWhat = dajia.DueDecide
		return dajia.TipStep{Action: "return", Note: "不属本局"}, nil
	})
	if err != nil || len(after.Handlers) != 1 || after.Handlers[0] != dajia.OfficeKey {
		t.Fatalf("after = %+v %v", after.Handlers, err)
	}
	ev, _ := db.TipEvents(ctx, tip.ID, false)
	if len(ev) != 2 || ev[1].Action != "return" || ev[1].Note != "不属本局" {
		t.Fatalf("events = %+v", ev)
	}
	recs, _ := db.AuditLog(ctx, store.AuditFilter{})
	found := false
	for _, r := range recs {
		found = found || r.Action == "tip.return"
	}
	if !found {
		t.Fatal("no audit record of the step")
	}
}
