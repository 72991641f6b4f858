package metricsjob

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hypetrack/hypetrack/shared/apperr"
	"github.com/hypetrack/hypetrack/shared/disclosure"
	"github.com/hypetrack/hypetrack/shared/metricspull"
	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/tracking"
)

// work is one page turned into provider tasks, with the way back from each task's
// outcome to the items it updates.
type work struct {
	p     *page
	ctx   context.Context
	tally *tally

	accounts map[string]*tracking.Account
	creds    map[string]*tracking.Credential

	sources map[string]*source
	tasks   []metricspull.Task
	items   map[taskKey][]item

	// writes run the store writes of outcomes on Writers goroutines.
	writes chan func()

	mu sync.Mutex
	// touched are the creators whose profiles were pulled, for the roster refresh.
	touched map[tracking.CreatorRef]bool
}

type taskKey struct {
	source string
	kind   metricspull.Kind
	id     string
}

// item is what an outcome updates: a post, a profile (account) or a hashtag.
type item struct {
	post    *postWork
	account *tracking.Account
	hashtag *tracking.Hashtag
}

type postWork struct {
	post      tracking.Post
	req       disclosure.Requirement
	followers social.Count
}

// source is one credential's provider, or why there is none.
type source struct {
	name     string
	provider social.Provider
	// group is the rate group; limited says it takes its platform's SourceRates.
	group    string
	platform social.Platform
	limited  bool
	// skip or deferral, when the source cannot be called in this run.
	status metricspull.Status
	reason string
	// account or cred is the credential, for recording a rejection.
	account *tracking.Account
	cred    *tracking.Credential
	// ws and day locate a YouTube key's quota record.
	ws, day  string
	resetAt  time.Time
	rejected sync.Once
}

func accountKey(ws, creator string, p social.Platform) string {
	return ws + "/" + creator + "/" + string(p)
}

func (p *page) newWork(ctx context.Context, accounts []tracking.Account, creds []tracking.Credential, t *tally) *work {
	w := &work{p: p, ctx: ctx, tally: t, accounts: map[string]*tracking.Account{}, creds: map[string]*tracking.Credential{},
		sources: map[string]*source{}, items: map[taskKey][]item{}, touched: map[tracking.CreatorRef]bool{}}
	for i := range accounts {
		a := &accounts[i]
		w.accounts[accountKey(a.WorkspaceID, a.CreatorID, a.Platform)] = a
	}
	for i := range creds {
		c := &creds[i]
		w.creds[c.WorkspaceID+"/"+string(c.Platform)] = c
	}
	return w
}

// addPost plans the pull of a tracked post, or settles it at once when it cannot be
// pulled in this run.
func (w *work) addPost(post tracking.Post, ci *campaignInfo) {
	pw := &postWork{post: post, req: ci.req}
	if a := w.accounts[accountKey(post.WorkspaceID, post.CreatorID, post.Platform)]; a != nil && a.Latest != nil {
		if a.Latest.Followers != nil {
			pw.followers = social.Known(*a.Latest.Followers)
		}
	}
	if post.Pull.Waiting(w.p.runAt) {
		w.settle(item{post: pw}, metricspull.Skipped, fmt.Sprintf("failed %d runs in a row; next try after %s",
			post.Pull.Failures, post.Pull.RetryAt.Format(time.RFC3339)))
		return
	}
	var src *source
	switch post.Platform {
	case social.YouTube:
		src = w.youtube(post.WorkspaceID)
	default:
		src = w.creatorSource(post.WorkspaceID, post.CreatorID, post.Platform)
	}
	w.plan(src, metricspull.PostTask, post.PostID, item{post: pw})
}

// addProfiles plans the pull of a creator's profile on every platform they connected,
// once per unit.
func (w *work) addProfiles(ws, creator string) {
	for _, platform := range tracking.Platforms {
		key := accountKey(ws, creator, social.Platform(platform))
		a := w.accounts[key]
		if a == nil || w.p.profiled[key] {
			continue
		}
		w.p.profiled[key] = true
		id := a.AccountID
		var src *source
		switch a.Platform {
		case social.YouTube:
			src = w.youtube(ws)
		case social.Instagram:
			id = a.Username
			src = w.creatorSource(ws, creator, a.Platform)
		default:
			src = w.creatorSource(ws, creator, a.Platform)
		}
		if id == "" {
			w.settle(item{account: a}, metricspull.Skipped, "the account names no "+platformName(a.Platform)+" username to look up")
			continue
		}
		w.plan(src, metricspull.ProfileTask, id, item{account: a})
	}
}

