package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"dajia"
	"dajia/store"
	"dajia/web"
)

// unitSeed is what one unit holds in the visibility test: a sent report of
// September 2017 with marker figures and texts and an attachment, and a
// complaint with a photo that the unit handles, and a reminder.
type unitSeed struct {
	key, name          string
	report, attachment int64
	tip, photo         int64
	code               string // the tip's tracking code
	figure             string // 检查人员 (inspectors) on the report
	keyCases           string
	practices          string
	file, fileText     string // the attachment's name and content
	tipText            string // in the tip's description
	reminder           string // an in-app reminder to the unit
	// entity is the market entity both units' tips name: not a unit's
	// record, but its page lists the tips about it.
	entity int64
	// clue is a clue the unit leads, clueText in its summary.
	clue     int64
	clueText string
	// kase is a case the unit leads, caseText the name of its goods.
	kase     int64
	caseText string
	// doc is a document of the case: its name and bytes hold caseText.
	doc int64
	// survey is a survey finding the unit recorded, with a photo:
	// surveyText in its description, village its village.
	survey, surveyPhoto int64
	surveyText, village string
	// action is a joint action only the unit takes part in, actionText its
	// name; the unit's clue is tagged with it.
	action     int64
	actionText string
	// publicity is an activity the unit recorded, with a photo;
	// publicityText is its title.
	publicity, publicityPhoto int64
	publicityText             string
	// inspection is an inspection the unit recorded, inspectText in its
	// place and finding.
	inspection  int64
	inspectText string
	// sampling is a sampling the unit recorded: samplingText is its
	// product, samplingVillage the village of its seller.
	sampling                      int64
	samplingText, samplingVillage string
	// rect is an issued rectification notice to the unit, rectText its
	// title.
	rect     int64
	rectText string
	// rectFile is a file attached to the answer of the notice's item 1,
	// rectFileText in its content.
	rectFile     int64
	rectFileText string
}

// leaks is everything of the unit that a reader of another unit must never
// get, on any page, export or API answer.
func (u unitSeed) leaks() []string {
	return []string{u.figure, u.keyCases, u.practices, u.file, u.fileText, u.tipText, u.code, u.reminder, u.clueText, u.caseText,
		fmt.Sprintf(`/clues/%d"`, u.clue), fmt.Sprintf(`/reports/%d"`, u.report), fmt.Sprintf(`/tips/%d"`, u.tip), fmt.Sprintf(`/cases/%d"`, u.kase),
		u.surveyText, u.village, fmt.Sprintf(`/surveys/%d"`, u.survey),
		u.actionText, u.publicityText, fmt.Sprintf(`/actions/%d"`, u.action), fmt.Sprintf(`/publicity/%d"`, u.publicity),
		u.inspectText, fmt.Sprintf(`/inspections/%d"`, u.inspection),
		u.samplingText, fmt.Sprintf(`/samplings/%d"`, u.sampling),
		u.rectText, fmt.Sprintf(`/rectifications/%d"`, u.rect), u.rectFileText, fmt.Sprintf(`/files/%d"`, u.rectFile)}
}

// visReportShows is what a report's page, export or API answer shows of it.
func visReportShows(u unitSeed) []string { return []string{u.figure, u.keyCases, u.practices} }

// visPath is one request of a route.
type visPath struct {
	path string
	// of names the unit whose single record the path opens ("a" or "b"):
	// a reader of the other unit gets 404. "x" opens nothing (a part of one
	// unit's record under another's): 404 for everyone. "" is a list.
	of string
	// a, b: the list holds unit A's, unit B's records.
	a, b bool
}

// visCase says how a route is checked.
type visCase struct {
	paths func(a, b unitSeed) []visPath
	// shows is what the route shows of a unit's records to a reader who may
	// see them: a reader of unit A must get A's and never B's.
	shows func(u unitSeed) []string
	// town is what the office and leaders, who read the whole town, must
	// also get (a town total).
	town []string
	// ownOnly: the route is the reader's own work (to-do list); the town's
	// readers are not expected to see the units' records on it.
	ownOnly bool
	// anyStatus: the route shows no records; any answer but a server error.
	anyStatus bool
}

func visList(paths ...string) func(a, b unitSeed) []visPath {
	return func(unitSeed, unitSeed) []visPath {
		var out []visPath
		for _, p := range paths {
			out = append(out, visPath{path: p})
		}
		return out
	}
}

const (
	visPeriod = "?plan=zs-gangkou-2017&rule=0&period=2017-09"
	// visTownTotal is A's and B's 检查人员 added up.
	visTownTotal = "11110210"
)

