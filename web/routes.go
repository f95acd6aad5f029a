package web

import (
	"net/http"

	"dajia"
)

// route is one entry of the route table. Every route declares the
// permission it needs; a test walks the table and fails on a route without.
type route struct {
	pattern string
	perm    dajia.Permission
	handler http.Handler
	// stalePassword: usable while the password must still be changed.
	stalePassword bool
}

func (s *Server) routes() []route {
	h := s.adapt
	const (
		public   = dajia.PermPublic
		signedIn = dajia.PermSignedIn
	)
	rs := []route{
		{"GET /{$}", public, h(s.home), false},
		{"GET /plans", public, h(s.planList), false},
		{"GET /plans/{id}", public, h(s.planOverview), false},
		{"GET /plans/{id}/file", public, h(s.planFile), false},
		{"GET /plans/{id}/campaigns/{no}", public, h(s.campaignPage), false},
		{"GET /plans/{id}/units/{key}", public, h(s.unitPage), false},
		{"GET /static/{name}", public, h(s.serveStatic), true},

		{"GET /login", public, h(s.loginForm), true},
		{"POST /login", public, h(s.login), true},
		{"GET /login/totp", public, h(s.totpForm), true},
		{"POST /login/totp", public, h(s.totpLogin), true},
		{"POST /logout", public, h(s.logout), true},

		{"GET /account", signedIn, h(s.account), false},
		{"GET /account/password", signedIn, h(s.passwordForm), true},
		{"POST /account/password", signedIn, h(s.changePassword), true},
		{"POST /account/sessions/{id}/revoke", signedIn, h(s.revokeSession), false},
		{"POST /account/tokens", signedIn, h(s.createToken), false},
		{"POST /account/tokens/{id}/revoke", signedIn, h(s.revokeToken), false},
		{"GET /account/totp", signedIn, h(s.totpEnrol), false},
		{"POST /account/totp", signedIn, h(s.totpConfirm), false},
		{"POST /account/totp/disable", signedIn, h(s.totpDisable), false},

		{"GET /admin/users", dajia.PermViewUsers, h(s.usersList), false},
		{"POST /admin/users", dajia.PermManageUsers, h(s.createUser), false},
		{"POST /admin/users/{id}/{action}", dajia.PermViewUsers, h(s.userAction), false},
		{"GET /admin/security", dajia.PermManageSecurity, h(s.securityForm), false},
		{"POST /admin/security", dajia.PermManageSecurity, h(s.saveSecurity), false},

		{"GET /todo", dajia.PermBusiness, h(s.todoHome), false},
		{"POST /todo/remind", dajia.PermManagePlans, h(s.todoRemind), false},
		{"GET /reports", dajia.PermBusiness, h(s.reportsMatrix), false},
		{"GET /reports.xlsx", dajia.PermBusiness, h(s.matrixXLSX), false},
		{"GET /reports/period", dajia.PermBusiness, h(s.periodSummaryPage), false},
		{"GET /reports/period.xlsx", dajia.PermBusiness, h(s.periodXLSX), false},
		{"GET /reports/circular", dajia.PermManagePlans, h(s.circularPage), false},
		{"GET /reports/contacts", dajia.PermManagePlans, h(s.contactsForm), false},
		{"POST /reports/contacts", dajia.PermManagePlans, h(s.contactsSave), false},
		{"GET /reports/{id}", dajia.PermBusiness, h(s.reportView), false},
		{"POST /reports/{id}", dajia.PermBusiness, h(s.reportSave), false},
		{"POST /reports/{id}/do/{action}", dajia.PermBusiness, h(s.reportAction), false},
		{"GET /reports/{id}/xlsx", dajia.PermBusiness, h(s.reportXLSX), false},
		{"POST /reports/{id}/xlsx", dajia.PermBusiness, h(s.reportImport), false},
		{"POST /reports/{id}/attachments", dajia.PermBusiness, h(s.attachmentUpload), false},
		{"GET /reports/{id}/attachments/{aid}", dajia.PermBusiness, h(s.attachmentDownload), false},

		{"GET /tip", public, h(s.tipForm), false},
		{"POST /tip", public, h(s.tipSubmit), false},
		{"GET /track", public, h(s.trackForm), false},
		{"GET /exposure", public, h(s.exposureList), false},
		{"GET /exposure/{id}", public, h(s.exposureView), false},
		{"POST /track", public, h(s.trackShow), false},
		{"GET /tips", dajia.PermBusiness, h(s.tipsList), false},
		{"GET /tips.xlsx", dajia.PermBusiness, h(s.tipsXLSX), false},
		{"GET /tips/rewards", dajia.PermManagePlans, h(s.rewardsForm), false},
		{"POST /tips/rewards", dajia.PermManagePlans, h(s.rewardsSave), false},
		{"GET /tips/{id}", dajia.PermBusiness, h(s.tipView), false},
		{"GET /clues", dajia.PermBusiness, h(s.cluesList), false},
		{"GET /clues/new", dajia.PermBusiness, h(s.clueForm), false},
		{"POST /clues", dajia.PermBusiness, h(s.clueCreate), false},
		{"GET /clues/{id}", dajia.PermBusiness, h(s.clueView), false},
		{"POST /clues/{id}/entity", dajia.PermBusiness, h(s.clueEntity), false},
		{"POST /clues/{id}/do/{step}", dajia.PermBusiness, h(s.clueStep), false},
		{"GET /cases", dajia.PermBusiness, h(s.casesList), false},
		{"GET /cases/export.xlsx", dajia.PermBusiness, h(s.casesXLSX), false},
		{"GET /cases/new", dajia.PermBusiness, h(s.caseNew), false},
		{"POST /cases", dajia.PermBusiness, h(s.caseCreate), false},
		{"GET /cases/{id}", dajia.PermBusiness, h(s.caseView), false},
		{"POST /cases/{id}/facts", dajia.PermBusiness, h(s.caseFacts), false},
		{"POST /cases/{id}/do/{step}", dajia.PermBusiness, h(s.caseStep), false},
		{"POST /cases/{id}/documents", dajia.PermBusiness, h(s.caseDocumentPost), false},
		{"GET /cases/{id}/documents/{did}", dajia.PermBusiness, h(s.caseDocumentGet), false},
		{"POST /tips/{id}/do/{step}", dajia.PermBusiness, h(s.tipStep), false},
		{"POST /tips/{id}/clue", dajia.PermBusiness, h(s.tipClue), false},
		{"POST /tips/{id}/reveal", dajia.PermBusiness, h(s.tipReveal), false},
		{"GET /tips/{id}/photos/{pid}", dajia.PermBusiness, h(s.tipPhoto), false},

		{"GET /cases/{id}/exposure", dajia.PermBusiness, h(s.exposureEdit), false},
		{"POST /cases/{id}/exposure", dajia.PermBusiness, h(s.exposureSave), false},
		{"POST /cases/{id}/exposure/{eid}/withdraw", dajia.PermBusiness, h(s.exposureWithdraw), false},

		{"GET /settings/case-rules", dajia.PermManagePlans, h(s.caseRulesForm), false},
		{"POST /settings/case-rules", dajia.PermManagePlans, h(s.caseRulesSave), false},
		{"GET /settings/case-prefixes", dajia.PermBusiness, h(s.casePrefixesForm), false},
		{"POST /settings/case-prefixes", dajia.PermBusiness, h(s.casePrefixSave), false},

		{"GET /entities", dajia.PermBusiness, h(s.entitiesList), false},
		{"GET /entities/new", dajia.PermBusiness, h(s.entityForm), false},
		{"GET /entities/search", dajia.PermBusiness, h(s.entitySearch), false},
		{"POST /entities", dajia.PermBusiness, h(s.entityCreate), false},
		{"GET /entities/{id}", dajia.PermBusiness, h(s.entityView), false},
		{"POST /entities/{id}", dajia.PermBusiness, h(s.entityUpdate), false},
		{"POST /entities/{id}/merge", dajia.PermManagePlans, h(s.entityMerge), false},

		{"GET /audit", dajia.PermReadAudit, h(s.auditList), false},
		{"GET /audit/export", dajia.PermReadAudit, h(s.auditExport), false},

		{"GET /api/v1/openapi.json", public, h(s.apiOpenAPI), false},
		{"GET /api/v1/me", signedIn, h(s.apiMe), false},
		{"GET /api/v1/plans", signedIn, h(s.apiPlans), false},
		{"GET /api/v1/plans/{id}", signedIn, h(s.apiPlan), false},
		{"GET /api/v1/plans/{id}/campaigns", signedIn, h(s.apiCampaigns), false},
		{"GET /api/v1/plans/{id}/units/{key}", signedIn, h(s.apiUnit), false},
		{"GET /api/v1/plans/{id}/lint", signedIn, h(s.apiLint), false},
		{"POST /api/v1/tips", public, h(s.apiTipCreate), false},
		{"GET /api/v1/tips/track", public, h(s.apiTipTrack), false},
		{"POST /api/v1/tips/track", public, h(s.apiTipTrackPost), false},
		{"GET /api/v1/tips", dajia.PermBusiness, h(s.apiTips), false},
		{"GET /api/v1/tips/{id}", dajia.PermBusiness, h(s.apiTipGet), false},
		{"POST /api/v1/tips/{id}/{step}", dajia.PermBusiness, h(s.apiTipStep), false},
		{"GET /api/v1/clues", dajia.PermBusiness, h(s.apiClues), false},
		{"POST /api/v1/clues", dajia.PermBusiness, h(s.apiClueCreate), false},
		{"GET /api/v1/clues/{id}", dajia.PermBusiness, h(s.apiClueGet), false},
		{"POST /api/v1/clues/{id}/{step}", dajia.PermBusiness, h(s.apiClueStep), false},
		{"GET /api/v1/cases", dajia.PermBusiness, h(s.apiCases), false},
		{"POST /api/v1/cases", dajia.PermBusiness, h(s.apiCaseCreate), false},
		{"GET /api/v1/cases/{id}", dajia.PermBusiness, h(s.apiCaseGet), false},
		{"POST /api/v1/cases/{id}/facts", dajia.PermBusiness, h(s.apiCaseFacts), false},
		{"POST /api/v1/cases/{id}/{step}", dajia.PermBusiness, h(s.apiCaseStep), false},
		{"GET /api/v1/cases/{id}/documents", dajia.PermBusiness, h(s.apiCaseDocuments), false},
		{"POST /api/v1/cases/{id}/documents", dajia.PermBusiness, h(s.apiCaseDocumentPost), false},
		{"GET /api/v1/cases/{id}/documents/{did}", dajia.PermBusiness, h(s.caseDocumentGet), false},
		{"GET /api/v1/case-rules", dajia.PermManagePlans, h(s.apiCaseRules), false},
		{"PUT /api/v1/case-rules", dajia.PermManagePlans, h(s.apiCaseRulesPut), false},
		{"GET /api/v1/case-prefixes", dajia.PermBusiness, h(s.apiCasePrefixes), false},
		{"PUT /api/v1/case-prefixes", dajia.PermBusiness, h(s.apiCasePrefixPut), false},
		{"GET /api/v1/entities", dajia.PermBusiness, h(s.apiEntities), false},
		{"POST /api/v1/entities", dajia.PermBusiness, h(s.apiEntityCreate), false},
		{"GET /api/v1/entities/{id}", dajia.PermBusiness, h(s.apiEntityGet), false},
		{"GET /api/v1/reports", dajia.PermBusiness, h(s.apiReports), false},
		{"GET /api/v1/reports/{id}", dajia.PermBusiness, h(s.apiReportGet), false},
		{"PUT /api/v1/reports/{id}", dajia.PermBusiness, h(s.apiReportPut), false},
		{"POST /api/v1/reports/{id}/{action}", dajia.PermBusiness, h(s.apiReportAction), false},

		// Anything else is a page or API error in the site's own form.
		{"/", public, h(func(w http.ResponseWriter, r *http.Request) error {
			return dajia.Errorf(dajia.NotFound, "", "页面不存在：%s", r.URL.Path)
		}), false},
	}
	// Each part of the field work registers its routes in its own file.
	rs = append(rs, s.surveyRoutes()...)
	rs = append(rs, s.fieldworkRoutes()...)
	rs = append(rs, s.inspectionRoutes()...)
	rs = append(rs, s.samplingRoutes()...)
	rs = append(rs, s.fieldRoutes()...)
	rs = append(rs, s.rectificationRoutes()...)
	rs = append(rs, s.dashboardRoutes()...)
	rs = append(rs, s.reviewRoutes()...)
	rs = append(rs, s.yearendRoutes()...)
	rs = append(rs, s.searchRoutes()...)
	return rs
}