// addHashtag plans the pull of a tracked hashtag with the workspace's account.
func (w *work) addHashtag(h tracking.Hashtag) {
	src := w.workspaceSource(h.WorkspaceID, h.Platform)
	if src.status == 0 {
		if _, ok := src.provider.(social.HashtagReader); !ok {
			src = &source{name: src.name, status: metricspull.Skipped, reason: platformName(h.Platform) + " hashtags cannot be read"}
		}
	}
	w.plan(src, metricspull.HashtagTask, h.Tag[1:], item{hashtag: &h})
}

// plan adds a task for it on src, or settles it with the reason src cannot be called.
func (w *work) plan(src *source, kind metricspull.Kind, id string, it item) {
	if reason, halted := w.p.halted[src.name]; halted {
		w.settle(it, metricspull.Skipped, reason)
		return
	}
	if src.status != 0 {
		w.settle(it, src.status, src.reason)
		return
	}
	k := taskKey{source: src.name, kind: kind, id: id}
	if _, ok := w.items[k]; !ok {
		w.tasks = append(w.tasks, metricspull.Task{Source: src.name, Kind: kind, ID: id})
	}
	w.items[k] = append(w.items[k], it)
}

// youtube is the workspace's YouTube source: its API key, within what is left of the
// day's quota.
func (w *work) youtube(ws string) *source {
	name := "youtube/" + ws
	if s, ok := w.sources[name]; ok {
		return s
	}
	s := &source{name: name, group: name, platform: social.YouTube, limited: true, ws: ws, day: pacificDay(w.p.runAt)}
	w.sources[name] = s
	c := w.creds[ws+"/"+string(social.YouTube)]
	switch {
	case c == nil:
		s.status, s.reason = metricspull.Skipped, "no YouTube API key is set for the workspace"
		return s
	case c.Status == tracking.StatusUnauthorized:
		s.status, s.reason = metricspull.Skipped, "YouTube rejected the workspace's API key; set a new one"
		return s
	}
	s.cred = c
	q, err := w.p.j.cfg.Store.Quota(w.ctx, ws, social.YouTube, s.day)
	if err != nil {
		s.status, s.reason = metricspull.Deferred, "the YouTube quota record could not be read"
		w.p.j.cfg.Logger.WarnContext(w.ctx, "read quota", "workspace", ws, "err", err)
		return s
	}
	now := w.p.j.cfg.Now()
	budget := max(c.DailyQuota, 1) - q.Used
	switch {
	case q.ExhaustedUntil != nil && now.Before(*q.ExhaustedUntil):
		s.status, s.reason = metricspull.Deferred, "the YouTube quota is spent until "+q.ExhaustedUntil.UTC().Format(time.RFC3339)
		return s
	case budget <= 0:
		s.status, s.reason = metricspull.Deferred, fmt.Sprintf("today's %d YouTube quota units are spent", c.DailyQuota)
		return s
	}
	key, err := w.p.j.cfg.Sealer.Open(w.ctx, c.SealedSecret, c.SealContext())
	if err != nil {
		s.status, s.reason = metricspull.Skipped, "the workspace's YouTube API key could not be opened"
		w.p.j.cfg.Logger.ErrorContext(w.ctx, "open credential", "workspace", ws, "platform", "youtube", "err", err)
		return s
	}
	s.provider, err = w.p.j.cfg.Providers.YouTube(string(key), budget, w.p.j.cfg.Now)
	if err != nil {
		s.status, s.reason = metricspull.Skipped, "the YouTube client could not be built"
		w.p.j.cfg.Logger.ErrorContext(w.ctx, "build provider", "source", name, "err", err)
	}
	return s
}

