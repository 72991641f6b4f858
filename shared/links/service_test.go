package links_test

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/dynamotest"
	"github.com/hypetrack/hypetrack/shared/links"
)

func TestMain(m *testing.M) { os.Exit(dynamotest.Main(m)) }

var (
	campaign = links.Campaign{ID: "c1", Slug: "spring-26", BrandURL: "https://brand.example.com/"}
	mia      = links.Membership{ID: "m1", CreatorHandle: "mia", Platform: "tiktok"}
	noah     = links.Membership{ID: "m2", CreatorHandle: "noah", Platform: "instagram"}
)

func newService(t *testing.T, opts ...links.Option) (*links.Service, *time.Time) {
	t.Helper()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	opts = append([]links.Option{links.WithClock(func() time.Time { return now })}, opts...)
	return links.NewService(dynamotest.NewTable(t), opts...), &now
}

func TestCreateGetAndList(t *testing.T) {
	t.Parallel()
	svc, now := newService(t)
	ctx := context.Background()
	first, err := svc.Create(ctx, links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/spring"})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Code) != links.CodeLength || first.Domain != links.DefaultDomain || first.Vanity || first.Version != 1 {
		t.Fatalf("created %+v", first)
	}
	want := links.Tracking{Source: "tiktok", Medium: "influencer", Campaign: "spring-26", Content: "mia", ClickIDParam: "htclid"}
	if first.Tracking != want {
		t.Fatalf("tracking %+v, want %+v", first.Tracking, want)
	}
	*now = now.Add(time.Minute)
	vanity, err := svc.Create(ctx, links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/", Slug: "mia-spring"})
	if err != nil || vanity.Code != "mia-spring" || !vanity.Vanity {
		t.Fatalf("vanity: %+v, %v", vanity, err)
	}
	*now = now.Add(time.Minute)
	other, err := svc.Create(ctx, links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: noah, Destination: "https://brand.example.com/"})
	if err != nil {
		t.Fatal(err)
	}

	got, err := svc.Get(ctx, "w1", first.Ref())
	if err != nil || got.Destination != first.Destination || got.Tracking != first.Tracking || !got.CreatedAt.Equal(first.CreatedAt) {
		t.Fatalf("get: %+v, %v", got, err)
	}
	if _, err := svc.Get(ctx, "w2", first.Ref()); !errors.Is(err, links.ErrNotFound) {
		t.Fatalf("another workspace's link: want ErrNotFound, got %v", err)
	}

	tests := []struct {
		workspace, membership string
		want                  []string
	}{
		{"w1", "", []string{other.Code, "mia-spring", first.Code}},
		{"w1", "m1", []string{"mia-spring", first.Code}},
		{"w1", "m2", []string{other.Code}},
		{"w2", "", nil},
	}
	for _, tt := range tests {
		list, err := svc.List(ctx, tt.workspace, "c1", tt.membership)
		if err != nil {
			t.Fatal(err)
		}
		var codes []string
		for _, l := range list {
			codes = append(codes, l.Code)
		}
		if strings.Join(codes, ",") != strings.Join(tt.want, ",") {
			t.Errorf("list %s/%s: %v, want %v", tt.workspace, tt.membership, codes, tt.want)
		}
	}
}

