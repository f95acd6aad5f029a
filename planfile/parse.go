// Package planfile owns the plan file format dajia/plan/v1: it parses YAML
// with positions, checks the structure (unknown fields, types), lints the
// content against the plan rules, and exports a plan back to canonical YAML.
package planfile

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"dajia"
)

// MaxSize bounds a plan file; the reference plan is about 12 KB.
const MaxSize = 1 << 20

// Severity of a finding. Errors stop an import; warnings and notes do not.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Finding is one thing lint has to say, at a line and column of the file.
type Finding struct {
	Line     int      `json:"line"`
	Column   int      `json:"column"`
	Rule     string   `json:"rule"`
	Severity Severity `json:"severity"`
	Path     string   `json:"path,omitempty"`
	Message  string   `json:"-"` // Chinese, formatted
	Key      string   `json:"-"` // the Chinese format: the catalogue key
	Args     []any    `json:"-"`
}

// Name is the severity's name.
func (s Severity) Name() dajia.Text {
	return map[Severity]dajia.Text{Error: "错误", Warning: "警告", Info: "提示"}[s]
}

// Problem is the finding's text as a domain error, for translation.
func (f Finding) Problem() *dajia.Error {
	return &dajia.Error{Code: dajia.Invalid, Field: f.Path, Message: f.Message, Key: f.Key, Args: f.Args}
}

// Format renders line:column severity [rule] message through tr, the
// reader's translation (locale.Text in their language).
func (f Finding) Format(tr func(key string, args ...any) string) string {
	return fmt.Sprintf("%d:%d %s [%s] %s", f.Line, f.Column, tr(string(f.Severity.Name())), f.Rule, tr(f.Key, f.Args...))
}

// Result is what parsing and linting a file gives.
type Result struct {
	Plan     *dajia.Plan // nil when the structure could not be read
	Findings []Finding
}

// HasErrors reports whether any finding is an error.
func (r Result) HasErrors() bool { return r.Count(Error) > 0 }

// Count counts findings of a severity.
func (r Result) Count(s Severity) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Err summarises a result with errors as a domain error naming the first one.
func (r Result) Err() error {
	for _, f := range r.Findings {
		if f.Severity == Error {
			return dajia.Errorf(dajia.Invalid, f.Path, "方案文件第 %d 行第 %d 列：%s", f.Line, f.Column, f.Problem())
		}
	}
	return nil
}

type pos struct{ line, col int }

// file is one plan file being read: its nodes by path and what was found.
type file struct {
	root     *yaml.Node
	at       map[string]pos // value positions by path (campaigns[2].lead[0].dept)
	keyAt    map[string]pos // key positions by path
	present  map[string]bool
	findings []Finding
}

// add records a finding; format is Chinese, the catalogue key.
func (f *file) add(p pos, path string, sev Severity, rule, format string, args ...any) {
	f.findings = append(f.findings, Finding{Line: max(p.line, 1), Column: max(p.col, 1), Rule: rule, Severity: sev, Path: path,
		Message: fmt.Sprintf(format, args...), Key: format, Args: args})
}

// where finds the position of a path's value; for a path that is absent
// (a missing field), the key of its nearest present ancestor.
func (f *file) where(path string) pos {
	if x, ok := f.at[path]; ok {
		return x
	}
	for p := path; ; {
		i := strings.LastIndexAny(p, ".[")
		if i < 0 {
			break
		}
		p = p[:i]
		if x, ok := f.keyAt[p]; ok {
			return x
		}
		if x, ok := f.at[p]; ok {
			return x
		}
	}
	if x, ok := f.at[""]; ok {
		return x
	}
	return pos{1, 1}
}

func (f *file) report(path string, sev Severity, rule, format string, args ...any) {
	f.add(f.where(path), path, sev, rule, format, args...)
}

var parserProblems = []string{"did not find expected ',' or", "did not find expected '-' indicator", "did not find expected <document start>",
	"did not find expected key", "did not find expected node content", "found duplicate %", "found incompatible YAML document", "found undefined tag handle"}

