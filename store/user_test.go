package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/secret"
	"dajia/store"
	"dajia/store/storetest"
)

// A cheap hasher: the tests check rules, not argon2's cost.
var hasher = secret.Hasher{Memory: 1024, Time: 1, Threads: 1}

// operator creates the test accounts: the command line may create any.
var operator = dajia.CLIActor("test")

func newUser(t *testing.T, db *store.DB, name string, role dajia.Role, unit, password string) dajia.User {
	t.Helper()
	u, err := db.CreateUser(context.Background(), operator, store.NewUser{Name: name, Role: role, Unit: unit, PasswordHash: hasher.Hash(password)})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func login(db *store.DB, name, password string) (store.LoginResult, error) {
	return db.Login(context.Background(), name, "10.0.0.1", "test", hasher.DummyHash(),
		func(h string) (bool, error) { return secret.Verify(h, password), nil }, func() (string, string) { return secret.NewToken("s_") })
}

func TestLockoutAfterFiveFailuresAndUnlockAfterFifteenMinutes(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	newUser(t, db, "zhang", dajia.RoleOfficer, "gsfj", "Gangkou#2017")
	for i := range 5 {
		if _, err := login(db, "zhang", "wrong"); dajia.ErrorCode(err) != dajia.Unauthorized {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	// Locked: even the right password fails, with the same message.
	_, err := login(db, "zhang", "Gangkou#2017")
	if err == nil || err.Error() != store.ErrLogin().Error() {
		t.Fatalf("locked account: %v", err)
	}
	u, _ := db.UserByName(context.Background(), "zhang")
	if !u.Locked(clock.Now()) {
		t.Fatal("the lock must be in the database")
	}
	clock.Advance(14 * time.Minute)
	if _, err := login(db, "zhang", "Gangkou#2017"); err == nil {
		t.Fatal("still locked after 14 minutes")
	}
	clock.Advance(2 * time.Minute)
	res, err := login(db, "zhang", "Gangkou#2017")
	if err != nil || res.Token == "" {
		t.Fatalf("after 16 minutes: %v", err)
	}
}

func TestLockoutSurvivesARestart(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 9, 0, 0, 0, dajia.ChinaTime))
	dsn := storetest.DSN(t)
	open := func() *store.DB {
		db, err := store.Open(context.Background(), store.Config{DSN: dsn, Clock: clock, MAC: storetest.Keys().AuditMAC()})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Migrate(context.Background()); err != nil {
			t.Fatal(err)
		}
		return db
	}
	db := open()
	newUser(t, db, "li", dajia.RoleOffice, "", "Gangkou#2017")
	for range 3 {
		login(db, "li", "wrong")
	}
	db.Close()
	db = open()
	defer db.Close()
	for range 2 {
		login(db, "li", "wrong")
	}
	if _, err := login(db, "li", "Gangkou#2017"); err == nil {
		t.Fatal("five failures across a restart must lock the account")
	}
}

func TestUnknownUserAndWrongPasswordGiveTheSameAnswer(t *testing.T) {
	db := storetest.Open(t, nil)
	newUser(t, db, "zhao", dajia.RoleLeader, "", "Gangkou#2017")
	_, e1 := login(db, "nobody", "Gangkou#2017")
	_, e2 := login(db, "zhao", "wrong")
	if e1 == nil || e2 == nil || e1.Error() != e2.Error() {
		t.Fatalf("%v / %v", e1, e2)
	}
	recs, _ := db.AuditLog(context.Background(), store.AuditFilter{Action: "login.failed"})
	if len(recs) != 2 {
		t.Fatalf("failed logins audited: %d", len(recs))
	}
}

func TestSessionIdleAndAbsoluteTimeouts(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 8, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	newUser(t, db, "wang", dajia.RoleOffice, "", "Gangkou#2017")
	res, _ := login(db, "wang", "Gangkou#2017")
	h := secret.HashToken(res.Token)
	clock.Advance(29 * time.Minute)
	if _, _, err := db.SessionUser(ctx, h); err != nil {
		t.Fatalf("active after 29 minutes: %v", err)
	}
	clock.Advance(31 * time.Minute)
	if _, _, err := db.SessionUser(ctx, h); dajia.ErrorCode(err) != dajia.Unauthorized {
		t.Fatalf("idle 31 minutes must end the session: %v", err)
	}
	// Absolute: active every 20 minutes, still ends after 12 hours.
	res, _ = login(db, "wang", "Gangkou#2017")
	h = secret.HashToken(res.Token)
	for range 35 {
		clock.Advance(20 * time.Minute)
		if _, _, err := db.SessionUser(ctx, h); err != nil {
			t.Fatalf("active session ended early at %s: %v", clock.Now(), err)
		}
	}
	clock.Advance(21 * time.Minute)
	if _, _, err := db.SessionUser(ctx, h); err == nil {
		t.Fatal("a session must end 12 hours after login")
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	u := newUser(t, db, "chen", dajia.RoleOffice, "", "Gangkou#2017")
	a, _ := login(db, "chen", "Gangkou#2017")
	b, _ := login(db, "chen", "Gangkou#2017")
	actor := dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role}
	err := db.ChangePassword(ctx, actor, a.SessionID, hasher.Hash("Zhongshan#2018"), 5, func(string, []string) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SessionUser(ctx, secret.HashToken(a.Token)); err != nil {
		t.Fatalf("the session that changed the password stays: %v", err)
	}
	if _, _, err := db.SessionUser(ctx, secret.HashToken(b.Token)); err == nil {
		t.Fatal("other sessions must end")
	}
	// Disabling ends every session and refuses new ones.
	sys := dajia.Actor{UserID: 999, Name: "admin", Role: dajia.RoleSysadmin}
	if _, err := db.SetDisabled(ctx, sys, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SessionUser(ctx, secret.HashToken(a.Token)); err == nil {
		t.Fatal("disabling must end sessions")
	}
	if _, err := login(db, "chen", "Zhongshan#2018"); err == nil {
		t.Fatal("a disabled account cannot sign in")
	}
}

func TestPasswordHistoryIsGivenToTheCheck(t *testing.T) {
	db := storetest.Open(t, nil)
	u := newUser(t, db, "sun", dajia.RoleOffice, "", "First#2017a")
	actor := dajia.Actor{UserID: u.ID, Name: u.Name}
	reused := errors.New("reused")
	for i, pw := range []string{"Second#2017a", "Third#2017a", "Fourth#2017a", "Fifth#2017a", "Sixth#2017a"} {
		err := db.ChangePassword(context.Background(), actor, 0, hasher.Hash(pw), 5, func(cur string, prev []string) error {
			if len(prev) != min(i+1, 5) {
				t.Errorf("change %d: %d previous hashes", i, len(prev))
			}
			for _, h := range prev {
				if secret.Verify(h, pw) {
					return reused
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err := db.ChangePassword(context.Background(), actor, 0, hasher.Hash("Fifth#2017a"), 5, func(cur string, prev []string) error {
		for _, h := range prev {
			if secret.Verify(h, "Fifth#2017a") {
				return reused
			}
		}
		return nil
	})
	if !errors.Is(err, reused) {
		t.Fatalf("reuse of a recent password: %v", err)
	}
}

func TestRevokingAnotherUsersSessionIsNotFound(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	a := newUser(t, db, "aa", dajia.RoleOfficer, "gsfj", "Gangkou#2017")
	newUser(t, db, "bb", dajia.RoleOfficer, "zjfj", "Gangkou#2017")
	lb, _ := login(db, "bb", "Gangkou#2017")
	err := db.RevokeSession(ctx, dajia.Actor{UserID: a.ID, Name: "aa"}, lb.SessionID)
	if dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("err = %v", err)
	}
	if _, _, err := db.SessionUser(ctx, secret.HashToken(lb.Token)); err != nil {
		t.Fatal("b's session must survive")
	}
}

func TestAuditTrailVerifiesAndFindsAHandEditedRow(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	for _, n := range []string{"u1", "u2", "u3"} {
		newUser(t, db, n, dajia.RoleLeader, "", "Gangkou#2017")
	}
	n, brk, err := db.VerifyAudit(ctx)
	if err != nil || brk != nil || n != 3 {
		t.Fatalf("clean trail: %d %+v %v", n, brk, err)
	}
	// The trigger refuses any change by ordinary SQL.
	if err := db.ExecForTest(ctx, `UPDATE audit_log SET actor = 'x' WHERE seq = 2`); err == nil {
		t.Fatal("an UPDATE of the audit trail must be refused")
	}
	if err := db.ExecForTest(ctx, `DELETE FROM audit_log WHERE seq = 3`); err == nil {
		t.Fatal("a DELETE of the audit trail must be refused")
	}
	// Someone with the database's owner rights drops the trigger and edits.
	db.DropAuditTriggersForTest(t)
	if err := db.ExecForTest(ctx, `UPDATE audit_log SET actor = 'someone else' WHERE seq = 2`); err != nil {
		t.Fatal(err)
	}
	_, brk, err = db.VerifyAudit(ctx)
	if err != nil || brk == nil || brk.Seq != 2 || !strings.Contains(brk.Reason.Message, "第 2 条") {
		t.Fatalf("edited row: %+v %v", brk, err)
	}
}

func TestAuditTrailFindsADeletedRow(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	for _, n := range []string{"u1", "u2", "u3"} {
		newUser(t, db, n, dajia.RoleLeader, "", "Gangkou#2017")
	}
	db.DropAuditTriggersForTest(t)
	db.ExecForTest(ctx, `DELETE FROM audit_log WHERE seq = 3`)
	if _, brk, _ := db.VerifyAudit(ctx); brk == nil || brk.Seq != 3 {
		t.Fatalf("deleted last row: %+v", brk)
	}
	db.ExecForTest(ctx, `DELETE FROM audit_log WHERE seq = 1`)
	if _, brk, _ := db.VerifyAudit(ctx); brk == nil || brk.Seq != 1 {
		t.Fatalf("deleted first row: %+v", brk)
	}
}

func TestFailingAuditWriteRollsTheChangeBack(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	db.BreakAuditForTest(t)
	_, err := db.CreateUser(ctx, operator, store.NewUser{Name: "ghost", Role: dajia.RoleLeader, PasswordHash: hasher.Hash("Gangkou#2017")})
	if err == nil {
		t.Fatal("the change must fail with its audit record")
	}
	if _, err := db.UserByName(ctx, "ghost"); dajia.ErrorCode(err) != dajia.NotFound {
		t.Fatalf("the user was created without an audit record: %v", err)
	}
}

func TestAuditFilter(t *testing.T) {
	db := storetest.Open(t, nil)
	ctx := context.Background()
	newUser(t, db, "u1", dajia.RoleLeader, "", "Gangkou#2017")
	login(db, "u1", "bad")
	login(db, "u1", "Gangkou#2017")
	all, _ := db.AuditLog(ctx, store.AuditFilter{})
	logins, _ := db.AuditLog(ctx, store.AuditFilter{Action: "login"})
	failed, _ := db.AuditLog(ctx, store.AuditFilter{Result: "failed"})
	wild, _ := db.AuditLog(ctx, store.AuditFilter{Action: "%"})
	if len(all) != 3 || len(logins) != 2 || len(failed) != 1 || len(wild) != 0 || all[0].Seq != 3 {
		t.Fatalf("all %d logins %d failed %d wild %d", len(all), len(logins), len(failed), len(wild))
	}
	if all[0].At.IsZero() || all[0].Address != "10.0.0.1" {
		t.Fatalf("record = %+v", all[0])
	}
}

func TestAuditRetentionAndPurge(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 1, 2, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	for _, days := range []int{1, 179, -5} {
		if err := db.SetAuditRetentionDays(ctx, testActor, days); dajia.ErrorCode(err) != dajia.Invalid {
			t.Fatalf("%d days accepted: %v", days, err)
		}
	}
	// Retention 0 (the default) keeps everything.
	newUser(t, db, "old1", dajia.RoleLeader, "", "Gangkou#2017")
	newUser(t, db, "old2", dajia.RoleLeader, "", "Gangkou#2017")
	if n, err := db.PurgeAudit(ctx, testActor); err != nil || n != 0 {
		t.Fatalf("purge with no retention: %d %v", n, err)
	}
	if err := db.SetAuditRetentionDays(ctx, testActor, 180); err != nil {
		t.Fatal(err)
	}
	clock.Advance(200 * 24 * time.Hour)
	newUser(t, db, "new1", dajia.RoleLeader, "", "Gangkou#2017")
	// Nothing newer than the anchor can be deleted, even by hand.
	if err := db.ExecForTest(ctx, `DELETE FROM audit_log WHERE seq = 1`); err == nil {
		t.Fatal("a record inside retention was deleted")
	}
	n, err := db.PurgeAudit(ctx, testActor)
	if err != nil || n != 3 { // two user.create and the retention setting, all 200 days old
		t.Fatalf("purge: %d %v", n, err)
	}
	checked, brk, err := db.VerifyAudit(ctx)
	if err != nil || brk != nil || checked != 2 { // new1's creation and the purge record
		t.Fatalf("verify after purge: %d %+v %v", checked, brk, err)
	}
	// Moving the anchor forward to hide recent records is found.
	recs, _ := db.AuditLog(ctx, store.AuditFilter{})
	last := recs[len(recs)-1]
	if err := db.ExecForTest(ctx, `UPDATE audit_anchor SET seq = `+fmt.Sprint(last.Seq)+`, hash = '`+last.Hash+`' WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	if _, brk, _ := db.VerifyAudit(ctx); brk == nil {
		t.Fatal("a forged anchor was not found")
	}
}
