package web

import "dajia"

// RouteInfo is one route of the table as tests outside the package see it.
type RouteInfo struct {
	Pattern string
	Perm    dajia.Permission
}

// Routes lists the route table, so a test can make every route answer for
// itself.
func Routes() []RouteInfo {
	var out []RouteInfo
	for _, r := range (&Server{}).routes() {
		out = append(out, RouteInfo{r.pattern, r.perm})
	}
	return out
}