func isParserError(msg string) bool {
	for _, p := range parserProblems {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

var yamlLine = regexp.MustCompile(`line (\d+)(?::|, column (\d+))?`)

// Check parses and lints a plan file.
func Check(src []byte) Result {
	f := &file{at: map[string]pos{}, keyAt: map[string]pos{}, present: map[string]bool{}}
	if len(src) > MaxSize {
		f.add(pos{1, 1}, "", Error, "file-size", "文件过大：%d 字节，方案文件最多 %d 字节", len(src), MaxSize)
		return Result{Findings: f.findings}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		p := pos{1, 1}
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			p.line, _ = strconv.Atoi(m[1])
			if m[2] != "" {
				p.col, _ = strconv.Atoi(m[2])
			}
			// The YAML library reports parser errors with 0-based lines
			// (scanner errors are 1-based): the line where the unclosed
			// collection began.
			if isParserError(err.Error()) {
				p.line++
			}
		}
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		f.add(p, "", Error, "syntax", "YAML 语法错误：%s（检查缩进、冒号后的空格和引号是否成对）", msg)
		return Result{Findings: f.findings}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		p := pos{1, 1}
		if len(doc.Content) > 0 {
			p = pos{doc.Content[0].Line, doc.Content[0].Column}
		}
		f.add(p, "", Error, "structure", "方案文件应是一个以 format: dajia/plan/v1 开头的 YAML 映射，这里没有内容或不是映射")
		return Result{Findings: f.findings}
	}
	f.root = doc.Content[0]
	normalize(f.root)
	f.walk(f.root, reflect.TypeFor[dajia.Plan](), "")
	if len(f.findings) > 0 {
		sortFindings(f.findings)
		return Result{Findings: f.findings}
	}
	var p dajia.Plan
	if err := f.root.Decode(&p); err != nil {
		// The walk has checked every shape Decode needs; this is a guard.
		f.add(pos{f.root.Line, f.root.Column}, "", Error, "type", "无法读取方案：%s", err.Error())
		return Result{Findings: f.findings}
	}
	trim(&p)
	f.lint(&p)
	sortFindings(f.findings)
	return Result{Plan: &p, Findings: f.findings}
}

func sortFindings(fs []Finding) {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}

// normalize turns the shorthand forms DESIGN.md allows into the long ones
// before the walk: a single reporting rule instead of a list, and a reporting
// rule's units written as one word.
func normalize(root *yaml.Node) {
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value != "reporting" {
			continue
		}
		v := root.Content[i+1]
		if v.Kind == yaml.MappingNode {
			cp := *v
			*v = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: cp.Line, Column: cp.Column, Content: []*yaml.Node{&cp}}
		}
		if v.Kind != yaml.SequenceNode {
			continue
		}
		for _, rule := range v.Content {
			if rule.Kind != yaml.MappingNode {
				continue
			}
			for j := 0; j+1 < len(rule.Content); j += 2 {
				u := rule.Content[j+1]
				if rule.Content[j].Value == "units" && u.Kind == yaml.ScalarNode {
					cp := *u
					*u = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: cp.Line, Column: cp.Column, Content: []*yaml.Node{&cp}}
				}
			}
		}
	}
}

var dateType = reflect.TypeFor[dajia.Date]()

