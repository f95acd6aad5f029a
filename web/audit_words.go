package web

import (
	"cmp"
	"context"
	"strconv"
	"strings"

	"dajia"
	"dajia/store"
)

// The audit trail keeps codes (login.ok, report:12, status); its reader,
// the 审计管理员, reads words: who, what, to which record, with what
// result, which fields changed from what to what.

// auditActions words the actions of the trail; tip., report. and clue.
// steps are worded by their step names.
var auditActions = map[string]string{
	"login": "登录", "login.ok": "登录成功", "login.failed": "登录失败", "login.password_ok": "密码验证通过", "logout": "退出登录",
	"session.end": "会话结束", "session.revoke": "注销会话",
	"token.create": "创建 API 令牌", "token.revoke": "撤销 API 令牌",
	"user.create": "创建账号", "user.disable": "停用账号", "user.enable": "启用账号", "user.reset_password": "重置密码",
	"user.change_password": "修改密码", "user.role": "更改角色", "user.unlock": "解除锁定", "user.totp_enable": "启用动态口令", "user.totp_disable": "停用动态口令",
	"plan.import": "导入方案", "plan.new_version": "方案新版本", "calendar.import": "导入节假日安排", "calendar.replace": "替换节假日安排",
	"contact.set": "设置提醒联系方式", "settings.audit_retention": "设置审计记录保存期限", "settings.password_policy": "设置密码策略", "settings.demo": "标记为演示数据库",
	"settings.reward_grades": "设置举报奖励标准", "audit.export": "导出审计记录", "audit.purge": "清理过期审计记录",
	"report.save": "保存报表", "report.attach": "上传报表附件", "report.export": "导出报表", "report.obligations": "生成报送任务", "report.remind": "催报",
	"tip.create": "收到举报投诉", "tip.export": "导出举报投诉", "case.export": "导出案件台账", "tip.reveal": "查看举报人联系方式",
	"entity.create": "登记市场主体", "entity.update": "修改市场主体", "entity.merge": "合并市场主体", "clue.create": "登记线索",
	"case.document": "添加案件文书",
	"survey.create": "记录排查", "survey.clue": "排查记录转为线索", "survey.clear": "排查记录核查无问题", "survey.update": "修改排查记录", "survey.export": "导出排查摸底台账",
	"action.create": "安排集中行动", "action.update": "修改集中行动", "action.force": "填报行动出动情况", "action.export": "导出集中行动台账",
	"publicity.create": "登记宣传活动", "publicity.update": "修改宣传活动", "publicity.export": "导出宣传活动台账",
	"clue.action": "线索关联集中行动", "case.action": "案件关联集中行动",
	"inspection.create": "登记巡查检查", "inspection.update": "修改巡查检查", "inspection.clue": "巡查发现的问题转为线索",
	"inspection.import": "导入巡查检查", "inspection.export": "导出巡查检查台账", "checklist.update": "修改检查表", "checklist.reset": "恢复默认检查表",
	// Samplings (抽检).
	"sampling.create": "登记抽检", "sampling.update": "修改抽检记录", "sampling.export": "导出抽检台账",
	// Rectification notices (整改要求).
	"rectification.create": "起草整改通知", "rectification.issue": "签发整改通知", "rectification.answer": "回复整改情况",
	"rectification.close": "核查销号", "rectification.return": "退回重新整改",
	"rectification.attach": "上传整改附件",
	// The review (检查总结).
	"review.weights": "设置考核权重", "review.export": "导出检查总结",
	// The year-end summary.
	"yearend.generate": "生成年度总结",
}

// auditKinds are the kinds of action the page filters by, with their names.
var auditKinds = []struct{ Code, Name string }{
	{"login", "登录"}, {"session", "会话"}, {"token", "API 令牌"}, {"user", "账号管理"}, {"plan", "方案"}, {"calendar", "节假日安排"},
	{"settings", "系统设置"}, {"contact", "提醒设置"}, {"report", "信息报送"}, {"tip", "举报投诉"}, {"clue", "线索"}, {"entity", "市场主体"}, {"audit", "审计记录"},
	{"survey", "排查摸底"},
	{"action", "集中行动"}, {"publicity", "宣传"},
	{"inspection", "巡查检查"}, {"checklist", "检查表"},
	{"sampling", "抽检"},
	{"rectification", "整改通知"},
	{"review", "检查总结"},
	{"yearend", "年度总结"},
}

