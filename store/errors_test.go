package store_test

import (
	"context"
	"strings"
	"testing"

	"dajia"
	"dajia/store"
	"dajia/store/storetest"
)

// The store says what it was doing when the database failed, for the log,
// and keeps the domain code, for the answer; an error the store makes on
// purpose keeps its message as it is.
func TestStoreErrorsSayWhatTheStoreWasDoing(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		do     func(db *store.DB) error
		code   dajia.Code
		prefix string // "" for an error passed on as it is
		text   string
	}{
		{"a reference to a missing plan keeps its code", func(db *store.DB) error {
			return db.SetContact(ctx, testActor, "no-such-plan", store.Contact{Unit: "office"})
		}, dajia.Invalid, "store: set the contact of office: ", "数据不完整"},
		{"a missing account is the domain's answer, unwrapped", func(db *store.DB) error {
			_, err := db.User(ctx, 999)
			return err
		}, dajia.NotFound, "", "user: 没有这个用户"},
		{"a missing plan is the domain's answer", func(db *store.DB) error {
			_, err := db.Plan(ctx, "nope")
			return err
		}, dajia.NotFound, "", "id: 没有找到方案 nope"},
		{"a closed database", func(db *store.DB) error {
			db.Close()
			_, err := db.Users(ctx)
			return err
		}, dajia.Internal, "store: list users: ", "closed"},
		{"a closed database under a plan lookup", func(db *store.DB) error {
			db.Close()
			_, err := db.Plan(ctx, "zs-gangkou-2017")
			return err
		}, dajia.Internal, "store: load plan zs-gangkou-2017@0: ", "closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.do(storetest.Open(t, nil))
			if err == nil {
				t.Fatal("no error")
			}
			if got := dajia.ErrorCode(err); got != tt.code {
				t.Errorf("code %s, want %s (%v)", got, tt.code, err)
			}
			if tt.prefix != "" && !strings.HasPrefix(err.Error(), tt.prefix) {
				t.Errorf("error %q does not start with %q", err, tt.prefix)
			}
			if tt.prefix == "" && strings.HasPrefix(err.Error(), "store:") {
				t.Errorf("error %q is wrapped: the domain's message must stay as it is", err)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
		})
	}
}

// A stored value that does not read back is an error, not a silent
// default: a corrupt setting must not weaken the password policy or keep
// the audit trail forever.
func TestCorruptStoredSettingsAreErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		key   string
		value string
		read  func(db *store.DB) error
		want  string
	}{
		{"password policy", "password_policy", "{not json", func(db *store.DB) error {
			_, err := db.PasswordPolicy(ctx)
			return err
		}, "store: load the password policy: decode stored password_policy"},
		{"reward grades", "reward_grades", "[{", func(db *store.DB) error {
			_, err := db.RewardGrades(ctx)
			return err
		}, "store: load the reward grades: decode stored reward_grades"},
		{"audit retention", "audit_retention_days", "thirty", func(db *store.DB) error {
			_, err := db.AuditRetentionDays(ctx)
			return err
		}, "store: load the audit retention: stored audit_retention_days \"thirty\" is not a number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t, nil)
			if err := db.ExecForTest(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('`+tt.key+`', '`+tt.value+`', CURRENT_TIMESTAMP)`); err != nil {
				t.Fatal(err)
			}
			err := tt.read(db)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || dajia.ErrorCode(err) != dajia.Internal {
				t.Fatalf("err = %v, want %q…", err, tt.want)
			}
		})
	}
}
