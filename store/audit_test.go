package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dajia"
	"dajia/store"
	"dajia/store/storetest"
)

func addUsers(t *testing.T, db *store.DB, names ...string) {
	t.Helper()
	for _, n := range names {
		newUser(t, db, n, dajia.RoleLeader, "", "Gangkou#2017")
	}
}

func recordHash(t *testing.T, db *store.DB, seq int64) string {
	t.Helper()
	recs, err := db.AuditLog(context.Background(), store.AuditFilter{Before: seq + 1, Limit: 1})
	if err != nil || len(recs) != 1 || recs[0].Seq != seq {
		t.Fatalf("record %d: %v %v", seq, recs, err)
	}
	return recs[0].Hash
}

func head(t *testing.T, db *store.DB) store.Checkpoint {
	t.Helper()
	c, err := db.CheckAudit(context.Background(), nil)
	if err != nil || c.Break != nil || c.Head.IsZero() {
		t.Fatalf("check: %+v %v", c, err)
	}
	return c.Head
}

func mustExec(t *testing.T, db *store.DB, query string) {
	t.Helper()
	if err := db.ExecForTest(context.Background(), query); err != nil {
		t.Fatal(err)
	}
}

func TestCuttingTheTailAndRewritingTheHeadIsFound(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	addUsers(t, db, "u1", "u2", "u3", "u4", "u5")
	h3 := recordHash(t, db, 3)
	db.DropAuditTriggersForTest(t)
	mustExec(t, db, `DELETE FROM audit_log WHERE seq > 3`)
	mustExec(t, db, `UPDATE audit_head SET seq = 3, hash = '`+h3+`' WHERE id = 1`)
	if _, brk, err := db.VerifyAudit(ctx); err != nil || brk == nil {
		t.Fatalf("the cut tail passed: %+v %v", brk, err)
	}
	// Fixing the count too does not help without the key.
	mustExec(t, db, `UPDATE audit_head SET records = 3 WHERE id = 1`)
	if _, brk, _ := db.VerifyAudit(ctx); brk == nil || !strings.Contains(brk.Reason.Message, "audit_head") {
		t.Fatalf("the cut tail with its count passed: %+v", brk)
	}
	if _, brk, _ := db.AuditCheckpoint(ctx); brk == nil {
		t.Fatal("serve's checkpoint signed a rewritten head")
	}
}

func TestWipingTheWholeAuditTrailIsFound(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	addUsers(t, db, "u1", "u2", "u3")
	db.DropAuditTriggersForTest(t)
	mustExec(t, db, `DELETE FROM audit_log`)
	mustExec(t, db, `UPDATE audit_head SET seq = 0, hash = '' WHERE id = 1`)
	if _, brk, err := db.VerifyAudit(ctx); err != nil || brk == nil {
		t.Fatalf("the wiped trail passed: %+v %v", brk, err)
	}
	for _, q := range []string{`UPDATE audit_head SET records = 0 WHERE id = 1`, `UPDATE audit_head SET mac = '' WHERE id = 1`} {
		mustExec(t, db, q)
		if _, brk, _ := db.VerifyAudit(ctx); brk == nil {
			t.Fatalf("the wiped trail passed after %s", q)
		}
	}
}

