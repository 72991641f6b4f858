package creators

import (
	"strings"
	"testing"
	"time"
)

func TestTierBoundaries(t *testing.T) {
	tests := []struct {
		followers int64
		want      Tier
	}{
		{0, Nano}, {9_999, Nano}, {10_000, Micro}, {99_999, Micro}, {100_000, Mid}, {499_999, Mid},
		{500_000, Macro}, {1_000_000, Macro}, {1_000_001, Mega},
	}
	for _, tt := range tests {
		if got := TierOf(tt.followers); got != tt.want {
			t.Errorf("TierOf(%d) = %s, want %s", tt.followers, got, tt.want)
		}
	}
}

func TestScores(t *testing.T) {
	// DOMAIN.md: 1,000,000 followers with 55% active = potential reach 550,000.
	if got := PotentialReach(1_000_000, 0.55); got != 550_000 {
		t.Errorf("potential reach %v", got)
	}
	if got := PotentialReach(20_000, 0); got != 20_000 {
		t.Errorf("unknown active share counts every follower, got %v", got)
	}
	// 100k reach × 5% × 0.8 relevance = 4,000; minus USD 1,500.00 = 2,500.
	for _, tt := range []struct {
		cost     int64
		currency string
		want     float64
	}{
		{150_000, "USD", 2_500},   // minus USD 1,500.00
		{150_000, "usd", 2_500},   // as a CSV might spell it
		{150_000, "", 2_500},      // no currency: two decimals
		{1_500, "JPY", 2_500},     // JPY 1,500 has no minor unit
		{1_500_000, "KWD", 2_500}, // KWD 1,500.000 has three
	} {
		if got := ImpactScore(100_000, 0.05, 0.8, tt.cost, tt.currency); got != tt.want {
			t.Errorf("impact with %d %s: %v, want %v", tt.cost, tt.currency, got, tt.want)
		}
	}
}

