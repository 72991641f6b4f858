package creators

import (
	"encoding/base64"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hypetrack/hypetrack/shared/validate"
)

// Summary is the part of a creator that search filters and sorts on. The store keeps every
// creator's summary in a few compressed roster items, so a search over 10,000 creators reads
// those few items instead of 10,000 (see docs/data-model.md).
type Summary struct {
	ID             string            `json:"id"`
	Name           string            `json:"name"`
	Handles        map[string]string `json:"handles"`
	Followers      int64             `json:"followers"`
	AvgViews       int64             `json:"avgViews"`
	EngagementRate float64           `json:"engagementRate"`
	ActiveShare    float64           `json:"activeShare,omitempty"`
	Audience       Audience          `json:"audience"`
	Topics         []string          `json:"topics,omitempty"`
	Country        string            `json:"country,omitempty"`
	RateCard       RateCard          `json:"rateCard"`
	Tags           []string          `json:"tags,omitempty"`
	Lists          []string          `json:"lists,omitempty"`
	Archived       bool              `json:"archived,omitempty"`
	Created        time.Time         `json:"createdAt"`
}

// SummaryOf extracts a creator's summary.
func SummaryOf(c Creator) Summary {
	return Summary{
		ID: c.ID, Name: c.Name, Handles: c.Handles, Followers: c.Followers, AvgViews: c.AvgViews,
		EngagementRate: c.EngagementRate, ActiveShare: c.ActiveShare, Audience: c.Audience,
		Topics: c.Topics, Country: c.Country, RateCard: c.RateCard, Tags: c.Tags, Lists: c.Lists,
		Archived: c.Archived, Created: c.Created,
	}
}

// Ranked is a search result: the summary and the figures derived from it.
type Ranked struct {
	Summary
	Tier           Tier    `json:"tier"`
	PotentialReach float64 `json:"potentialReach"`
	ImpactScore    float64 `json:"impactScore"`
	// AudienceMatch is set when the search names a persona.
	AudienceMatch *float64 `json:"audienceMatch,omitempty"`
}

// Query is a creator search: filters, a sort and a page.
type Query struct {
	Tiers           []Tier
	Country         string
	Topic           string
	Tag             string
	List            string
	Text            string
	MinFollowers    int64
	MaxFollowers    int64 // 0: no maximum
	MinAvgViews     int64
	MinEngagement   float64
	AudienceCountry string
	// MinCountryShare applies to AudienceCountry.
	MinCountryShare float64
	MinFemale       float64
	MaxFemale       float64 // 1 when unset
	AgeBracket      string
	MinAgeShare     float64
	MinIOS          float64
	IncludeArchived bool
	// Persona, when set, adds an audience match to each result and uses it as relevance.
	Persona *Persona
	// Sort is one of SortFields; Desc reverses it.
	Sort   string
	Desc   bool
	Limit  int
	Cursor string
}

// SortFields are the accepted sort keys.
var SortFields = []string{"impact", "followers", "avgViews", "engagement", "match", "name", "created"}

