package planfile

import (
	"bytes"
	_ "embed"
	"fmt"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"dajia"
)

//go:embed reference/zs-gangkou-2017.yaml
var reference []byte

// Reference returns the embedded reference plan file: the 2017 plan of
// 中山市港口镇 (中港府办〔2017〕74号), transcribed as written.
func Reference() []byte { return slices.Clone(reference) }

var dateRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Keys whose small mappings or short lists read best on one line.
var flowMappings = map[string]bool{"jurisdiction": true, "contact": true, "basis": true, "departments": true,
	"units": true, "lead": true, "indicators": true, "watch": true}
var flowLists = map[string]bool{"aliases": true, "categories": true, "focus": true, "targets": true,
	"places": true, "support": true, "contents": true, "units": true}

// Export writes a plan as canonical dajia/plan/v1 YAML. Export of a parsed
// export gives the same bytes.
func Export(p *dajia.Plan) ([]byte, error) {
	var n yaml.Node
	if err := n.Encode(p); err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	style(&n, "")
	var buf bytes.Buffer
	buf.WriteString("# " + p.Title + "\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&n); err != nil {
		return nil, fmt.Errorf("write plan: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// style sets plain dates, plain numeric due days, one-word reporting units,
// and flow style for short items.
func style(n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!str" && (dateRe.MatchString(n.Value) && key != "name" || key == "due_day" && isDigits(n.Value)) {
			n.Style = 0
			n.Tag = ""
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i].Value, n.Content[i+1]
			if k == "units" && v.Kind == yaml.SequenceNode && len(v.Content) == 1 &&
				slices.Contains([]string{"departments", "units", "all"}, v.Content[0].Value) {
				n.Content[i+1] = v.Content[0]
				continue
			}
			style(v, k)
		}
		if key == "jurisdiction" || key == "contact" {
			n.Style = yaml.FlowStyle
		}
	case yaml.SequenceNode:
		for _, c := range n.Content {
			style(c, "")
			if c.Kind == yaml.MappingNode && flowMappings[key] && !hasLongText(c) {
				c.Style = yaml.FlowStyle
			}
		}
		if flowLists[key] && allScalars(n) {
			n.Style = yaml.FlowStyle
		}
	case yaml.DocumentNode:
		for _, c := range n.Content {
			style(c, key)
		}
	}
}

func hasLongText(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.Kind == yaml.SequenceNode && allScalars(c) && len(c.Content) <= 5 {
			continue
		}
		if c.Kind != yaml.ScalarNode || len([]rune(c.Value)) > 40 {
			return true
		}
	}
	return false
}

func allScalars(n *yaml.Node) bool {
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode {
			return false
		}
	}
	return true
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
