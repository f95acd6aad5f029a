package store

import (
	"testing"
	"time"

	"dajia"
)

func BenchmarkDraftTipAudit(b *testing.B) {
	nt := NewTip{Code: "T123456789", Kind: dajia.TipReport, Category: "灯具", Routing: dajia.Routing{Units: []string{"zjfj", "gsfj"}},
		Clock: dajia.TipClock{Due: dajia.MustDate("2017-10-20"), What: dajia.DueDecide}}
	actor := dajia.PublicActor("10.0.0.1")
	for b.Loop() {
		if _, err := draftAudit(actor, AuditEntry{Action: "tip.create", Object: "tip:", After: tipView(nt.stored(0, time.Time{}, dajia.Date{}))}); err != nil {
			b.Fatal(err)
		}
	}
}

// The shortcut for flat objects keeps exactly what the general round trip
// keeps.
func TestFlattenShortcutAsTheRoundTrip(t *testing.T) {
	type kind string
	views := []map[string]any{
		tipView(dajia.Tip{Code: "T1", Kind: dajia.TipReport, Status: dajia.TipReceived, Category: "灯具", Handlers: []string{"gsfj", "zjfj"},
			Due: dajia.MustDate("2017-10-20"), Decision: "<b>&\\\"</b>", Extended: true, PausedDays: 3}),
		tipView(dajia.Tip{}),
		{"a": kind("x"), "b": uint8(7), "c": int64(-1 << 40), "d": []string{}, "e": nil, "f": "\u2028\x01é"},
	}
	for i, v := range views {
		if !flat(v) {
			t.Fatalf("view %d should take the shortcut", i)
		}
		fast, err := flatten(v)
		if err != nil {
			t.Fatal(err)
		}
		slow, err := flatten(struct{ M map[string]any }{v})
		if err != nil {
			t.Fatal(err)
		}
		for k, b := range fast {
			if string(slow["M."+k]) != string(b) {
				t.Errorf("view %d field %s: shortcut %s, round trip %s", i, k, b, slow["M."+k])
			}
		}
		if len(fast) != len(v) {
			t.Errorf("view %d: %d fields of %d", i, len(fast), len(v))
		}
	}
	if flat(map[string]any{"n": map[string]any{"x": 1}}) || flat(map[string]any{"f": 1.5}) || flat(map[string]any{}) {
		t.Error("nested objects, floats and empty objects take the round trip")
	}
}
