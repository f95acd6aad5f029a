package web

import (
	"testing"

	"dajia/store"
)

// A list's campaign filter: a campaign's number, or 0 for the records of
// no campaign (the 未归入专项 row's links), which the list's own paging
// links write back as 0.
func TestCampaignParamReadsNoCampaign(t *testing.T) {
	for in, want := range map[string]int{"0": store.NoCampaign, "4": 4, "999": 999} {
		n, ok := campaignParam(in)
		if !ok || n != want {
			t.Errorf("campaign=%s: %d %v, want %d", in, n, ok, want)
		}
		if back := campaignValue(n); back != in {
			t.Errorf("campaign=%s written back as %s", in, back)
		}
	}
	for _, in := range []string{"", "-1", "1000", "x"} {
		if _, ok := campaignParam(in); ok {
			t.Errorf("campaign=%q accepted", in)
		}
	}
	if q := decodeCasesQuery(map[string][]string{"campaign": {"0"}}); q.CampaignNo != store.NoCampaign {
		t.Errorf("cases list campaign=0: %d", q.CampaignNo)
	}
	if q := decodeTipsQuery(map[string][]string{"campaign": {"0"}}); q.Campaign != store.NoCampaign {
		t.Errorf("tips list campaign=0: %d", q.Campaign)
	}
}
