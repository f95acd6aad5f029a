package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"dajia/store/storetest"
)

var checkpointRe = regexp.MustCompile(`dajia-audit-checkpoint v1 seq=(\d+) hash=[0-9a-f]+ mac=[0-9a-f]+`)

// rawDB opens the database behind dajia's back, as someone with the
// database's owner rights could.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if strings.HasPrefix(dsn, "postgres") {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func addLeader(t *testing.T, db, name string) {
	t.Helper()
	if code, _, errs := run(t, "Gangkou#2017\n", "--db", db, "user", "add", name, "--role", "leader", "--password-stdin"); code != 0 {
		t.Fatalf("user add %s: %s", name, errs)
	}
}

func TestAuditVerifySinceACheckpointFindsATruncationBehindAReplayedHead(t *testing.T) {
	db := storetest.DSN(t)
	addLeader(t, db, "u1")
	addLeader(t, db, "u2")
	raw := rawDB(t, db)
	var saved [4]any // the head row at record 3 (the reference plan, u1, u2), MAC and all
	if err := raw.QueryRow(`SELECT seq, hash, records, mac FROM audit_head WHERE id = 1`).Scan(&saved[0], &saved[1], &saved[2], &saved[3]); err != nil {
		t.Fatal(err)
	}
	addLeader(t, db, "u3")
	code, out, _ := run(t, "", "--db", db, "audit", "verify")
	cp := checkpointRe.FindString(out)
	if code != 0 || !strings.Contains(out, "审计记录完整：4 条") || cp == "" || !strings.Contains(cp, "seq=4 ") {
		t.Fatalf("verify: %d %s", code, out)
	}
	addLeader(t, db, "u4")
	code, out, _ = run(t, "", "--db", db, "audit", "verify", "--since", cp)
	if code != 0 || !strings.Contains(out, "与检查点（第 4 条）相符") || !strings.Contains(checkpointRe.FindString(out), "seq=5 ") {
		t.Fatalf("verify --since: %d %s", code, out)
	}
	// A checkpoint whose MAC is not this key's is refused, in the user's words.
	forged := regexp.MustCompile(`seq=4 `).ReplaceAllString(cp, "seq=5 ")
	for _, bad := range []struct{ since, why string }{{forged, "检查点的校验值不符"}, {"seq=4", "检查点应为一行"}} {
		t.Run(bad.why, func(t *testing.T) {
			code, out, errs := run(t, "", "--db", db, "audit", "verify", "--since", bad.since)
			if code != 2 || !strings.Contains(errs, bad.why) || checkpointRe.MatchString(out) {
				t.Errorf("--since %q: %d %s %s", bad.since, code, out, errs)
			}
		})
	}
	// Records 4 and 5 are cut and the head of record 3 is put back.
	drop := []string{`DROP TRIGGER audit_log_no_delete`}
	if strings.HasPrefix(db, "postgres") {
		drop = []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
	}
	for _, q := range append(drop, `DELETE FROM audit_log WHERE seq > 3`) {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := raw.Exec(`UPDATE audit_head SET seq = $1, hash = $2, records = $3, mac = $4 WHERE id = 1`, saved[:]...); err != nil {
		t.Fatal(err)
	}
	code, out, _ = run(t, "", "--db", db, "audit", "verify", "--since", cp)
	if code != 2 || !strings.Contains(out, "检查点在第 4 条，审计记录现在只到第 3 条") || checkpointRe.MatchString(out) {
		t.Fatalf("truncation past the checkpoint: %d %s", code, out)
	}
	if code, out, _ = run(t, "", "--lang", "en", "--db", db, "audit", "verify", "--since", cp); code != 2 || !strings.Contains(out, "the checkpoint is at record 4") {
		t.Fatalf("in English: %d %s", code, out)
	}
}

func TestServeLogsAnAuditCheckpointThatVerifyAccepts(t *testing.T) {
	db := storetest.DSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	done := make(chan int)
	go func() {
		done <- Main(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--today", "2017-10-20", "--db", db}, strings.NewReader(""), io.Discard, pw)
		pw.Close()
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if cp := checkpointRe.FindString(sc.Text()); cp != "" && strings.Contains(sc.Text(), `msg="audit checkpoint"`) {
				lines <- sc.Text()
			}
		}
		close(lines)
	}()
	var logged string
	select {
	case logged = <-lines:
	case <-time.After(20 * time.Second):
		t.Fatal("serve logged no audit checkpoint at start")
	}
	go func() {
		for range lines {
		}
	}()
	cancel()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	// The log line as it stands is what the operator pastes.
	code, out, errs := run(t, "", "--db", db, "audit", "verify", "--since", logged)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("与检查点（第 %s 条）相符", checkpointRe.FindStringSubmatch(logged)[1])) {
		t.Fatalf("verify --since the logged checkpoint: %d %s %s", code, out, errs)
	}
}