// visibilityCases holds a case for every GET route of the table; a route
// added without one fails TestOtherUnitsRecordsAreInvisibleOnEveryRoute.
var visibilityCases = map[string]visCase{
	// The field-work hub counts the reader's records: a unit's own, the
	// town's (publicity reaching 77 people in each unit) for the office and
	// leaders; it names no record, so nothing of B's may show.
	"GET /field": {paths: visBoth("/field"), town: []string{">154</a></dd>"}},
	"GET /{$}":   {paths: func(a, b unitSeed) []visPath { return []visPath{{path: "/", a: true}} }, shows: visOwnWork, ownOnly: true},
	// The dashboard counts the reader's records: the town's for the office
	// and leaders, a unit's own for its officer and head (a supervisor is
	// refused: anyStatus); it names no record, so nothing of B's may show.
	// TestDashboardFiguresOfUnitsAreTheirOwn checks the figures themselves.
	"GET /dashboard":        {paths: visList("/dashboard", "/dashboard?plan=zs-gangkou-2017"), anyStatus: true},
	"GET /api/v1/dashboard": {paths: visList("/api/v1/dashboard", "/api/v1/dashboard?plan=zs-gangkou-2017"), anyStatus: true},
	"GET /todo":             {paths: func(a, b unitSeed) []visPath { return []visPath{{path: "/todo", a: true}} }, shows: visOwnWork, ownOnly: true},

	"GET /reports": {paths: visBoth("/reports", "/reports?rule=0"), shows: func(u unitSeed) []string {
		return []string{fmt.Sprintf(`/reports/%d"`, u.report), u.name}
	}},
	"GET /reports.xlsx":        {paths: visBoth("/reports.xlsx"), shows: func(u unitSeed) []string { return []string{u.name} }},
	"GET /reports/period":      {paths: visBoth("/reports/period" + visPeriod), shows: visSummaryShows, town: []string{visTownTotal}},
	"GET /reports/period.xlsx": {paths: visBoth("/reports/period.xlsx" + visPeriod), shows: visSummaryShows, town: []string{visTownTotal}},
	"GET /reports/circular":    {paths: visList("/reports/circular" + visPeriod), town: []string{visTownTotal}},
	"GET /reports/contacts":    {paths: visList("/reports/contacts")},
	"GET /reports/{id}":        {paths: visRecords("/reports/%d", func(u unitSeed) int64 { return u.report }), shows: func(u unitSeed) []string { return append(visReportShows(u), u.file) }},
	"GET /reports/{id}/xlsx":   {paths: visRecords("/reports/%d/xlsx", func(u unitSeed) int64 { return u.report }), shows: visReportShows},
	"GET /api/v1/reports/{id}": {paths: visRecords("/api/v1/reports/%d", func(u unitSeed) int64 { return u.report }), shows: visReportShows},
	"GET /api/v1/tips/{id}":    {paths: visRecords("/api/v1/tips/%d", func(u unitSeed) int64 { return u.tip }), shows: visTipShows},
	"GET /api/v1/clues/{id}":   {paths: visRecords("/api/v1/clues/%d", func(u unitSeed) int64 { return u.clue }), shows: visClueShows},
	"GET /clues/{id}":          {paths: visRecords("/clues/%d", func(u unitSeed) int64 { return u.clue }), shows: visClueShows},
	"GET /clues": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/clues", a: true, b: true}, {path: "/clues?status=pending", a: true, b: true}}
	}, shows: func(u unitSeed) []string { return []string{fmt.Sprintf(`/clues/%d"`, u.clue)} }},
	"GET /cases/{id}": {paths: visRecords("/cases/%d", func(u unitSeed) int64 { return u.kase }), shows: visCaseShows},
	"GET /cases": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/cases", a: true, b: true}, {path: "/cases?status=opened", a: true, b: true},
			{path: "/cases?unit=" + b.key, b: true}, {path: "/cases?unit=" + a.key, a: true}}
	}, shows: func(u unitSeed) []string { return []string{fmt.Sprintf(`/cases/%d"`, u.kase)} }},
	"GET /cases/export.xlsx": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/cases/export.xlsx", a: true, b: true}, {path: "/cases/export.xlsx?status=opened", a: true, b: true},
			{path: "/cases/export.xlsx?unit=" + b.key, b: true}, {path: "/cases/export.xlsx?unit=" + a.key, a: true}}
	}, shows: func(u unitSeed) []string { return []string{"中港" + u.caseText[:3] + "罚〔2017〕1号"} }},
	// The open-case form of a clue: who may open it gets the form, who may
	// only read the clue is told why not; another unit's clue is not found.
	"GET /cases/new":         {paths: visRecords("/cases/new?clue=%d", func(u unitSeed) int64 { return u.clue }), anyStatus: true},
	"GET /api/v1/cases/{id}": {paths: visRecords("/api/v1/cases/%d", func(u unitSeed) int64 { return u.kase }), shows: visCaseShows},
	"GET /api/v1/cases": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/cases", a: true, b: true}, {path: "/api/v1/cases?status=opened", a: true, b: true},
			{path: "/api/v1/cases?unit=" + b.key, b: true}, {path: "/api/v1/cases?unit=" + a.key, a: true}}
	}, shows: visCaseShows},
	"GET /api/v1/clues": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/clues", a: true, b: true}, {path: "/api/v1/clues?status=pending", a: true, b: true},
			{path: "/api/v1/clues?unit=" + b.key, b: true}, {path: "/api/v1/clues?unit=" + a.key, a: true}}
	}, shows: visClueShows},
	"GET /cases/{id}/exposure": {paths: visRecords("/cases/%d/exposure", func(u unitSeed) int64 { return u.kase }), shows: func(u unitSeed) []string {
		return []string{fmt.Sprintf(`/cases/%d"`, u.kase)}
	}},
	// Joint actions: a unit reads those it takes part in; the office all.
	"GET /actions": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/actions", a: true, b: true}, {path: "/actions?status=under_way", a: true, b: true},
			{path: "/actions?unit=" + b.key, b: true}, {path: "/actions?unit=" + a.key, a: true}}
	}, shows: func(u unitSeed) []string { return []string{fmt.Sprintf(`/actions/%d"`, u.action), u.actionText} }},
	"GET /actions/export.xlsx": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/actions/export.xlsx", a: true, b: true}, {path: "/actions/export.xlsx?unit=" + b.key, b: true}}
	}, shows: func(u unitSeed) []string { return []string{u.actionText} }},
	"GET /actions/new":       {paths: visList("/actions/new"), anyStatus: true},
	"GET /actions/{id}":      {paths: visRecords("/actions/%d", func(u unitSeed) int64 { return u.action }), shows: func(u unitSeed) []string { return []string{u.actionText} }},
	"GET /actions/{id}/edit": {paths: visRecords("/actions/%d/edit", func(u unitSeed) int64 { return u.action }), anyStatus: true},
	"GET /api/v1/actions": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/actions", a: true, b: true}, {path: "/api/v1/actions?unit=" + b.key, b: true}}
	}, shows: func(u unitSeed) []string { return []string{u.actionText} }},
	// Rectification notices: a unit's officer and head read their own, the
	// office and leaders all; a supervisor is refused (anyStatus: its 403
	// and 404 pass, and B's notice is still checked for every reader).
	"GET /rectifications": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/rectifications", a: true, b: true}, {path: "/rectifications?status=issued", a: true, b: true},
			{path: "/rectifications?unit=" + b.key, b: true}, {path: "/rectifications?unit=" + a.key, a: true}}
	}, shows: visRectShows, anyStatus: true},
	"GET /rectifications/new":  {paths: visList("/rectifications/new"), anyStatus: true},
	"GET /rectifications/{id}": {paths: visRecords("/rectifications/%d", func(u unitSeed) int64 { return u.rect }), shows: visRectShows, anyStatus: true},
	"GET /api/v1/rectifications": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/rectifications", a: true, b: true}, {path: "/api/v1/rectifications?unit=" + b.key, b: true}}
	}, shows: visRectShows, anyStatus: true},
	"GET /api/v1/rectifications/{id}": {paths: visRecords("/api/v1/rectifications/%d", func(u unitSeed) int64 { return u.rect }), shows: visRectShows, anyStatus: true},
	"GET /api/v1/actions/{id}":        {paths: visRecords("/api/v1/actions/%d", func(u unitSeed) int64 { return u.action }), shows: func(u unitSeed) []string { return []string{u.actionText} }},
	// Publicity: a unit reads its own; the office all.
	"GET /publicity": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/publicity", a: true, b: true}, {path: "/publicity?channel=leaflet", a: true, b: true},
			{path: "/publicity?unit=" + b.key, b: true}, {path: fmt.Sprintf("/publicity?action=%d", b.action), b: true}}
	}, shows: func(u unitSeed) []string {
		return []string{fmt.Sprintf(`/publicity/%d"`, u.publicity), u.publicityText}
	}},
	"GET /publicity/export.xlsx": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/publicity/export.xlsx", a: true, b: true}, {path: "/publicity/export.xlsx?unit=" + b.key, b: true}}
	}, shows: func(u unitSeed) []string { return []string{u.publicityText} }},
	"GET /publicity/new":       {paths: visList("/publicity/new"), anyStatus: true},
	"GET /publicity/{id}":      {paths: visRecords("/publicity/%d", func(u unitSeed) int64 { return u.publicity }), shows: func(u unitSeed) []string { return []string{u.publicityText} }},
	"GET /publicity/{id}/edit": {paths: visRecords("/publicity/%d/edit", func(u unitSeed) int64 { return u.publicity }), anyStatus: true},
	"GET /publicity/{id}/photos/{pid}": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf("/publicity/%d/photos/%d", a.publicity, a.publicityPhoto), of: "a"},
			{path: fmt.Sprintf("/publicity/%d/photos/%d", b.publicity, b.publicityPhoto), of: "b"},
			{path: fmt.Sprintf("/publicity/%d/photos/%d", a.publicity, b.publicityPhoto), of: "x"}}
	}},
	"GET /api/v1/publicity": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/publicity", a: true, b: true}, {path: "/api/v1/publicity?unit=" + b.key, b: true}}
	}, shows: func(u unitSeed) []string { return []string{u.publicityText} }},
	"GET /api/v1/publicity/{id}": {paths: visRecords("/api/v1/publicity/%d", func(u unitSeed) int64 { return u.publicity }), shows: func(u unitSeed) []string { return []string{u.publicityText} }},
	"GET /inspections": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/inspections", a: true, b: true}, {path: "/inspections?findings=1&ccc=1", a: true, b: true},
			{path: "/inspections?unit=" + b.key, b: true}, {path: "/inspections?unit=" + a.key, a: true}}
	}, shows: visInspectionShows},
	"GET /inspections/export.xlsx": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/inspections/export.xlsx", a: true, b: true}, {path: "/inspections/export.xlsx?campaign=7", a: true, b: true},
			{path: "/inspections/export.xlsx?unit=" + b.key, b: true}, {path: "/inspections/export.xlsx?unit=" + a.key, a: true}}
	}, shows: visInspectionShows},
	"GET /api/v1/inspections": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/inspections", a: true, b: true}, {path: "/api/v1/inspections?ccc=true", a: true, b: true},
			{path: "/api/v1/inspections?unit=" + b.key, b: true}, {path: "/api/v1/inspections?unit=" + a.key, a: true}}
	}, shows: visInspectionShows},
	"GET /inspections/{id}":        {paths: visRecords("/inspections/%d", func(u unitSeed) int64 { return u.inspection }), shows: visInspectionShows},
	"GET /api/v1/inspections/{id}": {paths: visRecords("/api/v1/inspections/%d", func(u unitSeed) int64 { return u.inspection }), shows: visInspectionShows},
	// The edit form: the recording unit and the office get it, a leader is
	// refused; another unit's inspection is not found.
	"GET /inspections/{id}/edit":     {paths: visRecords("/inspections/%d/edit", func(u unitSeed) int64 { return u.inspection }), anyStatus: true},
	"GET /inspections/new":           {paths: visList("/inspections/new"), anyStatus: true},
	"GET /inspections/template.xlsx": {paths: visList("/inspections/template.xlsx"), anyStatus: true},
	"GET /settings/checklists":       {paths: visList("/settings/checklists")},
	// The public exposure page: no exposure is seeded, so none is found.
	"GET /exposure":      {paths: visList("/exposure")},
	"GET /exposure/{id}": {paths: func(a, b unitSeed) []visPath { return []visPath{{path: "/exposure/1", of: "x"}} }},
	"GET /tips/{id}":     {paths: visRecords("/tips/%d", func(u unitSeed) int64 { return u.tip }), shows: visTipShows},
	"GET /tips/rewards":  {paths: visList("/tips/rewards")},
	// An entity is the town's, not a unit's: every business role opens it,
	// and its history lists only the tips the reader may see.
	"GET /entities/{id}": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf("/entities/%d", a.entity), a: true, b: true}}
	}, shows: func(u unitSeed) []string { return []string{u.code, fmt.Sprintf(`/tips/%d"`, u.tip)} }},
	"GET /api/v1/entities/{id}": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf("/api/v1/entities/%d", a.entity), a: true, b: true}}
	}, shows: visTipShows},
	// The search over every plan: 单位 is in both units' tip, clue and
	// case; the page marks it (so the texts show split), the API does not.
	// TestSearchFindsEveryPlansRecordsAndAUnitOnlyItsOwn asks each kind.
	"GET /search": {paths: func(a, b unitSeed) []visPath {
		var out []visPath
		for _, q := range []string{"", "&plan=zs-gangkou-2017"} {
			out = append(out, visPath{path: "/search?q=" + url.QueryEscape("单位") + q, a: true, b: true})
		}
		return out
	}, shows: func(u unitSeed) []string {
		return []string{u.code, fmt.Sprintf(`/tips/%d"`, u.tip), fmt.Sprintf(`/clues/%d"`, u.clue), fmt.Sprintf(`/cases/%d"`, u.kase)}
	}},
	"GET /api/v1/search": {paths: func(a, b unitSeed) []visPath {
		var out []visPath
		for _, q := range []string{"", "&limit=50", "&plan=zs-gangkou-2017"} {
			out = append(out, visPath{path: "/api/v1/search?q=" + url.QueryEscape("单位") + q, a: true, b: true})
		}
		return out
	}, shows: func(u unitSeed) []string {
		return []string{u.code, u.tipText, u.clueText, u.caseText, fmt.Sprintf(`/tips/%d"`, u.tip), fmt.Sprintf(`/clues/%d"`, u.clue), fmt.Sprintf(`/cases/%d"`, u.kase)}
	}},
	"GET /entities":        {paths: visList("/entities", "/entities?q="+url.QueryEscape("灯饰"), "/entities?q=TIP-B")},
	"GET /entities/new":    {paths: visList("/entities/new"), anyStatus: true},
	"GET /entities/search": {paths: visList("/entities/search?q="+url.QueryEscape("灯饰"), "/entities/search?q=TIP-B")},
	"GET /clues/new":       {paths: visList("/clues/new"), anyStatus: true},
	"GET /api/v1/entities": {paths: visList("/api/v1/entities", "/api/v1/entities?q="+url.QueryEscape("灯饰"))},
	"GET /tips/{id}/photos/{pid}": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf("/tips/%d/photos/%d", a.tip, a.photo), of: "a"}, {path: fmt.Sprintf("/tips/%d/photos/%d", b.tip, b.photo), of: "b"},
			{path: fmt.Sprintf("/tips/%d/photos/%d", a.tip, b.photo), of: "x"}}
	}},
	"GET /cases/{id}/documents/{did}":        {paths: visDocs("/cases/%d/documents/%d"), shows: visCaseShows},
	"GET /api/v1/cases/{id}/documents/{did}": {paths: visDocs("/api/v1/cases/%d/documents/%d"), shows: visCaseShows},
	"GET /api/v1/cases/{id}/documents":       {paths: visRecords("/api/v1/cases/%d/documents", func(u unitSeed) int64 { return u.kase }), shows: visCaseShows},
	"GET /reports/{id}/attachments/{aid}": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf("/reports/%d/attachments/%d", a.report, a.attachment), of: "a"},
			{path: fmt.Sprintf("/reports/%d/attachments/%d", b.report, b.attachment), of: "b"},
			{path: fmt.Sprintf("/reports/%d/attachments/%d", a.report, b.attachment), of: "x"}}
	}, shows: func(u unitSeed) []string { return []string{u.fileText} }},

	// A search is echoed back on the page: B's code is asked in lower case
	// (codes match in upper case), so the echo is not B's marker.
	"GET /tips": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/tips", a: true, b: true}, {path: "/tips?view=all", a: true, b: true}, {path: "/tips?view=queue"},
			{path: "/tips?view=all&q=" + strings.ToLower(b.code), b: true}, {path: "/tips?view=all&q=TIP-B", b: true}, {path: "/tips?view=all&q=" + url.QueryEscape("港口镇某灯饰商行"), a: true, b: true}}
	}, shows: func(u unitSeed) []string { return []string{u.code} }},
	"GET /tips.xlsx": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/tips.xlsx", a: true, b: true}, {path: "/tips.xlsx?q=" + strings.ToLower(b.code), b: true}}
	}, shows: visTipShows},
	"GET /api/v1/tips": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/tips", a: true, b: true}, {path: "/api/v1/tips?q=" + strings.ToLower(b.code), b: true}}
	}, shows: visTipShows},
	"GET /api/v1/reports": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/reports", a: true, b: true}, {path: "/api/v1/reports?period=2017-09", a: true, b: true},
			{path: "/api/v1/reports?unit=" + b.key, b: true}, {path: "/api/v1/reports?unit=" + url.QueryEscape(b.name), b: true},
			{path: "/api/v1/reports?unit=" + a.key, a: true}}
	}, shows: func(u unitSeed) []string { return []string{fmt.Sprintf(`"key": %q`, u.key)} }},

	// The year-end summary counts every unit: the office and leaders get it,
	// anyone else is refused (TestYearEnd… checks who and what).
	"GET /yearend":             {paths: visList("/yearend?plan=zs-gangkou-2017"), anyStatus: true},
	"GET /api/v1/yearend.docx": {paths: visList("/api/v1/yearend.docx?plan=zs-gangkou-2017"), anyStatus: true},
	"GET /api/v1/yearend.xlsx": {paths: visList("/api/v1/yearend.xlsx?plan=zs-gangkou-2017"), anyStatus: true},

	// Routes that show no unit's records: still asked, and still checked
	// for unit B's markers.
	"GET /plans":                         {paths: visList("/plans")},
	"GET /plans/{id}":                    {paths: visList("/plans/zs-gangkou-2017")},
	"GET /plans/{id}/file":               {paths: visList("/plans/zs-gangkou-2017/file")},
	"GET /plans/{id}/campaigns/{no}":     {paths: visList("/plans/zs-gangkou-2017/campaigns/5")},
	"GET /plans/{id}/units/{key}":        {paths: visList("/plans/zs-gangkou-2017/units/zjfj")},
	"GET /login":                         {paths: visList("/login"), anyStatus: true},
	"GET /login/totp":                    {paths: visList("/login/totp"), anyStatus: true},
	"GET /account":                       {paths: visList("/account")},
	"GET /account/password":              {paths: visList("/account/password")},
	"GET /account/totp":                  {paths: visList("/account/totp"), anyStatus: true},
	"GET /admin/users":                   {paths: visList("/admin/users")},
	"GET /admin/security":                {paths: visList("/admin/security")},
	"GET /audit":                         {paths: visList("/audit")},
	"GET /audit/export":                  {paths: visList("/audit/export")},
	"GET /tip":                           {paths: visList("/tip")},
	"GET /settings/case-rules":           {paths: visList("/settings/case-rules")},
	"GET /settings/case-prefixes":        {paths: visList("/settings/case-prefixes"), anyStatus: true},
	"GET /api/v1/case-rules":             {paths: visList("/api/v1/case-rules")},
	"GET /api/v1/case-prefixes":          {paths: visList("/api/v1/case-prefixes"), anyStatus: true},
	"GET /track":                         {paths: visList("/track")},
	"GET /api/v1/openapi.json":           {paths: visList("/api/v1/openapi.json")},
	"GET /api/v1/me":                     {paths: visList("/api/v1/me")},
	"GET /api/v1/plans":                  {paths: visList("/api/v1/plans")},
	"GET /api/v1/plans/{id}":             {paths: visList("/api/v1/plans/zs-gangkou-2017")},
	"GET /api/v1/plans/{id}/campaigns":   {paths: visList("/api/v1/plans/zs-gangkou-2017/campaigns")},
	"GET /api/v1/plans/{id}/units/{key}": {paths: visList("/api/v1/plans/zs-gangkou-2017/units/zjfj")},
	"GET /api/v1/plans/{id}/lint":        {paths: visList("/api/v1/plans/zs-gangkou-2017/lint")},
	"/":                                  {paths: func(a, b unitSeed) []visPath { return []visPath{{path: "/no/such/page", of: "x"}} }},

	// Survey findings are the recording unit's: its supervisors, officer
	// and head read them all, another unit none of them.
	"GET /surveys": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/surveys", a: true, b: true}, {path: "/surveys?status=open", a: true, b: true},
			{path: "/surveys?unit=" + b.key, b: true}, {path: "/surveys?category=" + url.QueryEscape("灯具"), a: true, b: true}}
	}, shows: visSurveyListShows},
	"GET /surveys/gather": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/surveys/gather", a: true, b: true}, {path: "/surveys/gather?unit=" + b.key, b: true}}
	}, shows: func(u unitSeed) []string { return []string{u.village} }},
	"GET /surveys/export.xlsx": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/surveys/export.xlsx", a: true, b: true}, {path: "/surveys/export.xlsx?unit=" + b.key, b: true}}
	}, shows: visSurveyShows},
	"GET /surveys/new":       {paths: visList("/surveys/new"), anyStatus: true},
	"GET /surveys/{id}":      {paths: visRecords("/surveys/%d", func(u unitSeed) int64 { return u.survey }), shows: visSurveyShows},
	"GET /surveys/{id}/edit": {paths: visRecords("/surveys/%d/edit", func(u unitSeed) int64 { return u.survey }), anyStatus: true},
	"GET /surveys/{id}/photos/{pid}": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf("/surveys/%d/photos/%d", a.survey, a.surveyPhoto), of: "a"},
			{path: fmt.Sprintf("/surveys/%d/photos/%d", b.survey, b.surveyPhoto), of: "b"},
			{path: fmt.Sprintf("/surveys/%d/photos/%d", a.survey, b.surveyPhoto), of: "x"}}
	}},
	"GET /api/v1/surveys": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: "/api/v1/surveys", a: true, b: true}, {path: "/api/v1/surveys?status=open", a: true, b: true},
			{path: "/api/v1/surveys?unit=" + b.key, b: true}, {path: "/api/v1/surveys?unit=" + a.key, a: true}}
	}, shows: visSurveyShows},
	"GET /api/v1/surveys/{id}":     {paths: visRecords("/api/v1/surveys/%d", func(u unitSeed) int64 { return u.survey }), shows: visSurveyShows},
	"GET /samplings":               {paths: visUnitLists("/samplings"), shows: visSamplingShows},
	"GET /samplings/export.xlsx":   {paths: visUnitLists("/samplings/export.xlsx"), shows: visSamplingShows},
	"GET /api/v1/samplings":        {paths: visUnitLists("/api/v1/samplings"), shows: visSamplingShows},
	"GET /samplings/{id}":          {paths: visRecords("/samplings/%d", func(u unitSeed) int64 { return u.sampling }), shows: visSamplingShows},
	"GET /api/v1/samplings/{id}":   {paths: visRecords("/api/v1/samplings/%d", func(u unitSeed) int64 { return u.sampling }), shows: visSamplingShows},
	"GET /samplings/rates":         {paths: visUnitLists("/samplings/rates"), shows: visSamplingVillage},
	"GET /api/v1/samplings/rates":  {paths: visUnitLists("/api/v1/samplings/rates"), shows: visSamplingVillage},
	"GET /samplings/new":           {paths: visList("/samplings/new"), anyStatus: true},
	"GET /samplings/template.xlsx": {paths: visList("/samplings/template.xlsx")},

	// The review's scorecard: the office and leaders read every lead
	// unit's row, a unit's officer and head their own; a supervisor is
	// refused (anyStatus).
	"GET /review": {paths: visBoth("/review", "/review?plan=zs-gangkou-2017"), anyStatus: true,
		shows: func(u unitSeed) []string { return []string{`id="unit-` + u.key + `"`} }},
	"GET /review.xlsx": {paths: visBoth("/review.xlsx"), anyStatus: true,
		shows: func(u unitSeed) []string { return []string{u.name} }},
	"GET /api/v1/review": {paths: visBoth("/api/v1/review", "/api/v1/review?plan=zs-gangkou-2017"), anyStatus: true,
		shows: func(u unitSeed) []string { return []string{`"unit": "` + u.key + `"`} }},
	"GET /review/weights": {paths: visList("/review/weights"), anyStatus: true},
	// A file of a rectification answer: the notice's unit, the office and
	// leaders; A's notice with B's file is not found.
	"GET /rectifications/{id}/files/{fid}": {paths: func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf("/rectifications/%d/files/%d", a.rect, a.rectFile), of: "a"},
			{path: fmt.Sprintf("/rectifications/%d/files/%d", b.rect, b.rectFile), of: "b"},
			{path: fmt.Sprintf("/rectifications/%d/files/%d", a.rect, b.rectFile), of: "x"}}
	}, shows: func(u unitSeed) []string { return []string{u.rectFileText} }, anyStatus: true},
}

