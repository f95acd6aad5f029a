package web_test

import (
	"context"
	"strings"
	"testing"

	"dajia/planfile"
)

func TestAPIPlans(t *testing.T) {
	s := newSite(t, "2017-09-15")
	code, h, body := s.api(t, "/api/v1/plans")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
		t.Fatalf("%d %s", code, h.Get("Content-Type"))
	}
	var out struct {
		Plans []struct {
			ID        string `json:"id"`
			Year      int    `json:"year"`
			Version   int    `json:"version"`
			UpdatedAt string `json:"updated_at"`
		} `json:"plans"`
	}
	decode(t, body, &out)
	if len(out.Plans) != 1 || out.Plans[0].ID != "zs-gangkou-2017" || out.Plans[0].Version != 1 || !strings.HasSuffix(out.Plans[0].UpdatedAt, "+08:00") {
		t.Fatalf("plans = %+v", out)
	}
}

func TestAPIPlanHasTodayAndPhase(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, _, body := s.api(t, "/api/v1/plans/zs-gangkou-2017")
	var out struct {
		Version int    `json:"version"`
		Today   string `json:"today"`
		Phase   struct {
			Key   string `json:"key"`
			Start string `json:"start"`
			State string `json:"state"`
		} `json:"current_phase"`
		Plan struct {
			Document struct {
				Number   string `json:"number"`
				IssuedOn string `json:"issued_on"`
			} `json:"document"`
			Campaigns []any `json:"campaigns"`
		} `json:"plan"`
	}
	decode(t, body, &out)
	if out.Today != "2017-09-15" || out.Phase.Key != "action" || out.Phase.Start != "2017-09-01" || out.Phase.State != "current" ||
		out.Plan.Document.Number != "中港府办〔2017〕74号" || out.Plan.Document.IssuedOn != "2017-08-30" || len(out.Plan.Campaigns) != 10 {
		t.Fatalf("plan = %s", body)
	}
}

func TestAPICampaignsResolveLeads(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, _, body := s.api(t, "/api/v1/plans/zs-gangkou-2017/campaigns")
	var out struct {
		Campaigns []struct {
			No   int `json:"no"`
			Lead []struct {
				Key   string `json:"key"`
				Name  string `json:"name"`
				Scope string `json:"scope"`
				Upper bool   `json:"upper_level"`
			} `json:"lead"`
			Support []struct {
				Key string `json:"key"`
			} `json:"support"`
			Categories []string `json:"categories"`
		} `json:"campaigns"`
	}
	decode(t, body, &out)
	if len(out.Campaigns) != 10 {
		t.Fatalf("%d campaigns", len(out.Campaigns))
	}
	c5, c6, c7, c10 := out.Campaigns[4], out.Campaigns[5], out.Campaigns[6], out.Campaigns[9]
	if len(c5.Lead) != 2 || c5.Lead[0].Key != "zjfj" || c5.Lead[0].Scope != "生产领域" || c5.Lead[1].Key != "gsfj" || c5.Lead[1].Scope != "流通领域" {
		t.Errorf("campaign 5 leads = %+v", c5.Lead)
	}
	if len(c6.Lead) != 1 || c6.Lead[0].Key != "szjj" || !c6.Lead[0].Upper {
		t.Errorf("campaign 6 leads = %+v", c6.Lead)
	}
	if c7.Support[1].Key != "jxj" {
		t.Errorf("经济科技信息局 must resolve to jxj: %+v", c7.Support)
	}
	if c10.Categories == nil || len(c10.Categories) != 0 {
		t.Errorf("campaign 10 categories must be an empty list: %v", c10.Categories)
	}
}

func TestAPIUnitLeadsSupportsAndNextDue(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, _, body := s.api(t, "/api/v1/plans/zs-gangkou-2017/units/gsfj")
	var out struct {
		Unit struct {
			Key, Name, Class string
		} `json:"unit"`
		Leads []struct {
			No    int    `json:"no"`
			Scope string `json:"scope"`
		} `json:"leads"`
		Supports  []struct{ No int } `json:"supports"`
		Reporting []struct {
			NextDue      string `json:"next_due"`
			NextPeriod   string `json:"next_period"`
			WorkdaysLeft int    `json:"workdays_left"`
		} `json:"reporting"`
		NextDue string `json:"next_due"`
	}
	decode(t, body, &out)
	if out.Unit.Key != "gsfj" || out.Unit.Name != "工商分局" || out.Unit.Class != "department" {
		t.Fatalf("unit = %+v", out.Unit)
	}
	if len(out.Leads) != 3 || out.Leads[0].No != 5 || out.Leads[0].Scope != "流通领域" || out.Leads[2].No != 10 {
		t.Errorf("leads = %+v", out.Leads)
	}
	if len(out.Supports) != 6 {
		t.Errorf("supports = %+v", out.Supports)
	}
	// From Friday 15 September to Thursday 5 October 2017: the National Day
	// break leaves 11 working days (18–22, 25–29 September and the make-up
	// Saturday 30 September).
	if out.NextDue != "2017-10-05" || len(out.Reporting) != 1 || out.Reporting[0].NextPeriod != "2017-09" || out.Reporting[0].WorkdaysLeft != 11 {
		t.Errorf("reporting = %+v next %s", out.Reporting, out.NextDue)
	}
}

