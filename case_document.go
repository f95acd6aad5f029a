package dajia

import "unicode/utf8"

// DocKind is the kind of a case document (案件文书), stored as its code.
type DocKind string

const (
	DocFilingApproval DocKind = "filing_approval" // 立案审批表
	DocInquiry        DocKind = "inquiry"         // 询问笔录
	DocInspection     DocKind = "inspection"      // 现场检查笔录
	DocTestReport     DocKind = "test_report"     // 检验报告
	DocNotice         DocKind = "notice"          // 行政处罚告知书
	DocDecision       DocKind = "decision"        // 处罚决定书
	DocService        DocKind = "service"         // 送达回证
	DocOther          DocKind = "other"           // 其他
)

// DocKinds are the kinds in the order a case file keeps them.
var DocKinds = []DocKind{DocFilingApproval, DocInquiry, DocInspection, DocTestReport, DocNotice, DocDecision, DocService, DocOther}

var docKindNames = map[DocKind]Text{
	DocFilingApproval: "立案审批表",
	DocInquiry:        "询问笔录",
	DocInspection:     "现场检查笔录",
	DocTestReport:     "检验报告",
	DocNotice:         "行政处罚告知书",
	DocDecision:       "处罚决定书",
	DocService:        "送达回证",
	DocOther:          "其他文书",
}

// Name is the kind as staff read it.
func (k DocKind) Name() Text { return nameIn(docKindNames, k) }

// Bounds of a case document and of a case's documents.
const (
	MaxCaseDocBytes = 10 << 20
	MaxCaseDocs     = 100
	MaxDocName      = 100
)

// CaseDoc is a document as it is attached: its kind, file name and size.
type CaseDoc struct {
	Kind DocKind
	Name string
	Size int64
}

// Check validates a document before it is stored.
func (d CaseDoc) Check() error {
	if _, ok := docKindNames[d.Kind]; !ok {
		return Errorf(Invalid, "kind", "请选择文书类型")
	}
	if d.Name == "" || !utf8.ValidString(d.Name) || utf8.RuneCountInString(d.Name) > MaxDocName {
		return Errorf(Invalid, "file", "文件名须为 1 到 %d 个字", MaxDocName)
	}
	if d.Size <= 0 {
		return Errorf(Invalid, "file", "文件是空的")
	}
	if d.Size > MaxCaseDocBytes {
		return Errorf(Invalid, "file", "文件超过 %d MB", MaxCaseDocBytes>>20)
	}
	return nil
}

// MayAttach reports whether the actor may attach a document to the case:
// its handlers (the office, the lead unit's officer or head) while the case
// is not withdrawn. Whoever cannot see the case is told it is not found.
func (c Case) MayAttach(a Actor) error {
	if !c.VisibleTo(a) {
		return Errorf(NotFound, "case", "没有这个案件")
	}
	if !c.HandledBy(a) {
		return Errorf(Forbidden, "", "只有主办单位或打假办可以添加案件文书")
	}
	if c.Status == CaseWithdrawn {
		return Errorf(Forbidden, "", "已撤案的案件不能再添加文书")
	}
	return nil
}
