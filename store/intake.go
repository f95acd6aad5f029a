package store

// The public intake's writer: group commit. Submissions that arrive while
// a commit is under way wait together and go into the next transaction,
// with their audit records and one step of the audit chain's head, so that
// one sync to disk makes many acknowledged tips durable. Each submission is
// answered only once its transaction has committed.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"sync"
	"time"

	"dajia"
)

// Limits of one group: the tips that join a transaction (a larger
// submission, such as a hand-over of many, is written alone), and how long
// its commit may take.
const (
	intakeMaxTips = 256
	intakeTimeout = 30 * time.Second
)

// intake hands submissions to its writer goroutine, started on the first
// submission and stopped by Close. The queue is unbuffered: while the
// writer commits, submitters wait on it, and the writer takes all of them
// at once when it comes back.
type intake struct {
	db      *DB
	once    sync.Once // starts the writer
	closing sync.Once
	queue   chan *intakeJob
	quit    chan struct{}
	done    chan struct{} // closed when the writer has stopped
}

type intakeJob struct {
	ctx    context.Context
	actor  dajia.Actor
	tips   []NewTip
	audits []AuditRecord // drafted by the submitter, one a tip
	answer chan intakeAnswer
}

type intakeAnswer struct {
	tips []dajia.Tip
	err  error
}

func newIntake(db *DB) *intake {
	return &intake{db: db, queue: make(chan *intakeJob), quit: make(chan struct{}), done: make(chan struct{})}
}

var errClosed = errors.New("store: closed")

// CreateTips stores the tips of one submission (two when a submission is
// both a complaint and a report) with their routing, photos, receipt
// events and audit records, committed with whatever other submissions wait
// at the same moment. It returns once they are committed.
func (db *DB) CreateTips(ctx context.Context, actor dajia.Actor, tips []NewTip) (_ []dajia.Tip, err error) {
	defer db.wrap(&err, "store the tips")
	if len(tips) == 0 {
		return nil, nil
	}
	q := db.intake
	q.once.Do(func() { go q.run() })
	j := &intakeJob{ctx: ctx, actor: actor, tips: tips, answer: make(chan intakeAnswer, 1)}
	// What the audit trail keeps of each tip is drafted here, in the
	// submitter's goroutine, so that the one writer does only what must
	// be done in order.
	for i := range tips {
		r, err := draftAudit(actor, AuditEntry{Action: "tip.create", Object: "tip:", After: tipView(tips[i].stored(0, time.Time{}, dajia.Date{}))})
		if err != nil {
			return nil, err
		}
		j.audits = append(j.audits, r)
	}
	select {
	case q.queue <- j:
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-q.quit:
		return nil, errClosed
	}
	// Wait for the answer even when ctx ends meanwhile: once taken, the
	// submission commits or fails as a whole, and the caller says which.
	a := <-j.answer
	return a.tips, a.err
}

// close stops the writer after the group it is writing.
func (q *intake) close() {
	q.closing.Do(func() {
		started := true
		q.once.Do(func() { started = false })
		close(q.quit)
		if started {
			<-q.done
		}
	})
}

func (q *intake) run() {
	defer close(q.done)
	ctx, cancel := context.WithTimeout(context.Background(), intakeTimeout)
	if err := q.db.stmts.prepare(ctx, q.db.write, hotStatements()...); err != nil {
		q.db.stmts.close() // not migrated yet? Plain SQL still works
	}
	cancel()
	for {
		var batch []*intakeJob
		select {
		case j := <-q.queue:
			batch = append(batch, j)
		case <-q.quit:
			return
		}
		n := len(batch[0].tips)
	gather:
		for n < intakeMaxTips {
			select {
			case j := <-q.queue:
				if n+len(j.tips) > intakeMaxTips {
					q.write([]*intakeJob{j}) // too big to join: alone, after this group
					break gather
				}
				batch = append(batch, j)
				n += len(j.tips)
			default:
				break gather
			}
		}
		q.write(batch)
	}
}

