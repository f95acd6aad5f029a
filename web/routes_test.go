package web

import (
	"encoding/json"
	"strings"
	"testing"
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