func TestCreateRefusesBadInputAndWritesNothing(t *testing.T) {
	t.Parallel()
	svc, now := newService(t, links.WithDomains("hypt.link", "go.brand.com"))
	ctx := context.Background()
	valid := links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/"}
	tests := []struct {
		name   string
		change func(*links.CreateInput)
		want   []string // field:code
	}{
		{name: "missing ids", change: func(in *links.CreateInput) { in.WorkspaceID, in.Campaign.ID, in.Membership.ID = "", "", "" },
			want: []string{"campaign.id:required", "membership.id:required", "workspaceId:required"}},
		{name: "bad destination", change: func(in *links.CreateInput) { in.Destination = "javascript:alert(1)" }, want: []string{"destination:scheme"}},
		{name: "not on allow-list", change: func(in *links.CreateInput) { in.AllowedDomains = []string{"other.com"} }, want: []string{"destination:domain-not-allowed"}},
		{name: "bad brand url", change: func(in *links.CreateInput) { in.Campaign.BrandURL = "http://10.0.0.1/" }, want: []string{"campaign.brandUrl:private-host"}},
		{name: "reserved slug", change: func(in *links.CreateInput) { in.Slug = "api" }, want: []string{"slug:slug-reserved"}},
		{name: "bad slug", change: func(in *links.CreateInput) { in.Slug = "Hi There" }, want: []string{"slug:slug-format"}},
		{name: "unknown domain", change: func(in *links.CreateInput) { in.Domain = "evil.com" }, want: []string{"domain:unknown-domain"}},
		{name: "end in the past", change: func(in *links.CreateInput) { in.EndsAt = now.Add(-time.Hour) }, want: []string{"endsAt:ends-in-past"}},
		{name: "bad click id param", change: func(in *links.CreateInput) { in.Tracking.ClickIDParam = "utm_id" }, want: []string{"tracking.clickIdParam:invalid"}},
		{name: "bad campaign click id param", change: func(in *links.CreateInput) { in.Campaign.Tracking.ClickIDParam = "a b" }, want: []string{"campaign.tracking.clickIdParam:invalid"}},
		{name: "utm too long", change: func(in *links.CreateInput) { in.Tracking.Content = strings.Repeat("x", 201) }, want: []string{"tracking.content:too-long"}},
	}
	for _, tt := range tests {
		in := valid
		tt.change(&in)
		_, err := svc.Create(ctx, in)
		var verr *links.ValidationError
		if !errors.As(err, &verr) {
			t.Errorf("%s: want a validation error, got %v", tt.name, err)
			continue
		}
		var got []string
		for _, f := range verr.Fields {
			got = append(got, f.Field+":"+f.Code)
		}
		slices.Sort(got)
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
	list, err := svc.List(ctx, "w1", "c1", "")
	if err != nil || len(list) != 0 {
		t.Fatalf("refused input wrote %d links (%v)", len(list), err)
	}
	in := valid
	in.Domain = "GO.brand.com"
	if l, err := svc.Create(ctx, in); err != nil || l.Domain != "go.brand.com" {
		t.Fatalf("custom domain: %+v, %v", l, err)
	}
}

func TestVanitySlugsAreUniquePerDomain(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t, links.WithDomains("hypt.link", "go.brand.com"))
	ctx := context.Background()
	in := links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/", Slug: "summer"}
	if _, err := svc.Create(ctx, in); err != nil {
		t.Fatal(err)
	}
	in.WorkspaceID = "w2"
	if _, err := svc.Create(ctx, in); !errors.Is(err, links.ErrTaken) {
		t.Fatalf("same slug on the same domain: want ErrTaken, got %v", err)
	}
	in.Domain = "go.brand.com"
	if _, err := svc.Create(ctx, in); err != nil {
		t.Fatalf("same slug on another domain: %v", err)
	}
}

// repeatReader yields the same bytes again and again: every code it makes is the same.
type repeatReader struct{ b byte }

func (r repeatReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.b
	}
	return len(p), nil
}

func TestGeneratedCodeCollisionsAreRetried(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	in := links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/"}
	stuck := links.NewService(table, links.WithRandom(repeatReader{7}))
	first, err := stuck.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stuck.Create(ctx, in); !errors.Is(err, links.ErrTaken) {
		t.Fatalf("randomness that always collides: want ErrTaken after retries, got %v", err)
	}
	// The first draw collides with the existing code, the second is new.
	seq := bytes.NewReader(append(bytes.Repeat([]byte{7}, 15), bytes.Repeat([]byte{9}, 15)...))
	second, err := links.NewService(table, links.WithRandom(seq)).Create(ctx, in)
	if err != nil || second.Code == first.Code {
		t.Fatalf("retry after a collision: %+v, %v", second, err)
	}
}

