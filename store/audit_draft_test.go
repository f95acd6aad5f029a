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
