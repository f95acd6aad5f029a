package web

import (
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dajia"
	"dajia/locale"
)

// statusOf is the single table that turns domain error codes into HTTP
// status codes.
var statusOf = map[dajia.Code]int{
	dajia.Invalid:      http.StatusBadRequest,
	dajia.NotFound:     http.StatusNotFound,
	dajia.Conflict:     http.StatusConflict,
	dajia.Forbidden:    http.StatusForbidden,
	dajia.Unauthorized: http.StatusUnauthorized,
	dajia.Busy:         http.StatusServiceUnavailable,
	dajia.TooMany:      http.StatusTooManyRequests,
	dajia.Internal:     http.StatusInternalServerError,
}

// handler is an HTTP handler that returns its error; adapt turns it into an
// http.Handler in one place.
type handler func(http.ResponseWriter, *http.Request) error

func (s *Server) adapt(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// statusFor looks err up in the table and, for an answer that says "try
// again later", sets Retry-After. A handler that answers an error with its
// own page (a form shown again with the message) takes its status here too.
func statusFor(w http.ResponseWriter, err error) int {
	e := dajia.ErrorOf(err)
	status, ok := statusOf[e.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if e.Code == dajia.Busy || e.Code == dajia.TooMany {
		retry := defaultRetryAfter
		if e.RetryAfter > 0 {
			retry = e.RetryAfter
		}
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(retry.Seconds()))))
	}
	return status
}

// defaultRetryAfter is the Retry-After of a busy answer that names none.
const defaultRetryAfter = 5 * time.Second

// fail answers with the error: JSON for the API, a page otherwise. Internal
// errors are logged and shown only as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := dajia.ErrorOf(err)
	status := statusFor(w, err)
	if status >= 500 && e.Code != dajia.Busy {
		s.cfg.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = dajia.ErrorOf(nil)
		e.Code = dajia.Internal
	}
	lang := s.lang(r)
	if isAPI(r) {
		body := apiErrorBody(string(e.Code), locale.Error(lang, e), e.Field)
		var fe dajia.FieldErrors
		if errors.As(err, &fe) && e.Code == dajia.Invalid {
			body["error"].(map[string]any)["fields"] = apiFields(fe, lang)
		}
		writeJSON(w, status, body)
		return
	}
	data := struct {
		Page
		Status  int
		Message string
	}{s.page(r, locale.Error(lang, e)), status, locale.Error(lang, e)}
	if rerr := s.render(w, r, status, "error", data); rerr != nil {
		s.cfg.Log.Error("render error page", "err", rerr)
		http.Error(w, locale.Error(lang, e), status)
	}
}

// apiErrorBody is the one shape of an API error: {"error": {"code",
// "message", "field"}}; a caller may add members beside "error".
func apiErrorBody(code, message, field string) map[string]any {
	return map[string]any{"error": map[string]any{"code": code, "message": message, "field": field}}
}

// apiFields is every field's problem of an invalid input, for the "fields"
// member of an API error.
func apiFields(fe dajia.FieldErrors, lang string) []map[string]string {
	out := []map[string]string{}
	for _, f := range fe {
		out = append(out, map[string]string{"field": f.Field, "rule": f.Rule, "message": locale.Field(lang, f)})
	}
	return out
}

// nextOf is a list's "next": the offset of the next page, or null on the
// last.
func nextOf(offset int) any {
	if offset > 0 {
		return offset
	}
	return nil
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