func TestUpdateDisableEndAndArchive(t *testing.T) {
	t.Parallel()
	svc, now := newService(t)
	ctx := context.Background()
	l, err := svc.Create(ctx, links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/a"})
	if err != nil {
		t.Fatal(err)
	}
	dest, yes, end := "https://brand.example.com/b", true, now.Add(48*time.Hour)
	got, err := svc.Update(ctx, "w1", l.Ref(), links.UpdateInput{Destination: &dest, Disabled: &yes, EndsAt: &end})
	if err != nil || got.Destination != dest || !got.Disabled || !got.EndsAt.Equal(end) || got.Version != 2 {
		t.Fatalf("update: %+v, %v", got, err)
	}
	bad := "file:///etc/passwd"
	var verr *links.ValidationError
	if _, err := svc.Update(ctx, "w1", l.Ref(), links.UpdateInput{Destination: &bad}); !errors.As(err, &verr) {
		t.Fatalf("bad destination on update: %v", err)
	}
	if _, err := svc.Update(ctx, "w2", l.Ref(), links.UpdateInput{Disabled: &yes}); !errors.Is(err, links.ErrNotFound) {
		t.Fatalf("another workspace's update: %v", err)
	}
	override := links.Tracking{Content: "bio"}
	if _, err := svc.Update(ctx, "w1", l.Ref(), links.UpdateInput{Tracking: &override}); !errors.As(err, &verr) {
		t.Fatalf("tracking without the campaign: %v", err)
	}
	got, err = svc.Update(ctx, "w1", l.Ref(), links.UpdateInput{Tracking: &override, Campaign: &campaign, EndsAt: &time.Time{}})
	if err != nil || got.Tracking.Content != "bio" || got.Override != override || !got.EndsAt.IsZero() {
		t.Fatalf("tracking override and end removed: %+v, %v", got, err)
	}

	renamed := campaign
	renamed.Slug, renamed.Tracking = "spring-final", links.Tracking{Medium: "creator"}
	if err := svc.RefreshCampaign(ctx, "w1", renamed); err != nil {
		t.Fatal(err)
	}
	got, _ = svc.Get(ctx, "w1", l.Ref())
	if got.CampaignSlug != "spring-final" || got.Tracking.Campaign != "spring-final" || got.Tracking.Medium != "creator" || got.Tracking.Content != "bio" {
		t.Fatalf("after campaign refresh: %+v", got.Tracking)
	}

	archived, err := svc.Archive(ctx, "w1", l.Ref())
	if err != nil || archived.ArchivedAt.IsZero() || archived.Live(*now) {
		t.Fatalf("archive: %+v, %v", archived, err)
	}
	if again, err := svc.Archive(ctx, "w1", l.Ref()); err != nil || !again.ArchivedAt.Equal(archived.ArchivedAt) {
		t.Fatalf("archive twice: %v", err)
	}
	no := false
	if _, err := svc.Update(ctx, "w1", l.Ref(), links.UpdateInput{Disabled: &no}); !errors.As(err, &verr) {
		t.Fatalf("update of an archived link: %v", err)
	}
	if list, _ := svc.List(ctx, "w1", "c1", ""); len(list) != 0 {
		t.Fatalf("archived link still listed: %+v", list)
	}
}

// staleStore answers the first update with ErrStale, as the table does when another
// writer got there first.
type staleStore struct{ links.Store }

func (staleStore) UpdateLink(context.Context, links.Link, int64) error { return links.ErrStale }

func TestConcurrentUpdateIsStale(t *testing.T) {
	t.Parallel()
	table := dynamotest.NewTable(t)
	ctx := context.Background()
	l, err := links.NewService(table).Create(ctx, links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if err := table.UpdateLink(ctx, l, 0); !errors.Is(err, links.ErrStale) {
		t.Fatalf("update with an old version: want ErrStale, got %v", err)
	}
	yes := true
	if _, err := links.NewService(staleStore{table}).Update(ctx, "w1", l.Ref(), links.UpdateInput{Disabled: &yes}); !errors.Is(err, links.ErrStale) {
		t.Fatalf("service: want ErrStale, got %v", err)
	}
}

func TestQRCodes(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t, links.WithPublicBase("http://localhost:8080/"))
	ctx := context.Background()
	l, err := svc.Create(ctx, links.CreateInput{WorkspaceID: "w1", Campaign: campaign, Membership: mia, Destination: "https://brand.example.com/"})
	if err != nil {
		t.Fatal(err)
	}
	if got := svc.URL(l); got != "http://localhost:8080/"+l.Code {
		t.Fatalf("URL %q", got)
	}
	img, ctype, err := svc.QRCode(ctx, "w1", l.Ref(), links.QRPNG, 256)
	if err != nil || ctype != "image/png" {
		t.Fatalf("png: %s %v", ctype, err)
	}
	decoded, err := png.Decode(bytes.NewReader(img))
	if err != nil || decoded.Bounds().Dx() != 256 {
		t.Fatalf("png does not decode to 256 px: %v", err)
	}
	svg, ctype, err := svc.QRCode(ctx, "w1", l.Ref(), links.QRSVG, 0)
	if err != nil || ctype != "image/svg+xml" || !bytes.HasPrefix(svg, []byte("<svg")) || !bytes.Contains(svg, []byte(`<path fill="#000" d="M`)) {
		t.Fatalf("svg: %s %v %.80s", ctype, err, svg)
	}
	if _, _, err := svc.QRCode(ctx, "w1", l.Ref(), "gif", 0); err == nil {
		t.Fatal("gif accepted")
	}
	if _, _, err := svc.QRCode(ctx, "w2", l.Ref(), links.QRSVG, 0); !errors.Is(err, links.ErrNotFound) {
		t.Fatalf("another workspace's QR: %v", err)
	}
}
