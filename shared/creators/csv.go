package creators

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/hypetrack/hypetrack/shared/validate"
)

// CSVColumns are the columns of an import and the first columns of an export: the ones
// marketers already keep in their spreadsheets. Lists inside a cell are separated by
// semicolons; audience splits are written "US:0.6;GB:0.2" (percentages such as "60%" work too).
var CSVColumns = []string{
	"name", "tiktok", "instagram", "youtube", "followers", "avg_views", "engagement_rate",
	"active_share", "country", "topics", "email", "rate_per_post", "currency", "tags", "lists",
	"audience_female", "audience_ios", "audience_countries", "audience_ages", "notes",
}

// MaxImportRows bounds one import, so that one request stays inside the API's time limit.
const MaxImportRows = 5000

// RowError says why one CSV row was rejected. Row counts from 1 at the header.
type RowError struct {
	Row    int                   `json:"row"`
	Errors []validate.FieldError `json:"errors"`
}

// ImportReport says what an import did.
type ImportReport struct {
	Rows     int        `json:"rows"`
	Imported int        `json:"imported"`
	Rejected []RowError `json:"rejected"`
}

// ParseCSV reads creators from a CSV export. Rows that fail validation, or that repeat a
// handle already in the roster (known maps "platform:handle" to true) or earlier in the file,
// are reported and left out; the rest are returned ready to store.
func ParseCSV(r io.Reader, known map[string]bool) ([]Creator, ImportReport, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	header, err := cr.Read()
	if err != nil {
		return nil, ImportReport{}, csvError("the file has no header row")
	}
	cols := map[string]int{}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		cols[strings.ReplaceAll(name, " ", "_")] = i
	}
	if _, ok := cols["name"]; !ok {
		return nil, ImportReport{}, csvError("the header row needs a name column; columns are " + strings.Join(CSVColumns, ", "))
	}
	seen := map[string]bool{}
	for k := range known {
		seen[k] = true
	}
	var (
		out    []Creator
		report = ImportReport{Rejected: []RowError{}}
	)
	for row := 2; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, ImportReport{}, csvError(fmt.Sprintf("row %d is not valid CSV: %v", row, err))
		}
		if blank(rec) {
			continue
		}
		report.Rows++
		if report.Rows > MaxImportRows {
			return nil, ImportReport{}, csvError(fmt.Sprintf("at most %d rows per import", MaxImportRows))
		}
		c, fieldErrs := parseRow(rec, cols)
		if len(fieldErrs) == 0 {
			Normalize(&c)
			var ve *validate.Error
			if err := Check(c); errors.As(err, &ve) {
				fieldErrs = ve.Fields
			}
		}
		if len(fieldErrs) == 0 {
			for _, p := range Platforms {
				if h := c.Handles[p]; h != "" && seen[p+":"+h] {
					fieldErrs = append(fieldErrs, validate.FieldError{Field: p, Code: "duplicate",
						Message: fmt.Sprintf("@%s on %s is already in the roster", h, p)})
				}
			}
		}
		if len(fieldErrs) > 0 {
			report.Rejected = append(report.Rejected, RowError{Row: row, Errors: fieldErrs})
			continue
		}
		for p, h := range c.Handles {
			seen[p+":"+h] = true
		}
		out = append(out, c)
	}
	report.Imported = len(out)
	return out, report, nil
}

