package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"dajia"
)

// What the audit trail keeps of a change. The auditor is an administrator
// (三员分立): the trail says who did what to which record and which fields
// changed, and keeps values only where they are administration or workflow,
// never what the public or the units wrote.

// auditAdminKinds are the objects of administration (accounts, sessions,
// tokens, settings, plans, calendars, reminder contacts, the trail itself):
// checking their values is the auditor's work, so the trail keeps them.
var auditAdminKinds = map[string]bool{"user": true, "session": true, "token": true, "settings": true, "plan": true,
	"calendar": true, "contact": true, "audit_log": true}

// auditWorkflowFields are the fields of the other objects whose values are
// workflow, not content: a tip's status, kind, category, handling units and
// deadline; a report's status and an attachment's number, type and size.
// Everything else of those objects (descriptions, decisions, replies,
// figures, key cases, reasons, file names, search words), and every field of
// a kind not named here, is kept by name only.
var auditWorkflowFields = map[string]map[string]bool{
	"tip": {"status": true, "kind": true, "category": true, "handlers": true, "due": true, "extended": true, "paused_days": true,
		// The reason for revealing a tipster is written for the auditor:
		// the reveal is audited so that the reason can be checked.
		"reason": true},
	"tips":   {"count": true},
	"report": {"status": true, "attachment": true, "type": true, "size": true},
	// A market entity's kind and the record it was merged into.
	"entity": {"kind": true, "merged_into": true},
	// An export or import of samplings: how many and under which filters.
	"samplings": {"count": true, "plan": true, "unit": true, "campaign": true, "category": true, "village": true, "result": true,
		"ccc_missing": true, "from": true, "to": true},
	// A clue's source, handling unit, state and deadline; its summary and
	// reasons by name only.
	"clue": {"source": true, "source_ref": true, "lead_unit": true, "status": true, "outcome": true, "transfer_to": true,
		"extended": true, "due": true, "case": true, "joint_action": true},
	// A case's number, units, state, dates, amounts and counts; the goods,
	// reasons and the supervising body by name only.
	"case": {"number": true, "plan": true, "campaign": true, "lead_unit": true, "cooperating": true, "entity": true, "clue": true,
		"joint_action": true, "violations": true, "goods_lines": true, "goods_value": true, "sales": true, "unsold": true, "gains": true, "fine": true,
		"confiscation": true, "marks": true, "cross_region": true, "injured": true, "dead": true, "media": true, "status": true,
		"opened_on": true, "decided_on": true, "no_penalty_on": true, "closed_on": true, "published_on": true, "extended": true,
		"extra_days": true, "excluded_days": true, "transfer": true, "transfer_proposed_on": true, "transfer_decided_on": true,
		"transfer_answered_on": true, "due": true, "due_what": true, "major": true,
		// A document added: its number, kind, type and size; its file name by name only.
		"document": true, "kind": true, "type": true, "size": true},
	// A sampling's unit, campaign, category, entities, dates, results and
	// flags; what staff wrote (product, lab, items, notes) by name only.
	"sampling": {"plan": true, "unit": true, "campaign": true, "category": true, "producer": true, "seller": true, "sampled_on": true,
		"result": true, "ccc_missing": true, "action_id": true, "notified_on": true, "objected": true, "objected_on": true,
		"retest_result": true, "village": true},
	// An exposure's case, facts, dates and the kinds redacted; its title,
	// text and the reason it was withdrawn by name only.
	"exposure": {"case": true, "number": true, "lead_unit": true, "campaign": true, "violations": true, "fine": true,
		"confiscation": true, "decided_on": true, "published_on": true, "published_by": true, "redacted": true,
		"withdrawn_on": true, "live": true},
	// A survey finding's plan, day, unit, entity, category, stage, problems,
	// state, clue and how many photos; the village, the entity's name and
	// address as typed, the description and the note by name only. An
	// export keeps its filters and count.
	"survey": {"plan": true, "found_on": true, "unit": true, "entity": true, "category": true, "stage": true, "problems": true,
		"status": true, "clue": true, "photos": true},
	"surveys": {"plan": true, "status": true, "from": true, "to": true, "count": true},
	// A joint action's dates, units, targets, figures and state; its
	// name, arrangement, summary and notes by name only.
	"action": {"plan": true, "start": true, "end": true, "units": true, "places": true, "categories": true, "forces": true,
		"done": true, "done_on": true},
	// A publicity activity's unit, day, channel, campaign, reach, action
	// and photos; its title and content by name only.
	"publicity": {"plan": true, "unit": true, "on": true, "channel": true, "campaign": true, "people": true, "copies": true,
		"views": true, "joint_action": true, "photos": true},
	// An inspection's unit, day, campaign, joint action, the entities
	// checked, the clues of its findings and the counts; the inspectors'
	// names, place, findings and notes by name only.
	"inspection": {"plan": true, "unit": true, "inspected_on": true, "campaign": true, "action_id": true, "entities": true,
		"clues": true, "findings": true, "ccc_flags": true},
	"inspections": {"count": true, "plan": true, "unit": true, "campaign": true, "from": true, "to": true, "action_id": true, "findings": true, "ccc": true},
	// A checklist is the office's setting: its items.
	"checklist": {"items": true},
	// A rectification notice's number, plan, unit, campaign, dates, state
	// and round; its title, basis, items, answers and reasons by name only.
	"rectification": {"number": true, "plan": true, "unit": true, "campaign": true, "deadline": true, "issued_on": true,
		"status": true, "round": true, "verified_on": true, "rect_items": true},
	"rectifications": {"count": true},
	// A scorecard's export: the plan and how many units.
	"review": {"plan": true, "count": true},
	// A file attached to a rectification answer: its notice, item, round,
	// type and size; its name by name only.
	"rectification_file": {"rectification": true, "item": true, "round": true, "type": true, "size": true},
}

