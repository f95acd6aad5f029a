package planfile

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"dajia"
)

var (
	slugRe = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)
	keyRe  = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)
)

// Rules lists every lint rule with its severity, so that the documentation,
// the tests and the linter agree.
var Rules = map[string]Severity{
	"syntax": Error, "structure": Error, "file-size": Error, "yaml-alias": Error, "type": Error,
	"unknown-field": Error, "duplicate-field": Error, "required": Error, "format": Error,
	"id-format": Error, "year-range": Error, "enum": Error, "key-format": Error,
	"duplicate-key": Error, "duplicate-number": Error, "unknown-unit": Error, "no-lead": Error,
	"phase-order": Error, "due-day-range": Error,
	"lead-is-support": Warning, "duplicate-campaign": Warning, "inconsistent-name": Warning,
	"category-overlap": Warning, "phase-overlap": Warning, "phase-gap": Warning,
	"phase-out-of-year": Warning, "idle-department": Warning, "undeclared-units": Warning,
	"scope-gap": Warning, "phases-in-standing-rules": Warning, "duplicate-support": Warning,
	"upper-level-lead": Info, "no-categories": Info, "phase-before-issue": Info,
}

func (f *file) lint(p *dajia.Plan) {
	f.lintHeader(p)
	f.lintUnits(p)
	refs := f.lintReferences(p)
	f.lintCampaigns(p)
	f.lintNames(p, refs)
	f.lintPhases(p)
	f.lintReporting(p)
	f.lintIdle(p, refs)
}

func (f *file) need(ok bool, path, zhName string) {
	if !ok {
		f.report(path, Error, "required", "缺少必填字段 %s（%s）", path, dajia.Text(zhName))
	}
}

func (f *file) enum(path, v string, allowed ...string) {
	if v != "" && !slices.Contains(allowed, v) {
		f.report(path, Error, "enum", "%s 的值 %q 无效，可选：%s", path, v, dajia.List(allowed))
	}
}

func (f *file) lintHeader(p *dajia.Plan) {
	f.need(p.Format != "", "format", "文件格式，应为 "+dajia.PlanFormat)
	if p.Format != "" && p.Format != dajia.PlanFormat {
		f.report("format", Error, "format", "不支持的格式 %q，应为 %s", p.Format, dajia.PlanFormat)
	}
	f.need(p.ID != "", "id", "方案标识，如 zs-gangkou-2017")
	if p.ID != "" && !slugRe.MatchString(p.ID) {
		f.report("id", Error, "id-format", "方案标识 %q 只能含小写字母、数字和连字符，如 zs-gangkou-2017", p.ID)
	}
	f.need(strings.TrimSpace(p.Title) != "", "title", "方案标题")
	f.need(f.present["year"], "year", "年度")
	if f.present["year"] && (p.Year < 2000 || p.Year > 2100) {
		f.report("year", Error, "year-range", "年度 %d 不在 2000 到 2100 之间", p.Year)
	}
	f.enum("kind", p.Kind, dajia.KindAnnualPlan, dajia.KindStandingRules, dajia.KindWorkPoints)
	f.need(f.present["jurisdiction"], "jurisdiction", "辖区")
	if f.present["jurisdiction"] {
		f.need(strings.TrimSpace(p.Jurisdiction.Name) != "", "jurisdiction.name", "辖区名称")
	}
	f.enum("jurisdiction.level", p.Jurisdiction.Level, "province", "city", "county", "town")
	f.need(f.present["document"], "document", "发文信息")
	if f.present["document"] {
		f.need(strings.TrimSpace(p.Document.Issuer) != "", "document.issuer", "发文机关")
		f.need(!p.Document.IssuedOn.IsZero(), "document.issued_on", "发文日期")
	}
	f.need(len(p.Campaigns) > 0, "campaigns", "至少一个专项打假")
	if p.Office != nil {
		f.need(strings.TrimSpace(p.Office.Name) != "", "office.name", "打假办名称")
	}
}

