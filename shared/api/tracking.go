package api

import (
	"context"
	"net/http"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/hypetrack/hypetrack/shared/campaigns"
	"github.com/hypetrack/hypetrack/shared/system"
	"github.com/hypetrack/hypetrack/shared/tracking"
	"github.com/hypetrack/hypetrack/shared/workspaces"
)

func (a *API) trackingOps() {
	a.ops[system.RouteCampaignPosts] = operation{role: workspaces.Viewer, run: a.listCampaignPosts}
	a.ops[system.RouteMemberPosts] = operation{role: workspaces.Viewer, run: a.listMemberPosts}
	a.ops[system.RoutePostTrack] = operation{role: workspaces.Editor, run: a.trackPost}
	a.ops[system.RoutePost] = operation{role: workspaces.Viewer, run: a.getPost}
	a.ops[system.RoutePostStop] = operation{role: workspaces.Editor, run: a.stopPost}
	a.ops[system.RoutePostSnapshots] = operation{role: workspaces.Viewer, run: a.postSnapshots}
	a.ops[system.RouteHashtags] = operation{role: workspaces.Viewer, run: a.listHashtags}
	a.ops[system.RouteHashtagTrack] = operation{role: workspaces.Editor, run: a.trackHashtag}
	a.ops[system.RouteHashtagStop] = operation{role: workspaces.Editor, run: a.stopHashtag}
	a.ops[system.RouteHashtagSnapshots] = operation{role: workspaces.Viewer, run: a.hashtagSnapshots}
}

// postView is a tracked post as the API shows it, with whether the job pulls it now.
type postView struct {
	tracking.Post
	// Tracking is "pulling", "waiting" (the campaign is a draft), "ended" (past the
	// campaign's window or archived) or "stopped".
	Tracking string `json:"tracking"`
}

// trackingState says what the job does with a campaign's items at now.
func trackingState(c campaigns.Campaign, stopped bool, now time.Time) string {
	until, pulled := tracking.Window(c)
	switch {
	case stopped:
		return "stopped"
	case c.Status == "archived" || now.After(until):
		return "ended"
	case !pulled:
		return "waiting"
	}
	return "pulling"
}

func viewPosts(c campaigns.Campaign, posts []tracking.Post) []postView {
	now := time.Now()
	out := make([]postView, len(posts))
	for i, p := range posts {
		out[i] = postView{Post: p, Tracking: trackingState(c, p.StoppedAt != nil, now)}
	}
	return out
}

// listCampaignPosts lists a campaign's tracked posts with their latest figures and
// disclosure; ?creator=<id> narrows it to one creator, ?stopped=include adds stopped ones.
func (a *API) listCampaignPosts(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	q := c.req.QueryStringParameters
	posts, err := a.svc.Tracking.Posts(ctx, c.ws(), camp.ID, q["creator"], q["stopped"] == "include")
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[postView]{Items: viewPosts(camp, posts)}, 0), nil
}

func (a *API) listMemberPosts(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	posts, err := a.svc.Tracking.Posts(ctx, c.ws(), camp.ID, m.CreatorID, c.req.QueryStringParameters["stopped"] == "include")
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[postView]{Items: viewPosts(camp, posts)}, 0), nil
}

func (a *API) trackPost(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in tracking.PostInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	m, err := a.member(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	p, err := a.svc.Tracking.TrackPost(ctx, camp, m, in, c.who.Email)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, viewPosts(camp, []tracking.Post{p})[0], 0), nil
}

// post loads the campaign and the tracked post the path names.
func (a *API) post(ctx context.Context, c *call) (campaigns.Campaign, tracking.Post, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return campaigns.Campaign{}, tracking.Post{}, err
	}
	p, err := a.svc.Tracking.Post(ctx, c.ws(), camp.ID, c.param("creator"), c.param("post"))
	return camp, p, err
}

func (a *API) getPost(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, p, err := a.post(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, viewPosts(camp, []tracking.Post{p})[0], 0), nil
}

func (a *API) stopPost(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, p, err := a.post(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	p, err = a.svc.Tracking.StopPost(ctx, p)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, viewPosts(camp, []tracking.Post{p})[0], 0), nil
}

// postSnapshots returns a post's time series, oldest first: ?from, ?to, ?limit, and
// ?after=<next> for the next page.
func (a *API) postSnapshots(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	r, err := tracking.ParseRange(c.req.QueryStringParameters)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	_, p, err := a.post(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	page, err := a.svc.Tracking.PostSeries(ctx, p, r)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, page, 0), nil
}

// hashtagView is a tracked hashtag with whether the job pulls it now.
type hashtagView struct {
	tracking.Hashtag
	Tracking string `json:"tracking"`
}

func viewHashtags(c campaigns.Campaign, list []tracking.Hashtag) []hashtagView {
	now := time.Now()
	out := make([]hashtagView, len(list))
	for i, h := range list {
		out[i] = hashtagView{Hashtag: h, Tracking: trackingState(c, h.StoppedAt != nil, now)}
	}
	return out
}

func (a *API) listHashtags(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	tags, err := a.svc.Tracking.Hashtags(ctx, c.ws(), camp.ID, c.req.QueryStringParameters["stopped"] == "include")
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, list[hashtagView]{Items: viewHashtags(camp, tags)}, 0), nil
}

func (a *API) trackHashtag(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	var in tracking.HashtagInput
	if err := c.decode(&in); err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	h, err := a.svc.Tracking.TrackHashtag(ctx, camp, in, c.who.Email)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusCreated, viewHashtags(camp, []tracking.Hashtag{h})[0], 0), nil
}

func (a *API) hashtag(ctx context.Context, c *call) (campaigns.Campaign, tracking.Hashtag, error) {
	camp, err := a.svc.Campaigns.Get(ctx, c.ws(), c.param("campaign"))
	if err != nil {
		return campaigns.Campaign{}, tracking.Hashtag{}, err
	}
	h, err := a.svc.Tracking.Hashtag(ctx, c.ws(), camp.ID, c.param("hashtag"))
	return camp, h, err
}

func (a *API) stopHashtag(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	camp, h, err := a.hashtag(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	h, err = a.svc.Tracking.StopHashtag(ctx, h)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, viewHashtags(camp, []tracking.Hashtag{h})[0], 0), nil
}

func (a *API) hashtagSnapshots(ctx context.Context, c *call) (events.APIGatewayV2HTTPResponse, error) {
	r, err := tracking.ParseRange(c.req.QueryStringParameters)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	_, h, err := a.hashtag(ctx, c)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	page, err := a.svc.Tracking.HashtagSeries(ctx, h, r)
	if err != nil {
		return events.APIGatewayV2HTTPResponse{}, err
	}
	return ok(http.StatusOK, page, 0), nil
}
