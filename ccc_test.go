package dajia

import "testing"

func TestCCCRequiredByCategoryAndProduct(t *testing.T) {
	for _, c := range []struct {
		category, product string
		want              bool
	}{
		{"灯具", "LED台灯", true},     // listed whole
		{"灯具", "", true},          // the category alone is enough
		{"小家电", "电饭锅", true},      // campaign 6
		{"儿童用品", "婴儿车", true},     // listed in part, named
		{"儿童用品", "奶瓶", false},     // listed in part, not named
		{"汽车零配件", "子午线轮胎", true},  // campaign 9
		{"汽车零配件", "机油滤清器", false}, // not in the catalogue
		{"服装", "衬衫", false},       // outside the catalogue
		{"燃气灶具", "家用燃气灶", true},   // 燃气灶 named
	} {
		if got := CCCRequired(c.category, c.product); got != c.want {
			t.Errorf("CCCRequired(%q, %q) = %v, want %v", c.category, c.product, got, c.want)
		}
	}
	if !CCCMissing("灯具", "台灯", " ") || CCCMissing("灯具", "台灯", "2017011001000001") || CCCMissing("服装", "衬衫", "") {
		t.Error("CCCMissing: a certificate number clears the flag, a product outside the catalogue is never flagged")
	}
}
