package metricsjob_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/metricsjob"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// BenchmarkJob measures items pulled per second through the whole job: the index read,
// the item and credential reads, the real clients against fake platforms answering after
// 100 ms, and every DynamoDB Local write (latest values, snapshot, profile, roster), with
// the default concurrency (16 calls and 16 writers per unit, 4 units at once). Platform
// rate limits are off: they are a ceiling of their own, in docs/social-metrics.md. One
// iteration is one scheduled run.
func BenchmarkJob(b *testing.B) {
	cases := []struct {
		name                   string
		youtube, tiktok, insta int
		postsPerCreator        int
	}{
		{name: "mixed/3000posts", youtube: 1800, tiktok: 1000, insta: 200, postsPerCreator: 20},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			e := newEnv(b, 100*time.Millisecond, func(c *metricsjob.Config) { c.Now = time.Now })
			camp := e.campaign("active", "2099-12-31")
			e.credential("youtube", tracking.CredentialInput{APIKey: ytKey, DailyQuota: 1_000_000})
			seed(b, e, camp, "youtube", bc.youtube, bc.postsPerCreator)
			seed(b, e, camp, "tiktok", bc.tiktok, bc.postsPerCreator)
			seed(b, e, camp, "instagram", bc.insta, bc.postsPerCreator)
			b.ReportAllocs()
			pulled, runs := 0, 0
			for b.Loop() {
				at := firstRun.Add(time.Duration(runs) * time.Hour)
				sum, err := e.job.Handle(e.ctx, scheduled(at))
				if err != nil {
					b.Fatal(err)
				}
				if sum.Failed+sum.Skipped+sum.Deferred+sum.StoreErrors > 0 {
					b.Fatalf("run %d: %+v", runs, sum)
				}
				pulled += sum.Pulled
				runs++
			}
			b.ReportMetric(float64(pulled)/b.Elapsed().Seconds(), "items/s")
			b.ReportMetric(float64(pulled)/float64(runs), "items/run")
		})
	}
}

// seed tracks n posts of platform for creators with perCreator posts each, every creator
// connected on that platform.
func seed(b *testing.B, e *env, camp campaigns.Campaign, platform string, n, perCreator int) {
	b.Helper()
	var wg sync.WaitGroup
	sem := make(chan struct{}, 8)
	for c := 0; c*perCreator < n; c++ {
		cr := e.creator(fmt.Sprintf("%s creator %d", platform, c), map[string]string{platform: fmt.Sprintf("%s%d", platform, c)}, 10_000)
		m := e.member(camp, cr)
		switch platform {
		case "youtube":
			e.connect(cr, platform, fmt.Sprintf("UCbench%017d", c), "")
		case "tiktok":
			e.connect(cr, platform, fmt.Sprintf("open-id-%08d", c), fmt.Sprintf("tok-open-id-%08d", c))
		case "instagram":
			e.connect(cr, platform, fmt.Sprintf("1784%011d", c), fmt.Sprintf("IGQVJbench-token-%08d", c))
		}
		for i := range min(perCreator, n-c*perCreator) {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				e.track(camp, m, platform, benchID(platform, c, i))
			})
		}
	}
	wg.Wait()
}

func benchID(platform string, c, i int) string {
	switch platform {
	case "youtube":
		return fmt.Sprintf("yb%04d%05d", c, i)
	case "tiktok":
		return fmt.Sprintf("73%08d%09d", c, i)
	}
	return fmt.Sprintf("1790%06d%06d", c, i)
}
