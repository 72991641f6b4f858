package replay

import (
	"encoding/json"
	"hash/fnv"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

// shape is the simulated life of a post's views.
type shape int

const (
	steady shape = iota
	viral
	fading
)

// String names the shape.
func (s shape) String() string {
	return [...]string{"steady", "viral", "fading"}[s]
}

// growth scales recorded counts to the run time.
type growth struct {
	platform social.Platform
	epoch    time.Time
	speed    float64
	now      func() time.Time
}

// hours is the simulated time since the epoch.
func (g growth) hours() float64 {
	return max(0, g.now().Sub(g.epoch).Hours()*g.speed)
}

type fieldKind int

const (
	notGrown fieldKind = iota
	viewLike
	interactionLike
	followerLike
)

// fieldKinds says how each recorded count grows; counts of posts made (videoCount,
// media_count) and of accounts followed do not.
var fieldKinds = map[string]fieldKind{
	"viewCount": viewLike, "view_count": viewLike, "views": viewLike, "reach": viewLike,
	"likeCount": interactionLike, "commentCount": interactionLike, "like_count": interactionLike,
	"comment_count": interactionLike, "comments_count": interactionLike, "share_count": interactionLike,
	"shares": interactionLike, "saved": interactionLike, "likes": interactionLike, "comments": interactionLike,
	"total_interactions": interactionLike,
	"subscriberCount":    followerLike, "follower_count": followerLike, "followers_count": followerLike,
	"likes_count": followerLike,
}

// apply returns a copy of v with every known count grown for the object it belongs to: the
// nearest enclosing "id" (or TikTok's "open_id"), up to its first "/" so Instagram insight
// ids ("<media-id>/insights/views/lifetime") count for their media.
func (g growth) apply(v any, key string) object {
	out, _ := g.walk(v, key).(object)
	return out
}

func (g growth) walk(v any, key string) any {
	switch x := v.(type) {
	case object:
		if id := str(x["id"]); id != "" {
			key, _, _ = strings.Cut(id, "/")
		} else if id := str(x["open_id"]); id != "" {
			key = id
		}
		out := make(object, len(x))
		// An insight entry names its metric: {"name":"views","values":[{"value":12}]}.
		metric := fieldKinds[str(x["name"])]
		for k, val := range x {
			switch {
			case k == "values" && metric != notGrown:
				out[k] = g.scaleValues(val, key, metric)
			case fieldKinds[k] != notGrown:
				out[k] = g.scale(val, key, fieldKinds[k])
			default:
				out[k] = g.walk(val, key)
			}
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = g.walk(e, key)
		}
		return out
	}
	return v
}

func (g growth) scaleValues(v any, key string, kind fieldKind) any {
	list, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(list))
	for i, e := range list {
		if m, ok := e.(object); ok {
			c := make(object, len(m))
			for k, val := range m {
				c[k] = val
			}
			c["value"] = g.scale(m["value"], key, kind)
			out[i] = c
		} else {
			out[i] = e
		}
	}
	return out
}

// scale grows one count, keeping its JSON type: YouTube sends counts as strings.
func (g growth) scale(v any, key string, kind fieldKind) any {
	var base int64
	var err error
	switch x := v.(type) {
	case string:
		base, err = strconv.ParseInt(x, 10, 64)
	case json.Number:
		base, err = x.Int64()
	default:
		return v
	}
	if err != nil {
		return v
	}
	n := int64(math.Floor(float64(base) * g.factor(key, kind)))
	if _, ok := v.(string); ok {
		return strconv.FormatInt(n, 10)
	}
	return json.Number(strconv.FormatInt(n, 10))
}

// factor is 1 at the epoch and never decreases, so a simulated series never goes backwards.
func (g growth) factor(key string, kind fieldKind) float64 {
	h := g.hours()
	s, u1, u2, u3 := g.params(key)
	switch kind {
	case followerLike:
		// 0.05 % to 0.15 % a day.
		return 1 + (0.0005+0.001*u1)*h/24
	case interactionLike:
		// Interactions trail views a little, so engagement rates drift down as reach widens.
		return math.Pow(viewFactor(s, h, u1, u2, u3), 0.9)
	case viewLike:
		return viewFactor(s, h, u1, u2, u3)
	}
	return 1
}

func viewFactor(s shape, h, u1, u2, u3 float64) float64 {
	switch s {
	case viral:
		// Steady at first, then a jump of 3x to 8x the recorded views centred 4 to 24 hours
		// in, over a few hours.
		jump := 3 + 5*u2
		centre := 4 + 20*u3
		sig := func(t float64) float64 { return 1 / (1 + math.Exp(-(t-centre)/1.5)) }
		return 1 + 0.1*math.Sqrt(h/24) + jump*(sig(h)-sig(0))
	case fading:
		// 10 % to 30 % more views, almost all within the first day, then a plateau.
		return 1 + (0.1+0.2*u1)*(1-math.Exp(-h/(3+5*u2)))
	}
	// 15 % to 40 % more views over the first day, slowing as the square root of time.
	return 1 + (0.15+0.25*u1)*math.Sqrt(h/24)
}

// params derives a post's shape and curve parameters from its id: deterministic, so every
// run and every machine sees the same simulation.
func (g growth) params(key string) (shape, float64, float64, float64) {
	f := fnv.New64a()
	f.Write([]byte(string(g.platform) + ":" + key))
	sum := f.Sum64()
	unit := func(shift uint) float64 { return float64((sum>>shift)&0xffff) / 65536 }
	s := steady
	switch sum % 4 {
	case 2:
		s = viral
	case 3:
		s = fading
	}
	return s, unit(8), unit(24), unit(40)
}