// creatorSource is a creator's own authorisation on a platform.
func (w *work) creatorSource(ws, creator string, platform social.Platform) *source {
	name := string(platform) + "/" + ws + "/" + creator
	if s, ok := w.sources[name]; ok {
		return s
	}
	s := &source{name: name, group: name, platform: platform, limited: true}
	if platform == social.TikTok {
		s.group, s.limited = tiktokGroup, false
	}
	w.sources[name] = s
	a := w.accounts[accountKey(ws, creator, platform)]
	switch {
	case a == nil || len(a.SealedToken) == 0:
		s.status, s.reason = metricspull.Skipped, "the creator has not connected their "+platformName(platform)+" account"
		return s
	case a.Status == tracking.StatusUnauthorized:
		s.status, s.reason = metricspull.Skipped, platformName(platform)+" rejected the creator's authorisation; connect the account again"
		return s
	}
	s.account = a
	token, err := w.p.j.cfg.Sealer.Open(w.ctx, a.SealedToken, a.SealContext())
	if err != nil {
		s.status, s.reason = metricspull.Skipped, "the creator's "+platformName(platform)+" token could not be opened"
		w.p.j.cfg.Logger.ErrorContext(w.ctx, "open credential", "source", name, "err", err)
		return s
	}
	if platform == social.TikTok {
		s.provider, err = w.p.j.cfg.Providers.TikTok(string(token), a.AccountID, w.p.j.cfg.Now)
	} else {
		s.provider, err = w.p.j.cfg.Providers.Instagram(string(token), a.AccountID, w.p.j.cfg.Now)
	}
	if err != nil {
		s.status, s.reason = metricspull.Skipped, "the "+platformName(platform)+" client could not be built"
		w.p.j.cfg.Logger.ErrorContext(w.ctx, "build provider", "source", name, "err", err)
	}
	return s
}

// workspaceSource is a workspace's own account on a platform (Instagram hashtags).
func (w *work) workspaceSource(ws string, platform social.Platform) *source {
	name := string(platform) + "/" + ws
	if s, ok := w.sources[name]; ok {
		return s
	}
	s := &source{name: name, group: name, platform: platform, limited: true}
	w.sources[name] = s
	c := w.creds[ws+"/"+string(platform)]
	switch {
	case c == nil:
		s.status, s.reason = metricspull.Skipped, "no "+platformName(platform)+" account is set for the workspace"
		return s
	case c.Status == tracking.StatusUnauthorized:
		s.status, s.reason = metricspull.Skipped, platformName(platform)+" rejected the workspace's token; set a new one"
		return s
	}
	s.cred = c
	token, err := w.p.j.cfg.Sealer.Open(w.ctx, c.SealedSecret, c.SealContext())
	if err == nil {
		s.provider, err = w.p.j.cfg.Providers.Instagram(string(token), c.AccountID, w.p.j.cfg.Now)
	}
	if err != nil {
		s.status, s.reason = metricspull.Skipped, "the workspace's "+platformName(platform)+" account could not be used"
		w.p.j.cfg.Logger.ErrorContext(w.ctx, "open credential", "source", name, "err", err)
	}
	return s
}

// settle records an item that is not pulled in this run.
func (w *work) settle(it item, status metricspull.Status, reason string) {
	w.tally.status(status)
	w.write(func() {
		w.record(it, metricspull.Outcome{Status: status, Err: errors.New(reason), At: w.p.j.cfg.Now()})
	})
}

func (w *work) write(f func()) {
	if w.writes == nil {
		f()
		return
	}
	w.writes <- f
}

// run pulls the planned tasks, records every outcome as it arrives, then adds up quota
// and refreshes the roster figures of creators whose profiles were pulled.
func (w *work) run() {
	cfg := w.p.j.cfg
	w.writes = make(chan func(), cfg.Writers*4)
	var writers sync.WaitGroup
	for range cfg.Writers {
		writers.Go(func() {
			for f := range w.writes {
				f()
			}
		})
	}
	defer func() {
		close(w.writes)
		writers.Wait()
		w.writes = nil
		w.afterPull()
	}()
	if len(w.tasks) == 0 {
		return
	}
	pc := cfg.Puller
	pc.Sources = map[string]metricspull.Source{}
	pc.Rates = map[string]metricspull.Rate{}
	for group, r := range cfg.Rates {
		pc.Rates[group] = r
	}
	for name, s := range w.sources {
		if s.status != 0 {
			continue
		}
		pc.Sources[name] = metricspull.Source{Provider: s.provider, RateGroup: s.group}
		if r, ok := cfg.SourceRates[s.platform]; ok && s.limited {
			pc.Rates[s.group] = r
		}
	}
	pc.Concurrency = cfg.Concurrency
	pc.Logger = cfg.Logger
	puller, err := metricspull.New(pc)
	if err != nil {
		cfg.Logger.ErrorContext(w.ctx, "build puller", "err", err)
		for k, its := range w.items {
			for _, it := range its {
				w.tally.status(metricspull.Skipped)
				w.write(func() {
					w.record(it, metricspull.Outcome{Task: metricspull.Task{Source: k.source}, Status: metricspull.Skipped, Err: err})
				})
			}
		}
		return
	}
	pullCtx, cancel := w.p.j.pullContext(w.ctx)
	defer cancel()
	sum := puller.Run(pullCtx, w.tasks, func(o metricspull.Outcome) {
		k := taskKey{source: o.Task.Source, kind: o.Task.Kind, id: o.Task.ID}
		w.noteSource(o)
		for _, it := range w.items[k] {
			w.tally.status(o.Status)
			w.write(func() { w.record(it, o) })
		}
	})
	w.tally.add(func(s *Summary) { s.addPull(sum) })
}