// write commits a group; if the group fails, each submission is tried in a
// transaction of its own, so that one bad submission fails alone.
func (q *intake) write(batch []*intakeJob) {
	live := batch[:0]
	for _, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.answer <- intakeAnswer{err: err} // given up before it was written: nothing stored
			continue
		}
		live = append(live, j)
	}
	if len(live) == 0 {
		return
	}
	// A bug must not take the writer down with it, nor leave a submitter
	// waiting: each is answered with the failure (an answered one keeps its
	// answer; the channel holds one).
	defer func() {
		if p := recover(); p != nil {
			for _, j := range live {
				select {
				case j.answer <- intakeAnswer{err: fmt.Errorf("store the tips: %v", p)}:
				default:
				}
			}
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), intakeTimeout)
	defer cancel()
	var out [][]dajia.Tip
	err := q.db.Transact(ctx, func(tx *Tx) (err error) {
		out, err = tx.createTips(ctx, live)
		return err
	})
	if err == nil {
		for i, j := range live {
			j.answer <- intakeAnswer{tips: out[i]}
		}
		return
	}
	if len(live) == 1 {
		live[0].answer <- intakeAnswer{err: err}
		return
	}
	for _, j := range live {
		err := q.db.Transact(ctx, func(tx *Tx) (err error) {
			out, err = tx.createTips(ctx, []*intakeJob{j})
			return err
		})
		if err != nil {
			j.answer <- intakeAnswer{err: err}
		} else {
			j.answer <- intakeAnswer{tips: out[0]}
		}
	}
}