func visRectShows(u unitSeed) []string { return []string{u.rectText} }

func visSamplingShows(u unitSeed) []string { return []string{u.samplingText} }

func visSamplingVillage(u unitSeed) []string { return []string{u.samplingVillage} }

// visUnitLists is a list of both units' records, and of each unit's asked
// by ?unit=.
func visUnitLists(path string) func(a, b unitSeed) []visPath {
	return func(a, b unitSeed) []visPath {
		sep := map[bool]string{true: "&", false: "?"}[strings.Contains(path, "?")]
		return []visPath{{path: path, a: true, b: true}, {path: path + sep + "unit=" + b.key, b: true}, {path: path + sep + "unit=" + a.key, a: true}}
	}
}

// visibilityExempt are the GET routes not asked, each with its reason.
var visibilityExempt = map[string]string{
	"GET /static/{name}":         "fingerprinted assets: the same bytes for everyone, no records",
	"GET /static/echarts/{name}": "the charting library and its licence: the same bytes for everyone, no records",
	"GET /api/v1/tips/track":     "a tipster reads one tip by its code and secret, whoever is signed in; the secret is the check, not the unit",
}

func visOwnWork(u unitSeed) []string { return []string{fmt.Sprintf(`/tips/%d"`, u.tip), u.reminder} }

