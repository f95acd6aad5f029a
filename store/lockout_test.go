package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dajia"
	"dajia/secret"
	"dajia/store"
	"dajia/store/storetest"
)

// TestParallelWrongPasswordsCheckOnlyTheAllowedNumber fires 20 wrong
// passwords at once from 20 addresses (so no per-address limit masks the
// count): exactly MaxFailedLogins are compared with the account's hash, the
// rest are refused unchecked, and the account ends locked. Under READ
// COMMITTED every attempt read the same count, all 20 were checked and the
// account never locked.
func TestParallelWrongPasswordsCheckOnlyTheAllowedNumber(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	newUser(t, db, "zhang", dajia.RoleOfficer, "gsfj", "Gangkou#2017")
	dummy := hasher.DummyHash()
	var checked atomic.Int32
	verify := func(h string) (bool, error) {
		if h != dummy {
			checked.Add(1)
		}
		time.Sleep(30 * time.Millisecond) // as long as a real argon2id hash, so the attempts overlap
		return secret.Verify(h, "wrong-password"), nil
	}
	const n = 20
	start := make(chan struct{})
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = db.Login(ctx, "zhang", fmt.Sprintf("10.0.1.%d", i+1), "test", dummy, verify, func() (string, string) { return secret.NewToken("s_") })
		}()
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if dajia.ErrorCode(err) != dajia.Unauthorized {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if got := int(checked.Load()); got != dajia.MaxFailedLogins {
		t.Errorf("%d passwords were compared with the account's hash, want exactly %d", got, dajia.MaxFailedLogins)
	}
	u, err := db.UserByName(ctx, "zhang")
	if err != nil || !u.Locked(clock.Now()) {
		t.Fatalf("the account must be locked: %+v %v", u, err)
	}
	// Locked: the right password is refused too, without being checked.
	checked.Store(0)
	if _, err := db.Login(ctx, "zhang", "10.0.2.1", "test", dummy, func(h string) (bool, error) {
		if h != dummy {
			checked.Add(1)
		}
		return secret.Verify(h, "Gangkou#2017"), nil
	}, func() (string, string) { return secret.NewToken("s_") }); err == nil || checked.Load() != 0 {
		t.Fatalf("locked account: err %v, checked %d", err, checked.Load())
	}
	// Every attempt is in the audit trail, with why it failed.
	recs, err := db.AuditLog(ctx, store.AuditFilter{Action: "login.failed"})
	if err != nil {
		t.Fatal(err)
	}
	wrong := 0
	for _, r := range recs {
		if strings.Contains(r.After, "wrong password") {
			wrong++
		}
	}
	if wrong != dajia.MaxFailedLogins || len(recs) != n+1 {
		t.Errorf("%d failures audited as a wrong password, want %d (%d records)", wrong, dajia.MaxFailedLogins, len(recs))
	}
}

// TestParallelCodeGuessesCheckOnlyTheAllowedNumber: twenty one-time codes
// sent at once on one half-signed-in session; exactly MaxFailedLogins are
// compared, the account locks and the half-open session ends.
func TestParallelCodeGuessesCheckOnlyTheAllowedNumber(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	u := newUser(t, db, "li", dajia.RoleOffice, "", "Gangkou#2017")
	actor := dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role}
	if err := db.SetTOTP(ctx, actor, "sealed", true); err != nil {
		t.Fatal(err)
	}
	res, err := login(db, "li", "Gangkou#2017")
	if err != nil || !res.MFAPending {
		t.Fatalf("password step: %+v %v", res, err)
	}
	var checked atomic.Int32
	guess := func() bool { checked.Add(1); time.Sleep(5 * time.Millisecond); return false }
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			db.CompleteMFA(ctx, actor, res.SessionID, guess, func() (string, string) { return secret.NewToken("s_") })
		}()
	}
	close(start)
	wg.Wait()
	if got := int(checked.Load()); got != dajia.MaxFailedLogins {
		t.Errorf("%d codes were checked, want exactly %d", got, dajia.MaxFailedLogins)
	}
	if u, _ := db.User(ctx, u.ID); !u.Locked(clock.Now()) {
		t.Error("the account must be locked")
	}
	if _, _, err := db.SessionUser(ctx, secret.HashToken(res.Token)); err == nil {
		t.Error("the half-open session must end with the lockout")
	}
}

// TestGoodPasswordDoesNotResetSecondFactorFailures: rounds of the right
// password and one wrong code lock the account after MaxFailedLogins
// rounds; only a whole sign-in starts the count again.
func TestGoodPasswordDoesNotResetSecondFactorFailures(t *testing.T) {
	clock := storetest.NewClock(time.Date(2017, 9, 15, 9, 0, 0, 0, dajia.ChinaTime))
	db := storetest.Open(t, clock)
	ctx := context.Background()
	u := newUser(t, db, "wu", dajia.RoleOffice, "", "Gangkou#2017")
	actor := dajia.Actor{UserID: u.ID, Name: u.Name, Role: u.Role}
	if err := db.SetTOTP(ctx, actor, "sealed", true); err != nil {
		t.Fatal(err)
	}
	token := func() (string, string) { return secret.NewToken("s_") }
	round := func(code bool) error {
		res, err := login(db, "wu", "Gangkou#2017")
		if err != nil {
			return err
		}
		_, err = db.CompleteMFA(ctx, actor, res.SessionID, func() bool { return code }, token)
		return err
	}
	// A whole sign-in in between starts the count again.
	for range dajia.MaxFailedLogins - 1 {
		if err := round(false); dajia.ErrorCode(err) != dajia.Unauthorized {
			t.Fatal(err)
		}
	}
	if err := round(true); err != nil {
		t.Fatalf("a whole sign-in: %v", err)
	}
	for i := range dajia.MaxFailedLogins {
		if err := round(false); dajia.ErrorCode(err) != dajia.Unauthorized {
			t.Fatalf("round %d: %v", i, err)
		}
	}
	if _, err := login(db, "wu", "Gangkou#2017"); err == nil {
		t.Fatal("after five rounds of a good password and a wrong code the account must be locked")
	}
	if u, _ := db.User(ctx, u.ID); !u.Locked(clock.Now()) {
		t.Fatal("not locked in the database")
	}
}
