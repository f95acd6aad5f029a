package app_test

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"dajia"
	"dajia/app"
	"dajia/store"
)

// dashSeed records, day by day, the work the dashboard test counts:
//
//	09-05 two lamp tips sold (gsfj): a report and a complaint, both past
//	      their clocks by 10-10
//	09-10 three lamp samplings of campaign 7: gsfj passed and failed (the
//	      failed one raises a clue for each competent unit), zjfj passed
//	09-18 a joint action (gsfj, zjfj), 18 to 22 September: done by 10-10
//	09-20 gsfj opens K1 (campaign 7, ¥60,000 of fake lamps); on 09-21 it
//	      proposes its transfer to the police, left undecided: overdue
//	09-25 zjfj opens K2 (campaign 5, fine ¥5,000) and closes it
//	10-09 a lamp tip made (zjfj), and gsfj opens K3 (campaign 7, media:
//	      a major case)
//
// and stands on 10-10.
func dashSeed(t *testing.T) (*app.App, store.PlanVersion) {
	t.Helper()
	ctx := context.Background()
	a, db, clock := flowApp(t, time.Date(2017, 9, 5, 9, 0, 0, 0, dajia.ChinaTime))
	day := func(s string) {
		t.Helper()
		d := dajia.MustDate(s)
		target := time.Date(d.Year, d.Month, d.Day, 9, 0, 0, 0, dajia.ChinaTime)
		clock.Advance(target.Sub(clock.Now()))
	}
	tip := func(kind, stage string) {
		t.Helper()
		sub := lamp(kind)
		sub.Stage = stage
		if _, err := a.TakeTips(ctx, public, refPlan, sub, nil, "public"); err != nil {
			t.Fatal(err)
		}
	}
	tip("举报", dajia.StageSelling)
	tip("投诉", dajia.StageSelling)
	// The monthly reports: gsfj sends August's on its due day (on time),
	// zjfj two days late; no one sends September's (due 10-05).
	if _, err := a.EnsureObligations(ctx, office, refPlan); err != nil {
		t.Fatal(err)
	}
	send := func(who dajia.Actor) {
		t.Helper()
		reps, err := a.Reports(ctx, who, store.ReportFilter{PlanID: refPlan, Rule: 0, PeriodID: "2017-08"})
		if err != nil || len(reps) != 1 {
			t.Fatalf("%s's August report: %d, %v", who.Unit, len(reps), err)
		}
		if _, err := a.SaveReport(ctx, who, reps[0].ID, -1, dajia.ReportContent{Zero: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := a.ReportStep(ctx, who, reps[0].ID, dajia.ActSubmit, ""); err != nil {
			t.Fatal(err)
		}
	}
	send(gs)

	day("2017-09-07")
	send(zj)
	day("2017-09-10")
	producer, seller := samplingEntities(t, a)
	for _, s := range []struct {
		who    dajia.Actor
		result string
	}{{gs, "passed"}, {gs, "failed"}, {zj, "passed"}} {
		in := sampleIn("灯具", "LED台灯", s.result, producer.ID, seller.ID)
		in.CampaignNo = 7
		if s.result == "failed" {
			in.NotifiedOn = in.SampledOn
		}
		if _, err := a.CreateSampling(ctx, s.who, in); err != nil {
			t.Fatal(err)
		}
	}
	day("2017-09-18")
	if _, _, err := a.CreateJointAction(ctx, office, actionInput()); err != nil {
		t.Fatal(err)
	}
	day("2017-09-20")
	k1 := flowCase(t, a, gs, "交办1号", 7, "2017-09-20", facts("60000", dajia.ViolationFakeInferior))
	day("2017-09-21")
	if _, err := a.CaseStep(ctx, gs, k1.ID, "transfer_propose", app.CaseStepInput{Note: "涉嫌犯罪"}); err != nil {
		t.Fatal(err)
	}
	day("2017-09-25")
	f2 := facts("1000", dajia.ViolationLabel)
	f2.Fine = json.Number("5000")
	k2 := flowCase(t, a, zj, "交办2号", 5, "2017-09-25", f2)
	for _, s := range []struct {
		who  dajia.Actor
		step string
	}{{zj, "investigate"}, {zj, "review"}, {zj, "notify"}, {caseZjHead, "decide"}, {zj, "execute"}, {zj, "publish"}, {caseZjHead, "close"}} {
		if _, err := a.CaseStep(ctx, s.who, k2.ID, s.step, app.CaseStepInput{}); err != nil {
			t.Fatalf("%s: %v", s.step, err)
		}
	}
	day("2017-10-09")
	tip("举报", dajia.StageMaking)
	f3 := facts("0", dajia.ViolationLabel)
	f3.Media = true
	flowCase(t, a, gs, "交办3号", 7, "2017-10-09", f3)
	day("2017-10-10")
	v, err := db.Plan(ctx, refPlan)
	if err != nil {
		t.Fatal(err)
	}
	return a, v
}

func dashCampaign(d dajia.Dashboard, no int) dajia.DashboardCampaign {
	for _, c := range d.Campaigns {
		if c.No == no {
			return c
		}
	}
	return dajia.DashboardCampaign{}
}

func dashMonth(d dajia.Dashboard, m string) dajia.DashboardMonth {
	for _, x := range d.Months {
		if x.Month == m {
			return x
		}
	}
	return dajia.DashboardMonth{}
}

// Every figure of the dashboard is what the records created add up to,
// for the town (office, leader) and for each unit its own; and each is the
// total of the list its link opens, asked by the same reader.
func TestDashboardCountsEachFigureFromTheRecords(t *testing.T) {
	a, v := dashSeed(t)
	ctx := context.Background()
	leader := dajia.Actor{UserID: 6, Name: "leader", Role: dajia.RoleLeader}
	type want struct {
		c7, c5                             dajia.DashboardCampaign
		overdueTips, overdueTransfers, maj int
		sep, oct                           dajia.DashboardMonth
		rate7                              string
	}
	town := want{
		c7:          dajia.DashboardCampaign{Tips: 3, Clues: 4, Opened: 2, Closed: 0, Value: 60000 * dajia.AmountScale, Samplings: dajia.PassRate{Passed: 2, Failed: 1}},
		c5:          dajia.DashboardCampaign{Tips: 0, Clues: 1, Opened: 1, Closed: 1, Value: 1000 * dajia.AmountScale, Fines: 5000 * dajia.AmountScale},
		overdueTips: 2, overdueTransfers: 1, maj: 1,
		sep: dajia.DashboardMonth{Month: "2017-09", Tips: 2, Cases: 2}, oct: dajia.DashboardMonth{Month: "2017-10", Tips: 1, Cases: 1},
		rate7: "66.7%",
	}
	for _, tt := range []struct {
		name string
		who  dajia.Actor
		unit string
		want want
	}{
		{"office", office, "", town},
		{"leader", leader, "", town},
		{"gsfj officer", gs, "gsfj", want{
			c7:          dajia.DashboardCampaign{Tips: 2, Clues: 3, Opened: 2, Value: 60000 * dajia.AmountScale, Samplings: dajia.PassRate{Passed: 1, Failed: 1}},
			overdueTips: 2, overdueTransfers: 1, maj: 1,
			sep: dajia.DashboardMonth{Month: "2017-09", Tips: 2, Cases: 1}, oct: dajia.DashboardMonth{Month: "2017-10", Cases: 1},
			rate7: "50.0%"}},
		{"gsfj head", gsHead, "gsfj", want{
			c7:          dajia.DashboardCampaign{Tips: 2, Clues: 3, Opened: 2, Value: 60000 * dajia.AmountScale, Samplings: dajia.PassRate{Passed: 1, Failed: 1}},
			overdueTips: 2, overdueTransfers: 1, maj: 1,
			sep: dajia.DashboardMonth{Month: "2017-09", Tips: 2, Cases: 1}, oct: dajia.DashboardMonth{Month: "2017-10", Cases: 1},
			rate7: "50.0%"}},
		{"zjfj officer", zj, "zjfj", want{
			c7:  dajia.DashboardCampaign{Tips: 1, Clues: 1, Samplings: dajia.PassRate{Passed: 1}},
			c5:  dajia.DashboardCampaign{Clues: 1, Opened: 1, Closed: 1, Value: 1000 * dajia.AmountScale, Fines: 5000 * dajia.AmountScale},
			sep: dajia.DashboardMonth{Month: "2017-09", Cases: 1}, oct: dajia.DashboardMonth{Month: "2017-10", Tips: 1},
			rate7: "100.0%"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := a.Dashboard(ctx, tt.who, v)
			if err != nil {
				t.Fatal(err)
			}
			w := tt.want
			if d.Unit != tt.unit {
				t.Errorf("unit %q, want %q", d.Unit, tt.unit)
			}
			for _, c := range []struct {
				no   int
				want dajia.DashboardCampaign
			}{{7, w.c7}, {5, w.c5}} {
				got := dashCampaign(d, c.no)
				got.No, got.Name, got.Samplings.Key = 0, "", ""
				if got != c.want {
					t.Errorf("campaign %d: %+v, want %+v", c.no, got, c.want)
				}
			}
			if r := dashCampaign(d, 7).Samplings.Rate(); r != w.rate7 {
				t.Errorf("pass rate of campaign 7: %s, want %s", r, w.rate7)
			}
			if d.OverdueTips != w.overdueTips || d.OverdueTransfers != w.overdueTransfers || d.MajorCases != w.maj {
				t.Errorf("overdue tips %d, transfers %d, major %d; want %d, %d, %d", d.OverdueTips, d.OverdueTransfers, d.MajorCases, w.overdueTips, w.overdueTransfers, w.maj)
			}
			if got := dashMonth(d, "2017-09"); got != w.sep {
				t.Errorf("September %+v, want %+v", got, w.sep)
			}
			if got := dashMonth(d, "2017-10"); got != w.oct {
				t.Errorf("October %+v, want %+v", got, w.oct)
			}
			if len(d.Months) != 12 || d.Months[0].Month != "2017-01" || d.Months[11].Month != "2017-12" {
				t.Errorf("months %+v", d.Months)
			}
			// The total is every campaign's, and the phase the plan's.
			var sum dajia.DashboardCampaign
			for _, c := range d.Campaigns {
				sum.Add(c)
			}
			sum.Samplings.Key = ""
			if sum != d.Total {
				t.Errorf("total %+v, campaigns add up to %+v", d.Total, sum)
			}
			if d.Phase.State != "running" || d.Phase.Current.Key != "action" || d.Phase.DaysLeft != 51 || d.Phase.Next.Key != "review" || d.Phase.DaysTo != 52 {
				t.Errorf("phase %+v", d.Phase)
			}
			// Reporting: the matrix's own rates over the reports due
			// (August's and September's of each unit).
			m, err := a.Matrix(ctx, tt.who, v, 0)
			if err != nil {
				t.Fatal(err)
			}
			r := d.Reporting
			if len(r) != 1 || r[0].Rates != m.Total || r[0].Late != m.Counts[string(dajia.Late)] || r[0].Missing != m.Counts[string(dajia.Missing)] {
				t.Fatalf("reporting %+v, matrix %+v %v", r, m.Total, m.Counts)
			}
			due, onTime, late := 2, 0, 0
			switch tt.unit {
			case "":
				due, onTime, late = 2*len(m.Rows), 1, 1
			case "gsfj":
				onTime = 1
			case "zjfj":
				late = 1
			}
			if r[0].Rates.OnTime.Den != due || r[0].Rates.OnTime.Num != onTime || r[0].Late != late || r[0].Missing != due-onTime-late || r[0].Rates.Reported.Num != onTime+late {
				t.Errorf("reporting %+v: want %d due, %d on time, %d late", r[0], due, onTime, late)
			}
			if tt.unit == "" && len(m.Rows) < 10 {
				t.Errorf("the town's matrix has %d units", len(m.Rows))
			}
			if len(d.Actions) != 1 || d.Actions[0].Planned != 2 || d.Actions[0].Done != 1 {
				t.Errorf("joint actions %+v", d.Actions)
			}
			dashListsAgree(t, a, tt.who, d)
		})
	}
}

// dashListsAgree checks that each figure is the total of the list its
// link opens (the same query the page's link asks), for the same reader.
func dashListsAgree(t *testing.T, a *app.App, who dajia.Actor, d dajia.Dashboard) {
	t.Helper()
	ctx := context.Background()
	tips := func(q app.TipQuery) int {
		t.Helper()
		q.PlanID = d.PlanID
		l, err := a.Tips(ctx, who, q)
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	cases := func(q app.CaseQuery) int {
		t.Helper()
		q.PlanID = d.PlanID
		l, err := a.Cases(ctx, who, q)
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	clues := func(no int) int {
		t.Helper()
		l, err := a.Clues(ctx, who, app.ClueQuery{PlanID: d.PlanID, Campaign: no})
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	samplings := func(no string, r dajia.SamplingResult) int {
		t.Helper()
		l, err := a.Samplings(ctx, who, app.SamplingQuery{PlanID: d.PlanID, Campaign: no, Result: r})
		if err != nil {
			t.Fatal(err)
		}
		return l.Total
	}
	check := func(what string, figure, list int) {
		t.Helper()
		if figure != list {
			t.Errorf("%s: the dashboard counts %d, its list holds %d", what, figure, list)
		}
	}
	for _, c := range append(d.Campaigns, d.Total) {
		no := strconv.Itoa(c.No)
		if c.No == 0 {
			no = ""
		}
		check("tips of campaign "+no, c.Tips, tips(app.TipQuery{View: "all", Campaign: c.No}))
		check("clues of campaign "+no, c.Clues, clues(c.No))
		check("cases of campaign "+no, c.Opened, cases(app.CaseQuery{CampaignNo: c.No}))
		check("closed cases of campaign "+no, c.Closed, cases(app.CaseQuery{CampaignNo: c.No, Status: dajia.CaseClosed}))
		check("samplings of campaign "+no, c.Samplings.Total(), samplings(no, ""))
		check("passed samplings of campaign "+no, c.Samplings.Passed, samplings(no, dajia.SamplePassed))
		check("failed samplings of campaign "+no, c.Samplings.Failed, samplings(no, dajia.SampleFailed))
	}
	check("overdue tips", d.OverdueTips, tips(app.TipQuery{Overdue: true}))
	check("overdue transfers", d.OverdueTransfers, cases(app.CaseQuery{Overdue: true, Transfer: store.TransferRunning}))
	check("major cases", d.MajorCases, cases(app.CaseQuery{MajorOnly: true}))
	for _, m := range d.Months {
		check("tips of "+m.Month, m.Tips, tips(app.TipQuery{View: "all", Month: m.Month}))
		check("cases of "+m.Month, m.Cases, cases(app.CaseQuery{Month: m.Month}))
	}
}

// Accounts that read no campaign's results get no dashboard: a village
// supervisor, administrators, the public.
func TestDashboardIsRefusedToThoseWhoReadNoResults(t *testing.T) {
	a, v := dashSeed(t)
	for _, who := range []dajia.Actor{
		{UserID: 9, Name: "sup", Role: dajia.RoleSupervisor, Unit: "gsfj"}, auditor, adminAcc, public,
		{UserID: 10, Name: "nounit", Role: dajia.RoleOfficer},
	} {
		if _, err := a.Dashboard(context.Background(), who, v); dajia.ErrorCode(err) != dajia.Forbidden {
			t.Errorf("%s (%s): %v, want forbidden", who.Name, who.Role, err)
		}
	}
}