func visTipShows(u unitSeed) []string { return []string{u.code, u.tipText} }

func visClueShows(u unitSeed) []string { return []string{u.clueText} }

func visInspectionShows(u unitSeed) []string { return []string{u.inspectText} }

func visCaseShows(u unitSeed) []string { return []string{u.caseText} }

func visSurveyShows(u unitSeed) []string { return []string{u.surveyText, u.village} }

func visSurveyListShows(u unitSeed) []string {
	return []string{u.village, fmt.Sprintf(`/surveys/%d"`, u.survey)}
}

func visSummaryShows(u unitSeed) []string { return append(visReportShows(u), u.name) }

// both is a list of A's and B's records.
func visBoth(paths ...string) func(a, b unitSeed) []visPath {
	return func(unitSeed, unitSeed) []visPath {
		var out []visPath
		for _, p := range paths {
			out = append(out, visPath{path: p, a: true, b: true})
		}
		return out
	}
}

// records opens A's record and B's record.
func visRecords(format string, id func(unitSeed) int64) func(a, b unitSeed) []visPath {
	return func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf(format, id(a)), of: "a"}, {path: fmt.Sprintf(format, id(b)), of: "b"}}
	}
}

// seedUnit gives a unit its marked report, attachment and tip. Both units'
// tips name the same business and category, so each is the other's
// possible duplicate.
func seedUnit(t *testing.T, s *site, key, name, tag, figure, stage string) unitSeed {
	t.Helper()
	ctx := context.Background()
	zh := map[string]string{"A": "甲", "B": "乙"}[tag]
	u := unitSeed{key: key, name: name, report: s.reportID(t, key, "2017-09"), figure: figure,
		keyCases: zh + "单位重点案件KC-" + tag + "-2718", practices: zh + "单位经验做法PR-" + tag + "-3141",
		file: zh + "单位附件FILE-" + tag + "-5772.pdf", fileText: "ATTACHMENT-" + tag + "-1414", tipText: zh + "单位经办TIP-" + tag + "-1618",
		reminder: zh + "单位提醒REMIND-" + tag + "-2236"}
	allow := func(dajia.Report) error { return nil }
	officer := dajia.Actor{UserID: 99, Name: "o", Role: dajia.RoleOfficer, Unit: key}
	att, err := s.db.AddAttachment(ctx, testActor, u.report, u.file, "application/pdf", []byte("%PDF-1.4\n"+u.fileText+"\n"), allow)
	if err != nil {
		t.Fatal(err)
	}
	u.attachment = att.ID
	a, err := dajia.ParseAmount(figure)
	if err != nil {
		t.Fatal(err)
	}
	c := dajia.ReportContent{Values: map[string]dajia.Amount{"inspectors": a}, KeyCases: u.keyCases, Practices: u.practices}
	if _, err := s.db.SaveReport(ctx, testActor, u.report, func(r *dajia.Report, now time.Time) error { return r.Save(officer, -1, c, now) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.TransitionReport(ctx, testActor, u.report, dajia.ActSubmit, "", func(r *dajia.Report, now time.Time, earlier []map[string]dajia.Amount) error {
		return r.Submit(officer, now, dajia.ReportingRule{}, earlier)
	}); err != nil {
		t.Fatal(err)
	}
	note := store.Notification{Unit: key, Text: dajia.Phrase{Key: u.reminder}, Link: fmt.Sprintf("/reports/%d", u.report)}
	if _, err := s.db.Remind(ctx, []store.Notification{note}, []string{"visibility:" + key}, nil); err != nil {
		t.Fatal(err)
	}

	s.resetTipLimit()
	f := complaint("13800138000")
	f["stage"], f["description"] = stage, u.tipText+"：购买的台灯没有3C标志，使用一周后冒烟，怀疑是假冒产品。"
	_, body := postTip(t, &http.Client{}, s.URL, f, jpegWithEXIF(t))
	m := codeRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no receipt for unit %s's tip: %s", key, body)
	}
	u.code = m[1]
	tip, err := s.db.TipByCode(ctx, u.code)
	if err != nil {
		t.Fatal(err)
	}
	if tip, err = s.db.Tip(ctx, tip.ID); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(tip.Handlers, []string{key}) || len(tip.Notified) != 0 {
		t.Fatalf("the tip of unit %s went to %v, told %v", key, tip.Handlers, tip.Notified)
	}
	u.tip = tip.ID
	photos, err := s.db.TipPhotos(ctx, tip.ID)
	if err != nil || len(photos) != 1 {
		t.Fatalf("photos of unit %s's tip: %v %d", key, err, len(photos))
	}
	u.photo = photos[0].ID
	found, err := s.db.FindEntities(ctx, tip.BusinessName, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) == 0 {
		e, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: tip.BusinessName, Kind: dajia.KindGrocer})
		if err != nil {
			t.Fatal(err)
		}
		found = append(found, e)
	}
	u.entity = found[0].ID
	u.clueText = zh + "单位线索CLUE-" + tag + "-1732"
	clue, err := s.db.CreateClue(ctx, testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromTransfer, SourceRef: "县公安局",
		ReceivedOn: tip.ReceivedOn, LeadUnit: key, Summary: u.clueText, Status: dajia.CluePending})
	if err != nil {
		t.Fatal(err)
	}
	u.clue = clue.ID
	u.caseText = zh + "单位案件CASE-" + tag + "-2024"
	caseClue, err := s.db.CreateClue(ctx, testActor, dajia.Clue{PlanID: "zs-gangkou-2017", Source: dajia.ClueFromInspection,
		ReceivedOn: tip.ReceivedOn, LeadUnit: key, Summary: "检查发现", Status: dajia.CluePending})
	if err != nil {
		t.Fatal(err)
	}
	k, err := s.db.CreateCase(ctx, testActor, store.CaseRecord{PlanID: "zs-gangkou-2017", Case: dajia.Case{Number: "中港" + zh + "罚〔2017〕1号",
		LeadUnit: key, ClueID: caseClue.ID, Status: dajia.CaseOpened, OpenedOn: tip.ReceivedOn, Violations: []dajia.Violation{dajia.ViolationLabel},
		Goods: []dajia.Goods{{Name: u.caseText, Quantity: dajia.AmountScale, Unit: "件"}}}},
		func(c *dajia.Clue, id int64) (dajia.ClueStep, error) {
			return c.Open(dajia.Actor{Name: "office", Role: dajia.RoleOffice}, tip.ReceivedOn, id)
		})
	if err != nil {
		t.Fatal(err)
	}
	u.kase = k.ID
	doc, err := s.db.AddCaseDocument(ctx, testActor, k.ID, dajia.DocInquiry, u.caseText+"询问笔录.pdf", "application/pdf",
		[]byte("%PDF-1.4\n"+u.caseText+"\n"), func(dajia.Case) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	u.doc = doc.ID
	office, err := s.db.UserByName(ctx, "office")
	if err != nil {
		t.Fatal(err)
	}
	u.surveyText, u.village = zh+"单位排查SURVEY-"+tag+"-1123", zh+"村VILLAGE-"+tag+"-5813"
	sv, err := s.db.CreateSurvey(ctx, testActor, dajia.Survey{PlanID: "zs-gangkou-2017", FoundOn: dajia.MustDate("2017-08-15"), Unit: key,
		RecordedBy: office.ID, Recorder: "office", Village: u.village, EntityName: "港口镇某灯饰商行", Category: "灯具", Stage: dajia.StageSelling,
		Problems: []dajia.SurveyProblem{dajia.ProblemNoCCC}, Description: u.surveyText, Status: dajia.SurveyOpen},
		[]store.Photo{{ContentType: "image/jpeg", Data: jpegWithEXIF(t)}})
	if err != nil {
		t.Fatal(err)
	}
	u.survey = sv.ID
	sp, err := s.db.SurveyPhotos(ctx, sv.ID)
	if err != nil || len(sp) != 1 {
		t.Fatalf("photos of unit %s's survey: %v %d", key, err, len(sp))
	}
	u.surveyPhoto = sp[0].ID
	u.actionText = zh + "单位行动ACTION-" + tag + "-3141"
	j, err := s.db.CreateJointAction(ctx, testActor, dajia.JointAction{PlanID: "zs-gangkou-2017", Name: u.actionText, Start: tip.ReceivedOn,
		End: tip.ReceivedOn, Units: []string{key}})
	if err != nil {
		t.Fatal(err)
	}
	u.action = j.ID
	if _, err := s.db.UpdateClue(ctx, testActor, clue.ID, func(c *dajia.Clue) (dajia.ClueStep, error) {
		c.ActionID = j.ID
		return dajia.ClueStep{Action: "action", Note: fmt.Sprint(j.ID)}, nil
	}); err != nil {
		t.Fatal(err)
	}
	u.publicityText = zh + "单位宣传PUB-" + tag + "-2718"
	ph, err := s.db.TipPhoto(ctx, tip.ID, u.photo)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := s.db.CreatePublicity(ctx, testActor, dajia.Publicity{PlanID: "zs-gangkou-2017", Unit: key, On: tip.ReceivedOn,
		Channel: dajia.ChannelLeaflet, Title: u.publicityText, Reach: dajia.Reach{People: 77}, ActionID: j.ID}, []store.Photo{ph})
	if err != nil {
		t.Fatal(err)
	}
	u.publicity = pub.ID
	pubPhotos, err := s.db.PublicityPhotos(ctx, pub.ID)
	if err != nil || len(pubPhotos) != 1 {
		t.Fatalf("publicity photos: %v", err)
	}
	u.publicityPhoto = pubPhotos[0].ID
	u.inspectText = zh + "单位巡查INSP-" + tag + "-0917"
	ins, err := s.db.CreateInspections(ctx, testActor, "inspection.create", []dajia.Inspection{{PlanID: "zs-gangkou-2017", InspectedOn: tip.ReceivedOn,
		Unit: key, Inspectors: []string{"李明"}, CampaignNo: 7, Place: u.inspectText, Village: "港口村",
		Entities: []dajia.InspectedEntity{{EntityID: u.entity, Category: "灯具", Product: "LED灯", Finding: u.inspectText}}}})
	u.inspection = ins[0].ID
	u.samplingText, u.samplingVillage = zh+"单位样品SAMPLE-"+tag+"-1123", zh+"村VIL-"+tag+"-5813"
	seller, err := s.db.CreateEntity(ctx, testActor, dajia.Entity{Name: zh + "单位抽检商行", Kind: dajia.KindGrocer, Village: u.samplingVillage})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := s.db.CreateSamplings(ctx, testActor, []dajia.Sampling{{PlanID: "zs-gangkou-2017", Unit: key, CampaignNo: 7, Category: "灯具",
		Product: u.samplingText, SellerID: seller.ID, SampledOn: tip.ReceivedOn, Result: dajia.SamplePassed, Village: u.samplingVillage}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	u.sampling = sm[0].ID
	u.rectText = zh + "单位整改RECT-" + tag + "-4142"
	rectOffice := dajia.Actor{Name: "office", Role: dajia.RoleOffice}
	rect, err := s.db.CreateRectification(ctx, rectOffice, dajia.Rectification{PlanID: "zs-gangkou-2017", Unit: key, Title: u.rectText,
		Reason: "逾期未报", Items: []dajia.RectItem{{No: 1, Text: u.rectText}}, Deadline: tip.ReceivedOn.AddDays(30)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.StepRectification(ctx, rectOffice, rect.ID, tip.ReceivedOn.Year, func(r *dajia.Rectification, seq int) (dajia.RectStep, error) {
		return r.Issue(rectOffice, tip.ReceivedOn, seq)
	}); err != nil {
		t.Fatal(err)
	}
	u.rect = rect.ID
	u.rectFileText = zh + "单位整改附件RFILE-" + tag + "-7071"
	rf, err := s.db.AddRectFile(ctx, officer, rect.ID, 1, "整改照片.pdf", "application/pdf", []byte("%PDF-1.4\n"+u.rectFileText+"\n"),
		func(dajia.Rectification) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	u.rectFile = rf.ID
	return u
}

// visDocs opens each unit's case document, and A's case with B's document.
func visDocs(format string) func(a, b unitSeed) []visPath {
	return func(a, b unitSeed) []visPath {
		return []visPath{{path: fmt.Sprintf(format, a.kase, a.doc), of: "a"}, {path: fmt.Sprintf(format, b.kase, b.doc), of: "b"},
			{path: fmt.Sprintf(format, a.kase, b.doc), of: "x"}}
	}
}

// visReader is an account that reads the site, in the browser and through
// the API.
type visReader struct {
	name    string
	actor   dajia.Actor
	browser *browserClient
	token   string
}

// fetch GETs a path as the reader and returns the status and what the
// answer says: the text of every cell for an Excel file.
func (r visReader) fetch(t *testing.T, s *site, path string) (int, string) {
	t.Helper()
	var resp *http.Response
	var err error
	if strings.HasPrefix(path, "/api/") {
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+r.token)
		resp, err = http.DefaultClient.Do(req)
	} else {
		resp, err = r.browser.Get(s.URL + path)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		return resp.StatusCode, string(b)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: not an Excel file: %v", path, err)
	}
	defer x.Close()
	var text strings.Builder
	for _, sh := range x.GetSheetList() {
		rows, err := x.GetRows(sh)
		if err != nil {
			t.Fatalf("%s: sheet %s: %v", path, sh, err)
		}
		for _, row := range rows {
			text.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	return resp.StatusCode, text.String()
}

// An officer, head or supervisor of one unit never gets another unit's
// figures, key cases, practices, attachments or tips: not on a list, a
// summary, an export, a record's page or the API. The office and leaders
// read the whole town. Every GET route is asked, or exempt with a reason.
func TestOtherUnitsRecordsAreInvisibleOnEveryRoute(t *testing.T) {
	s := newSite(t, "2017-10-03")
	a := seedUnit(t, s, "gsfj", "工商分局", "A", "2468013", "销售")
	b := seedUnit(t, s, "zjfj", "质监分局", "B", "8642197", "生产")

	var readers []visReader
	for _, acc := range []struct {
		name string
		role dajia.Role
		unit string
	}{{"a-officer", dajia.RoleOfficer, a.key}, {"a-head", dajia.RoleHead, a.key}, {"a-supervisor", dajia.RoleSupervisor, a.key},
		{"leader", dajia.RoleLeader, ""}, {"office", dajia.RoleOffice, ""}} {
		if acc.name != "office" {
			s.user(t, acc.name, acc.role, acc.unit, false)
		}
		u, err := s.db.UserByName(context.Background(), acc.name)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := newTokenFor(t, s, u.ID)
		readers = append(readers, visReader{acc.name, dajia.Actor{UserID: u.ID, Role: acc.role, Unit: acc.unit}, s.signIn(t, acc.name), tok})
	}

	routes := map[string]dajia.Permission{}
	for _, r := range web.Routes() {
		method, _, hasMethod := strings.Cut(r.Pattern, " ")
		if hasMethod && method != "GET" {
			continue
		}
		routes[r.Pattern] = r.Perm
		_, checked := visibilityCases[r.Pattern]
		if reason, exempt := visibilityExempt[r.Pattern]; !checked && (!exempt || reason == "") {
			t.Errorf("route %q has no visibility case: add it to visibilityCases, or to visibilityExempt with the reason", r.Pattern)
		}
	}
	for p := range visibilityCases {
		if _, ok := routes[p]; !ok {
			t.Errorf("visibility case for %q, which is not a GET route", p)
		}
	}

	hidden := append(b.leaks(), visTownTotal)
	for pattern, perm := range routes {
		c, ok := visibilityCases[pattern]
		if !ok {
			continue
		}
		for _, p := range c.paths(a, b) {
			for _, r := range readers {
				t.Run(r.name+" "+p.path, func(t *testing.T) {
					town := r.actor.Role == dajia.RoleOffice || r.actor.Role == dajia.RoleLeader
					want := http.StatusOK
					switch {
					case !r.actor.Can(perm):
						want = http.StatusForbidden
					case p.of == "x", p.of == "b" && !town:
						want = http.StatusNotFound
					}
					code, body := r.fetch(t, s, p.path)
					// The same page in English renders too (a template that
					// reads a field only in one language fails here), then the
					// reader goes back to Chinese.
					if code == http.StatusOK && !strings.HasPrefix(p.path, "/api/") {
						sep := map[bool]string{true: "&", false: "?"}[strings.Contains(p.path, "?")]
						if en, _ := r.fetch(t, s, p.path+sep+"lang=en"); en != code {
							t.Errorf("%s in English: %d, in Chinese %d", pattern, en, code)
						}
						r.fetch(t, s, p.path+sep+"lang=zh")
					}
					if c.anyStatus && want == http.StatusOK {
						if code >= 500 {
							t.Fatalf("%s: %d", pattern, code)
						}
					} else if code != want {
						t.Fatalf("%s: %d, want %d", pattern, code, want)
					}
					if !town {
						leaks := hidden
						if c.shows != nil {
							leaks = append(slices.Clone(hidden), c.shows(b)...)
							slices.Sort(leaks)
							leaks = slices.Compact(leaks)
						}
						for _, m := range leaks {
							if strings.Contains(body, m) {
								t.Errorf("%s: %s of unit %s gets unit %s's %q", pattern, r.actor.Role, a.key, b.key, m)
							}
						}
					}
					if code != http.StatusOK || (town && c.ownOnly) {
						return
					}
					var must []string
					if c.shows != nil && (p.a || p.of == "a") {
						must = append(must, c.shows(a)...)
					}
					if town && c.shows != nil && (p.b || p.of == "b") {
						must = append(must, c.shows(b)...)
					}
					if town {
						must = append(must, c.town...)
					}
					for _, m := range must {
						if !strings.Contains(body, m) {
							t.Errorf("%s: %s does not get %q", pattern, r.name, m)
						}
					}
				})
			}
		}
	}
}

// A unit's account reads its own row of a period summary, said to be its
// own, without a 合计 row that would pass for the town's total; the office
// reads every unit and the town's total.
func TestUnitPeriodSummaryIsItsOwnWithoutATownTotal(t *testing.T) {
	s := newSite(t, "2017-10-03")
	a := seedUnit(t, s, "gsfj", "工商分局", "A", "2468013", "销售")
	seedUnit(t, s, "zjfj", "质监分局", "B", "8642197", "生产")
	s.user(t, "a-officer", dajia.RoleOfficer, a.key, false)
	officer := visReader{name: "a-officer", browser: s.signIn(t, "a-officer")}
	office := visReader{name: "office", browser: s.signIn(t, "office")}

	_, page := officer.fetch(t, s, "/reports/period"+visPeriod)
	if !strings.Contains(page, "只列本单位的报表") || strings.Contains(page, "合计") || !strings.Contains(page, a.figure) {
		t.Error("the officer's summary page is not its unit's own, or shows a total")
	}
	_, sheet := officer.fetch(t, s, "/reports/period.xlsx"+visPeriod)
	if strings.Contains(sheet, "合计") || !strings.Contains(sheet, a.figure) {
		t.Error("the officer's summary export is not its unit's own, or has a total")
	}
	_, page = office.fetch(t, s, "/reports/period"+visPeriod)
	if strings.Contains(page, "只列本单位的报表") || !strings.Contains(page, "合计") || !strings.Contains(page, visTownTotal) {
		t.Error("the office's summary page lacks the town total")
	}
	_, sheet = office.fetch(t, s, "/reports/period.xlsx"+visPeriod)
	if !strings.Contains(sheet, "合计\t\t"+visTownTotal) {
		t.Error("the office's summary export lacks the town total")
	}
}
