package web

import (
	"encoding/json"
	"net/http"
	"strings"

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

// fail answers with the error: JSON for the API, a page otherwise. Internal
// errors are logged and shown only as a generic message.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := dajia.ErrorOf(err)
	status := statusOf[e.Code]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	if e.Code == dajia.Busy {
		w.Header().Set("Retry-After", "5")
	} else if status >= 500 {
		s.cfg.Log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		e = dajia.ErrorOf(nil)
		e.Code = dajia.Internal
	}
	lang := s.lang(r)
	if isAPI(r) {
		writeJSON(w, status, apiErrorBody(string(e.Code), locale.Error(lang, e), e.Field))
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
	return map[string]any{"error": map[string]string{"code": code, "message": message, "field": field}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}
