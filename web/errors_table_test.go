package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"dajia"
)

// Every domain code has its status in the one table; the answers that say
// "try again later" carry Retry-After.
func TestErrorTableGivesStatusAndRetryAfter(t *testing.T) {
	tooMany := dajia.Errorf(dajia.TooMany, "", "尝试次数过多，请稍后再试", "too many attempts; try again later")
	tooMany.RetryAfter = 90*time.Second + time.Millisecond
	tests := []struct {
		name   string
		err    error
		status int
		retry  string
	}{
		{"invalid", dajia.Errorf(dajia.Invalid, "x", "错", "wrong"), 400, ""},
		{"not found", dajia.Errorf(dajia.NotFound, "", "无", "none"), 404, ""},
		{"conflict", dajia.Errorf(dajia.Conflict, "", "冲突", "conflict"), 409, ""},
		{"forbidden", dajia.Errorf(dajia.Forbidden, "", "禁止", "forbidden"), 403, ""},
		{"unauthorized", dajia.Errorf(dajia.Unauthorized, "", "登录", "sign in"), 401, ""},
		{"busy without a hint waits the default", dajia.Errorf(dajia.Busy, "", "忙", "busy"), 503, "5"},
		{"too many, rounded up to whole seconds", tooMany, 429, "91"},
		{"too many, wrapped", fmt.Errorf("web: sign in: %w", tooMany), 429, "91"},
		{"internal", dajia.Errorf(dajia.Internal, "", "内部", "internal"), 500, ""},
		{"an error without a code is internal", errors.New("disk on fire"), 500, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			if got := statusFor(w, tt.err); got != tt.status {
				t.Errorf("status = %d, want %d", got, tt.status)
			}
			if got := w.Header().Get("Retry-After"); got != tt.retry {
				t.Errorf("Retry-After = %q, want %q", got, tt.retry)
			}
		})
	}
	for code := range statusOf {
		if statusOf[code] < 400 {
			t.Errorf("%s maps to %d, not an error status", code, statusOf[code])
		}
	}
	if statusOf[dajia.TooMany] != http.StatusTooManyRequests {
		t.Errorf("TooMany maps to %d", statusOf[dajia.TooMany])
	}
}

// A limiter past its limit answers TooMany with the rest of the window.
func TestLimiterAnswersTooManyWithTheRestOfItsWindow(t *testing.T) {
	l := newLimiter(2, 10*time.Minute)
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name  string
		addr  string
		at    time.Duration
		ok    bool
		retry time.Duration
	}{
		{"first", "a", 0, true, 0},
		{"second", "a", time.Minute, true, 0},
		{"third is refused until the window ends", "a", 4 * time.Minute, false, 6 * time.Minute},
		{"another address has its own window", "b", 4 * time.Minute, true, 0},
		{"a new window", "a", 11 * time.Minute, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := l.take(tt.addr, start.Add(tt.at))
			if (err == nil) != tt.ok {
				t.Fatalf("take = %v, want ok %v", err, tt.ok)
			}
			if err != nil {
				e := dajia.ErrorOf(err)
				if e.Code != dajia.TooMany || e.RetryAfter != tt.retry {
					t.Errorf("take = %s, retry after %v; want rate_limited, %v", e.Code, e.RetryAfter, tt.retry)
				}
			}
		})
	}
}
