package store_test

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dajia"
	"dajia/planfile"
	"dajia/store"
	"dajia/store/storetest"
)

// intakeTips makes n submissions of one tip each, the first of every third
// one for a visitor with an address, so that the group holds both kinds of
// actor.
func intakeTips(t *testing.T, db *store.DB, prefix string, n int) (store.PlanVersion, [][]store.NewTip) {
	t.Helper()
	ctx := context.Background()
	if _, err := db.ImportPlan(ctx, testActor, referencePlan(t), planfile.Reference()); err != nil {
		t.Fatal(err)
	}
	v, err := db.RecentPlan(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]store.NewTip, n)
	for i := range out {
		cat := []string{"灯具", "服装", "玩具", "其他"}[i%4]
		nt := store.NewTip{Code: fmt.Sprintf("%s%07d", prefix, i), SecretHash: "x", GroupCode: fmt.Sprintf("G%d", i), PlanVersion: v, Source: "api",
			Kind: dajia.TipReport, Category: cat, Stage: dajia.StageSelling, Routing: v.Plan.Route(cat, dajia.StageSelling, false),
			BusinessName: fmt.Sprintf("商户%d", i), Description: "销售假冒伪劣商品的线索内容", Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-20"), What: dajia.DueDecide}}
		out[i] = []store.NewTip{nt}
		if i%5 == 0 { // a submission of both kinds: two tips that commit together
			both := nt
			both.Code, both.Kind = fmt.Sprintf("%sB%06d", prefix, i), dajia.TipComplaint
			out[i] = append(out[i], both)
		}
	}
	return v, out
}