func (f *file) lintUnits(p *dajia.Plan) {
	owner := map[string]string{} // key, name or alias → path of its first owner
	claim := func(word, path string) {
		if word == "" {
			return
		}
		if first, ok := owner[word]; ok {
			f.report(path, Error, "duplicate-key", "%q 已在 %s 使用，部门和单位的标识、名称、简称必须各不相同", word, first)
			return
		}
		owner[word] = path
	}
	if p.Office != nil {
		claim(p.Office.Name, "office.name")
		claim(dajia.OfficeKey, "office")
	}
	for _, list := range []struct {
		name  string
		units []dajia.Unit
	}{{"departments", p.Departments}, {"units", p.Units}} {
		for i, u := range list.units {
			path := fmt.Sprintf("%s[%d]", list.name, i)
			f.need(u.Key != "", path+".key", "标识")
			f.need(u.Name != "", path+".name", "名称")
			if u.Key != "" && !keyRe.MatchString(u.Key) {
				f.report(path+".key", Error, "key-format", "标识 %q 只能含小写字母、数字、下划线和连字符，最长 32 个字符", u.Key)
			}
			claim(u.Key, path+".key")
			if u.Name != u.Key {
				claim(u.Name, path+".name")
			}
			for j, a := range u.Aliases {
				claim(a, fmt.Sprintf("%s.aliases[%d]", path, j))
			}
			f.enum(path+".level", u.Level, "province", "city", "county", "town")
			if list.name == "units" {
				f.enum(path+".kind", u.Kind, "village", "community", "subdistrict", "market", "area")
			}
		}
	}
}

// ref is one place the plan names a department or unit.
type ref struct {
	word, path string
}

// lintReferences checks that every named department or unit exists and
// returns all references for the later rules.
func (f *file) lintReferences(p *dajia.Plan) []ref {
	var refs []ref
	if p.Office != nil && p.Office.Host != "" {
		refs = append(refs, ref{p.Office.Host, "office.host"})
	}
	for i, c := range p.Campaigns {
		for j, l := range c.Lead {
			refs = append(refs, ref{l.Dept, fmt.Sprintf("campaigns[%d].lead[%d].dept", i, j)})
		}
		for j, s := range c.Support {
			refs = append(refs, ref{s, fmt.Sprintf("campaigns[%d].support[%d]", i, j)})
		}
	}
	for i, r := range p.Reporting {
		for j, u := range r.Units {
			if u != "departments" && u != "units" && u != "all" {
				refs = append(refs, ref{u, fmt.Sprintf("reporting[%d].units[%d]", i, j)})
			}
		}
		if r.To != "" {
			refs = append(refs, ref{r.To, fmt.Sprintf("reporting[%d].to", i)})
		}
	}
	if len(p.Departments) == 0 && len(p.Units) == 0 {
		// A plan that declares no departments names them as it goes: each
		// name becomes a department whose key is the name.
		var added []string
		for _, r := range refs {
			if _, ok := p.Lookup(r.word); !ok && r.word != "" && !slices.Contains(added, r.word) {
				added = append(added, r.word)
				p.Departments = append(p.Departments, dajia.Unit{Key: r.word, Name: r.word})
			}
		}
		if len(added) > 0 {
			f.report("campaigns", Warning, "undeclared-units", "方案没有列出 departments，按名称自动识别了部门：%s；请在 departments 中列出它们以便检查错别字", dajia.List(added))
		}
		return refs
	}
	var known []string
	for _, u := range p.AllUnits() {
		known = append(known, u.Unit.Key, u.Unit.Name)
		known = append(known, u.Unit.Aliases...)
	}
	for _, r := range refs {
		if r.word == "" {
			f.report(r.path, Error, "required", "%s 为空，应写部门或单位的标识、名称或简称", r.path)
			continue
		}
		if _, ok := p.Lookup(r.word); !ok {
			if s := closest(r.word, known); s != "" {
				f.report(r.path, Error, "unknown-unit", "未知部门或单位 %q，是否应为 %q？", r.word, s)
			} else {
				f.report(r.path, Error, "unknown-unit", "未知部门或单位 %q：请在 departments 或 units 中列出它，或改用已列出的名称", r.word)
			}
		}
	}
	return refs
}

