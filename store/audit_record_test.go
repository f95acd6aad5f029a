package store

import (
	"reflect"
	"testing"
)

// A record's kept fields read back, and a record that does not decode is
// an error, not a change that touched nothing.
func TestAuditRecordChangesReadBackOrFail(t *testing.T) {
	tests := []struct {
		name    string
		rec     AuditRecord
		want    []AuditChange
		wantErr bool
	}{
		{"an old record names no fields", AuditRecord{Before: `30`, After: `"x"`}, nil, false},
		{"a kept value and a content field", AuditRecord{Fields: `["status","text"]`, Before: `{"status":"accepted"}`, After: `{"status":"decided"}`},
			[]AuditChange{{Field: "status", From: "accepted", To: "decided", Kept: true}, {Field: "text"}}, false},
		{"fields that do not decode", AuditRecord{Seq: 7, Fields: `["status"`}, nil, true},
		{"values that do not decode", AuditRecord{Seq: 8, Fields: `["status"]`, After: `{"status":`}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.rec.Changes()
			if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Changes() = %+v, %v; want %+v, error %v", got, err, tt.want, tt.wantErr)
			}
		})
	}
}
