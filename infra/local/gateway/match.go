package gateway

import (
	"net/url"
	"strings"

	"github.com/hypetrack/hypetrack/shared/system"
)

// segment kinds, ordered by how specific API Gateway considers them.
const (
	greedy = iota
	param
	literal
)

type compiledRoute struct {
	route    system.Route
	method   string
	segments []string
	kinds    []int
}

func compile(r system.Route) compiledRoute {
	c := compiledRoute{route: r, method: r.Method()}
	for _, s := range strings.Split(strings.Trim(r.Path(), "/"), "/") {
		c.segments = append(c.segments, s)
		switch {
		case strings.HasPrefix(s, "{") && strings.HasSuffix(s, "+}"):
			c.kinds = append(c.kinds, greedy)
		case strings.HasPrefix(s, "{"):
			c.kinds = append(c.kinds, param)
		default:
			c.kinds = append(c.kinds, literal)
		}
	}
	return c
}

// match returns the path parameters when path (split, still escaped) fits the route.
func (c compiledRoute) match(method string, parts []string) (map[string]string, bool) {
	if c.method != method && c.method != "ANY" {
		return nil, false
	}
	params := map[string]string{}
	for i, s := range c.segments {
		kind := c.kinds[i]
		if kind == greedy {
			if i >= len(parts) {
				return nil, false
			}
			params[strings.Trim(s, "{+}")] = unescape(strings.Join(parts[i:], "/"))
			return params, true
		}
		if i >= len(parts) || parts[i] == "" {
			return nil, false
		}
		if kind == literal {
			if parts[i] != s {
				return nil, false
			}
			continue
		}
		params[strings.Trim(s, "{}")] = unescape(parts[i])
	}
	if len(parts) != len(c.segments) {
		return nil, false
	}
	if len(params) == 0 {
		params = nil
	}
	return params, true
}

// moreSpecific reports whether a beats b the way API Gateway ranks routes: segment by
// segment, a literal beats a parameter, which beats a greedy parameter; then an exact
// method beats ANY.
func moreSpecific(a, b compiledRoute) bool {
	for i := 0; i < len(a.kinds) && i < len(b.kinds); i++ {
		if a.kinds[i] != b.kinds[i] {
			return a.kinds[i] > b.kinds[i]
		}
	}
	if len(a.kinds) != len(b.kinds) {
		return len(a.kinds) > len(b.kinds)
	}
	return a.method != "ANY" && b.method == "ANY"
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