func (f *file) lintCampaigns(p *dajia.Plan) {
	byNo := map[int]int{}
	category := map[string]int{} // category → index of first campaign
	for i, c := range p.Campaigns {
		path := fmt.Sprintf("campaigns[%d]", i)
		f.need(f.present[path+".no"], path+".no", "编号")
		f.need(c.Name != "", path+".name", "名称")
		if first, ok := byNo[c.No]; ok && f.present[path+".no"] {
			f.report(path+".no", Error, "duplicate-number", "编号 %d 与第 %d 项专项重复", c.No, first+1)
		} else {
			byNo[c.No] = i
		}
		if len(c.Lead) == 0 {
			f.report(path, Error, "no-lead", "专项 %d %s 没有牵头部门：请在 lead 中写出牵头部门", c.No, c.Name)
		}
		leads := map[string]bool{}
		scopes := map[string]bool{}
		for j, l := range c.Lead {
			lp := fmt.Sprintf("%s.lead[%d]", path, j)
			f.enum(lp+".scope", l.Scope, dajia.ScopeProduction, dajia.ScopeCirculation)
			scopes[l.Scope] = true
			leads[p.KeyOf(l.Dept)] = true
			if r, ok := p.Lookup(l.Dept); ok && p.IsUpperLevel(r.Unit) {
				f.report(lp+".dept", Info, "upper-level-lead", "牵头单位 %s 是上级机关（%s），转给它的举报和工作将由打假办转交", r.Unit.Name, dajia.LevelName(r.Unit.Level))
			}
		}
		if scopes[dajia.ScopeProduction] != scopes[dajia.ScopeCirculation] && !scopes[""] {
			missing := dajia.ScopeCirculation
			if !scopes[dajia.ScopeProduction] {
				missing = dajia.ScopeProduction
			}
			f.report(path+".lead", Warning, "scope-gap", "专项 %d 只有分领域的牵头部门，没有负责%s的牵头部门：这类举报将转到打假办", c.No, missing)
		}
		seen := map[string]bool{}
		for j, s := range c.Support {
			sp := fmt.Sprintf("%s.support[%d]", path, j)
			k := p.KeyOf(s)
			if leads[k] {
				f.report(sp, Warning, "lead-is-support", "%s 已是本专项的牵头部门，不应同时列为配合部门", s)
			}
			if seen[k] {
				f.report(sp, Warning, "duplicate-support", "配合部门 %s 重复列出", s)
			}
			seen[k] = true
		}
		if len(c.Categories) == 0 {
			f.report(path+".name", Info, "no-categories", "专项 %d 没有产品类别（categories）：举报不能按类别分派到它，只能通过场所（places）或由打假办指定", c.No)
		}
		for j, cat := range c.Categories {
			if first, ok := category[cat]; ok && first != i {
				fc := p.Campaigns[first]
				f.report(fmt.Sprintf("%s.categories[%d]", path, j), Warning, "category-overlap",
					"产品类别 %q 已属于专项 %d %s：同一类别的举报将无法确定分派给哪个专项，请只保留一处", cat, fc.No, fc.Name)
			} else if !ok {
				category[cat] = i
			}
		}
		for k := range i {
			o := p.Campaigns[k]
			sameName := o.Name == c.Name && c.Name != ""
			sameScope := len(c.Categories) > 0 && sameSet(o.Categories, c.Categories) && sameSet(leadKeys(p, o), leadKeys(p, c))
			if sameName || sameScope {
				f.report(path+".name", Warning, "duplicate-campaign", "专项 %d 与专项 %d 重复（%s）：请合并为一项或删除其一", c.No, o.No, map[bool]dajia.Text{true: "名称相同", false: "类别和牵头部门相同"}[sameName])
				break
			}
		}
	}
}

func leadKeys(p *dajia.Plan, c dajia.Campaign) []string {
	var out []string
	for _, l := range c.Lead {
		out = append(out, p.KeyOf(l.Dept)+"/"+l.Scope)
	}
	return out
}

func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(slices.Compact(x), slices.Compact(y))
}

// lintNames finds one department written under two names in the same plan.
func (f *file) lintNames(p *dajia.Plan, refs []ref) {
	first := map[string]ref{} // key → first reference by a name (not the key)
	for _, r := range refs {
		u, ok := p.Lookup(r.word)
		if !ok || r.word == u.Unit.Key {
			continue
		}
		k := u.Unit.Key
		if prev, ok := first[k]; !ok {
			first[k] = r
		} else if prev.word != r.word {
			f.report(r.path, Warning, "inconsistent-name", "同一部门在本方案中有两种写法：这里写作 %q，%s 写作 %q；请统一为 %q", r.word, prev.path, prev.word, u.Unit.Name)
		}
	}
}

