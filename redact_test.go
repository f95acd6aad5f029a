package dajia_test

import (
	"strings"
	"testing"

	"dajia"
	"dajia/locale"
)

func TestRedactionOfPenaltyDecisionsForTheExposurePage(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		names []string
		want  string
		kinds []dajia.RedactKind
	}{
		{
			"a company: its name, 住所 and credit code stay; the legal representative goes",
			"当事人：中山市港口镇好又多贸易有限公司，统一社会信用代码：91442000MA4UM1234X，住所：中山市港口镇民主路88号，法定代表人：陈国强，身份证号码：44200019780516231X，联系电话：13902881234。",
			[]string{"陈国强"},
			"当事人：中山市港口镇好又多贸易有限公司，统一社会信用代码：91442000MA4UM1234X，住所：中山市港口镇民主路88号，法定代表人：陈某某，身份证号码：******************，联系电话：***********。",
			[]dajia.RedactKind{dajia.RedactName, dajia.RedactID, dajia.RedactMobile},
		},
		{
			"a natural person trading alone: name, ID, home and landline go; the shop's name stays",
			"当事人：李明华，男，1985年3月12日出生，汉族，公民身份号码442000198503121234，住中山市港口镇胜隆村西街3巷5号，经营者名称：港口镇明华日用品商店，联系电话0760-88881234。",
			[]string{"李明华"},
			"当事人：李某某，男，1985年3月12日出生，汉族，公民身份号码******************，住***，经营者名称：港口镇明华日用品商店，联系电话*************。",
			[]dajia.RedactKind{dajia.RedactName, dajia.RedactID, dajia.RedactAddress, dajia.RedactLandline},
		},
		{
			"the facts: a witness and her home go, the place of business and the right holder stay",
			"2017年9月25日，本局执法人员根据举报，对当事人位于中山市港口镇兴港中路12号的经营场所进行检查，现场发现标注“茅台”注册商标的白酒48瓶，经商标权利人贵州茅台酒股份有限公司（统一社会信用代码91520000214434146R）鉴定为假冒。当事人之妻王秀英（家住中山市港口镇沙港西路6号）称，该批白酒系从一名自称“阿强”的男子处购进，对方手机号码为138 0013 8000（另一号码+86 13531234567）。王秀英对上述事实无异议。",
			[]string{"王秀英"},
			"2017年9月25日，本局执法人员根据举报，对当事人位于中山市港口镇兴港中路12号的经营场所进行检查，现场发现标注“茅台”注册商标的白酒48瓶，经商标权利人贵州茅台酒股份有限公司（统一社会信用代码91520000214434146R）鉴定为假冒。当事人之妻王某某（家住***）称，该批白酒系从一名自称“阿强”的男子处购进，对方手机号码为*************（另一号码***************）。王某某对上述事实无异议。",
			[]dajia.RedactKind{dajia.RedactName, dajia.RedactAddress, dajia.RedactMobile, dajia.RedactMobile, dajia.RedactName},
		},
		{
			"an old 15-digit ID goes, an old 注册号 stays; 住址 up to the semicolon; a landline in brackets",
			"当事人张伟，身份证号码440102750312123，原营业执照注册号442000000123456，住址：广东省中山市港口镇石特社区大街1号；电话：（0760）23456789。",
			[]string{" 张伟 ", "", "张"},
			"当事人张某，身份证号码***************，原营业执照注册号442000000123456，住址：***；电话：**************。",
			[]dajia.RedactKind{dajia.RedactName, dajia.RedactID, dajia.RedactAddress, dajia.RedactLandline},
		},
		{
			"an all-digit credit code that looks like an ID stays, and so do dates, amounts and document numbers",
			"中山市港口镇人民政府（统一社会信用代码124420001990010121）转来线索，中港质监罚〔2017〕12号决定罚款人民币50000元，货值金额150000元。",
			nil,
			"中山市港口镇人民政府（统一社会信用代码124420001990010121）转来线索，中港质监罚〔2017〕12号决定罚款人民币50000元，货值金额150000元。",
			nil,
		},
		{
			"住 inside words is no address",
			"当事人未办理住宿登记，入住人员居住证已过期，住所登记与实际不符，请记住，住房和住院费用另计。",
			nil,
			"当事人未办理住宿登记，入住人员居住证已过期，住所登记与实际不符，请记住，住房和住院费用另计。",
			nil,
		},
		{
			"numbers inside longer numbers are not phones or IDs",
			"银行账号6222021234567890123，订单号20170925139028812345，批号0760123456789012。",
			nil,
			"银行账号6222021234567890123，订单号20170925139028812345，批号0760123456789012。",
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, rs := dajia.Redact(tt.text, tt.names)
			if got != tt.want {
				t.Fatalf("redacted\n got %s\nwant %s", got, tt.want)
			}
			if len(rs) != len(tt.kinds) {
				t.Fatalf("redactions %+v; want kinds %v", rs, tt.kinds)
			}
			// The redactions rebuild the text: each stands where it says.
			var b strings.Builder
			at := 0
			for i, r := range rs {
				if r.Kind != tt.kinds[i] || r.Start < at || tt.text[r.Start:r.End] != r.Text || r.Replacement == "" {
					t.Fatalf("redaction %d: %+v", i, r)
				}
				b.WriteString(tt.text[at:r.Start] + r.Replacement)
				at = r.End
			}
			if b.WriteString(tt.text[at:]); b.String() != got {
				t.Fatalf("the redactions do not rebuild the text: %s", b.String())
			}
		})
	}
}

func TestEveryRedactionKindIsWordedInBothLanguages(t *testing.T) {
	for _, k := range []dajia.RedactKind{dajia.RedactName, dajia.RedactID, dajia.RedactMobile, dajia.RedactLandline, dajia.RedactAddress} {
		t.Run(string(k), func(t *testing.T) {
			zh := string(k.Name())
			if en := locale.Text("en", zh); zh == string(k) || en == "" || en == zh {
				t.Fatalf("%q → %q", zh, en)
			}
		})
	}
}
