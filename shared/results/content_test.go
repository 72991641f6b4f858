package results

import (
	"reflect"
	"testing"
)

func TestContentDays(t *testing.T) {
	tests := []struct {
		name   string
		levels []PostLevel
		want   []ContentDay
	}{
		{name: "nothing read", levels: nil, want: nil},
		{
			name: "a post's first reading adds all of it, later days their growth",
			levels: []PostLevel{
				{Post: "yt-a", Day: "2026-11-02", Views: 1_500, Likes: 90, Checked: true, Disclosed: true},
				{Post: "yt-a", Day: "2026-11-01", Views: 1_000, Likes: 50, Comments: 4, Checked: true, Disclosed: true},
			},
			want: []ContentDay{
				{Day: "2026-11-01", PostsLive: 1, Views: 1_000, Likes: 50, Comments: 4, DisclosureChecked: 1, DisclosureCompliant: 1},
				{Day: "2026-11-02", PostsLive: 1, Views: 500, Likes: 40, Comments: -4, DisclosureChecked: 1, DisclosureCompliant: 1},
			},
		},
		{
			name: "a second post joins; an unchecked and an undisclosed post count as such",
			levels: []PostLevel{
				{Post: "a", Day: "2026-11-01", Views: 100, Checked: true, Disclosed: true},
				{Post: "b", Day: "2026-11-03", Views: 40, Shares: 2},
				{Post: "a", Day: "2026-11-03", Views: 160, Checked: true, Disclosed: true},
				{Post: "b", Day: "2026-11-04", Views: 70, Shares: 3, Checked: true},
			},
			want: []ContentDay{
				{Day: "2026-11-01", PostsLive: 1, Views: 100, DisclosureChecked: 1, DisclosureCompliant: 1},
				{Day: "2026-11-03", PostsLive: 2, Views: 100, Shares: 2, DisclosureChecked: 1, DisclosureCompliant: 1},
				{Day: "2026-11-04", PostsLive: 2, Views: 30, Shares: 1, DisclosureChecked: 2, DisclosureCompliant: 1},
			},
		},
		{
			name: "views a platform removes make a negative day",
			levels: []PostLevel{
				{Post: "a", Day: "2026-11-01", Views: 900},
				{Post: "a", Day: "2026-11-02", Views: 850},
			},
			want: []ContentDay{
				{Day: "2026-11-01", PostsLive: 1, Views: 900},
				{Day: "2026-11-02", PostsLive: 1, Views: -50},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ContentDays(tt.levels)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
