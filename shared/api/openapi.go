package api

import (
	"encoding/json"
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/system"
)

// The OpenAPI 3.1 document is built from the route table and the Go types the operations
// read and write, so it cannot describe a route that does not exist or miss one that does.
// docs/openapi.json is its committed copy; a test keeps the two equal
// (`go test ./shared/api -run OpenAPI -update` rewrites it).

// csvBody marks a CSV request or response body.
type csvBody struct{}

// htmlBody marks an HTML response (the redirect's own pages).
type htmlBody struct{}

// qrBody marks a QR code image: SVG or PNG, as the request's format asks.
type qrBody struct{}

// queryParam documents one query string parameter.
type queryParam struct {
	name, description string
}

// spec describes one route.
type spec struct {
	summary  string
	request  any // nil, a value of the body's type, or csvBody{}
	response any // a value of the success body's type, csvBody{}, htmlBody{}, or nil for none
	status   int
	query    []queryParam
}

// OpenAPI returns the document for every route in system.Routes, indented.
func OpenAPI() ([]byte, error) {
	doc := openAPIDocument()
	return json.MarshalIndent(doc, "", "  ")
}

func openAPIDocument() map[string]any {
	schemas := map[string]any{}
	paths := map[string]map[string]any{}
	for _, r := range system.Routes {
		s, ok := specs[r.Key]
		if !ok {
			continue
		}
		op := map[string]any{
			"operationId": operationID(r.Key),
			"summary":     s.summary,
			"responses":   responses(s, schemas),
		}
		if r.Auth == system.Marketer {
			op["security"] = []map[string][]string{{"marketerToken": {}}}
		} else {
			op["security"] = []map[string][]string{}
		}
		var params []map[string]any
		for _, name := range pathParams(r.Path()) {
			params = append(params, map[string]any{"name": name, "in": "path", "required": true, "schema": map[string]string{"type": "string"}})
		}
		for _, q := range s.query {
			params = append(params, map[string]any{"name": q.name, "in": "query", "description": q.description, "schema": map[string]string{"type": "string"}})
		}
		if strings.HasPrefix(r.Key, "PATCH ") {
			params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": true,
				"description": "The ETag of the version being updated.", "schema": map[string]string{"type": "string"}})
		}
		if params != nil {
			op["parameters"] = params
		}
		switch s.request.(type) {
		case nil:
		case csvBody:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"text/csv": map[string]any{"schema": map[string]string{"type": "string"}}}}
		default:
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(s.request), schemas)}}}
		}
		if paths[r.Path()] == nil {
			paths[r.Path()] = map[string]any{}
		}
		paths[r.Path()][strings.ToLower(r.Method())] = op
	}
	schemas["Problem"] = schemaOf(reflect.TypeOf(problemDoc{}), schemas)
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       "Hypetrack API",
			"version":     "1",
			"description": "Influencer campaigns: workspaces, campaigns with SMART goals, the creator roster, the pipeline, coupon codes, tracking links and shop connections. Errors are RFC 9457 problem documents with a machine code and per-field errors.",
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": schemas,
			"securitySchemes": map[string]any{"marketerToken": map[string]any{
				"type": "http", "scheme": "bearer", "bearerFormat": "JWT",
				"description": "The ID token from the sign-in flow (Cognito in the cloud, the local issuer in make run).",
			}},
		},
	}
}

// problemDoc is the problem document as clients see it.
type problemDoc struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	Code   string `json:"code"`
	Errors []struct {
		Field   string `json:"field"`
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors,omitempty"`
}

func responses(s spec, schemas map[string]any) map[string]any {
	status := s.status
	if status == 0 {
		status = http.StatusOK
	}
	var ok map[string]any
	switch s.response.(type) {
	case nil:
		ok = map[string]any{"description": http.StatusText(status)}
	case csvBody:
		ok = map[string]any{"description": "CSV (RFC 4180, UTF-8, header row)", "content": map[string]any{"text/csv": map[string]any{"schema": map[string]string{"type": "string"}}}}
	case htmlBody:
		ok = map[string]any{"description": http.StatusText(status), "content": map[string]any{"text/html": map[string]any{"schema": map[string]string{"type": "string"}}}}
	case qrBody:
		image := map[string]any{"schema": map[string]string{"type": "string", "format": "binary"}}
		ok = map[string]any{"description": "The QR code image", "content": map[string]any{"image/svg+xml": image, "image/png": image}}
	default:
		ok = map[string]any{"description": http.StatusText(status), "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(s.response), schemas)}}}
	}
	problem := map[string]any{"description": "A problem", "content": map[string]any{"application/problem+json": map[string]any{"schema": map[string]string{"$ref": "#/components/schemas/Problem"}}}}
	return map[string]any{strconv.Itoa(status): ok, "default": problem}
}

func pathParams(path string) []string {
	var out []string
	for _, seg := range strings.Split(path, "/") {
		if strings.HasPrefix(seg, "{") {
			out = append(out, strings.Trim(seg, "{}+"))
		}
	}
	return out
}

// operationID turns "GET /api/workspaces/{ws}/campaigns" into "getWorkspacesWsCampaigns".
func operationID(key string) string {
	method, path, _ := strings.Cut(key, " ")
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(strings.TrimPrefix(path, "/api"), "/") {
		seg = strings.Trim(seg, "{}+")
		if seg == "" {
			continue
		}
		b.WriteString(strings.ToUpper(seg[:1]) + seg[1:])
	}
	return b.String()
}

var timeType = reflect.TypeOf(time.Time{})

// schemaOf describes a Go type as JSON Schema, following encoding/json's rules (json tags,
// omitempty, embedded structs flattened). Named structs become components.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	if t == timeType {
		return map[string]any{"type": "string", "format": "date-time"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		s := schemaOf(t.Elem(), schemas)
		return map[string]any{"oneOf": []any{s, map[string]string{"type": "null"}}}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Float64, reflect.Float32:
		return map[string]any{"type": "number"}
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "contentEncoding": "base64"}
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		m := map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
		if t.Name() != "" {
			// A named map (results.Amounts, results.Reals) is nil for "no data": null.
			return map[string]any{"oneOf": []any{m, map[string]string{"type": "null"}}}
		}
		return m
	case reflect.Struct:
		name := componentName(t)
		if name == "" {
			return structSchema(t, schemas)
		}
		if _, done := schemas[name]; !done {
			schemas[name] = map[string]any{} // reserved first, so a type that contains itself ends
			schemas[name] = structSchema(t, schemas)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func componentName(t reflect.Type) string {
	if t.Name() == "" || strings.ContainsAny(t.Name(), "[]") || t.PkgPath() == "" {
		return ""
	}
	pkg := t.PkgPath()[strings.LastIndex(t.PkgPath(), "/")+1:]
	return pkg + "." + t.Name()
}

func structSchema(t reflect.Type, schemas map[string]any) map[string]any {
	props := map[string]any{}
	var required []string
	var collect func(reflect.Type)
	collect = func(t reflect.Type) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || (!f.IsExported() && !f.Anonymous) {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				collect(f.Type)
				continue
			}
			if name == "" {
				name = f.Name
			}
			props[name] = schemaOf(f.Type, schemas)
			if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") && f.Type.Kind() != reflect.Pointer {
				required = append(required, name)
			}
		}
	}
	collect(t)
	sort.Strings(required)
	s := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}
