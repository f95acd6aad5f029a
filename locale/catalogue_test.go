package locale_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"dajia"
	"dajia/locale"
)

// keyArg names the calls whose argument at an index is a catalogue key.
var keyArg = map[string]int{
	"Errorf": 2, "FieldErrorf": 2, "tr": 1, "localized": 1, "Text": 1, "t": 0, "T": 0, "Tr": 0,
	"bad": 1, "auditBreak": 1, "Phrasef": 0, "add": 4, "report": 3, "typeErr": 2, "again": 1,
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// keysInCode finds the catalogue keys the Go code and the templates use:
// literal arguments of the translating calls, Message fields of errors,
// dajia.Text conversions and maps of Text, and the texts templates pass
// to T.
func keysInCode(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{} // key → where
	add := func(k, where string) {
		if hasHan(k) {
			keys[k] = where
		}
	}
	tmpl := regexp.MustCompile(`\.Tr?[ (]"([^"]+)"|\$\.T "([^"]+)"`)
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if strings.HasSuffix(p, ".html") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range tmpl.FindAllStringSubmatch(string(b), -1) {
				add(m[1]+m[2], p)
			}
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		lit := func(e ast.Expr) (string, bool) {
			b, ok := e.(*ast.BasicLit)
			if !ok || b.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(b.Value)
			return s, err == nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				return false
			}
			where := fset.Position(n.Pos()).String()
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				if name == "Text" && len(n.Args) == 1 { // dajia.Text("…")
					if s, ok := lit(n.Args[0]); ok {
						add(s, where)
					}
				}
				if name == "refuse" && len(n.Args) > 1 {
					if s, ok := lit(n.Args[1]); ok {
						add("第 %d 张照片"+s, where)
					}
				}
				if i, ok := keyArg[name]; ok && len(n.Args) > i {
					if s, ok := lit(n.Args[i]); ok {
						add(s, where)
					}
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && (k.Name == "Message" || k.Name == "Key") {
					if s, ok := lit(n.Value); ok {
						add(s, where)
					}
				}
			case *ast.CompositeLit:
				// map[…]dajia.Text{…} and []dajia.Text{…}: every value is a key
				var elem ast.Expr
				switch ty := n.Type.(type) {
				case *ast.MapType:
					elem = ty.Value
				case *ast.ArrayType:
					elem = ty.Elt
				}
				if elem == nil || !strings.HasSuffix(types(elem), "Text") {
					return true
				}
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						el = kv.Value
					}
					if s, ok := lit(el); ok {
						add(s, where)
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

func types(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return types(e.X) + "." + e.Sel.Name
	}
	return ""
}

// Every Chinese text the code or a template translates is in the English
// catalogue: an English reader never meets Chinese that dajia wrote.
func TestEveryKeyInTheCodeIsInTheEnglishCatalogue(t *testing.T) {
	keys := keysInCode(t)
	if len(keys) < 500 {
		t.Fatalf("found only %d keys in the code: the scan is broken", len(keys))
	}
	for k, where := range keys {
		if !locale.Has("en", k) {
			t.Errorf("%s: %q has no English", where, k)
		}
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// A translation takes the same arguments as its key: as many verbs, or
// explicit argument indexes.
func TestEveryTranslationTakesTheKeysArguments(t *testing.T) {
	for _, k := range locale.Keys("en") {
		en := locale.Text("en", k)
		kv, ev := verb.FindAllString(k, -1), verb.FindAllString(en, -1)
		if len(kv) != len(ev) && !strings.Contains(en, "%[") {
			t.Errorf("%q has %d verbs, its English %q %d", k, len(kv), en, len(ev))
		}
	}
}

// No key of the catalogue is dead: each is used somewhere.
func TestNoCatalogueKeyIsUnused(t *testing.T) {
	keys := keysInCode(t)
	var src strings.Builder
	filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && (strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".html")) && !strings.HasSuffix(p, "_test.go") {
			b, _ := os.ReadFile(p)
			src.Write(b)
		}
		return nil
	})
	all := src.String()
	for _, k := range locale.Keys("en") {
		if _, ok := keys[k]; ok {
			continue
		}
		q := strconv.Quote(k)
		if !strings.Contains(all, q[1:len(q)-1]) && !strings.Contains(all, k) {
			t.Errorf("%q is in the catalogue but nowhere in the code", k)
		}
	}
}

func TestTextTranslatesItsArguments(t *testing.T) {
	for _, tt := range []struct {
		lang, key string
		args      []any
		want      string
	}{
		{"zh", "%s不能授予%s角色（三员分立）", []any{dajiaText("系统管理员"), dajiaText("打假办")}, "系统管理员不能授予打假办角色（三员分立）"},
		{"en", "%s不能授予%s角色（三员分立）", []any{dajiaText("系统管理员"), dajiaText("打假办")}, "the role “system administrator” may not grant the role “Office” (the three administrators are kept apart)"},
		{"en", "没有这个键 %d", []any{3}, "没有这个键 3"},
	} {
		t.Run(tt.lang+" "+tt.key, func(t *testing.T) {
			if got := locale.Text(tt.lang, tt.key, tt.args...); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func dajiaText(s string) any { return dajia.Text(s) }