// createTips writes the tips of the jobs in few prepared statements: the
// tips in one INSERT per chunk, their assignments and their receipt events
// likewise, the photos one by one, and the audit records chained in one
// step of the head.
func (tx *Tx) createTips(ctx context.Context, jobs []*intakeJob) ([][]dajia.Tip, error) {
	today := dajia.DateOf(tx.Now.In(dajia.ChinaTime))
	var all []*NewTip
	for _, j := range jobs {
		for i := range j.tips {
			all = append(all, &j.tips[i])
		}
	}
	ids := make(map[string]int64, len(all))
	rest := all
	for _, k := range chunks(len(all)) {
		args := make([]any, 0, 26*k)
		for _, nt := range rest[:k] {
			args = append(args, nt.Code, nt.SecretHash, nt.GroupCode, nt.PlanVersion.PlanID, nt.PlanVersion.ID, nt.Source, string(nt.Kind), nt.Category,
				nt.Stage, nt.Online, nt.campaignNo(), string(nt.Routing.Reason), nt.BusinessName, nt.CreditCode, nt.Address, nt.Village, nt.Description,
				nt.OccurredOn, nt.Named, nt.ContactSealed, nt.ContactMasked, tx.Now, today.String(), nt.Clock.Due.String(), string(nt.Clock.What), tx.Now)
		}
		rest = rest[k:]
		rows, err := tx.query(ctx, tipInsert[k], args...)
		if err != nil {
			return nil, fmt.Errorf("store %d tips: %w", k, err)
		}
		for rows.Next() {
			var id int64
			var code string
			if err := rows.Scan(&id, &code); err != nil {
				rows.Close()
				return nil, err
			}
			ids[code] = id
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	out := make([][]dajia.Tip, len(jobs))
	var assigned, events [][]any
	var audits []AuditRecord
	for i, j := range jobs {
		for k, nt := range j.tips {
			id, ok := ids[nt.Code]
			if !ok {
				return nil, fmt.Errorf("store tip %s: no id returned", nt.Code)
			}
			t := nt.stored(id, tx.Now, today)
			for _, u := range t.Handlers {
				assigned = append(assigned, []any{id, u, "handle", tx.Now})
			}
			for _, u := range t.Notified {
				assigned = append(assigned, []any{id, u, "notify", tx.Now})
			}
			// The receipt's note is the routing reason's code: pages word it.
			events = append(events, []any{id, tx.Now, j.actor.Name, "receive", string(nt.Routing.Reason), true})
			for _, p := range nt.Photos {
				if _, err := tx.exec(ctx, tipPhotoInsert, id, p.ContentType, len(p.Data), p.Data); err != nil {
					return nil, err
				}
			}
			r := j.audits[k]
			r.Object = "tip:" + strconv.FormatInt(id, 10)
			audits = append(audits, r)
			out[i] = append(out[i], t)
		}
	}
	if err := tx.execRows(ctx, assignInsert, assigned); err != nil {
		return nil, fmt.Errorf("store the tips' units: %w", err)
	}
	if err := tx.execRows(ctx, tipEventInsert, events); err != nil {
		return nil, fmt.Errorf("store the tips' receipts: %w", err)
	}
	if err := tx.chain(ctx, audits); err != nil {
		return nil, err
	}
	return out, nil
}

// execRows inserts rows with the statement of each chunk's length.
func (tx *Tx) execRows(ctx context.Context, stmt map[int]string, rows [][]any) error {
	for _, k := range chunks(len(rows)) {
		var args []any
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		rows = rows[k:]
		if _, err := tx.exec(ctx, stmt[k], args...); err != nil {
			return err
		}
	}
	return nil
}

// The intake's statements, one for each chunk length, prepared once.
var (
	tipInsert = shaped(func(k int) string {
		return `INSERT INTO tips (code, secret_hash, group_code, plan_id, plan_version_id, source, kind, category, stage, online,
			campaign_no, route_reason, business_name, credit_code, business_address, village, description, occurred_on, named, contact_sealed,
			contact_masked, received_at, received_on, due_on, due_what, status, accepted_on, decided_on, closed_on, decision, public_reply, extended,
			paused_since, paused_days, reward_grade, reward_fines, reward_amount, updated_at) VALUES ` + tuples(k, 26, tipTuple) + ` RETURNING id, code`
	})
	assignInsert = shaped(func(k int) string {
		return `INSERT INTO tip_assignments (tip_id, unit_key, role, assigned_at, active) VALUES ` + tuples(k, 4, "(?1, ?2, ?3, ?4, TRUE)")
	})
	tipEventInsert = shaped(func(k int) string {
		return `INSERT INTO tip_events (tip_id, at, actor, action, note, public) VALUES ` + valuesList(k, 6)
	})
)

// tipTuple is one row of the tips INSERT: 25 parameters, a new tip's
// constant columns, and updated_at (received_at again). Each parameter
// appears once and in order, so that SQLite can take them unnamed.
const tipTuple = `(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25,
	'received', '', '', '', '', '', FALSE, '', 0, 0, 0, 0, ?26)`

const tipPhotoInsert = `INSERT INTO tip_photos (tip_id, content_type, size, data) VALUES ($1, $2, $3, $4)`

// hotStatements is every statement of the intake and the audit trail, to
// prepare once the schema is there.
func hotStatements() []string {
	out := []string{auditHeadStep, auditHeadSign, addressKeyOf, tipPhotoInsert}
	for _, m := range []map[int]string{auditInsert, tipInsert, assignInsert, tipEventInsert} {
		for _, k := range chunkSizes() {
			out = append(out, m[k])
		}
	}
	return out
}

func (nt *NewTip) campaignNo() int {
	if nt.Routing.Campaign != nil {
		return nt.Routing.Campaign.No
	}
	return 0
}

// stored is the tip as the store holds it once inserted under id: what
// reading it back would give, without reading it back. Assignments read
// back ordered by unit key (they share one time); a unit both to handle
// and to be told is told, as assigning one role after the other leaves it.
func (nt *NewTip) stored(id int64, now time.Time, today dajia.Date) dajia.Tip {
	t := dajia.Tip{ID: id, Code: nt.Code, SecretHash: nt.SecretHash, GroupCode: nt.GroupCode, PlanID: nt.PlanVersion.PlanID,
		PlanVersionID: nt.PlanVersion.ID, Source: nt.Source, Kind: nt.Kind, Category: nt.Category, Stage: nt.Stage, Online: nt.Online,
		CampaignNo: nt.campaignNo(), RouteReason: nt.Routing.Reason, BusinessName: nt.BusinessName, CreditCode: nt.CreditCode,
		Address: nt.Address, Village: nt.Village, Description: nt.Description, OccurredOn: nt.OccurredOn, Named: nt.Named,
		ContactSealed: nt.ContactSealed, ContactMasked: nt.ContactMasked, ReceivedAt: now, ReceivedOn: today, Status: dajia.TipReceived,
		Due: nt.Clock.Due, DueWhat: nt.Clock.What}
	role := map[string]string{}
	for _, u := range nt.Routing.Units {
		role[u] = "handle"
	}
	for _, u := range nt.Routing.Notify {
		role[u] = "notify"
	}
	for _, u := range slices.Sorted(func(yield func(string) bool) {
		for u := range role {
			if !yield(u) {
				return
			}
		}
	}) {
		if role[u] == "handle" {
			t.Handlers = append(t.Handlers, u)
		} else {
			t.Notified = append(t.Notified, u)
		}
	}
	return t
}