func csvError(msg string) error {
	var v validate.Errors
	v.Add("file", "invalid-csv", "%s", msg)
	return v.Err()
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func parseRow(rec []string, cols map[string]int) (Creator, []validate.FieldError) {
	var v validate.Errors
	cell := func(name string) string {
		if i, ok := cols[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	c := Creator{Name: cell("name"), Handles: map[string]string{}, Country: cell("country"),
		Email: cell("email"), Notes: cell("notes")}
	for _, p := range Platforms {
		if h := cell(p); h != "" {
			c.Handles[p] = h
		}
	}
	c.Followers = wholeNumber(&v, "followers", cell("followers"))
	c.AvgViews = wholeNumber(&v, "avg_views", cell("avg_views"))
	c.EngagementRate = shareCell(&v, "engagement_rate", cell("engagement_rate"))
	c.ActiveShare = shareCell(&v, "active_share", cell("active_share"))
	c.Audience.Female = shareCell(&v, "audience_female", cell("audience_female"))
	c.Audience.IOS = shareCell(&v, "audience_ios", cell("audience_ios"))
	c.Audience.Countries = splits(&v, "audience_countries", cell("audience_countries"))
	c.Audience.Ages = splits(&v, "audience_ages", cell("audience_ages"))
	c.Topics, c.Tags, c.Lists = list(cell("topics")), list(cell("tags")), list(cell("lists"))
	c.RateCard.Currency = cell("currency")
	if s := cell("rate_per_post"); s != "" {
		minor, err := parseMinor(s)
		if err != nil {
			v.Add("rate_per_post", "invalid", "must be an amount such as 250 or 250.00")
		}
		c.RateCard.PerPost = minor
	}
	var ve *validate.Error
	if errors.As(v.Err(), &ve) {
		return c, ve.Fields
	}
	return c, nil
}

func wholeNumber(v *validate.Errors, field, s string) int64 {
	if s == "" {
		return 0
	}
	s = strings.NewReplacer(",", "", "_", "", " ", "").Replace(s)
	mult := 1.0
	switch {
	case strings.HasSuffix(strings.ToLower(s), "k"):
		mult, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(strings.ToLower(s), "m"):
		mult, s = 1e6, s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		v.Add(field, "invalid", "must be a number such as 125000 or 125k")
		return 0
	}
	return int64(f*mult + 0.5)
}

// shareCell reads a share written as 0.045, 4.5% or 4.5 (taken as percent when above 1).
func shareCell(v *validate.Errors, field, s string) float64 {
	if s == "" {
		return 0
	}
	percent := strings.HasSuffix(s, "%")
	f, err := strconv.ParseFloat(strings.TrimSuffix(s, "%"), 64)
	if err != nil || f < 0 {
		v.Add(field, "invalid", "must be a share such as 0.045 or 4.5%%")
		return 0
	}
	if percent || f > 1 {
		f /= 100
	}
	return f
}

func splits(v *validate.Errors, field, s string) map[string]float64 {
	if s == "" {
		return nil
	}
	out := map[string]float64{}
	for _, part := range strings.Split(s, ";") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			v.Add(field, "invalid", "must look like US:0.6;GB:0.2")
			return nil
		}
		out[strings.TrimSpace(k)] = shareCell(v, field, strings.TrimSpace(val))
	}
	return out
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ";")
}

// parseMinor reads a non-negative decimal amount with at most two decimals into minor units
// without floating point.
func parseMinor(s string) (int64, error) {
	s = strings.ReplaceAll(s, ",", "")
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" && frac == "" {
		return 0, errors.New("bad amount")
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil || w < 0 {
		return 0, errors.New("bad amount")
	}
	return w, nil
}

// WriteCSV writes creators with the import columns plus the derived tier, potential reach
// and impact score. Numbers are unformatted, shares as decimals, money in major units.
func WriteCSV(w io.Writer, list []Creator) error {
	cw := csv.NewWriter(w)
	header := append(append([]string{"id"}, CSVColumns...), "tier", "potential_reach", "impact_score")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, c := range list {
		reach := PotentialReach(c.Followers, c.ActiveShare)
		rec := []string{
			c.ID, c.Name, c.Handles["tiktok"], c.Handles["instagram"], c.Handles["youtube"],
			strconv.FormatInt(c.Followers, 10), strconv.FormatInt(c.AvgViews, 10),
			ftoa(c.EngagementRate), ftoa(c.ActiveShare), c.Country, strings.Join(c.Topics, ";"), c.Email,
			formatMinor(c.RateCard.PerPost), c.RateCard.Currency, strings.Join(c.Tags, ";"), strings.Join(c.Lists, ";"),
			ftoa(c.Audience.Female), ftoa(c.Audience.IOS), joinSplits(c.Audience.Countries), joinSplits(c.Audience.Ages), c.Notes,
			string(TierOf(c.Followers)), ftoa(reach), ftoa(ImpactScore(reach, c.EngagementRate, 1, c.RateCard.PerPost, c.RateCard.Currency)),
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func formatMinor(m int64) string {
	return fmt.Sprintf("%d.%02d", m/100, m%100)
}

func joinSplits(m map[string]float64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ":" + ftoa(m[k])
	}
	return strings.Join(parts, ";")
}
