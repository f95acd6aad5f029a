package dajia_test

import (
	"slices"
	"testing"

	"dajia"
)

// Text that no form sends — a NUL, other control characters, bytes that are
// not UTF-8 — is refused at its field by every field-work record, before
// PostgreSQL would refuse to store it.
func TestFieldWorkRefusesUnreadableText(t *testing.T) {
	p := reference(t)
	today := dajia.MustDate("2017-09-30")
	has := func(errs []dajia.FieldError, field string) bool {
		return slices.ContainsFunc(errs, func(e dajia.FieldError) bool {
			return e.Field == field && e.Message == "内容含有无法识别的字符"
		})
	}
	j := dajia.JointAction{PlanID: p.ID, Name: "行动\x00", Notes: "\xff", Start: today, End: today, Units: []string{"gsfj"}}
	if errs := j.Check(p, today); !has(errs, "name") || !has(errs, "notes") {
		t.Errorf("joint action: %v", errs)
	}
	u := dajia.Publicity{PlanID: p.ID, Unit: "gsfj", On: today, Channel: dajia.ChannelLeaflet, Title: "宣传\x07", Content: "正文\x00"}
	if errs := u.Check(p, today); !has(errs, "title") || !has(errs, "content") {
		t.Errorf("publicity: %v", errs)
	}
	i := dajia.Inspection{PlanID: p.ID, InspectedOn: today, Unit: "gsfj", Inspectors: []string{"李\x00明"}, Place: "市场\x1b[31m",
		Entities: []dajia.InspectedEntity{{EntityID: 1, Category: "灯具", Finding: "无3C\x00"}}}
	var fe dajia.FieldErrors
	if err := i.Check(p, today, nil); !asFieldErrors(err, &fe) || !has(fe, "inspectors") || !has(fe, "place") || !has(fe, "entities") {
		t.Errorf("inspection: %v", err)
	}
	s := dajia.Sampling{PlanID: p.ID, Unit: "gsfj", Category: "灯具", Product: "台灯\x00", Lab: "\xfe", SampledOn: today, Result: dajia.SamplePassed, SellerID: 1}
	fe = nil
	if err := s.Check(p, today, nil); !asFieldErrors(err, &fe) || !has(fe, "product") || !has(fe, "lab") {
		t.Errorf("sampling: %v", err)
	}
	if !dajia.Readable("多行\n文字\t可以") || dajia.Readable("a\x00") || dajia.Readable("\xff") || dajia.Readable("\x7f") {
		t.Error("dajia.Readable: line breaks and tabs pass, NUL, DEL and broken UTF-8 do not")
	}
}

func asFieldErrors(err error, out *dajia.FieldErrors) bool {
	fe, ok := err.(dajia.FieldErrors)
	*out = fe
	return ok
}
