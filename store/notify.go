package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dajia"
)

// Notification is a reminder shown in the app to a unit's accounts. Its
// text is stored as a phrase, worded in each reader's language.
type Notification struct {
	ID        int64
	Unit      string
	Text      dajia.Phrase
	Link      string
	CreatedAt time.Time
}

// Message is one message to send: an e-mail or a group-robot post.
type Message struct {
	ID       int64
	Key      string // unique: the same reminder is never enqueued twice
	Channel  string // email | wecom | dingtalk
	Target   string // address or webhook URL
	Subject  string
	Body     string
	Attempts int
}

// Contact is where a unit's reminders go besides the app.
type Contact struct {
	Unit        string
	Emails      []string
	WebhookKind string // wecom | dingtalk | ""
	WebhookURL  string
}

// Remind records in-app reminders and enqueues messages, once each: a key
// that was seen before is skipped, whichever server saw it. It returns how
// many new entries it made.
func (db *DB) Remind(ctx context.Context, notes []Notification, keys []string, msgs []Message) (_ int, err error) {
	defer db.wrap(&err, "record reminders")
	made := 0
	err = db.Transact(ctx, func(tx *Tx) (err error) {
		made, err = tx.remind(ctx, notes, keys, msgs)
		return err
	})
	return made, err
}

// RemindBy records reminders someone sends by hand (the office reminding
// every unit late with a report), with the audit record of the sending, in
// one transaction; keys seen before are skipped as in Remind.
func (db *DB) RemindBy(ctx context.Context, actor dajia.Actor, e AuditEntry, notes []Notification, keys []string) (_ int, err error) {
	defer db.wrap(&err, "record reminders")
	made := 0
	err = db.Transact(ctx, func(tx *Tx) (err error) {
		if made, err = tx.remind(ctx, notes, keys, nil); err != nil {
			return err
		}
		return tx.Audit(ctx, actor, e)
	})
	return made, err
}

func (tx *Tx) remind(ctx context.Context, notes []Notification, keys []string, msgs []Message) (int, error) {
	made := 0
	err := func() error {
		for i, n := range notes {
			// The in-app note rides on the outbox's unique key, so it too
			// is made once.
			res, err := tx.ExecContext(ctx, `INSERT INTO outbox (dedupe_key, channel, target, subject, body, status, attempts, next_attempt_at, claimed_by, last_error, created_at)
				VALUES ($1, 'app', $2, '', $3, 'sent', 0, $4, '', '', $4) ON CONFLICT (dedupe_key) DO NOTHING`, keys[i], n.Unit, n.Text.String(), tx.Now)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			if k == 0 {
				continue
			}
			args, err := encodeArgs(n.Text.Args)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO notifications (unit_key, text, args, link, created_at) VALUES ($1, $2, $3, $4, $5)`, n.Unit, n.Text.Key, args, n.Link, tx.Now); err != nil {
				return err
			}
			made++
		}
		for _, m := range msgs {
			res, err := tx.ExecContext(ctx, `INSERT INTO outbox (dedupe_key, channel, target, subject, body, status, attempts, next_attempt_at, claimed_by, last_error, created_at)
				VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, '', '', $6) ON CONFLICT (dedupe_key) DO NOTHING`, m.Key, m.Channel, m.Target, m.Subject, m.Body, tx.Now)
			if err != nil {
				return err
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			made += int(k)
		}
		return nil
	}()
	return made, err
}

// Notifications returns the newest in-app reminders of a unit.
func (db *DB) Notifications(ctx context.Context, unit string, limit int) (_ []Notification, err error) {
	defer db.wrap(&err, "list notifications of %s", unit)
	rows, err := db.read.QueryContext(ctx, `SELECT id, unit_key, text, args, link, created_at FROM notifications WHERE unit_key = $1 ORDER BY id DESC LIMIT $2`, unit, limit)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var args string
		if err := rows.Scan(&n.ID, &n.Unit, &n.Text.Key, &args, &n.Link, &n.CreatedAt); err != nil {
			return nil, err
		}
		if n.Text.Args, err = decodeArgs(args); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// ClaimMessages takes up to limit messages due for sending for owner for a
// while. A row claimed by one server is skipped by the others until the
// claim expires, so each message is sent by one server.
func (db *DB) ClaimMessages(ctx context.Context, owner string, limit int, hold time.Duration) (_ []Message, err error) {
	defer db.wrap(&err, "claim messages for %s", owner)
	var out []Message
	err = db.Transact(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET claimed_by = $1, claimed_until = $2
			WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $3 AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4)
			AND status = 'pending' AND (claimed_until IS NULL OR claimed_until < $3)
			RETURNING id, dedupe_key, channel, target, subject, body, attempts`, owner, tx.Now.Add(hold), tx.Now, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m Message
			if err := rows.Scan(&m.ID, &m.Key, &m.Channel, &m.Target, &m.Subject, &m.Body, &m.Attempts); err != nil {
				return err
			}
			out = append(out, m)
		}
		return rows.Err()
	})
	return out, err
}

