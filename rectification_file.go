package dajia

// Files a unit attaches to its answers (evidence of what it put right).
const (
	MaxRectFiles     = 5        // per item of a notice, over every round
	MaxRectFileBytes = 10 << 20 // per file
)

// MayAttach says whether the actor may attach a file to the answer of item
// no now: the notice's unit (officer or head) while the notice waits for
// its answers. Anyone who may not read the notice finds nothing.
func (r Rectification) MayAttach(a Actor, no int) error {
	if !r.VisibleTo(a) {
		return Errorf(NotFound, "rectification", "没有这份整改通知")
	}
	if (a.Role != RoleOfficer && a.Role != RoleHead) || a.Unit != r.Unit {
		return Errorf(Forbidden, "", "只有整改单位可以上传整改附件")
	}
	if r.Status != RectIssued {
		return Errorf(Conflict, "status", "整改通知当前状态为“%s”，不能上传附件", r.Status.Name())
	}
	for _, it := range r.Items {
		if it.No == no {
			return nil
		}
	}
	return Errorf(NotFound, "item", "没有第 %d 项整改要求", no)
}
