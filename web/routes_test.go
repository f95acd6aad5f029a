package web

import (
	"encoding/json"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dajia"
)

// Every route declares who may use it; deny by default means a route with
// no declaration must not exist.
func TestEveryRouteDeclaresAccess(t *testing.T) {
	s := &Server{}
	for _, r := range s.routes() {
		if r.perm == "" {
			t.Errorf("route %q declares no permission", r.pattern)
		}
		if r.handler == nil {
			t.Errorf("route %q has no handler", r.pattern)
		}
	}
}

// Every API route is in the OpenAPI document.
func TestOpenAPIListsEveryAPIRoute(t *testing.T) {
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(openapi, &doc); err != nil {
		t.Fatal(err)
	}
	s := &Server{}
	for _, r := range s.routes() {
		method, path, ok := strings.Cut(r.pattern, " ")
		if !ok || !strings.HasPrefix(path, "/api/v1/") {
			continue
		}
		p := strings.TrimPrefix(path, "/api/v1")
		if doc.Paths[p][strings.ToLower(method)] == nil {
			t.Errorf("%s %s is not in openapi.json", method, p)
		}
	}
}

// A panic answers a generic 500 page and never shows the panic's text.
func TestPanicAnswersGeneric500(t *testing.T) {
	s := &Server{cfg: Config{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Lang: "zh"}, clock: dajia.SystemClock{}, pages: map[string]*template.Template{}}
	h := s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("secret internals: password=hunter2") }))
	for _, path := range []string{"/page", "/api/v1/x"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 500 || strings.Contains(rec.Body.String(), "hunter2") || strings.Contains(rec.Body.String(), "secret internals") {
			t.Fatalf("%s: %d %s", path, rec.Code, rec.Body.String())
		}
	}
}

func TestClientAddressTrustsTheProxyOnlyWhenTold(t *testing.T) {
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "10.0.0.1:5555"
	r.Header.Set("X-Forwarded-For", "1.2.3.4, 5.6.7.8")
	if got := (&Server{}).address(r); got != "10.0.0.1" {
		t.Errorf("untrusted: %s", got)
	}
	trusted := &Server{cfg: Config{TrustProxy: true}}
	if got := trusted.address(r); got != "5.6.7.8" {
		t.Errorf("trusted: %s", got)
	}
	r.Header.Set("X-Forwarded-For", "not an address")
	if got := trusted.address(r); got != "10.0.0.1" {
		t.Errorf("garbage: %s", got)
	}
}