// objectKind is the part of an audit object before the first ':' or '/'
// (tip:12 → tip, plan:x/rule:0/matrix → plan).
func objectKind(object string) string {
	if i := strings.IndexAny(object, ":/"); i >= 0 {
		return object[:i]
	}
	return object
}

func keepsValue(kind, field string) bool {
	if auditAdminKinds[kind] {
		return true
	}
	return auditWorkflowFields[kind][strings.SplitN(field, ".", 2)[0]]
}

// auditChange reduces an entry's before and after to what the trail keeps:
// the names of the fields that changed (for a new object, the fields it was
// given), as a JSON array, and the before and after values of those of them
// whose values are kept, as JSON objects. Nested objects are named by path
// (values.cases_opened); a value that is not an object is the field "value".
func auditChange(kind string, before, after any) (fields, beforeKept, afterKept string, err error) {
	b, err := flatten(before)
	if err != nil {
		return "", "", "", err
	}
	a, err := flatten(after)
	if err != nil {
		return "", "", "", err
	}
	var names []string
	for k, v := range a {
		old, ok := b[k]
		if ok && bytes.Equal(old, v) || !ok && blank(v) {
			continue // unchanged, or absent before and not given now
		}
		names = append(names, k)
	}
	for k, v := range b {
		if _, ok := a[k]; !ok && !blank(v) {
			names = append(names, k)
		}
	}
	if len(names) == 0 {
		return "", "", "", nil
	}
	sort.Strings(names)
	kb, ka := map[string]json.RawMessage{}, map[string]json.RawMessage{}
	for _, k := range names {
		if !keepsValue(kind, k) {
			continue
		}
		if v, ok := b[k]; ok {
			kb[k] = v
		}
		if v, ok := a[k]; ok {
			ka[k] = v
		}
	}
	f, _ := json.Marshal(names)
	return string(f), objectText(kb), objectText(ka), nil
}

func objectText(m map[string]json.RawMessage) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func blank(v json.RawMessage) bool {
	switch string(v) {
	case `""`, `null`, `[]`, `{}`:
		return true
	}
	return false
}

// flatten encodes v as JSON and returns its leaves by path.
func flatten(v any) (map[string]json.RawMessage, error) {
	out := map[string]json.RawMessage{}
	if v == nil {
		return out, nil
	}
	if m, ok := v.(map[string]any); ok && flat(m) {
		// The common case (a tip's view, taken for every public tip): every
		// field is a leaf, encoded as the round trip below would encode it.
		for k, x := range m {
			b, err := json.Marshal(x)
			if err != nil {
				return nil, fmt.Errorf("audit: encode: %w", err)
			}
			out[k] = b
		}
		return out, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: encode: %w", err)
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var tree any
	if err := d.Decode(&tree); err != nil {
		return nil, fmt.Errorf("audit: encode: %w", err)
	}
	if _, ok := tree.(map[string]any); !ok {
		out["value"] = raw
		return out, nil
	}
	var walk func(prefix string, x any)
	walk = func(prefix string, x any) {
		if m, ok := x.(map[string]any); ok && (len(m) > 0 || prefix == "") {
			for k, y := range m {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, y)
			}
			return
		}
		b, _ := json.Marshal(x)
		out[prefix] = b
	}
	walk("", tree)
	return out, nil
}

// flat reports whether every value of m is a leaf that JSON encodes the
// same before and after a round trip: strings, booleans, whole numbers,
// lists of strings, dates, nothing.
func flat(m map[string]any) bool {
	for _, x := range m {
		switch x.(type) {
		case nil, dajia.Date:
			continue
		case json.Marshaler, encoding.TextMarshaler:
			return false // its own form: leave it to the round trip
		}
		switch t := reflect.TypeOf(x); {
		case t.Kind() == reflect.String || t.Kind() == reflect.Bool || t.Kind() >= reflect.Int && t.Kind() <= reflect.Uint64:
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String:
		default:
			return false
		}
	}
	return len(m) > 0
}

