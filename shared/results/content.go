package results

import (
	"slices"
)

// PostLevel is a tracked post's figures at the end of a day: the last pull of that day.
// The metrics job keeps one per post and day; ContentDays turns a creator's levels into
// the daily additions the results sum.
type PostLevel struct {
	// Post is the post's id (platform and the platform's id).
	Post     string `json:"post"`
	Day      Day    `json:"day"`
	Views    int64  `json:"views"`
	Likes    int64  `json:"likes"`
	Comments int64  `json:"comments"`
	Shares   int64  `json:"shares"`
	Saves    int64  `json:"saves"`
	// Checked is true once the post's caption was checked for the campaign's disclosure;
	// Disclosed is the check's answer.
	Checked   bool `json:"checked"`
	Disclosed bool `json:"disclosed"`
}

// ContentDays turns one creator's post levels into one ContentDay per day with a reading.
// A day adds each post's level less its level at its previous reading (a post's first
// reading adds all of it), so the days of a post's life sum to its latest figures; a
// platform that lowers a count (removed fake views) gives a negative day. Posts live,
// disclosure checked and compliant are counted over every post read so far, at its latest
// reading. Levels may come in any order.
func ContentDays(levels []PostLevel) []ContentDay {
	sorted := levels
	if !slices.IsSortedFunc(levels, compareLevels) { // packed months come sorted
		sorted = slices.Clone(levels)
		slices.SortFunc(sorted, compareLevels)
	}
	last := map[string]PostLevel{}
	var out []ContentDay
	for i := 0; i < len(sorted); {
		day := sorted[i].Day
		cd := ContentDay{Day: day}
		for ; i < len(sorted) && sorted[i].Day == day; i++ {
			l := sorted[i]
			prev := last[l.Post]
			cd.Views += l.Views - prev.Views
			cd.Likes += l.Likes - prev.Likes
			cd.Comments += l.Comments - prev.Comments
			cd.Shares += l.Shares - prev.Shares
			cd.Saves += l.Saves - prev.Saves
			last[l.Post] = l
		}
		for _, l := range last {
			cd.PostsLive++
			if l.Checked {
				cd.DisclosureChecked++
				if l.Disclosed {
					cd.DisclosureCompliant++
				}
			}
		}
		out = append(out, cd)
	}
	return out
}