func (f *file) lintPhases(p *dajia.Plan) {
	if p.Kind == dajia.KindStandingRules && len(p.Phases) > 0 {
		f.report("phases", Warning, "phases-in-standing-rules", "制度（standing-rules）通常没有工作阶段；请确认方案类型 kind")
	}
	keys := map[string]string{}
	yearStart, yearEnd := dajia.Date{Year: p.Year, Month: 1, Day: 1}, dajia.Date{Year: p.Year, Month: 12, Day: 31}
	for i, ph := range p.Phases {
		path := fmt.Sprintf("phases[%d]", i)
		f.need(ph.Name != "", path+".name", "阶段名称")
		f.need(!ph.Start.IsZero(), path+".start", "开始日期")
		f.need(!ph.End.IsZero(), path+".end", "结束日期")
		if ph.Key != "" {
			if prev, ok := keys[ph.Key]; ok {
				f.report(path+".key", Error, "duplicate-key", "阶段标识 %q 已在 %s 使用", ph.Key, prev)
			}
			keys[ph.Key] = path
		}
		if ph.Start.IsZero() || ph.End.IsZero() {
			continue
		}
		if ph.End.Before(ph.Start) {
			f.report(path+".end", Error, "phase-order", "阶段 %s 的结束日期 %s 早于开始日期 %s", ph.Name, ph.End, ph.Start)
			continue
		}
		if f.present["year"] && (ph.Start.DaysUntil(yearStart) > 92 || yearEnd.DaysUntil(ph.End) > 92) {
			f.report(path+".start", Warning, "phase-out-of-year", "阶段 %s（%s 至 %s）远离方案年度 %d 年，请检查年份是否写错", ph.Name, ph.Start, ph.End, p.Year)
		}
		if issued := p.Document.IssuedOn; !issued.IsZero() && ph.Start.Before(issued) {
			f.report(path+".start", Info, "phase-before-issue", "阶段 %s 开始于 %s，早于发文日期 %s", ph.Name, ph.Start, issued)
		}
		if i == 0 {
			continue
		}
		prev := p.Phases[i-1]
		if prev.Start.IsZero() || prev.End.IsZero() || prev.End.Before(prev.Start) {
			continue
		}
		switch {
		case !ph.Start.After(prev.End):
			f.report(path+".start", Warning, "phase-overlap", "阶段 %s 开始于 %s，与上一阶段 %s（至 %s）重叠", ph.Name, ph.Start, prev.Name, prev.End)
		case prev.End.AddDays(1) != ph.Start:
			f.report(path+".start", Warning, "phase-gap", "阶段 %s 与上一阶段 %s 之间有空档（%s 至 %s）", prev.Name, ph.Name, prev.End.AddDays(1), ph.Start.AddDays(-1))
		}
	}
}

func (f *file) lintReporting(p *dajia.Plan) {
	for i, r := range p.Reporting {
		path := fmt.Sprintf("reporting[%d]", i)
		f.need(r.Period != "", path+".period", "报送周期")
		f.need(r.DueDay != "", path+".due_day", "截止日")
		f.enum(path+".period", r.Period, dajia.Weekly, dajia.Monthly, dajia.Quarterly, dajia.Annual)
		f.enum(path+".covers", r.Covers, "previous", "current")
		f.enum(path+".due_shift", r.DueShift, "none", "next_workday")
		if r.Period != "" && r.DueDay != "" && slices.Contains([]string{dajia.Weekly, dajia.Monthly, dajia.Quarterly, dajia.Annual}, r.Period) {
			if e := r.CheckDueDay(); e != nil {
				f.report(path+".due_day", Error, "due-day-range", e.Key, e.Args...)
			}
		}
		keys := map[string]bool{}
		for j, ind := range r.Indicators {
			ip := fmt.Sprintf("%s.indicators[%d]", path, j)
			f.need(ind.Key != "", ip+".key", "指标标识")
			f.need(ind.Name != "", ip+".name", "指标名称")
			if keys[ind.Key] && ind.Key != "" {
				f.report(ip+".key", Error, "duplicate-key", "指标标识 %q 重复", ind.Key)
			}
			keys[ind.Key] = true
		}
	}
}

// lintIdle finds departments that neither lead nor support any campaign.
func (f *file) lintIdle(p *dajia.Plan, refs []ref) {
	used := map[string]bool{}
	for _, r := range refs {
		if strings.HasPrefix(r.path, "campaigns[") {
			used[p.KeyOf(r.word)] = true
		}
	}
	for i, d := range p.Departments {
		if !used[d.Key] {
			f.report(fmt.Sprintf("departments[%d]", i), Warning, "idle-department", "部门 %s 既不牵头也不配合任何专项：请为它分配任务，或从 departments 中删除", d.Name)
		}
	}
}
