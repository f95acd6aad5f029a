package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"dajia"
)

// maxJSONBody bounds an API request body.
const maxJSONBody = 256 << 10

// readJSON decodes a bounded JSON body and refuses unknown fields; what is
// wrong with a body is said by jsonError.
func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err != nil {
		return jsonError(err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			// The decoder names an unknown field without its path.
			return unknownFieldAt(jsonError(err), body, reflect.TypeOf(v))
		}
		return jsonError(err)
	}
	if rest := bytes.Trim(body[dec.InputOffset():], " \t\r\n"); len(rest) > 0 {
		return dajia.Errorf(dajia.Invalid, "", "请求体只能有一个 JSON 对象（第 %d 个字节后还有内容）", dec.InputOffset())
	}
	return nil
}

// jsonError says in the user's words what is wrong with a JSON body that
// did not decode: the field, what it should hold and what came, or the
// byte at which the syntax breaks. Go's own messages name Go types
// ("cannot unmarshal string into Go struct field apiTipIn.online of type
// bool"), which tell a client nothing.
func jsonError(err error) error {
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return dajia.Errorf(dajia.Invalid, "", "请求体过大（最多 %d KB）", mbe.Limit>>10)
	case errors.Is(err, io.EOF):
		return dajia.Errorf(dajia.Invalid, "", "请求体为空，应为一个 JSON 对象")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return dajia.Errorf(dajia.Invalid, "", "请求体的 JSON 不完整：括号或引号没有成对")
	case errors.As(err, &se):
		if strings.Contains(se.Error(), "max depth") {
			return dajia.Errorf(dajia.Invalid, "", "请求体的 JSON 嵌套过深（第 %d 个字节处）", se.Offset)
		}
		return dajia.Errorf(dajia.Invalid, "", "请求体不是有效的 JSON：第 %d 个字节处格式有误", se.Offset)
	case errors.As(err, &te):
		want, got := jsonTypeName(te.Type), jsonValueName(te.Value)
		if te.Field == "" {
			return dajia.Errorf(dajia.Invalid, "", "请求体应为 JSON 对象（收到的是%s）", got)
		}
		return dajia.Errorf(dajia.Invalid, te.Field, "字段“%s”应为%s（收到的是%s）", te.Field, want, got)
	}
	// The decoder has no error type for an unknown field, only this text.
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return dajia.Errorf(dajia.Invalid, name, "不认识的字段“%s”：请对照接口文档检查拼写", name)
	}
	return dajia.Errorf(dajia.Invalid, "", "请求体不是有效的 JSON")
}

// jsonTypeName names what a Go type takes, in JSON terms.
func jsonTypeName(t reflect.Type) dajia.Text {
	if t == nil {
		return "其他类型的值"
	}
	if t == reflect.TypeFor[json.Number]() {
		return "数字"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonTypeName(t.Elem())
	case reflect.String:
		return "文本"
	case reflect.Bool:
		return "布尔值 true 或 false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "文本的数组"
		}
		return "数组"
	case reflect.Struct, reflect.Map:
		return "JSON 对象"
	}
	return "其他类型的值"
}

// jsonValueName names the JSON value the decoder found ("string",
// "number 1.5", "array", ...).
func jsonValueName(v string) any {
	kind, literal, _ := strings.Cut(v, " ")
	if len(literal) > 20 {
		literal = literal[:20] + "…"
	}
	switch kind {
	case "string":
		return dajia.Text("文本")
	case "number":
		if literal != "" {
			return dajia.Errorf(dajia.Invalid, "", "数字 %s", literal)
		}
		return dajia.Text("数字")
	case "bool":
		return dajia.Text("true/false")
	case "array":
		return dajia.Text("数组")
	case "object":
		return dajia.Text("JSON 对象")
	}
	return dajia.Text("其他类型的值")
}

// unknownFieldAt puts the path of an unknown field into e ("business.nme"
// rather than "nme"), found by walking the body against the type it was
// decoded into, with the decoder's rules: keys match field names without
// regard to case, arrays keep their element's path.
func unknownFieldAt(e error, body []byte, t reflect.Type) error {
	de := dajia.ErrorOf(e)
	var raw any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if dec.Decode(&raw) != nil {
		return e
	}
	path, ok := unknownPath(raw, t, "", de.Field)
	if !ok || path == de.Field {
		return e
	}
	args := append([]any(nil), de.Args...)
	for i, a := range args {
		if a == de.Field {
			args[i] = path
			break
		}
	}
	return dajia.Errorf(dajia.Invalid, path, de.Key, args...)
}

func unknownPath(v any, t reflect.Type, prefix, name string) (string, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			f, known := jsonField(t, k)
			if !known {
				if k == name {
					return prefix + k, true
				}
				continue
			}
			if p, ok := unknownPath(m[k], f.Type, prefix+k+".", name); ok {
				return p, true
			}
		}
	case reflect.Slice, reflect.Array:
		a, _ := v.([]any)
		for _, x := range a {
			if p, ok := unknownPath(x, t.Elem(), prefix, name); ok {
				return p, true
			}
		}
	case reflect.Map:
		m, _ := v.(map[string]any)
		for k, x := range m {
			if p, ok := unknownPath(x, t.Elem(), prefix+k+".", name); ok {
				return p, true
			}
		}
	}
	return "", false
}

// jsonField finds the struct field a JSON key decodes into.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if strings.EqualFold(name, key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}
