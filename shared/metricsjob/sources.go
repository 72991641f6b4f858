package metricsjob

import (
	"fmt"
	"net/http"
	"time"

	"github.com/hypetrack/hypetrack/shared/metricspull"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/social/instagram"
	"github.com/hypetrack/hypetrack/shared/social/replay"
	"github.com/hypetrack/hypetrack/shared/social/tiktok"
	"github.com/hypetrack/hypetrack/shared/social/youtube"
)

// Providers builds a provider from a credential. The job opens credentials and asks for
// one provider per credential and run page.
type Providers interface {
	// YouTube reads with a workspace's API key, spending at most budget quota units.
	YouTube(apiKey string, budget int, now func() time.Time) (social.Provider, error)
	// TikTok reads with a creator's access token; openID is the token's owner.
	TikTok(token, openID string, now func() time.Time) (social.Provider, error)
	// Instagram reads with an access token acting as the account accountID.
	Instagram(token, accountID string, now func() time.Time) (social.Provider, error)
}

// quotaUser is a provider that counts the quota units it spent (the YouTube client).
type quotaUser interface{ QuotaUsed() int }

// Live builds the real platform clients.
type Live struct {
	// HTTP is shared by every client, so connections to a platform are reused across
	// sources; nil gives each client its own default.
	HTTP *http.Client
	// BaseURLs points a platform at another endpoint (tests, the benchmark); empty uses
	// the platform's own.
	BaseURLs map[social.Platform]string
}

var _ Providers = Live{}

// NewLive returns the real clients sharing one HTTP client, so a run reuses its
// connections to each platform across every creator's source instead of opening (and
// TLS-handshaking) new ones per source.
func NewLive() Live {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 64
	return Live{HTTP: &http.Client{Transport: t, Timeout: 20 * time.Second}}
}

// YouTube returns the YouTube Data API client.
func (l Live) YouTube(apiKey string, budget int, now func() time.Time) (social.Provider, error) {
	opts := []youtube.Option{youtube.WithQuotaBudget(budget), youtube.WithClock(now)}
	if u := l.BaseURLs[social.YouTube]; u != "" {
		opts = append(opts, youtube.WithBaseURL(u))
	}
	if l.HTTP != nil {
		opts = append(opts, youtube.WithHTTPClient(l.HTTP))
	}
	return youtube.New(apiKey, opts...), nil
}

// TikTok returns the TikTok Display API client.
func (l Live) TikTok(token, _ string, now func() time.Time) (social.Provider, error) {
	opts := []tiktok.Option{tiktok.WithClock(now)}
	if u := l.BaseURLs[social.TikTok]; u != "" {
		opts = append(opts, tiktok.WithBaseURL(u))
	}
	if l.HTTP != nil {
		opts = append(opts, tiktok.WithHTTPClient(l.HTTP))
	}
	return tiktok.New(token, opts...), nil
}

// Instagram returns the Instagram Graph API client.
func (l Live) Instagram(token, accountID string, now func() time.Time) (social.Provider, error) {
	opts := []instagram.Option{instagram.WithUserID(accountID), instagram.WithClock(now)}
	if u := l.BaseURLs[social.Instagram]; u != "" {
		opts = append(opts, instagram.WithBaseURL(u))
	}
	if l.HTTP != nil {
		opts = append(opts, instagram.WithHTTPClient(l.HTTP))
	}
	return instagram.New(token, opts...), nil
}

// Replay builds replay providers: SIMULATED data from recordings, for the local stack and
// the demo. Credentials are checked and opened as in the cloud, then ignored; every
// snapshot the job stores from them says simulated.
type Replay struct {
	// Options are passed to replay.New; Account and Now are set per provider.
	Options replay.Options
}

var _ Providers = Replay{}

// YouTube returns the replayed YouTube client.
func (r Replay) YouTube(_ string, _ int, now func() time.Time) (social.Provider, error) {
	return r.new(social.YouTube, "", now)
}

// TikTok returns the replayed TikTok client for the creator openID.
func (r Replay) TikTok(_, openID string, now func() time.Time) (social.Provider, error) {
	return r.new(social.TikTok, openID, now)
}

// Instagram returns the replayed Instagram client acting as accountID.
func (r Replay) Instagram(_, accountID string, now func() time.Time) (social.Provider, error) {
	return r.new(social.Instagram, accountID, now)
}

func (r Replay) new(p social.Platform, account string, now func() time.Time) (social.Provider, error) {
	opts := r.Options
	opts.Account = account
	if opts.Now == nil {
		opts.Now = now
	}
	prov, err := replay.New(p, opts)
	if err != nil {
		return nil, fmt.Errorf("replay %s: %w", p, err)
	}
	return prov, nil
}

// DefaultRates are the token buckets of one unit of work. TikTok's 600 requests a minute
// per endpoint hold for the app, so they are split over the shards that may run at once;
// Instagram's limits are per account and YouTube's binding limit is its daily quota.
func DefaultRates(shards int) map[string]metricspull.Rate {
	shards = max(1, shards)
	return map[string]metricspull.Rate{
		tiktokGroup: {PerSecond: float64(tiktok.RequestsPerMinute) / 60 / float64(shards), Burst: 2},
	}
}

// DefaultSourceRates limit each source of a platform: a YouTube key (its binding limit is
// the daily quota; this only smooths bursts) and an Instagram account, whose Business Use
// Case limits are counted per account.
var DefaultSourceRates = map[social.Platform]metricspull.Rate{
	social.YouTube:   {PerSecond: 20, Burst: 20},
	social.Instagram: {PerSecond: 2, Burst: 10},
}

// tiktokGroup is the rate group every TikTok creator token of the app shares.
const tiktokGroup = "tiktok"
