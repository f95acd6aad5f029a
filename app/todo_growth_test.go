package app_test

import (
	"strings"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// A unit's to-do holds its closed case whose penalty information is still
// to be published (a deadline runs), not its closed case published, and
// never another unit's: the cases it leads are read on the index of lead
// unit, status and deadline (closed ones only where a deadline runs).
func TestAUnitsTodoHoldsItsClosedCaseOnlyWhileADeadlineRuns(t *testing.T) {
	a, db, clock := flowApp(t, time.Date(2017, 9, 25, 10, 0, 0, 0, dajia.ChinaTime))
	label := dajia.ViolationLabel
	decide := func(who, head dajia.Actor) []caseStep {
		return []caseStep{
			{"investigate", who, "investigate", app.CaseStepInput{}, ""},
			{"review", who, "review", app.CaseStepInput{}, ""},
			{"notify", who, "notify", app.CaseStepInput{}, ""},
			{"decide", head, "decide", app.CaseStepInput{}, ""},
			{"execute", who, "execute", app.CaseStepInput{}, ""},
		}
	}
	unpublished := flowCase(t, a, gs, "P", 1, "2017-09-20", amounts2("1000", "", "500", "", label))
	published := flowCase(t, a, gs, "Q", 1, "2017-09-20", amounts2("1000", "", "500", "", label))
	other := flowCase(t, a, zj, "Z", 1, "2017-09-20", amounts2("1000", "", "500", "", label))
	runSteps(t, a, unpublished.ID, append(decide(gs, gsHead), caseStep{"close", gsHead, "close", app.CaseStepInput{}, ""}))
	runSteps(t, a, published.ID, append(decide(gs, gsHead), caseStep{"publish", gs, "publish", app.CaseStepInput{}, ""},
		caseStep{"close", gsHead, "close", app.CaseStepInput{}, ""}))
	runSteps(t, a, other.ID, append(decide(zj, caseZjHead), caseStep{"close", caseZjHead, "close", app.CaseStepInput{}, ""}))
	clock.Advance(24 * time.Hour)

	publish := string(dajia.DueCasePublish.Text())
	holds := func(items []app.TodoItem, k store.CaseRecord) bool {
		for _, it := range items {
			if strings.HasSuffix(it.Link, "/"+itoa(k.ID)) {
				return true
			}
		}
		return false
	}
	gsItems := todoOf(t, a, db, gs)
	if it, ok := find(gsItems, publish, unpublished); !ok || it.Due.IsZero() {
		t.Fatalf("gsfj's closed case still to publish is not on its to-do: %+v", gsItems)
	}
	if holds(gsItems, published) || holds(gsItems, other) {
		t.Fatalf("gsfj's to-do holds a closed case with no deadline or zjfj's: %+v", gsItems)
	}
	zjItems := todoOf(t, a, db, zj)
	if _, ok := find(zjItems, publish, other); !ok || holds(zjItems, unpublished) || holds(zjItems, published) {
		t.Fatalf("zjfj's to-do: %+v", zjItems)
	}
}
