package web_test

import (
	"context"
	"testing"

	"dajia"
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