// ParseQuery reads a search from query string parameters (API Gateway joins repeated
// values with commas, so lists arrive comma-separated).
func ParseQuery(params map[string]string) (Query, error) {
	var v validate.Errors
	q := Query{MaxFemale: 1, Sort: "impact", Desc: true, Limit: 50}
	num := func(name string, dst *int64) {
		if s, ok := params[name]; ok && s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n < 0 {
				v.Add(name, "invalid", "must be a whole number of 0 or more")
			}
			*dst = n
		}
	}
	share := func(name string, dst *float64) {
		if s, ok := params[name]; ok && s != "" {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || f < 0 || f > 1 || math.IsNaN(f) {
				v.Add(name, "invalid", "must be a share between 0 and 1")
			}
			*dst = f
		}
	}
	if s := params["tier"]; s != "" {
		for _, t := range strings.Split(s, ",") {
			v.OneOf("tier", t, "nano", "micro", "mid", "macro", "mega")
			q.Tiers = append(q.Tiers, Tier(t))
		}
	}
	q.Country = strings.ToUpper(params["country"])
	q.Topic = strings.ToLower(params["topic"])
	q.Tag = strings.ToLower(params["tag"])
	q.List = params["list"]
	q.Text = strings.ToLower(strings.TrimSpace(params["q"]))
	num("minFollowers", &q.MinFollowers)
	num("maxFollowers", &q.MaxFollowers)
	num("minAvgViews", &q.MinAvgViews)
	share("minEngagement", &q.MinEngagement)
	q.AudienceCountry = strings.ToUpper(params["audienceCountry"])
	share("minCountryShare", &q.MinCountryShare)
	share("minFemale", &q.MinFemale)
	share("maxFemale", &q.MaxFemale)
	if q.AgeBracket = params["ageBracket"]; q.AgeBracket != "" {
		v.OneOf("ageBracket", q.AgeBracket, AgeBrackets...)
	}
	share("minAgeShare", &q.MinAgeShare)
	share("minIos", &q.MinIOS)
	q.IncludeArchived = params["archived"] == "include"
	if s := params["sort"]; s != "" {
		q.Sort = strings.TrimPrefix(s, "-")
		v.OneOf("sort", q.Sort, SortFields...)
		// "name" reads naturally ascending; "-name" reverses. Figures read naturally descending.
		if q.Sort == "name" {
			q.Desc = strings.HasPrefix(s, "-")
		} else {
			q.Desc = !strings.HasPrefix(s, "-")
		}
	}
	if s := params["limit"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 200 {
			v.Add("limit", "out-of-range", "must be between 1 and 200")
		}
		q.Limit = n
	}
	q.Cursor = params["cursor"]
	if q.MaxFollowers > 0 && q.MaxFollowers < q.MinFollowers {
		v.Add("maxFollowers", "out-of-range", "must not be below minFollowers")
	}
	return q, v.Err()
}

// Page is one page of results.
type Page struct {
	Items []Ranked `json:"items"`
	// Total counts every match, across pages.
	Total int `json:"total"`
	// Next is the cursor of the following page; empty on the last one.
	Next string `json:"next,omitempty"`
}

// Search filters, ranks and pages a roster.
func Search(roster []Summary, q Query) (Page, error) {
	matches := make([]Ranked, 0, len(roster))
	for _, s := range roster {
		if !q.keeps(s) {
			continue
		}
		matches = append(matches, rank(s, q.Persona))
	}
	key := sortKey(q.Sort)
	sort.Slice(matches, func(i, j int) bool { return q.before(key, matches[i], matches[j]) })
	start := 0
	if q.Cursor != "" {
		after, err := decodeCursor(q.Cursor)
		if err != nil {
			var v validate.Errors
			v.Add("cursor", "invalid", "is not a cursor this search returned")
			return Page{}, v.Err()
		}
		start = sort.Search(len(matches), func(i int) bool { return q.before(key, after, matches[i]) })
	}
	end := min(start+q.Limit, len(matches))
	page := Page{Items: matches[start:end], Total: len(matches)}
	if end < len(matches) {
		page.Next = encodeCursor(matches[end-1], q.Sort)
	}
	return page, nil
}

func rank(s Summary, p *Persona) Ranked {
	reach := PotentialReach(s.Followers, s.ActiveShare)
	r := Ranked{Summary: s, Tier: TierOf(s.Followers), PotentialReach: reach}
	relevance := 1.0
	if p != nil {
		m := AudienceMatch(s.Audience, *p)
		r.AudienceMatch = &m
		relevance = m
	}
	r.ImpactScore = ImpactScore(reach, s.EngagementRate, relevance, s.RateCard.PerPost, s.RateCard.Currency)
	return r
}

