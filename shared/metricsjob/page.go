package metricsjob

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/disclosure"
	"github.com/hypetrack/hypetrack/shared/metricspull"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// page is a unit's state across its pages: campaigns read once, sources a platform
// rejected stay halted, each profile is pulled once.
type page struct {
	j         *Job
	runAt     time.Time
	campaigns map[string]*campaignInfo
	halted    map[string]string
	profiled  map[string]bool
}

type campaignInfo struct {
	found  bool
	c      campaigns.Campaign
	until  time.Time
	pulled bool
	req    disclosure.Requirement
}

func (j *Job) newPage(runAt time.Time) *page {
	return &page{j: j, runAt: runAt, campaigns: map[string]*campaignInfo{}, halted: map[string]string{}, profiled: map[string]bool{}}
}

func (p *page) campaign(ctx context.Context, ws, id string) (*campaignInfo, error) {
	key := ws + "/" + id
	if ci, ok := p.campaigns[key]; ok {
		return ci, nil
	}
	c, err := p.j.cfg.Store.Campaign(ctx, ws, id)
	ci := &campaignInfo{}
	switch {
	case errors.Is(err, apperr.ErrNotFound):
	case err != nil:
		return nil, fmt.Errorf("read campaign %s: %w", key, err)
	default:
		ci.found, ci.c = true, c
		ci.until, ci.pulled = tracking.Window(c)
		ci.req = tracking.Requirement(c)
	}
	p.campaigns[key] = ci
	return ci, nil
}

// pull pulls one page of index entries and records every outcome.
func (p *page) pull(ctx context.Context, targets []tracking.Target) (Summary, error) {
	st := p.j.cfg.Store
	t := &tally{}
	t.sum.Targets = len(targets)
	live, err := p.live(ctx, targets, t)
	if err != nil {
		return t.summary(), err
	}
	var postTargets, hashtagTargets []tracking.Target
	var refs []tracking.CreatorRef
	seenRef := map[tracking.CreatorRef]bool{}
	workspaces := map[string]bool{}
	for _, tg := range live {
		workspaces[tg.WorkspaceID] = true
		switch tg.Kind {
		case tracking.PostTarget:
			postTargets = append(postTargets, tg)
		case tracking.HashtagTarget:
			hashtagTargets = append(hashtagTargets, tg)
		}
		if ref := (tracking.CreatorRef{WorkspaceID: tg.WorkspaceID, CreatorID: tg.CreatorID}); tg.CreatorID != "" && !seenRef[ref] {
			seenRef[ref] = true
			refs = append(refs, ref)
		}
	}
	posts, err := st.LoadPosts(ctx, postTargets)
	if err != nil {
		return t.summary(), fmt.Errorf("load %d posts: %w", len(postTargets), err)
	}
	hashtags, err := st.LoadHashtags(ctx, hashtagTargets)
	if err != nil {
		return t.summary(), fmt.Errorf("load %d hashtags: %w", len(hashtagTargets), err)
	}
	accounts, err := st.LoadAccounts(ctx, refs)
	if err != nil {
		return t.summary(), fmt.Errorf("load accounts of %d creators: %w", len(refs), err)
	}
	creds, err := st.LoadCredentials(ctx, sortedKeys(workspaces))
	if err != nil {
		return t.summary(), fmt.Errorf("load credentials of %d workspaces: %w", len(workspaces), err)
	}
	w := p.newWork(ctx, accounts, creds, t)
	for _, tg := range live {
		switch tg.Kind {
		case tracking.PostTarget:
			post, ok := posts[tg.Key()]
			if !ok || post.StoppedAt != nil {
				p.retire(ctx, tg, t)
				continue
			}
			w.addPost(post, p.campaigns[tg.WorkspaceID+"/"+tg.CampaignID])
		case tracking.HashtagTarget:
			h, ok := hashtags[tg.Key()]
			if !ok || h.StoppedAt != nil {
				p.retire(ctx, tg, t)
				continue
			}
			w.addHashtag(h)
		case tracking.MemberTarget:
			w.addProfiles(tg.WorkspaceID, tg.CreatorID)
		}
	}
	w.run()
	return t.summary(), nil
}

// live checks each target against its campaign's current window: entries of gone or
// archived campaigns are retired, moved windows rewritten, and only running campaigns'
// entries go on.
func (p *page) live(ctx context.Context, targets []tracking.Target, t *tally) ([]tracking.Target, error) {
	var live []tracking.Target
	for _, tg := range targets {
		ci, err := p.campaign(ctx, tg.WorkspaceID, tg.CampaignID)
		if err != nil {
			return nil, err
		}
		if !ci.found || ci.c.Status == "archived" {
			p.retire(ctx, tg, t)
			continue
		}
		if !ci.until.Equal(tg.Until) {
			if err := p.j.cfg.Store.MoveTarget(ctx, tg, ci.until); err != nil {
				p.j.cfg.Logger.WarnContext(ctx, "move index entry", "target", tg.String(), "err", err)
			}
		}
		if !ci.pulled || p.runAt.After(ci.until) {
			t.add(func(s *Summary) { s.Inactive++ })
			continue
		}
		live = append(live, tg)
	}
	return live, nil
}

func (p *page) retire(ctx context.Context, tg tracking.Target, t *tally) {
	if err := p.j.cfg.Store.RetireTarget(ctx, tg); err != nil {
		p.j.cfg.Logger.WarnContext(ctx, "retire index entry", "target", tg.String(), "err", err)
		return
	}
	t.add(func(s *Summary) { s.Retired++ })
}

// tally counts a page's outcomes from several goroutines.
type tally struct {
	mu  sync.Mutex
	sum Summary
}

func (t *tally) add(f func(*Summary)) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f(&t.sum)
}

func (t *tally) status(s metricspull.Status) {
	t.add(func(sum *Summary) {
		switch s {
		case metricspull.Pulled:
			sum.Pulled++
		case metricspull.Failed:
			sum.Failed++
		case metricspull.Skipped:
			sum.Skipped++
		case metricspull.Deferred:
			sum.Deferred++
		}
	})
}

func (t *tally) summary() Summary {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sum
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// pacificDay is the YouTube quota day a time falls in: quotas reset at midnight Pacific.
func pacificDay(t time.Time) string {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		loc = time.FixedZone("PST", -8*3600)
	}
	return t.In(loc).Format(time.DateOnly)
}

// platformName is how a reason names a platform to a marketer.
func platformName(p social.Platform) string {
	switch p {
	case social.YouTube:
		return "YouTube"
	case social.TikTok:
		return "TikTok"
	case social.Instagram:
		return "Instagram"
	}
	return string(p)
}
