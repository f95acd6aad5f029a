package dajia_test

import (
	"strings"
	"testing"

	"dajia"
)

// A publicity activity: channel as data, unit of the plan, reach
// non-negative and bounded, every problem at once.
func TestPublicityCheckReportsEveryProblemAtOnce(t *testing.T) {
	p := reference(t)
	today := dajia.MustDate("2017-09-20")
	ok := dajia.Publicity{Unit: "工商分局", On: today, Channel: dajia.ChannelLeaflet, CampaignNo: 1, Title: "3·15 打假宣传",
		Reach: dajia.Reach{People: 300, Copies: 1200}}
	if errs := ok.Check(p, today); len(errs) != 0 || ok.Unit != "gsfj" {
		t.Fatalf("%s %s", fields(errs), ok.Unit)
	}
	office := dajia.Publicity{Unit: "office", On: today, Channel: dajia.ChannelWeChat, Title: "推文"}
	if errs := office.Check(p, today); len(errs) != 0 {
		t.Errorf("the office records its own: %s", fields(errs))
	}
	bad := dajia.Publicity{Unit: "某局", On: today.AddDays(1), Channel: "fax", CampaignNo: 99, Title: strings.Repeat("题", 101),
		Content: strings.Repeat("文", dajia.MaxPublicityContent+1), Reach: dajia.Reach{People: -1, Copies: dajia.MaxPublicityCopies + 1, Views: -5}, Photos: 6}
	var got []string
	for _, e := range bad.Check(p, today) {
		got = append(got, e.Field)
	}
	if strings.Join(got, ",") != "channel,on,unit,campaign_no,title,content,people,copies,views,photos" {
		t.Errorf("fields: %v", got)
	}
	if len(dajia.PublicityChannels()) != 10 || dajia.ChannelDesk.Name() != "咨询台" {
		t.Error("the channels")
	}
	if r := (dajia.Reach{People: 1, Copies: 2, Views: 3}).Add(dajia.Reach{People: 10, Copies: 20, Views: 30}); r != (dajia.Reach{11, 22, 33}) {
		t.Errorf("reach adds: %+v", r)
	}
}

// A unit sees and records its own publicity; the office all; leaders read.
func TestPublicityBelongsToItsUnit(t *testing.T) {
	u := dajia.Publicity{Unit: "gsfj"}
	for _, tt := range []struct {
		a          dajia.Actor
		see, write bool
	}{
		{dajia.Actor{UserID: 7, Role: dajia.RoleOffice}, true, true},
		{dajia.Actor{UserID: 8, Role: dajia.RoleLeader}, true, false},
		{dajia.Actor{UserID: 2, Name: "g", Role: dajia.RoleOfficer, Unit: "gsfj"}, true, true},
		{dajia.Actor{UserID: 3, Name: "s", Role: dajia.RoleSupervisor, Unit: "gsfj"}, true, true},
		{dajia.Actor{UserID: 5, Name: "z", Role: dajia.RoleOfficer, Unit: "zjfj"}, false, false},
		{dajia.Actor{UserID: 6, Name: "a", Role: dajia.RoleSysadmin}, false, false},
	} {
		if u.VisibleTo(tt.a) != tt.see || u.EditableBy(tt.a) != tt.write {
			t.Errorf("%s/%s: see %v write %v", tt.a.Role, tt.a.Unit, u.VisibleTo(tt.a), u.EditableBy(tt.a))
		}
	}
}
