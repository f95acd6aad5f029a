package web

import (
	"net/http"

	"dajia"
)

// access says who may use a route. Every route declares one; a test walks
// the table and fails on a route without.
type access string

const public access = "public" // anyone, no sign-in

type route struct {
	pattern string
	access  access
	handler http.Handler
}

func (s *Server) routes() []route {
	h := s.adapt
	return []route{
		{"GET /{$}", public, h(s.home)},
		{"GET /plans", public, h(s.planList)},
		{"GET /plans/{id}", public, h(s.planOverview)},
		{"GET /plans/{id}/file", public, h(s.planFile)},
		{"GET /plans/{id}/campaigns/{no}", public, h(s.campaignPage)},
		{"GET /plans/{id}/units/{key}", public, h(s.unitPage)},
		{"GET /static/{name}", public, h(s.serveStatic)},

		{"GET /api/v1/openapi.json", public, h(s.apiOpenAPI)},
		{"GET /api/v1/plans", public, h(s.apiPlans)},
		{"GET /api/v1/plans/{id}", public, h(s.apiPlan)},
		{"GET /api/v1/plans/{id}/campaigns", public, h(s.apiCampaigns)},
		{"GET /api/v1/plans/{id}/units/{key}", public, h(s.apiUnit)},
		{"GET /api/v1/plans/{id}/lint", public, h(s.apiLint)},

		// Anything else is a page or API error in the site's own form.
		{"/", public, h(func(w http.ResponseWriter, r *http.Request) error {
			return dajia.Errorf(dajia.NotFound, "", "页面不存在：%s", "no such page: %s", r.URL.Path)
		})},
	}
}
