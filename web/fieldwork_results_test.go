package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dajia"
	"dajia/app"
)

// testAction plans a joint action of the reference plan in September 2017
// that gsfj and zjfj take part in, and answers its id: records tagged with
// it must name an action their unit takes part in.
func testAction(t *testing.T, s *site) int64 {
	t.Helper()
	j, err := s.db.CreateJointAction(context.Background(), dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice},
		dajia.JointAction{PlanID: "zs-gangkou-2017", Name: "九月统一集中行动", Start: dajia.MustDate("2017-09-01"), End: dajia.MustDate("2017-09-30"),
			Units: []string{"gsfj", "zjfj"}})
	if err != nil {
		t.Fatal(err)
	}
	return j.ID
}

// The campaign page shows each unit's field work under the campaign, each
// figure linking to the list that holds exactly those records; a unit sees
// its own row only, the office every unit's; the action tagged with the
// records shows with its figures; the forms offer the unit's actions.
func TestCampaignPageShowsEachUnitsFieldWorkLinkedToItsRecords(t *testing.T) {
	s, c, action := campaignWorkSite(t)
	ctx := context.Background()
	link := func(path, unit string, kv ...string) string {
		v := url.Values{"plan": {"zs-gangkou-2017"}, "campaign": {"7"}}
		if unit != "" {
			v.Set("unit", unit)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return `href="` + html.EscapeString(path+"?"+v.Encode()) + `">`
	}
	page := "/plans/zs-gangkou-2017/campaigns/7"
	for _, tt := range []struct {
		who        string
		has, lacks []string
	}{
		{"office", []string{
			link("/inspections", "gsfj") + "2</a>", link("/inspections", "gsfj", "findings", "1") + "发现问题 1</a>",
			link("/inspections", "zjfj") + "1</a>", link("/samplings", "gsfj", "result", "failed") + "1</a>",
			link("/publicity", "zjfj") + "1</a>", link("/inspections", "") + "3</a>",
			link("/inspections", "", "action", strconv.FormatInt(action, 10)) + "1</a>",
			link("/samplings", "", "action", strconv.FormatInt(action, 10), "result", "failed") + "1</a>",
			"九月统一集中行动"}, nil},
		{"officer", []string{link("/inspections", "gsfj") + "2</a>", link("/samplings", "gsfj") + "1</a>", "九月统一集中行动"},
			[]string{"unit=zjfj"}},
		{"other", []string{link("/inspections", "zjfj") + "1</a>", link("/publicity", "zjfj") + "1</a>", link("/samplings", "zjfj") + "0</a>"},
			[]string{"unit=gsfj"}},
	} {
		t.Run(tt.who, func(t *testing.T) {
			r, body := c[tt.who].get(t, page)
			if r.StatusCode != 200 || !strings.Contains(body, `id="results"`) {
				t.Fatalf("%d, no results", r.StatusCode)
			}
			for _, want := range tt.has {
				if !strings.Contains(body, want) {
					t.Errorf("lacks %s", want)
				}
			}
			for _, no := range tt.lacks {
				if strings.Contains(body, no) {
					t.Errorf("shows %s", no)
				}
			}
		})
	}
	// A unit without a part or records in the campaign is told so.
	s.user(t, "sy-officer", dajia.RoleOfficer, "syjfj", false)
	if _, body := s.signIn(t, "sy-officer").get(t, page); !strings.Contains(body, "本单位在本专项没有记录") || strings.Contains(body, "unit=gsfj") {
		t.Error("a unit without records sees more than its empty row")
	}
	// The lists behind the links hold the same records, for the API too.
	gsUser, _ := s.db.UserByName(ctx, "gs-officer")
	tok, _ := newTokenFor(t, s, gsUser.ID)
	for path, want := range map[string]int{
		"/api/v1/inspections?plan=zs-gangkou-2017&campaign=7&unit=gsfj&findings=true":             1,
		"/api/v1/inspections?plan=zs-gangkou-2017&campaign=7&action=" + itoa(action):              1,
		"/api/v1/samplings?plan=zs-gangkou-2017&campaign=7&action=" + itoa(action):                1,
		"/api/v1/samplings?plan=zs-gangkou-2017&campaign=7&action=" + itoa(action) + "&unit=zjfj": 0,
		"/api/v1/clues?plan=zs-gangkou-2017&campaign=7":                                           1,
		"/api/v1/clues?plan=zs-gangkou-2017&campaign=1":                                           0,
	} {
		code, out := s.apiJSON(t, "GET", path, tok, nil)
		if code != 200 || out["total"] != float64(want) {
			t.Errorf("%s: %d, %v in all, want %d", path, code, out["total"], want)
		}
	}
	// The action's results in the API count the inspections and samplings
	// tagged with it and dated inside it: the unit's own.
	code, out := s.apiJSON(t, "GET", "/api/v1/actions/"+itoa(action), tok, nil)
	res, _ := out["results"].(map[string]any)
	ins, _ := res["inspections"].(map[string]any)
	sam, _ := res["samplings"].(map[string]any)
	if code != 200 || ins["count"] != float64(1) || ins["with_findings"] != float64(1) || sam["count"] != float64(1) || sam["failed"] != float64(1) ||
		sam["pass_rate"] != float64(0) {
		t.Errorf("action results: %d %v", code, res)
	}
	zjUser, _ := s.db.UserByName(ctx, "zj-officer")
	zjTok, _ := newTokenFor(t, s, zjUser.ID)
	_, out = s.apiJSON(t, "GET", "/api/v1/actions/"+itoa(action), zjTok, nil)
	res, _ = out["results"].(map[string]any)
	if sam, _ := res["samplings"].(map[string]any); sam["count"] != float64(0) || sam["pass_rate"] != nil {
		t.Errorf("zjfj's action results: %v", res)
	}
	// The action's page shows them, each linking to its list.
	if _, body := c["office"].get(t, "/actions/"+itoa(action)); !strings.Contains(body, `id="result-inspections" href="/inspections?action=`+itoa(action)+`">1<`) ||
		!strings.Contains(body, `id="result-samplings" href="/samplings?action=`+itoa(action)+`">1<`) || !strings.Contains(body, "0.0%") {
		t.Errorf("the action's page lacks its inspections and samplings")
	}
	// The pages behind the action's figures say what they hold.
	for path, want := range map[string]string{
		"/inspections?action=" + itoa(action):    "共 1 次检查",
		"/samplings?action=" + itoa(action):      "共 1 条抽检记录",
		"/clues?plan=zs-gangkou-2017&campaign=7": "共 1 条线索",
	} {
		if _, body := c["office"].get(t, path); !strings.Contains(body, want) {
			t.Errorf("%s lacks %s", path, want)
		}
	}
	if _, body := c["other"].get(t, "/samplings?action="+itoa(action)); !strings.Contains(body, "共 0 条抽检记录") {
		t.Error("zjfj sees gsfj's sampling of the action")
	}
	// The forms offer the joint actions the unit takes part in.
	for _, path := range []string{"/inspections/new", "/samplings/new"} {
		if _, body := c["officer"].get(t, path); !strings.Contains(body, `<option value="`+itoa(action)+`">九月统一集中行动`) {
			t.Errorf("%s does not offer the action", path)
		}
	}
}

// campaignWorkSite is a site on 3 October 2017 where, under campaign 7
// (lamps) in September, gsfj made two inspections (one with a finding,
// tagged with the joint action it answers) and a failed sampling (tagged),
// and zjfj one inspection and a publicity activity.
func campaignWorkSite(t *testing.T) (*site, map[string]*browserClient, int64) {
	t.Helper()
	s, c := reportingSite(t, "2017-10-03")
	ctx := context.Background()
	a := testApp(t, s.db, dajia.FixedDayClock{Day: dajia.MustDate("2017-10-03")})
	action := testAction(t, s)
	gs := dajia.Actor{UserID: 2, Name: "gs-officer", Role: dajia.RoleOfficer, Unit: "gsfj"}
	zj := dajia.Actor{UserID: 4, Name: "zj-officer", Role: dajia.RoleOfficer, Unit: "zjfj"}
	office := dajia.Actor{UserID: 1, Name: "office", Role: dajia.RoleOffice}
	shop, err := a.CreateEntity(ctx, office, app.EntityInput{Name: "港口镇某灯饰商行", Kind: dajia.KindGrocer, Village: "群众村"})
	if err != nil {
		t.Fatal(err)
	}
	inspect := func(who dajia.Actor, tag int64, finding string) {
		t.Helper()
		e := dajia.InspectedEntity{EntityID: shop.ID, Category: "灯具", Product: "LED灯", Finding: finding,
			Checks: []dajia.CheckItem{{Item: "营业执照", Result: dajia.CheckPass}}}
		if finding != "" {
			e.Checks = append(e.Checks, dajia.CheckItem{Item: "3C 标志", Result: dajia.CheckFail})
		}
		if _, err := a.CreateInspection(ctx, who, app.InspectionInput{PlanID: "zs-gangkou-2017", InspectedOn: "2017-09-20", Unit: who.Unit,
			Inspectors: []string{"李明"}, CampaignNo: 7, Village: "群众村", ActionID: tag, Entities: []dajia.InspectedEntity{e}}); err != nil {
			t.Fatal(err)
		}
	}
	inspect(gs, action, "LED灯无3C标志")
	inspect(gs, 0, "")
	inspect(zj, 0, "")
	if _, err := a.CreateSampling(ctx, gs, app.SamplingInput{PlanID: "zs-gangkou-2017", Category: "灯具", Product: "LED台灯", SellerID: shop.ID,
		SampledOn: "2017-09-21", Lab: "中山市质量计量监督检测所", TestItems: "标记", Result: "failed", FailedItems: "标记", NotifiedOn: "2017-09-25",
		ActionID: action}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.CreatePublicity(ctx, zj, app.PublicityInput{PlanID: "zs-gangkou-2017", On: "2017-09-15", Channel: dajia.ChannelWeChat,
		CampaignNo: 7, Title: "灯具安全", Views: 900}, nil); err != nil {
		t.Fatal(err)
	}
	return s, c, action
}

// The campaign page with its results fits a 390 px phone and a desktop,
// as the office and as a unit. With DAJIA_SCREENSHOTS=DIR each page is
// written to DIR.
func TestBrowserCampaignResultsOnAPhoneAndADesktop(t *testing.T) {
	t.Parallel()
	s, _, _ := campaignWorkSite(t)
	for _, name := range []string{"office", "gs-officer"} {
		for _, width := range []int64{390, 1366} {
			ctx := signInAt(t, s, name, width)
			if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/plans/zs-gangkou-2017/campaigns/7"), chromedp.WaitVisible("#results")); err != nil {
				t.Fatal(err)
			}
			bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](fitsJS))
			if err != nil {
				t.Fatal(err)
			}
			if bad != "" {
				t.Errorf("as %s at %d px: %s", name, width, bad)
			}
			if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
				if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(80)); err == nil {
					os.WriteFile(filepath.Join(dir, fmt.Sprintf("campaign-%s-%d.jpg", name, width)), png, 0o644)
				}
			}
		}
	}
}
