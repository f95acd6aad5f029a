package web_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// dashChartsJS describes the dashboard's charts as drawn: for each chart
// box, whether ECharts holds an instance for it and the size of its
// canvas ("" when none was drawn).
const dashChartsJS = `(() => [...document.querySelectorAll("[data-chart]")].map(el => {
	const c = el.querySelector("canvas");
	const inst = window.echarts && window.echarts.getInstanceByDom(el);
	const r = c ? c.getBoundingClientRect() : {width: 0, height: 0};
	return {instance: !!inst, width: Math.round(r.width), height: Math.round(r.height), box: Math.round(el.getBoundingClientRect().width),
		series: inst ? inst.getOption().series.length : 0};
}))()`

type dashChartDrawn struct {
	Instance                   bool
	Width, Height, Box, Series int
}

// A leader signs in to the dashboard and sees its two charts drawn by
// ECharts (an instance and a canvas of the box's size each), on a desktop
// and on a phone, where the page does not scroll sideways (the wide tables
// scroll in their own box). With DAJIA_SCREENSHOTS set to a directory, the
// whole pages are written there as dashboard-1366.jpg and dashboard-390.jpg.
func TestBrowserLeaderSeesTheDashboardChartsDrawn(t *testing.T) {
	t.Parallel()
	s, _, _ := dashSite(t)
	for _, w := range []int64{1366, 390} {
		ctx := signInAt(t, s, "leader", w)
		if err := chromedp.Do(ctx, chromedp.Navigate(s.URL+"/"), chromedp.WaitVisible(`#chart-months[data-drawn="1"]`)); err != nil {
			t.Fatalf("%d px: %v", w, err)
		}
		charts, err := chromedp.Run(ctx, chromedp.Evaluate[[]dashChartDrawn](dashChartsJS))
		if err != nil {
			t.Fatal(err)
		}
		if len(charts) != 2 {
			t.Fatalf("%d px: charts %v", w, charts)
		}
		for _, c := range charts {
			if !c.Instance || c.Series < 2 || c.Width < int(w)/2 || c.Height < 200 || c.Width > c.Box+1 {
				t.Errorf("%d px: a chart is %+v", w, c)
			}
		}
		if w == 390 {
			if bad, _ := chromedp.Run(ctx, chromedp.Evaluate[string](fitsJS)); bad != "" {
				t.Errorf("the dashboard at 390 px: %s", bad)
			}
		}
		if dir := os.Getenv("DAJIA_SCREENSHOTS"); dir != "" {
			jpg, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("dashboard-%d.jpg", w)), jpg, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
