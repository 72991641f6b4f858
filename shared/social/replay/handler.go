package replay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
)

// handler answers the requests the real clients make, in each platform's wire format,
// from the recorded files.
type handler struct {
	dir      string
	platform social.Platform
	account  string
	grow     growth
}

type object = map[string]any

// ServeHTTP answers one client request from the recordings.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var status int
	var body any
	switch h.platform {
	case social.YouTube:
		status, body = h.youtube(r)
	case social.TikTok:
		status, body = h.tiktok(r)
	case social.Instagram:
		status, body = h.instagram(r)
	}
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(body)
}

// load reads a recording; a missing file is reported as (nil, nil).
func (h *handler) load(name string) (object, error) {
	b, err := os.ReadFile(filepath.Join(h.dir, string(h.platform), name))
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var o object
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("recording %s/%s: %w", h.platform, name, err)
	}
	return o, nil
}

// safeName keeps request values from walking out of the recordings folder.
var safeName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,80}$`)

// ---- YouTube Data API v3 ----

func youtubeError(status int, reason, msg string) (int, any) {
	return status, object{"error": object{"code": status, "message": msg,
		"errors": []any{object{"message": msg, "domain": "youtube.api", "reason": reason}}}}
}

func (h *handler) youtube(r *http.Request) (int, any) {
	q := r.URL.Query()
	parts := strings.Split(q.Get("part"), ",")
	switch r.URL.Path {
	case "/videos", "/channels":
		file := "videos.json"
		if r.URL.Path == "/channels" {
			file = "channels.json"
		}
		rec, err := h.load(file)
		if err != nil || rec == nil {
			return youtubeError(500, "backendError", fmt.Sprint("recording unavailable: ", err))
		}
		want := strings.Split(q.Get("id"), ",")
		byID := map[string]object{}
		for _, it := range items(rec, "items") {
			byID[str(it["id"])] = it
		}
		var out []any
		for _, id := range want {
			if it, ok := byID[id]; ok {
				out = append(out, h.grow.apply(keepParts(it, parts), ""))
			}
		}
		return 200, object{"kind": rec["kind"], "etag": rec["etag"], "items": orEmpty(out),
			"pageInfo": object{"totalResults": len(out), "resultsPerPage": len(out)}}
	case "/playlistItems":
		pid := q.Get("playlistId")
		if !safeName.MatchString(pid) {
			return youtubeError(404, "playlistNotFound", "The playlist identified with the request's playlistId parameter cannot be found.")
		}
		rec, err := h.load("playlistItems." + pid + ".json")
		if err != nil {
			return youtubeError(500, "backendError", err.Error())
		}
		if rec == nil {
			return youtubeError(404, "playlistNotFound", "The playlist identified with the request's playlistId parameter cannot be found.")
		}
		all := items(rec, "items")
		offset := 0
		if tok := q.Get("pageToken"); tok != "" {
			offset, _ = strconv.Atoi(strings.TrimPrefix(tok, "o"))
		}
		size := 5 // the API's default maxResults
		if n, err := strconv.Atoi(q.Get("maxResults")); err == nil && n > 0 {
			size = min(n, 50)
		}
		offset = min(max(offset, 0), len(all))
		end := min(offset+size, len(all))
		page := object{"kind": rec["kind"], "etag": rec["etag"], "items": anys(all[offset:end]),
			"pageInfo": object{"totalResults": len(all), "resultsPerPage": size}}
		if end < len(all) {
			page["nextPageToken"] = "o" + strconv.Itoa(end)
		}
		return 200, page
	}
	return youtubeError(404, "notFound", "no such method in the replay")
}

// keepParts drops the resource parts the request did not ask for, as the API does.
func keepParts(it object, parts []string) object {
	out := object{}
	for k, v := range it {
		if k == "kind" || k == "etag" || k == "id" || slices.Contains(parts, k) {
			out[k] = v
		}
	}
	return out
}

// ---- TikTok Display API v2 ----

func tiktokError(status int, code, msg string) (int, any) {
	return status, object{"data": object{}, "error": object{"code": code, "message": msg, "log_id": "REPLAY"}}
}

func tiktokOK(data any) (int, any) {
	return 200, object{"data": data, "error": object{"code": "ok", "message": "", "log_id": "REPLAY"}}
}

func (h *handler) tiktok(r *http.Request) (int, any) {
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !safeName.MatchString(token) {
		return tiktokError(401, "access_token_invalid", "The access token is invalid or not found in the request.")
	}
	fields := strings.Split(r.URL.Query().Get("fields"), ",")
	var body struct {
		Filters struct {
			VideoIDs []string `json:"video_ids"`
		} `json:"filters"`
		MaxCount int    `json:"max_count"`
		Cursor   *int64 `json:"cursor"`
	}
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			return tiktokError(400, "invalid_params", "body is not JSON: "+err.Error())
		}
	}
	switch r.URL.Path {
	case "/v2/video/query/":
		rec, err := h.load("video_query.json")
		if err != nil || rec == nil {
			return tiktokError(500, "internal_error", fmt.Sprint("recording unavailable: ", err))
		}
		byID := map[string]object{}
		for _, v := range items(child(rec, "data"), "videos") {
			byID[str(v["id"])] = v
		}
		var out []any
		for _, id := range body.Filters.VideoIDs {
			if v, ok := byID[id]; ok {
				out = append(out, h.grow.apply(keepFields(v, fields), ""))
			}
		}
		return tiktokOK(object{"videos": orEmpty(out)})
	case "/v2/user/info/":
		rec, err := h.load("user_info." + token + ".json")
		if err != nil {
			return tiktokError(500, "internal_error", err.Error())
		}
		if rec == nil {
			return tiktokError(401, "access_token_invalid", "The access token is invalid or not found in the request.")
		}
		user := keepFields(child(child(rec, "data"), "user"), fields)
		return tiktokOK(object{"user": h.grow.apply(user, "")})
	case "/v2/video/list/":
		rec, err := h.load("video_list." + token + ".json")
		if err != nil {
			return tiktokError(500, "internal_error", err.Error())
		}
		if rec == nil {
			return tiktokError(401, "access_token_invalid", "The access token is invalid or not found in the request.")
		}
		size := body.MaxCount
		if size <= 0 || size > 20 {
			size = 10 // the documented default page
		}
		// The cursor is a creation time in milliseconds: list what was posted before it.
		var page []any
		var last int64
		all := items(child(rec, "data"), "videos")
		i := 0
		for ; i < len(all) && len(page) < size; i++ {
			created := num(all[i]["create_time"])
			if body.Cursor != nil && created*1000 >= *body.Cursor {
				continue
			}
			page = append(page, h.grow.apply(keepFields(all[i], fields), ""))
			last = created
		}
		more := false
		for ; i < len(all); i++ {
			if body.Cursor == nil || num(all[i]["create_time"])*1000 < *body.Cursor {
				more = true
				break
			}
		}
		return tiktokOK(object{"videos": orEmpty(page), "cursor": last * 1000, "has_more": more})
	}
	return tiktokError(404, "invalid_params", "no such endpoint in the replay")
}

func keepFields(o object, fields []string) object {
	out := object{}
	for k, v := range o {
		if k == "id" || k == "open_id" || slices.Contains(fields, k) {
			out[k] = v
		}
	}
	return out
}

// ---- Instagram Graph API ----

func graphError(code, subcode int, msg string) (int, any) {
	return 400, object{"error": object{"message": msg, "type": "GraphMethodException", "code": code,
		"error_subcode": subcode, "fbtrace_id": "REPLAY"}}
}

var (
	discovery = regexp.MustCompile(`^business_discovery\.username\(([A-Za-z0-9._]+)\)`)
	mediaEdge = regexp.MustCompile(`media(?:\.after\(([^)]*)\))?\.limit\((\d+)\)`)
)

func (h *handler) instagram(r *http.Request) (int, any) {
	segs := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if len(segs) < 2 {
		return graphError(100, 0, "Unknown path components")
	}
	id, rest := segs[1], segs[2:]
	q := r.URL.Query()
	notFound := func() (int, any) {
		return graphError(100, 33, fmt.Sprintf("Unsupported get request. Object with ID '%s' does not exist, cannot be loaded due to missing permissions, or does not support this operation.", id))
	}
	if !safeName.MatchString(id) {
		return notFound()
	}
	fields := q.Get("fields")
	switch {
	case id == "ig_hashtag_search" && len(rest) == 0:
		tag := strings.ToLower(q.Get("q"))
		if q.Get("user_id") != h.account || !safeName.MatchString(tag) {
			return graphError(100, 0, "(#100) Invalid parameter")
		}
		rec, err := h.load("hashtag_search." + tag + ".json")
		if err != nil {
			return graphError(1, 0, err.Error())
		}
		if rec == nil {
			// The API answers an empty list for a hashtag nobody used.
			return 200, object{"data": []any{}}
		}
		return 200, rec
	case len(rest) == 1 && rest[0] == "recent_media":
		rec, err := h.load("recent_media." + id + ".json")
		if err != nil {
			return graphError(1, 0, err.Error())
		}
		if rec == nil {
			return notFound()
		}
		return 200, h.recentMedia(rec, id)
	case len(rest) == 0 && strings.HasPrefix(fields, "business_discovery."):
		if id != h.account {
			return notFound()
		}
		m := discovery.FindStringSubmatch(fields)
		if m == nil {
			return graphError(100, 0, "(#100) Invalid business_discovery query")
		}
		rec, err := h.load("business_discovery." + m[1] + ".json")
		if err != nil {
			return graphError(1, 0, err.Error())
		}
		if rec == nil {
			return graphError(110, 2207013, "Invalid user id")
		}
		bd := h.grow.apply(child(rec, "business_discovery"), "")
		h.pageMedia(bd, fields)
		return 200, object{"business_discovery": bd, "id": id}
	case len(rest) == 0:
		rec, err := h.load("media.json")
		if err != nil || rec == nil {
			return graphError(2, 0, fmt.Sprint("recording unavailable: ", err))
		}
		for _, m := range items(rec, "data") {
			if str(m["id"]) == id {
				return 200, h.grow.apply(keepFields(m, strings.Split(fields, ",")), "")
			}
		}
		return notFound()
	case len(rest) == 1 && rest[0] == "insights":
		rec, err := h.load("insights." + id + ".json")
		if err != nil {
			return graphError(2, 0, err.Error())
		}
		if rec == nil {
			// The documented answer when insights are not available: an empty data set.
			return 200, object{"data": []any{}}
		}
		want := strings.Split(q.Get("metric"), ",")
		var out []any
		for _, d := range items(rec, "data") {
			if slices.Contains(want, str(d["name"])) {
				out = append(out, d)
			}
		}
		return 200, h.grow.apply(object{"data": orEmpty(out)}, id)
	}
	return notFound()
}

// recentMedia serves a hashtag's recorded recent media as if just posted: timestamps move
// so the newest is the run time (the edge only lists the last 24 hours), and counts grow.
func (h *handler) recentMedia(rec object, hashtagID string) object {
	out := h.grow.apply(rec, hashtagID)
	all := items(out, "data")
	var newest time.Time
	for _, m := range all {
		if t, err := time.Parse(graphTime, str(m["timestamp"])); err == nil && t.After(newest) {
			newest = t
		}
	}
	shift := h.grow.now().Sub(newest)
	for _, m := range all {
		if t, err := time.Parse(graphTime, str(m["timestamp"])); err == nil {
			m["timestamp"] = t.Add(shift).UTC().Format(graphTime)
		}
	}
	out["data"] = anys(all)
	return out
}

// graphTime is how the Graph API writes times.
const graphTime = "2006-01-02T15:04:05-0700"

// pageMedia cuts the recorded media edge to the requested page: media.limit(n) or
// media.after(cursor).limit(n), with cursors "o<offset>".
func (h *handler) pageMedia(bd object, fields string) {
	media := child(bd, "media")
	if media == nil {
		return
	}
	all := items(media, "data")
	offset, size := 0, 25
	if m := mediaEdge.FindStringSubmatch(fields); m != nil {
		offset, _ = strconv.Atoi(strings.TrimPrefix(m[1], "o"))
		size, _ = strconv.Atoi(m[2])
	}
	offset = min(max(offset, 0), len(all))
	end := min(offset+max(size, 1), len(all))
	paging := object{"cursors": object{"before": "o" + strconv.Itoa(offset), "after": "o" + strconv.Itoa(end)}}
	if end < len(all) {
		paging["next"] = "https://graph.facebook.com/replay?after=o" + strconv.Itoa(end)
	}
	bd["media"] = object{"data": anys(all[offset:end]), "paging": paging}
}

// ---- JSON helpers ----

func child(o object, key string) object {
	if o == nil {
		return nil
	}
	c, _ := o[key].(object)
	return c
}

func items(o object, key string) []object {
	if o == nil {
		return nil
	}
	raw, _ := o[key].([]any)
	out := make([]object, 0, len(raw))
	for _, x := range raw {
		if m, ok := x.(object); ok {
			out = append(out, m)
		}
	}
	return out
}

func anys(xs []object) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

func orEmpty(xs []any) []any {
	if xs == nil {
		return []any{}
	}
	return xs
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}

func num(v any) int64 {
	n, _ := strconv.ParseInt(str(v), 10, 64)
	return n
}