// auditResults name the results.
var auditResults = []struct{ Code, Name string }{{"ok", "成功"}, {"failed", "失败"}, {"denied", "拒绝"}}

// auditFields name the fields a change lists.
var auditFields = map[string]dajia.Text{
	"status": "状态", "role": "角色", "unit": "单位", "display_name": "姓名", "name": "登录名", "disabled": "停用", "kind": "类别",
	"category": "产品类别", "handlers": "承办单位", "due": "期限", "extended": "已延期", "paused_days": "暂停天数", "reason": "理由",
	"attachment": "附件", "type": "类型", "size": "大小", "merged_into": "并入", "source": "来源", "source_ref": "来源编号",
	"lead_unit": "承办单位", "outcome": "处理结果", "transfer_to": "移送至", "case": "案件", "values": "数据", "key_cases": "重点案件",
	"practices": "经验做法", "public_reply": "公开答复", "note": "备注", "reply_public": "答复公开", "session": "会话", "description": "描述", "decision": "处理决定", "reply": "答复", "must_change_password": "须修改密码",
	"totp": "动态口令", "locked_until": "锁定至", "days": "天数", "count": "数量", "units": "单位", "from": "起始日期", "to": "截止日期",
	"actor": "用户", "action": "操作", "result": "结果", "object": "对象", "zero": "零报告", "emails": "电子邮箱", "webhook": "群机器人",
	"code": "编号", "label": "用途", "user": "账号", "made": "生成数量", "campaigns": "专项行动数", "digest": "内容摘要", "title": "标题",
	"version": "版本", "number": "案件编号", "campaign": "专项行动", "violations": "违法行为类型", "goods": "涉案物品", "goods_lines": "物品条数",
	"goods_value": "货值金额", "sales": "销售金额", "unsold": "尚未销售货值", "gains": "违法所得", "fine": "罚款", "confiscation": "没收金额",
	"marks": "商标件数", "cooperating": "协办单位", "entity": "市场主体", "major": "大要案", "cross_region": "跨区域", "injured": "受伤人数",
	"dead": "死亡人数", "media": "媒体关注", "supervised_by": "督办机关", "excluded_days": "不计入期限天数", "extra_days": "继续延长天数",
	"opened_on": "立案日期", "decided_on": "决定日期", "closed_on": "结案日期", "published_on": "公示日期", "no_penalty_on": "不予处罚日期",
	"no_transfer_reason": "不移送理由", "transfer": "移送状态", "transfer_reason": "移送理由", "transfer_proposed_on": "提请移送日期",
	"transfer_decided_on": "移送决定日期", "transfer_answered_on": "公安答复日期", "due_what": "期限事项", "summary": "线索内容",
	"prefix": "编号前缀", "credit_code": "统一社会信用代码", "legal_rep": "法定代表人", "address": "地址", "village": "村（社区）",
	"contact": "联系方式", "period": "期间", "rule": "报送规则", "document": "文书", "removed_from": "移除起始", "removed_to": "移除截止",
	"retention_days": "保存天数", "webhook_set": "已设群机器人", "serial": "序号", "tips": "举报投诉", "plan": "方案", "report": "报表",
	"tip": "举报投诉", "clue": "线索", "first_start": "首次启动",
	"found_on": "排查日期", "entity_name": "经营者名称", "entity_address": "经营者地址", "stage": "环节", "problems": "发现的问题",
	"mine":         "只看本人记录",
	"joint_action": "集中行动", "arrangement": "行动方案", "start": "开始日期", "end": "结束日期", "places": "目标场所",
	"categories": "产品类别", "forces": "出动情况", "done": "已完成", "done_on": "完成日期", "notes": "备注", "on": "日期",
	"channel": "宣传渠道", "people": "受众人次", "copies": "资料份数", "views": "阅读/收看次数", "photos": "照片数", "content": "内容",
	"inspected_on": "检查日期", "inspectors": "检查人员", "place": "检查地点", "action_id": "集中行动编号",
	"entities": "检查的市场主体", "clues": "转成的线索", "findings": "发现问题数", "ccc_flags": "未录 3C 证书数", "ccc": "只看未录 3C 证书的",
	"items":    "检查项目",
	"producer": "生产者", "seller": "销售者", "sampled_on": "抽样日期", "product": "样品名称", "brand": "商标", "model": "规格型号",
	"batch": "生产日期或批号", "lab": "检验机构", "standard": "执行标准", "test_items": "检验项目", "failed_items": "不合格项目",
	"certificate": "3C 证书编号", "ccc_missing": "无 3C", "notified_on": "检验结论送达日期",
	"objected": "已申请复检", "objected_on": "复检申请日期", "retest_result": "复检结论",
	"deadline": "整改期限", "issued_on": "签发日期", "round": "整改轮次", "returned": "退回理由", "verified_on": "销号日期",
	"rect_items": "整改要求项数", "item_texts": "整改要求", "answers": "整改情况",
	"weights": "考核权重", "publicity_target": "宣传活动目标次数", "item": "整改要求序号", "rectification": "整改通知",
	"doc_number": "发文字号", "format": "格式",
}