// noteSource remembers what an outcome says about its source: a rejected credential is
// recorded (once) and halts the source for the rest of the unit; a spent quota is
// remembered with its reset time.
func (w *work) noteSource(o metricspull.Outcome) {
	s := w.sources[o.Task.Source]
	if s == nil || o.Err == nil {
		return
	}
	switch social.KindOf(o.Err) {
	case social.KindUnauthorized:
		s.rejected.Do(func() {
			reason := tracking.Reason(o.Err)
			w.mu.Lock()
			w.p.halted[s.name] = platformName(s.platform) + " rejected the credential: " + reason
			w.mu.Unlock()
			w.write(func() { w.recordRejected(s, reason) })
		})
	case social.KindQuotaExhausted:
		var e *social.Error
		if errors.As(o.Err, &e) && !e.ResetAt.IsZero() {
			w.mu.Lock()
			s.resetAt = e.ResetAt
			w.mu.Unlock()
		}
	}
}

func (w *work) recordRejected(s *source, reason string) {
	now := w.p.runAt
	var err error
	switch {
	case s.account != nil:
		err = w.p.j.cfg.Store.SetAccountStatus(w.ctx, *s.account, tracking.StatusUnauthorized, reason, now)
	case s.cred != nil:
		err = w.p.j.cfg.Store.SetCredentialStatus(w.ctx, *s.cred, tracking.StatusUnauthorized, reason, now)
	}
	if err != nil {
		w.storeError("record rejected credential", s.name, err)
	}
}

// record stores one item's outcome.
func (w *work) record(it item, o metricspull.Outcome) {
	switch {
	case it.post != nil:
		w.recordPost(it.post, o)
	case it.account != nil:
		w.recordProfile(it.account, o)
	case it.hashtag != nil:
		w.recordHashtag(it.hashtag, o)
	}
}

func (w *work) recordPost(pw *postWork, o metricspull.Outcome) {
	st, runAt := w.p.j.cfg.Store, w.p.runAt
	post := pw.post
	if o.Status != metricspull.Pulled {
		next := tracking.Attempted(post.Pull, o.Status.String(), tracking.Reason(o.Err), runAt)
		if triedThisRun(post.Pull, runAt) || !post.Pull.Changed(next) {
			return
		}
		if err := st.SetPostPull(w.ctx, post, next); err != nil {
			w.storeError("record post attempt", post.Key(), err)
		}
		return
	}
	u := tracking.ApplyPost(post, o.Post, runAt, o.At.UTC(), pw.req, pw.followers)
	// The latest values first: if the snapshot write is lost, a retried run still adds it,
	// and its condition keeps the latest values from being applied twice.
	if u.Fresh {
		if err := st.SavePost(w.ctx, post, u); err != nil {
			w.storeError("save post", post.Key(), err)
			return
		}
	}
	added, err := st.PutPostSnapshot(w.ctx, post, u.Snapshot)
	switch {
	case err != nil:
		w.storeError("add post snapshot", post.Key(), err)
	case !added:
		w.tally.add(func(s *Summary) { s.Duplicates++ })
	}
}

func (w *work) recordProfile(a *tracking.Account, o metricspull.Outcome) {
	if o.Status != metricspull.Pulled {
		return
	}
	st := w.p.j.cfg.Store
	w.mu.Lock()
	snap, fresh := tracking.ApplyProfile(*a, o.Profile, w.p.runAt, o.At.UTC())
	cur := *a
	if fresh {
		a.Latest = &snap
	}
	w.touched[tracking.CreatorRef{WorkspaceID: a.WorkspaceID, CreatorID: a.CreatorID}] = true
	w.mu.Unlock()
	if fresh {
		if err := st.SaveProfile(w.ctx, cur, snap); err != nil {
			w.storeError("save profile", accountKey(a.WorkspaceID, a.CreatorID, a.Platform), err)
			return
		}
	}
	added, err := st.PutProfileSnapshot(w.ctx, cur, snap)
	switch {
	case err != nil:
		w.storeError("add profile snapshot", accountKey(a.WorkspaceID, a.CreatorID, a.Platform), err)
	case !added:
		w.tally.add(func(s *Summary) { s.Duplicates++ })
	}
}