// MaxMessageAttempts is how often a message is tried before it is given up.
const MaxMessageAttempts = 8

// MessageDone records the outcome of sending: sent, or failed and retried
// later with a growing pause, until MaxMessageAttempts.
func (db *DB) MessageDone(ctx context.Context, owner string, id int64, sendErr error) (err error) {
	defer db.wrap(&err, "finish message %d", id)
	return db.Transact(ctx, func(tx *Tx) error {
		var attempts int
		if err := tx.QueryRowContext(ctx, `SELECT attempts FROM outbox WHERE id = $1 AND claimed_by = $2`, id, owner).Scan(&attempts); err != nil {
			if err == sql.ErrNoRows {
				return nil // claim lost; the other server owns it now
			}
			return err
		}
		attempts++
		if sendErr == nil {
			_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'sent', attempts = $1, sent_at = $2, claimed_until = NULL WHERE id = $3`, attempts, tx.Now, id)
			return err
		}
		status := "pending"
		if attempts >= MaxMessageAttempts {
			status = "failed"
		}
		wait := time.Duration(1<<min(attempts, 10)) * time.Minute
		msg := sendErr.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = $1, attempts = $2, next_attempt_at = $3, claimed_until = NULL, last_error = $4 WHERE id = $5`,
			status, attempts, tx.Now.Add(wait), msg, id)
		return err
	})
}

// OutboxCounts counts messages by channel and status; for tests and the
// office's view of reminders.
func (db *DB) OutboxCounts(ctx context.Context) (_ map[string]int, err error) {
	defer db.wrap(&err, "count the outbox")
	rows, err := db.read.QueryContext(ctx, `SELECT channel, status, COUNT(*) FROM outbox GROUP BY channel, status`)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var c, s string
		var n int
		if err := rows.Scan(&c, &s, &n); err != nil {
			return nil, err
		}
		out[c+"/"+s] = n
	}
	return out, rows.Err()
}

// SetContact stores where a unit's reminders go.
func (db *DB) SetContact(ctx context.Context, actor dajia.Actor, planID string, c Contact) (err error) {
	defer db.wrap(&err, "set the contact of %s", c.Unit)
	return db.Transact(ctx, func(tx *Tx) error {
		emails := strings.Join(c.Emails, ",")
		res, err := tx.ExecContext(ctx, `UPDATE unit_contacts SET emails = $1, webhook_kind = $2, webhook_url = $3, updated_at = $4 WHERE plan_id = $5 AND unit_key = $6`,
			emails, c.WebhookKind, c.WebhookURL, tx.Now, planID, c.Unit)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO unit_contacts (plan_id, unit_key, emails, webhook_kind, webhook_url, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				planID, c.Unit, emails, c.WebhookKind, c.WebhookURL, tx.Now); err != nil {
				return err
			}
		}
		// The webhook address holds the robot's key: the trail keeps its kind only.
		return tx.Audit(ctx, actor, AuditEntry{Action: "contact.set", Object: fmt.Sprintf("contact:%s/%s", planID, c.Unit),
			After: map[string]any{"emails": c.Emails, "webhook": c.WebhookKind, "webhook_set": c.WebhookURL != ""}})
	})
}

// Contacts returns the contacts of a plan's units, by unit key.
func (db *DB) Contacts(ctx context.Context, planID string) (_ map[string]Contact, err error) {
	defer db.wrap(&err, "list contacts of plan %s", planID)
	rows, err := db.read.QueryContext(ctx, `SELECT unit_key, emails, webhook_kind, webhook_url FROM unit_contacts WHERE plan_id = $1`, planID)
	if err != nil {
		return nil, db.dialect.mapErr(err)
	}
	defer rows.Close()
	out := map[string]Contact{}
	for rows.Next() {
		var c Contact
		var emails string
		if err := rows.Scan(&c.Unit, &emails, &c.WebhookKind, &c.WebhookURL); err != nil {
			return nil, err
		}
		if emails != "" {
			c.Emails = strings.Split(emails, ",")
		}
		out[c.Unit] = c
	}
	return out, rows.Err()
}
