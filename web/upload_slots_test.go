package web

import (
	"context"
	"net/http/httptest"
	"testing"

	"dajia"
)

// Uploads wait for one of a few slots, each kept until its handler returns,
// so that many uploads at once cannot hold many files in memory.
func TestUploadsWaitForASlot(t *testing.T) {
	ctx, done := context.WithCancel(context.Background())
	r := httptest.NewRequest("POST", "/x", nil).WithContext(ctx)
	for range cap(uploadSlots) {
		if err := takeUploadSlot(r); err != nil {
			t.Fatal(err)
		}
	}
	// Every slot taken: one more waits, and is told to come back when its
	// own request ends first.
	waiting, give := context.WithCancel(context.Background())
	give()
	if err := takeUploadSlot(httptest.NewRequest("POST", "/x", nil).WithContext(waiting)); dajia.ErrorCode(err) != dajia.Busy {
		t.Fatalf("a full server took another upload: %v", err)
	}
	// The handlers return: their slots are free again.
	done()
	next, stop := context.WithCancel(context.Background())
	defer stop()
	if err := takeUploadSlot(httptest.NewRequest("POST", "/x", nil).WithContext(next)); err != nil {
		t.Fatalf("the slots were not given back: %v", err)
	}
}

// Searches wait for one of two slots likewise: a burst of them cannot take
// every core from the other pages.
func TestSearchesWaitForASlot(t *testing.T) {
	ctx, done := context.WithCancel(context.Background())
	r := httptest.NewRequest("GET", "/search?q=x", nil).WithContext(ctx)
	for range cap(searchSlots) {
		if err := takeSearchSlot(r); err != nil {
			t.Fatal(err)
		}
	}
	waiting, give := context.WithCancel(context.Background())
	give()
	if err := takeSearchSlot(httptest.NewRequest("GET", "/search?q=x", nil).WithContext(waiting)); dajia.ErrorCode(err) != dajia.Busy {
		t.Fatalf("a full server took another search: %v", err)
	}
	done()
	next, stop := context.WithCancel(context.Background())
	defer stop()
	if err := takeSearchSlot(httptest.NewRequest("GET", "/search?q=x", nil).WithContext(next)); err != nil {
		t.Fatalf("the slots were not given back: %v", err)
	}
}