// AuditChange is one field of a recorded change; From and To are set only
// for fields whose values the trail keeps.
type AuditChange struct {
	Field    string
	From, To string
	Kept     bool
}

// FieldNames are the names of the fields the change touched; none for
// records written before names were kept. A record whose list does not
// decode is an error, not a record that changed nothing.
func (r AuditRecord) FieldNames() ([]string, error) {
	var names []string
	if r.Fields != "" {
		if err := json.Unmarshal([]byte(r.Fields), &names); err != nil {
			return nil, fmt.Errorf("audit record %d: decode fields: %w", r.Seq, err)
		}
	}
	return names, nil
}

// Changes lists the fields the change touched with the values kept. The
// values of a record that names its fields are JSON objects (Audit writes
// them so); one that does not decode is an error.
func (r AuditRecord) Changes() ([]AuditChange, error) {
	names, err := r.FieldNames()
	if err != nil || len(names) == 0 {
		return nil, err
	}
	var b, a map[string]json.RawMessage
	for _, side := range []struct {
		name string
		text string
		m    *map[string]json.RawMessage
	}{{"before", r.Before, &b}, {"after", r.After, &a}} {
		if side.text == "" {
			continue
		}
		if err := json.Unmarshal([]byte(side.text), side.m); err != nil {
			return nil, fmt.Errorf("audit record %d: decode %s: %w", r.Seq, side.name, err)
		}
	}
	var out []AuditChange
	for _, f := range names {
		c := AuditChange{Field: f}
		from, inB := b[f]
		to, inA := a[f]
		if inB || inA {
			c.Kept, c.From, c.To = true, valueText(from), valueText(to)
		}
		out = append(out, c)
	}
	return out, nil
}

// valueText shows a kept JSON value: a string without its quotes.
func valueText(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return string(v)
}

// AnonymousTag is the keyed hash standing for a public visitor's address,
// or "" for an address kept as it is (accounts, the command line).
func (r AuditRecord) AnonymousTag() string {
	tag, _ := strings.CutPrefix(r.Address, AnonymousPrefix)
	if tag == r.Address {
		return ""
	}
	return tag
}

// AnonymousPrefix marks an address kept as a keyed hash.
const AnonymousPrefix = "anon:"

// addressTag is what the trail keeps of a public visitor's address: a keyed
// hash under the master key and the day's random key, so that the records of
// one day can be told apart by source (abuse) without the address. The
// day's key is deleted when the day is over (forgetAddressKeys): from then
// on no one can link a hash to an address, not even with the master key.
func (tx *Tx) addressTag(ctx context.Context, addr string) (string, error) {
	day := dajia.DateOf(tx.Now.In(dajia.ChinaTime)).String()
	salt := tx.salt // the day's key, read once a transaction
	var err error
	if salt == "" {
		err = tx.queryRow(ctx, addressKeyOf, day).Scan(&salt)
	}
	if errors.Is(err, sql.ErrNoRows) {
		if err := tx.forgetAddressKeys(ctx, day); err != nil {
			return "", err
		}
		b := make([]byte, 32)
		rand.Read(b)
		// Two first records of a day may race to make its key (two
		// connections on PostgreSQL): the one that loses waits for the
		// other's and takes it.
		if _, err = tx.ExecContext(ctx, `INSERT INTO address_keys (day, salt) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING`, day, hex.EncodeToString(b)); err == nil {
			err = tx.queryRow(ctx, addressKeyOf, day).Scan(&salt)
		}
	}
	if err != nil {
		return "", fmt.Errorf("audit: address key: %w", err)
	}
	tx.salt = salt
	msg, _ := json.Marshal([]string{"address", day, salt, addr})
	return AnonymousPrefix + hex.EncodeToString(tx.db.mac.Sum(msg))[:16], nil
}

// forgetAddressKeys deletes the address keys of days before today.
func (tx *Tx) forgetAddressKeys(ctx context.Context, today string) error {
	if tx.db.dialect.eraseDeleted != "" {
		if _, err := tx.ExecContext(ctx, tx.db.dialect.eraseDeleted); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `DELETE FROM address_keys WHERE day < $1`, today)
	return err
}

// ForgetAddressKeys deletes the address keys of past days; serve calls it
// hourly, so that a key does not outlive its day on a quiet site.
func (db *DB) ForgetAddressKeys(ctx context.Context) (err error) {
	defer db.wrap(&err, "forget old address keys")
	return db.Transact(ctx, func(tx *Tx) error {
		return tx.forgetAddressKeys(ctx, dajia.DateOf(tx.Now.In(dajia.ChinaTime)).String())
	})
}