// auditRow is one record in words.
type auditRow struct {
	store.AuditRecord
	Who, RoleName, What, Object, ResultName string
	Changes                                 []string // "状态：已报送 → 已签收"
}

// auditWords names the people and records of a page of the trail, each
// looked up once.
type auditWords struct {
	s       *Server
	ctx     context.Context
	pg      Page
	users   map[int64]dajia.User
	plan    *dajia.Plan
	objects map[string]string
	kind    string // of the record being worded
	tipKind string // of the tip being worded
}

func (s *Server) auditWords(ctx context.Context, pg Page) (*auditWords, error) {
	users, err := s.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	w := &auditWords{s: s, ctx: ctx, pg: pg, users: map[int64]dajia.User{}, objects: map[string]string{}}
	for _, u := range users {
		w.users[u.ID] = u
	}
	if plans, err := s.db.Plans(ctx); err == nil && len(plans) > 0 {
		if v, err := s.db.Plan(ctx, plans[0].ID); err == nil {
			w.plan = v.Plan
		}
	}
	return w, nil
}

func (w *auditWords) row(rec store.AuditRecord) auditRow {
	pg := w.pg
	w.kind, _, _ = strings.Cut(rec.Object, ":")
	w.tipKind = ""
	if w.kind == "tip" {
		if id, err := strconv.ParseInt(strings.TrimPrefix(rec.Object, "tip:"), 10, 64); err == nil {
			if t, err := w.s.db.Tip(w.ctx, id); err == nil {
				w.tipKind = string(t.Kind)
			}
		}
	}
	r := auditRow{AuditRecord: rec, Who: pg.Who(rec.Actor), What: w.action(rec.Action), Object: w.object(rec.Object), ResultName: rec.Result}
	if rec.Role != "" {
		if r.RoleName = pg.RoleName(dajia.Role(rec.Role)); strings.Contains(r.Who, r.RoleName) {
			r.RoleName = "" // the name says it already: 张荣钦（打假办）
		}
	}
	for _, res := range auditResults {
		if res.Code == rec.Result {
			r.ResultName = pg.T(res.Name)
		}
	}
	if changes, err := rec.Changes(); err == nil {
		for _, c := range changes {
			field := w.field(c.Field)
			if !c.Kept {
				r.Changes = append(r.Changes, pg.T("%s（已修改）", field))
				continue
			}
			r.Changes = append(r.Changes, pg.T("%s：%s → %s", field, w.value(c.Field, c.From), w.value(c.Field, c.To)))
		}
	}
	return r
}

// field names a changed field: 状态, 公开答复; a figure of a report by
// its indicator's name.
func (w *auditWords) field(f string) string {
	base, sub, dotted := strings.Cut(f, ".")
	name := base
	if n, ok := auditFields[base]; ok {
		name = w.pg.N(n)
	}
	if !dotted {
		return name
	}
	if base == "values" && w.plan != nil {
		for _, rule := range w.plan.Reporting {
			for _, ind := range rule.IndicatorsOf() {
				if ind.Key == sub {
					return w.pg.T("%s：%s", name, ind.Name)
				}
			}
		}
	}
	return w.pg.T("%s：%s", name, sub)
}