func (w *work) recordHashtag(h *tracking.Hashtag, o metricspull.Outcome) {
	st, runAt := w.p.j.cfg.Store, w.p.runAt
	if o.Status != metricspull.Pulled {
		next := tracking.Attempted(h.Pull, o.Status.String(), tracking.Reason(o.Err), runAt)
		if triedThisRun(h.Pull, runAt) || !h.Pull.Changed(next) {
			return
		}
		if err := st.SetHashtagPull(w.ctx, *h, next); err != nil {
			w.storeError("record hashtag attempt", h.Key(), err)
		}
		return
	}
	u := tracking.ApplyHashtag(*h, o.Hashtag, runAt, o.At.UTC())
	if u.Fresh {
		if err := st.SaveHashtag(w.ctx, *h, u); err != nil {
			w.storeError("save hashtag", h.Key(), err)
			return
		}
	}
	added, err := st.PutHashtagSnapshot(w.ctx, *h, u.Snapshot)
	switch {
	case err != nil:
		w.storeError("add hashtag snapshot", h.Key(), err)
	case !added:
		w.tally.add(func(s *Summary) { s.Duplicates++ })
	}
}

// triedThisRun reports whether a retried run finds its own attempt recorded already.
func triedThisRun(s tracking.PullState, runAt time.Time) bool {
	return s.At != nil && !s.At.Before(runAt)
}

func (w *work) storeError(what, key string, err error) {
	w.tally.add(func(s *Summary) { s.StoreErrors++ })
	w.p.j.cfg.Logger.WarnContext(w.ctx, "metrics store write failed", "what", what, "item", key, "err", err)
}

// afterPull adds the YouTube units spent to each key's day, and refreshes the roster
// figures of creators whose profiles were pulled.
func (w *work) afterPull() {
	st := w.p.j.cfg.Store
	for _, s := range w.sources {
		if s.cred == nil || s.day == "" || s.provider == nil {
			continue
		}
		used := 0
		if q, ok := s.provider.(quotaUser); ok {
			used = q.QuotaUsed()
		}
		var until *time.Time
		if !s.resetAt.IsZero() {
			until = &s.resetAt
		}
		if used == 0 && until == nil {
			continue
		}
		if err := st.AddQuota(w.ctx, s.ws, social.YouTube, s.day, used, until); err != nil {
			w.storeError("add quota", s.name, err)
		}
	}
	for ref := range w.touched {
		var list []tracking.Account
		for _, p := range tracking.Platforms {
			if a := w.accounts[accountKey(ref.WorkspaceID, ref.CreatorID, social.Platform(p))]; a != nil {
				list = append(list, *a)
			}
		}
		updated, err := w.refreshRoster(ref, list)
		if err != nil {
			w.storeError("refresh roster figures", ref.WorkspaceID+"/"+ref.CreatorID, err)
			continue
		}
		if updated {
			w.tally.add(func(s *Summary) { s.RosterUpdates++ })
		}
	}
}

// refreshRoster writes a creator's measured figures through the creators store, which
// keeps the roster summary (tiers, search) in step; a concurrent edit is read again.
func (w *work) refreshRoster(ref tracking.CreatorRef, accounts []tracking.Account) (bool, error) {
	st := w.p.j.cfg.Store
	for range 3 {
		c, err := st.Creator(w.ctx, ref.WorkspaceID, ref.CreatorID)
		if errors.Is(err, apperr.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if c.Archived {
			return false, nil
		}
		f := tracking.RosterFigures(c.Handles, accounts)
		followers, avgViews, engagement, changed := f.Refresh(c.Followers, c.AvgViews, c.EngagementRate)
		if !changed {
			return false, nil
		}
		c.Followers, c.AvgViews, c.EngagementRate = followers, avgViews, engagement
		c.Updated, c.Version = w.p.j.cfg.Now().UTC(), c.Version+1
		err = st.UpdateCreator(w.ctx, c)
		if errors.Is(err, apperr.ErrStale) {
			continue
		}
		return err == nil, err
	}
	return false, fmt.Errorf("creator %s changed three times while its figures were refreshed: %w", ref.CreatorID, apperr.ErrStale)
}