func TestAudienceMatch(t *testing.T) {
	a := Audience{Countries: map[string]float64{"US": 0.6, "GB": 0.2}, Female: 0.7,
		Ages: map[string]float64{"18-24": 0.5, "25-34": 0.3}, IOS: 0.4}
	tests := []struct {
		name string
		p    Persona
		want float64
	}{
		{"anyone", Persona{}, 1},
		{"US and GB", Persona{Countries: []string{"US", "gb"}}, 0.8},
		{"US women", Persona{Countries: []string{"US"}, Genders: []string{"female"}}, 0.6 * 0.7},
		{"both genders do not narrow", Persona{Genders: []string{"female", "male"}}, 1},
		{"young android", Persona{Ages: []string{"18-24"}, OS: []string{"android"}}, 0.5 * 0.6},
		{"no country data is neutral", Persona{Countries: []string{"DE"}}, 0},
	}
	for _, tt := range tests {
		if got := AudienceMatch(a, tt.p); abs(got-tt.want) > 1e-9 {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
	if got := AudienceMatch(Audience{}, Persona{Countries: []string{"US"}}); got != 0.5 {
		t.Errorf("missing audience data: %v, want 0.5", got)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func roster() []Summary {
	mk := func(id, name string, followers int64, er float64, country string, female float64) Summary {
		return Summary{ID: id, Name: name, Handles: map[string]string{"tiktok": strings.ToLower(strings.ReplaceAll(name, " ", ""))},
			Followers: followers, EngagementRate: er, Country: country,
			Audience: Audience{Female: female, Countries: map[string]float64{country: 0.7}},
			Created:  time.Date(2026, 1, int(followers%28)+1, 0, 0, 0, 0, time.UTC)}
	}
	return []Summary{
		mk("a", "Ana Runs", 8_000, 0.09, "US", 0.8),
		mk("b", "Ben Lifts", 45_000, 0.04, "GB", 0.3),
		mk("c", "Cleo Cooks", 120_000, 0.06, "US", 0.65),
		mk("d", "Dev Games", 900_000, 0.02, "DE", 0.1),
		mk("e", "Eve Travels", 60_000, 0.07, "US", 0.75),
		{ID: "z", Name: "Zed Archived", Followers: 50_000, Archived: true},
	}
}

func idsOf(p Page) string {
	var out []string
	for _, r := range p.Items {
		out = append(out, r.ID)
	}
	return strings.Join(out, ",")
}

func TestSearchFiltersAndSorts(t *testing.T) {
	tests := []struct {
		query string
		want  string
	}{
		{"", "d,c,e,b,a"}, // impact: reach × engagement (no rates, no persona)
		{"tier=micro", "e,b"},
		{"tier=micro,mid&sort=followers", "c,e,b"},
		{"country=us&sort=-followers", "a,e,c"},
		{"minFemale=0.7&sort=name", "a,e"},
		{"audienceCountry=US&minCountryShare=0.5&sort=engagement", "a,e,c"},
		{"q=lifts", "b"},
		{"q=@anaruns", "a"},
		{"archived=include&tier=micro&sort=name", "b,e,z"},
		{"minFollowers=50000&maxFollowers=200000&sort=-name", "e,c"},
	}
	for _, tt := range tests {
		q, err := ParseQuery(parseParams(tt.query))
		if err != nil {
			t.Fatalf("%s: %v", tt.query, err)
		}
		page, err := Search(roster(), q)
		if err != nil || idsOf(page) != tt.want {
			t.Errorf("%q: got %s (%v), want %s", tt.query, idsOf(page), err, tt.want)
		}
	}
}

func TestSearchPagesWithCursors(t *testing.T) {
	q, _ := ParseQuery(map[string]string{"sort": "followers", "limit": "2"})
	var seen []string
	for i := 0; i < 5; i++ {
		page, err := Search(roster(), q)
		if err != nil {
			t.Fatal(err)
		}
		seen = append(seen, idsOf(page))
		if page.Total != 5 {
			t.Fatalf("total %d", page.Total)
		}
		if page.Next == "" {
			break
		}
		q.Cursor = page.Next
	}
	if got := strings.Join(seen, "|"); got != "d,c|e,b|a" {
		t.Fatalf("pages %s", got)
	}
	q.Cursor = "not-a-cursor!"
	if _, err := Search(roster(), q); err == nil {
		t.Fatal("a forged cursor must be refused")
	}
}

func TestParseQueryRejectsBadFilters(t *testing.T) {
	for _, raw := range []string{"tier=huge", "minFollowers=-1", "minEngagement=2", "sort=charm", "limit=0", "limit=500",
		"ageBracket=30-40", "minFollowers=100&maxFollowers=10"} {
		if _, err := ParseQuery(parseParams(raw)); err == nil {
			t.Errorf("%s: accepted", raw)
		}
	}
}

func parseParams(raw string) map[string]string {
	out := map[string]string{}
	if raw == "" {
		return out
	}
	for _, kv := range strings.Split(raw, "&") {
		k, v, _ := strings.Cut(kv, "=")
		out[k] = v
	}
	return out
}

func TestCSVRoundTrip(t *testing.T) {
	in := "Name,TikTok,Followers,Engagement Rate,Audience Countries,Rate Per Post,Currency,Topics\n" +
		"Lena Trails,@Lena.Trails,48.5k,4.2%,US:60%;GB:0.2,250,usd,Running;outdoor\n" +
		"\n" +
		"Max,@max,\"1,200,000\",0.031,,1000.5,EUR,\n"
	list, report, err := ParseCSV(strings.NewReader(in), nil)
	if err != nil || report.Imported != 2 || report.Rows != 2 {
		t.Fatalf("parse: %+v %v", report, err)
	}
	lena := list[0]
	if lena.Handles["tiktok"] != "lena.trails" || lena.Followers != 48_500 || lena.EngagementRate != 0.042 ||
		lena.Audience.Countries["US"] != 0.6 || lena.RateCard.PerPost != 25_000 || lena.RateCard.Currency != "USD" ||
		strings.Join(lena.Topics, ";") != "outdoor;running" {
		t.Fatalf("lena: %+v", lena)
	}
	if list[1].Followers != 1_200_000 || list[1].RateCard.PerPost != 100_050 {
		t.Fatalf("max: %+v", list[1])
	}
	var out strings.Builder
	if err := WriteCSV(&out, list); err != nil {
		t.Fatal(err)
	}
	again, report, err := ParseCSV(strings.NewReader(out.String()), nil)
	if err != nil || report.Imported != 2 || again[0].Followers != lena.Followers || again[0].RateCard != lena.RateCard {
		t.Fatalf("export does not import back: %+v %v\n%s", report, err, out.String())
	}
	if _, _, err := ParseCSV(strings.NewReader(out.String()), map[string]bool{"tiktok:lena.trails": true}); err != nil {
		t.Fatal(err)
	}
}