func TestAPIUpperLevelUnitHasNoDuty(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, _, body := s.api(t, "/api/v1/plans/zs-gangkou-2017/units/szjj")
	if !strings.Contains(body, `"upper_level": true`) || !strings.Contains(body, `"next_due": null`) || !strings.Contains(body, `"reporting": []`) {
		t.Fatalf("upper-level unit: %s", body)
	}
}

func TestAPILintGivesPositionsInTheImportedFile(t *testing.T) {
	s := newSite(t, "2017-09-15")
	_, _, body := s.api(t, "/api/v1/plans/zs-gangkou-2017/lint")
	var out struct {
		Errors, Warnings, Infos int
		Findings                []struct {
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			Message  string `json:"message"`
		} `json:"findings"`
	}
	decode(t, body, &out)
	if out.Errors != 0 || out.Warnings != 5 || out.Infos != 3 || len(out.Findings) != 8 {
		t.Fatalf("lint = %s", body)
	}
	src := strings.Split(string(planfile.Reference()), "\n")
	for _, f := range out.Findings {
		if f.Rule == "duplicate-campaign" && !strings.Contains(src[f.Line-1], "儿童用品（含玩具）专项打假") {
			t.Errorf("duplicate-campaign points at line %d: %s", f.Line, src[f.Line-1])
		}
		if f.Message == "" {
			t.Errorf("finding without message: %+v", f)
		}
	}
	_, _, en := s.api(t, "/api/v1/plans/zs-gangkou-2017/lint?lang=en")
	if !strings.Contains(en, "duplicates campaign 4") {
		t.Errorf("English lint messages missing")
	}
}

func TestAPIErrorsHaveTheDocumentedShape(t *testing.T) {
	s := newSite(t, "2017-09-15")
	for _, p := range []string{"/api/v1/plans/nope", "/api/v1/plans/zs-gangkou-2017/units/nobody", "/api/v1/nothing"} {
		code, h, body := s.api(t, p)
		var out struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
				Field   string `json:"field"`
			} `json:"error"`
		}
		decode(t, body, &out)
		if code != 404 || out.Error.Code != "not_found" || out.Error.Message == "" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
			t.Errorf("%s: %d %s", p, code, body)
		}
	}
}

func TestAPIShowsTheCurrentVersionAfterReimport(t *testing.T) {
	s := newSite(t, "2017-09-15")
	r := planfile.Check(planfile.Reference())
	r.Plan.Campaigns[0].Focus = append(r.Plan.Campaigns[0].Focus, "保健食品")
	if _, err := s.db.ImportPlan(context.Background(), testActor, r.Plan, nil); err != nil {
		t.Fatal(err)
	}
	_, _, body := s.api(t, "/api/v1/plans/zs-gangkou-2017")
	if !strings.Contains(body, `"version": 2`) || !strings.Contains(body, "保健食品") {
		t.Fatalf("after re-import: %.300s", body)
	}
	// A version stored without its file is linted as exported.
	_, _, lint := s.api(t, "/api/v1/plans/zs-gangkou-2017/lint")
	if !strings.Contains(lint, `"warnings": 5`) {
		t.Fatalf("lint of version 2: %.300s", lint)
	}
}

func TestOpenAPIDocument(t *testing.T) {
	s := newSite(t, "2017-09-15")
	code, _, body := s.get(t, "/api/v1/openapi.json")
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	decode(t, body, &doc)
	if code != 200 || doc.OpenAPI == "" {
		t.Fatalf("%d %s", code, body[:100])
	}
	for _, p := range []string{"/plans", "/plans/{id}", "/plans/{id}/campaigns", "/plans/{id}/units/{key}", "/plans/{id}/lint"} {
		if doc.Paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}