// Submissions that arrive together commit together, and each comes back
// as the store holds it: what the caller is told is what a reader finds,
// the audit chain is whole, and every tip has its receipt and its units.
func TestIntakeGroupCommitStoresEveryTipAsAnswered(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	_, subs := intakeTips(t, db, "TG", 300)
	got := make([][]dajia.Tip, len(subs))
	errs := make([]error, len(subs))
	var wg sync.WaitGroup
	for i := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor := dajia.PublicActor(fmt.Sprintf("10.0.%d.%d", i/250, i%250))
			got[i], errs[i] = db.CreateTips(ctx, actor, subs[i])
		}()
	}
	wg.Wait()
	for i := range subs {
		if errs[i] != nil {
			t.Fatalf("submission %d: %v", i, errs[i])
		}
		if len(got[i]) != len(subs[i]) {
			t.Fatalf("submission %d: %d tips back, want %d", i, len(got[i]), len(subs[i]))
		}
		for k, tip := range got[i] {
			stored, err := db.Tip(ctx, tip.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !stored.ReceivedAt.Equal(tip.ReceivedAt) {
				t.Errorf("tip %s received at %v, stored %v", tip.Code, tip.ReceivedAt, stored.ReceivedAt)
			}
			stored.ReceivedAt, tip.ReceivedAt = time.Time{}, time.Time{}
			if !reflect.DeepEqual(stored, tip) {
				t.Fatalf("submission %d tip %d answered\n%+v\nbut stored\n%+v", i, k, tip, stored)
			}
			if tip.Code != subs[i][k].Code {
				t.Fatalf("submission %d got tip %s back, sent %s", i, tip.Code, subs[i][k].Code)
			}
			ev, err := db.TipEvents(ctx, tip.ID, true)
			if err != nil || len(ev) != 1 || ev[0].Action != "receive" {
				t.Fatalf("tip %s: receipt %+v %v", tip.Code, ev, err)
			}
		}
	}
	n, brk, err := db.VerifyAudit(ctx)
	if err != nil || brk != nil {
		t.Fatalf("audit chain after a group commit: %v %+v", err, brk)
	}
	recs, err := db.AuditLog(ctx, store.AuditFilter{Action: "tip.create", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if want := 300 + 60; len(recs) != want {
		t.Fatalf("%d tip.create records, want %d (of %d in the trail)", len(recs), want, n)
	}
	for _, r := range recs {
		if r.Actor != "public" || len(r.Address) < len(store.AnonymousPrefix) || r.Address[:len(store.AnonymousPrefix)] != store.AnonymousPrefix {
			t.Fatalf("record %d: a visitor's address is kept as its tag, got %q", r.Seq, r.Address)
		}
	}
}

// One submission that cannot be stored fails alone: the others of its
// group are committed and answered.
func TestIntakeOneBadSubmissionFailsAlone(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	_, subs := intakeTips(t, db, "TB", 40)
	if _, err := db.CreateTips(ctx, testActor, subs[1]); err != nil {
		t.Fatal(err)
	}
	// Submission 1 again: its tracking code is taken now.
	errs := make([]error, len(subs))
	var wg sync.WaitGroup
	for i := range subs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = db.CreateTips(ctx, testActor, subs[i])
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if i == 1 {
			if dajia.ErrorCode(err) != dajia.Conflict {
				t.Fatalf("the repeated code: %v, want a conflict", err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("submission %d failed with the bad one: %v", i, err)
		}
	}
	if n, err := db.CountAllTips(ctx); err != nil || n != 40+8 {
		t.Fatalf("%d tips stored, want 48 (40 submissions, 8 of both kinds): %v", n, err)
	}
	if _, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %+v", err, brk)
	}
}

// A submission whose caller has given up before it was written is not
// written; a closed store refuses new ones at once.
func TestIntakeCancelledAndClosed(t *testing.T) {
	db := storetest.Open(t, nil)
	_, subs := intakeTips(t, db, "TC", 2)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := db.CreateTips(gone, testActor, subs[0]); err == nil {
		t.Fatal("a cancelled submission must fail")
	}
	if n, _ := db.CountAllTips(context.Background()); n != 0 {
		t.Fatalf("%d tips stored for a cancelled submission", n)
	}
	db.Close()
	done := make(chan error, 1)
	go func() {
		_, err := db.CreateTips(context.Background(), testActor, subs[1])
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a closed store must refuse")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a closed store must answer at once, not hang")
	}
}

// The intake takes a tip under the version current as it arrives: a new
// version imported in this process is used at once.
func TestRecentPlanSeesANewVersionAtOnce(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	v1, _ := intakeTips(t, db, "TR", 1)
	p := referencePlan(t)
	p.Title += "（修订）"
	if _, err := db.ImportPlan(ctx, testActor, p, nil); err != nil {
		t.Fatal(err)
	}
	v2, err := db.RecentPlan(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if v2.Version != v1.Version+1 || v2.Plan.Title != p.Title {
		t.Fatalf("after an import the intake sees version %d %q, want %d", v2.Version, v2.Plan.Title, v1.Version+1)
	}
	if _, err := db.RecentPlan(ctx, "no-such-plan"); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("an unknown plan: %v, want not found", err)
	}
}

// BenchmarkIntakeGroupCommit stores one-tip submissions from many
// goroutines at once, as a burst of the public intake does, with durable
// commits (SQLite synchronous FULL; PostgreSQL as configured).
func BenchmarkIntakeGroupCommit(b *testing.B) {
	db := storetest.Open(b, nil)
	ctx := context.Background()
	if _, err := db.ImportPlan(ctx, testActor, referencePlan(b), planfile.Reference()); err != nil {
		b.Fatal(err)
	}
	v, err := db.RecentPlan(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	var n atomic.Int64
	b.SetParallelism(32)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			nt := store.NewTip{Code: fmt.Sprintf("TP%08d", i), SecretHash: "x", GroupCode: "g", PlanVersion: v, Source: "api", Kind: dajia.TipReport,
				Category: "灯具", Stage: dajia.StageSelling, Routing: v.Plan.Route("灯具", dajia.StageSelling, false), BusinessName: "某灯饰商行",
				Description: "销售假冒伪劣商品的线索内容", Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-20"), What: dajia.DueDecide}}
			if _, err := db.CreateTips(ctx, dajia.PublicActor(fmt.Sprintf("10.1.%d.%d", byte(i>>8), byte(i))), []store.NewTip{nt}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