func (w *auditWords) action(code string) string {
	pg := w.pg
	if n, ok := auditActions[code]; ok {
		return pg.T(n)
	}
	kind, step, _ := strings.Cut(code, ".")
	switch kind {
	case "tip":
		return pg.T("举报投诉：%s", pg.TipStep(step))
	case "report":
		return pg.T("报表：%s", pg.ActName(step))
	case "clue":
		return pg.T("线索：%s", step)
	}
	return pg.T("其他操作 %s", code)
}

// value words a kept value: a status, a role, a yes or no; dates and
// numbers as they are; nothing as "—".
func (w *auditWords) value(field, v string) string {
	pg := w.pg
	v = strings.Trim(v, `"`)
	switch {
	case v == "" || v == "null":
		return "—"
	case v == "true":
		return pg.T("是")
	case v == "false":
		return pg.T("否")
	case field == "role":
		return pg.RoleName(dajia.Role(v))
	case field == "status" && w.kind == "report":
		if n := dajia.ReportStatus(v).Name(); n != "" {
			return pg.N(n)
		}
	case field == "status" && w.kind == "tip":
		if n := dajia.TipStatus(v).Name(dajia.TipKind(w.tipKind)); n != "" {
			return pg.N(n)
		}
	case field == "unit" || field == "lead_unit" || field == "transfer_to":
		if w.plan != nil {
			return w.plan.DisplayName(v)
		}
	}
	return v
}

// object names the record of a trail entry: 张三 的账号, 工商分局 2017年9月月度信息报送, 投诉 T….
func (w *auditWords) object(obj string) string {
	if n, ok := w.objects[obj]; ok {
		return n
	}
	n := w.name(obj)
	w.objects[obj] = n
	return n
}

func (w *auditWords) name(obj string) string {
	pg, ctx := w.pg, w.ctx
	kind, rest, _ := strings.Cut(obj, ":")
	id, idErr := strconv.ParseInt(rest, 10, 64)
	switch kind {
	case "user":
		if u, ok := w.users[id]; ok && idErr == nil {
			return pg.T("%s 的账号", cmp.Or(u.DisplayName, u.Name))
		}
		return pg.T("未知账号")
	case "report":
		if rep, err := w.s.db.Report(ctx, id); err == nil && idErr == nil && w.plan != nil {
			return w.plan.DisplayName(rep.Unit) + " " + pg.Say(rep.Period.Phrase()) + rep.RuleName
		}
		return pg.T("报表 %s", rest)
	case "tip":
		if t, err := w.s.db.Tip(ctx, id); err == nil && idErr == nil {
			return pg.T(string(t.Kind)) + " " + t.Code
		}
		return pg.T("举报投诉 %s", rest)
	case "tips":
		return pg.T("举报投诉列表")
	case "clue":
		return pg.T("线索 %s", rest)
	case "survey":
		return pg.T("排查记录 %s", rest)
	case "surveys":
		return pg.T("排查摸底台账")
	case "sampling":
		return pg.T("抽检第 %s 号", rest)
	case "samplings":
		return pg.T("抽检台账")
	case "entity":
		if e, err := w.s.db.Entity(ctx, id); err == nil && idErr == nil {
			return pg.T("市场主体 %s", e.Name)
		}
		return pg.T("市场主体 %s", rest)
	case "action":
		return pg.T("集中行动 %s", rest)
	case "actions":
		return pg.T("集中行动列表")
	case "publicity":
		if rest == "" {
			return pg.T("宣传活动列表")
		}
		return pg.T("宣传活动 %s", rest)
	case "session":
		return pg.T("登录会话 %s", rest)
	case "token":
		return pg.T("API 令牌 %s", rest)
	case "settings":
		return pg.T("系统设置")
	case "contact":
		return pg.T("提醒设置")
	case "calendar":
		return pg.T("节假日安排 %s", rest)
	case "audit_log":
		return pg.T("审计记录")
	case "inspection":
		if idErr == nil {
			return pg.T("巡查检查第 %d 号", id)
		}
	case "inspections":
		return pg.T("巡查检查台账")
	case "checklist":
		return pg.T("检查表 %s", rest)
	case "rectification":
		return pg.T("整改通知第 %s 号", rest)
	case "rectification_file":
		return pg.T("整改附件 %s", rest)
	case "review":
		return pg.T("检查总结 %s", rest)
	}
	if strings.HasPrefix(obj, "plan:") {
		if w.plan != nil {
			return pg.T("方案 %s", w.plan.Title)
		}
		return pg.T("方案")
	}
	return obj
}