func TestAForgedCheckpointIsRefused(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	addUsers(t, db, "u1", "u2", "u3")
	cp := head(t, db)
	// The line as verify prints it, and as serve's log writes it, reads back.
	for _, line := range []string{cp.String(), `time=2017-09-29T10:00:00.000+08:00 level=INFO msg="audit checkpoint" checkpoint="` + cp.String() + `"`} {
		if got, err := store.ParseCheckpoint(line); err != nil || got != cp {
			t.Fatalf("parse %q: %+v %v", line, got, err)
		}
	}
	if c, err := db.CheckAudit(ctx, &cp); err != nil || c.Break != nil || c.Records != 3 {
		t.Fatalf("the real checkpoint: %+v %v", c, err)
	}
	flip := func(s string) string {
		if s[0] == '0' {
			return "1" + s[1:]
		}
		return "0" + s[1:]
	}
	for name, forged := range map[string]store.Checkpoint{
		"later seq":    {Seq: cp.Seq + 5, Hash: cp.Hash, MAC: cp.MAC},
		"earlier seq":  {Seq: cp.Seq - 1, Hash: cp.Hash, MAC: cp.MAC},
		"other hash":   {Seq: cp.Seq, Hash: recordHash(t, db, 1), MAC: cp.MAC},
		"changed mac":  {Seq: cp.Seq, Hash: cp.Hash, MAC: flip(cp.MAC)},
		"record's mac": {Seq: cp.Seq, Hash: cp.Hash, MAC: cp.Hash},
	} {
		if _, err := db.CheckAudit(ctx, &forged); dajia.ErrorCode(err) != dajia.Invalid || dajia.ErrorOf(err).Field != "since" {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, bad := range []string{"", "seq=3 hash=ab mac=cd", "dajia-audit-checkpoint v1 seq=0 hash=ab mac=cd", "dajia-audit-checkpoint v1 seq=3 hash=zz mac=cd",
		"dajia-audit-checkpoint v1 seq=3 hash=ab"} {
		if _, err := store.ParseCheckpoint(bad); dajia.ErrorCode(err) != dajia.Invalid {
			t.Errorf("%q parsed: %v", bad, err)
		}
	}
}

func TestTruncationPastACheckpointIsFoundEvenWithAnEarlierHeadPutBack(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	addUsers(t, db, "u1", "u2", "u3")
	earlier := db.AuditHeadForTest(t)
	addUsers(t, db, "u4", "u5")
	cp := head(t, db) // record 5, kept off the machine
	addUsers(t, db, "u6")
	// Someone cuts records 4 to 6 and puts back the head row as it was at
	// record 3, MAC and all.
	db.DropAuditTriggersForTest(t)
	mustExec(t, db, `DELETE FROM audit_log WHERE seq > 3`)
	mustExec(t, db, earlier)
	// The database alone cannot tell this from a trail that ended at 3:
	// that is what the checkpoint kept outside is for.
	if _, brk, _ := db.VerifyAudit(ctx); brk != nil {
		t.Fatalf("the replayed head: %+v", brk)
	}
	c, err := db.CheckAudit(ctx, &cp)
	if err != nil || c.Break == nil || !strings.Contains(c.Break.Reason.Message, "检查点在第 5 条") || !c.Head.IsZero() {
		t.Fatalf("truncation past the checkpoint passed: %+v %v", c, err)
	}
}

func TestACheckpointOfAnotherTrailDoesNotMatch(t *testing.T) {
	a, b := storetest.Open(t, nil), storetest.Open(t, nil) // the same key
	addUsers(t, a, "a1", "a2", "a3")
	addUsers(t, b, "b1", "b2", "b3")
	cp := head(t, a)
	c, err := b.CheckAudit(context.Background(), &cp)
	if err != nil || c.Break == nil || c.Break.Seq != 3 || !strings.Contains(c.Break.Reason.Message, "与检查点不符") {
		t.Fatalf("another trail's record 3 passed as this one's: %+v %v", c, err)
	}
}

func TestPurgeMovesTheStartButACheckpointPastItStillCatchesTruncation(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 1, 2, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	addUsers(t, db, "old1")
	purged := head(t, db) // record 1: will be purged
	if err := db.SetAuditRetentionDays(ctx, testActor, 180); err != nil {
		t.Fatal(err)
	}
	atAnchor := head(t, db) // record 2: the last purged, the new start
	clock.Advance(200 * 24 * time.Hour)
	addUsers(t, db, "new1")
	if n, err := db.PurgeAudit(ctx, testActor); err != nil || n != 2 {
		t.Fatalf("purge: %d %v", n, err)
	}
	addUsers(t, db, "new2")           // record 5
	earlier := db.AuditHeadForTest(t) // the head at record 5
	addUsers(t, db, "new3")           // record 6
	past := head(t, db)               // record 6, past the purged range
	for _, cp := range []store.Checkpoint{purged, atAnchor, past} {
		c, err := db.CheckAudit(ctx, &cp)
		if err != nil || c.Break != nil || c.SincePurged != (cp.Seq < atAnchor.Seq) || c.Records != 4 {
			t.Fatalf("checkpoint %d after the purge: %+v %v", cp.Seq, c, err)
		}
	}
	// Records 6 and on are cut and the head at 5 put back.
	db.DropAuditTriggersForTest(t)
	mustExec(t, db, `DELETE FROM audit_log WHERE seq > 5`)
	mustExec(t, db, earlier)
	if c, err := db.CheckAudit(ctx, &past); err != nil || c.Break == nil {
		t.Fatalf("a checkpoint past the purged range passed a truncation: %+v %v", c, err)
	}
	// The start cannot be moved past the checkpoint without the key either.
	mustExec(t, db, fmt.Sprintf(`UPDATE audit_anchor SET seq = 6, hash = '%s' WHERE id = 1`, past.Hash))
	mustExec(t, db, `DELETE FROM audit_log`)
	mustExec(t, db, `UPDATE audit_head SET seq = 6, hash = '`+past.Hash+`', records = 0 WHERE id = 1`)
	if c, _ := db.CheckAudit(ctx, &past); c.Break == nil {
		t.Fatal("a forged start passed the checkpoint")
	}
}

func TestAuditRecordsOfTheOldFormatStillVerifyAfterTheMigration(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, store.Config{DSN: storetest.DSN(t), MAC: storetest.Keys().AuditMAC()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.MigrateToForTest(ctx, 4); err != nil {
		t.Fatal(err)
	}
	for i, after := range []string{`{"title":"2017年方案","version":1}`, `{"code":"T123","decision":"立案"}`, ``} {
		if err := db.WriteOldAuditForTest(ctx, "tester", "203.0.113.9", "old.action", fmt.Sprintf("x:%d", i), after); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if n, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil || n != 3 {
		t.Fatalf("the old records after the migration: %d %+v %v", n, brk, err)
	}
	addUsers(t, db, "u1")
	recs, _ := db.AuditLog(ctx, store.AuditFilter{})
	if len(recs) != 4 || recs[0].Fields == "" || recs[2].Fields != "" || recs[2].After != `{"code":"T123","decision":"立案"}` {
		t.Fatalf("records = %+v", recs)
	}
	if n, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil || n != 4 {
		t.Fatalf("old and new records: %d %+v %v", n, brk, err)
	}
	// The migrated head is authenticated: cutting the tail is found.
	h2 := recordHash(t, db, 2)
	db.DropAuditTriggersForTest(t)
	mustExec(t, db, `DELETE FROM audit_log WHERE seq > 2`)
	mustExec(t, db, `UPDATE audit_head SET seq = 2, hash = '`+h2+`', records = 2 WHERE id = 1`)
	if _, brk, _ := db.VerifyAudit(ctx); brk == nil {
		t.Fatal("a cut tail passed on a migrated database")
	}
}

func TestAPublicAddressIsAKeyedHashOfTheDayAndItsKeyIsForgotten(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 29, 23, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	tag := func(addr string) string {
		t.Helper()
		if err := db.Audit(ctx, dajia.PublicActor(addr), store.AuditEntry{Action: "tip.create", Object: "tip:1"}); err != nil {
			t.Fatal(err)
		}
		recs, _ := db.AuditLog(ctx, store.AuditFilter{Limit: 1})
		return recs[0].Address
	}
	a1, a2, b1 := tag("203.0.113.9"), tag("203.0.113.9"), tag("198.51.100.4")
	if !strings.HasPrefix(a1, store.AnonymousPrefix) || strings.Contains(a1, "203.0.113") || a1 != a2 || a1 == b1 {
		t.Fatalf("tags: %s %s %s", a1, a2, b1)
	}
	if days := db.AddressKeyDaysForTest(t); len(days) != 1 || days[0] != "2017-09-29" {
		t.Fatalf("keys: %v", days)
	}
	// After midnight in China the same address gets another tag, and the
	// key of the day before is gone: no one can link its tags any more.
	clock.Advance(2 * time.Hour)
	if a3 := tag("203.0.113.9"); a3 == a1 {
		t.Fatal("the tag did not change with the day")
	}
	if days := db.AddressKeyDaysForTest(t); len(days) != 1 || days[0] != "2017-09-30" {
		t.Fatalf("keys: %v", days)
	}
	// A quiet day: serve's hourly round forgets the key all the same.
	clock.Advance(24 * time.Hour)
	if err := db.ForgetAddressKeys(ctx); err != nil {
		t.Fatal(err)
	}
	if days := db.AddressKeyDaysForTest(t); len(days) != 0 {
		t.Fatalf("keys: %v", days)
	}
	// Accounts and the command line keep their addresses readable.
	if err := db.Audit(ctx, testActor, store.AuditEntry{Action: "x", Object: "user:1"}); err != nil {
		t.Fatal(err)
	}
	if recs, _ := db.AuditLog(ctx, store.AuditFilter{Limit: 1}); recs[0].Address != "127.0.0.1" {
		t.Fatalf("an account's address: %s", recs[0].Address)
	}
	if n, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil || n != 5 {
		t.Fatalf("verify: %d %+v %v", n, brk, err)
	}
}

// The first public records of a day, written at once on several
// connections (PostgreSQL), share one key for the day: the one that loses
// the race to make it takes the winner's.
func TestFirstPublicRecordsOfADayAtOnceShareItsKey(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 29, 8, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	const n = 8
	for day := 0; day < 5; day++ {
		clock.Advance(24 * time.Hour)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				errs[i] = db.Audit(ctx, dajia.PublicActor("203.0.113.9"), store.AuditEntry{Action: "tip.create", Object: fmt.Sprintf("tip:%d", i)})
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatalf("day %d: %v", day, err)
			}
		}
		recs, _ := db.AuditLog(ctx, store.AuditFilter{Limit: n})
		for _, r := range recs {
			if r.Address != recs[0].Address {
				t.Fatalf("day %d: tags %s and %s for one address", day, r.Address, recs[0].Address)
			}
		}
	}
	if nrec, brk, err := db.VerifyAudit(ctx); err != nil || brk != nil || nrec != 5*n {
		t.Fatalf("verify: %d %+v %v", nrec, brk, err)
	}
}