func (q Query) keeps(s Summary) bool {
	switch {
	case s.Archived && !q.IncludeArchived,
		len(q.Tiers) > 0 && !slices.Contains(q.Tiers, TierOf(s.Followers)),
		q.Country != "" && s.Country != q.Country,
		q.Topic != "" && !slices.Contains(s.Topics, q.Topic),
		q.Tag != "" && !slices.Contains(s.Tags, q.Tag),
		q.List != "" && !slices.Contains(s.Lists, q.List),
		s.Followers < q.MinFollowers,
		q.MaxFollowers > 0 && s.Followers > q.MaxFollowers,
		s.AvgViews < q.MinAvgViews,
		s.EngagementRate < q.MinEngagement,
		q.AudienceCountry != "" && s.Audience.Countries[q.AudienceCountry] < q.MinCountryShare,
		s.Audience.Female < q.MinFemale || s.Audience.Female > q.MaxFemale,
		q.AgeBracket != "" && s.Audience.Ages[q.AgeBracket] < q.MinAgeShare,
		s.Audience.IOS < q.MinIOS:
		return false
	}
	return q.Text == "" || textMatches(s, q.Text)
}

func textMatches(s Summary, text string) bool {
	if strings.Contains(strings.ToLower(s.Name), text) {
		return true
	}
	for _, h := range s.Handles {
		if strings.Contains(h, strings.TrimPrefix(text, "@")) {
			return true
		}
	}
	return false
}

// sortKey returns the value a result sorts by: a number, or a string for names.
func sortKey(field string) func(Ranked) (float64, string) {
	switch field {
	case "followers":
		return func(r Ranked) (float64, string) { return float64(r.Followers), "" }
	case "avgViews":
		return func(r Ranked) (float64, string) { return float64(r.AvgViews), "" }
	case "engagement":
		return func(r Ranked) (float64, string) { return r.EngagementRate, "" }
	case "match":
		return func(r Ranked) (float64, string) {
			if r.AudienceMatch == nil {
				return 0, ""
			}
			return *r.AudienceMatch, ""
		}
	case "name":
		return func(r Ranked) (float64, string) { return 0, strings.ToLower(r.Name) }
	case "created":
		return func(r Ranked) (float64, string) { return float64(r.Created.UnixNano()), "" }
	}
	return func(r Ranked) (float64, string) { return r.ImpactScore, "" }
}

// before orders results by the sort key, then by id so that the order is total and a
// cursor (the last key and id seen) resumes exactly where the page ended.
func (q Query) before(key func(Ranked) (float64, string), a, b Ranked) bool {
	an, as := key(a)
	bn, bs := key(b)
	if an != bn || as != bs {
		less := an < bn || (an == bn && as < bs)
		return less != q.Desc
	}
	return a.ID < b.ID
}

type cursor struct {
	Sort string `json:"s"`
	ID   string `json:"id"`
	// Fields the key functions read, carried so the cursor can stand in for a result.
	Followers int64     `json:"f,omitempty"`
	AvgViews  int64     `json:"a,omitempty"`
	ER        float64   `json:"e,omitempty"`
	Match     *float64  `json:"m,omitempty"`
	Name      string    `json:"nm,omitempty"`
	Created   time.Time `json:"c,omitempty"`
	Impact    float64   `json:"i,omitempty"`
}

func encodeCursor(r Ranked, field string) string {
	c := cursor{Sort: field, ID: r.ID, Followers: r.Followers, AvgViews: r.AvgViews, ER: r.EngagementRate,
		Match: r.AudienceMatch, Name: r.Name, Created: r.Created, Impact: r.ImpactScore}
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string) (Ranked, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Ranked{}, err
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil {
		return Ranked{}, err
	}
	return Ranked{
		Summary: Summary{ID: c.ID, Name: c.Name, Followers: c.Followers, AvgViews: c.AvgViews,
			EngagementRate: c.ER, Created: c.Created},
		AudienceMatch: c.Match, ImpactScore: c.Impact,
	}, nil
}