// walk checks that node n has the shape of type t, records positions, and
// reports unknown fields, duplicate keys and wrong types.
func (f *file) walk(n *yaml.Node, t reflect.Type, path string) {
	f.at[path] = pos{n.Line, n.Column}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		f.add(pos{n.Line, n.Column}, path, Error, "yaml-alias", "方案文件不能使用 YAML 锚点（&）和别名（*），请直接写出内容")
		return
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value is the zero value; required fields are checked in lint
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == dateType:
		if n.Kind != yaml.ScalarNode {
			f.typeErr(n, path, "日期（YYYY-MM-DD）")
			return
		}
		if _, err := dajia.ParseDate(n.Value); err != nil {
			f.add(pos{n.Line, n.Column}, path, Error, "type", "%q 不是有效日期，应写成 YYYY-MM-DD，如 2017-08-30", n.Value)
		}
	case t.Kind() == reflect.Struct:
		if n.Kind != yaml.MappingNode {
			f.typeErr(n, path, "映射（键: 值）")
			return
		}
		fields := map[string]reflect.StructField{}
		var names []string
		for i := range t.NumField() {
			sf := t.Field(i)
			name, _, _ := strings.Cut(sf.Tag.Get("yaml"), ",")
			if name != "" && name != "-" {
				fields[name] = sf
				names = append(names, name)
			}
		}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			child := join(path, k.Value)
			if k.Kind != yaml.ScalarNode {
				f.add(pos{k.Line, k.Column}, path, Error, "structure", "键必须是简单的名称")
				continue
			}
			if seen[k.Value] {
				f.add(pos{k.Line, k.Column}, child, Error, "duplicate-field", "字段 %s 重复出现，请只保留一个", k.Value)
				continue
			}
			seen[k.Value] = true
			sf, ok := fields[k.Value]
			if !ok {
				if s := closest(k.Value, names); s != "" {
					f.add(pos{k.Line, k.Column}, child, Error, "unknown-field", "未知字段 %s，是否应为 %s？", k.Value, s)
				} else {
					f.add(pos{k.Line, k.Column}, child, Error, "unknown-field", "未知字段 %s，可用字段：%s", k.Value, dajia.List(names))
				}
				continue
			}
			f.keyAt[child] = pos{k.Line, k.Column}
			f.present[child] = true
			f.walk(v, sf.Type, child)
		}
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			f.typeErr(n, path, "列表（以 - 开头的各项或 [a, b]）")
			return
		}
		for i, item := range n.Content {
			f.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
		}
	case t.Kind() == reflect.String:
		if n.Kind != yaml.ScalarNode {
			f.typeErr(n, path, "文字")
		}
	case t.Kind() == reflect.Int:
		if n.Kind != yaml.ScalarNode || n.Tag != "!!int" {
			f.typeErr(n, path, "整数")
			return
		}
		if v, err := strconv.Atoi(n.Value); err != nil || v < -1_000_000 || v > 1_000_000 {
			f.typeErr(n, path, "合理范围内的整数")
		}
	}
}

// typeErr says what a node should have been; want is a catalogue key.
func (f *file) typeErr(n *yaml.Node, path string, want dajia.Text) {
	got := map[yaml.Kind]any{yaml.MappingNode: dajia.Text("映射"), yaml.SequenceNode: dajia.Text("列表"), yaml.ScalarNode: fmt.Sprintf("%q", n.Value)}[n.Kind]
	f.add(pos{n.Line, n.Column}, path, Error, "type", "%s 应为%s，这里是%s", fieldName(path), want, got)
}

func fieldName(path string) any {
	if path == "" {
		return dajia.Text("文件")
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// trim removes surrounding blanks of names so that "质监分局 " and "质监分局" are
// one department.
func trim(p *dajia.Plan) {
	ts := func(s *string) { *s = strings.TrimSpace(*s) }
	tl := func(l []string) {
		for i := range l {
			ts(&l[i])
		}
	}
	for i := range p.Departments {
		ts(&p.Departments[i].Key)
		ts(&p.Departments[i].Name)
		tl(p.Departments[i].Aliases)
	}
	for i := range p.Units {
		ts(&p.Units[i].Key)
		ts(&p.Units[i].Name)
		tl(p.Units[i].Aliases)
	}
	for i := range p.Campaigns {
		c := &p.Campaigns[i]
		ts(&c.Name)
		tl(c.Categories)
		tl(c.Support)
		for j := range c.Lead {
			ts(&c.Lead[j].Dept)
			ts(&c.Lead[j].Scope)
		}
	}
	for i := range p.Reporting {
		tl(p.Reporting[i].Units)
		ts(&p.Reporting[i].To)
		ts(&p.Reporting[i].DueDay)
	}
}

// closest returns the candidate nearest to s by edit distance, if it is near.
func closest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := distance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	limit := max(1, len([]rune(s))/3)
	if bestD <= limit {
		return best
	}
	return ""
}

func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := 1
			if ra[i-1] == rb[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
