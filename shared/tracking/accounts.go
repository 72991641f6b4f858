package tracking

import (
	"regexp"
	"time"

	"github.com/hypetrack/hypetrack/shared/social"
	"github.com/hypetrack/hypetrack/shared/validate"
)

// Credential statuses. A credential a platform rejected stays rejected until someone sets
// it again: the job skips it instead of spending a call to hear the same answer.
const (
	StatusOK           = "ok"
	StatusUnauthorized = "unauthorized"
)

// Account is a creator's account on one platform as the job reads it: which account, and
// the creator's authorisation where the platform needs one. The token is sealed before it
// is stored and never leaves the store except to the job.
type Account struct {
	WorkspaceID string          `json:"workspaceId"`
	CreatorID   string          `json:"creatorId"`
	Platform    social.Platform `json:"platform"`
	// AccountID is the YouTube channel id, the TikTok open_id the token belongs to, or the
	// Instagram professional account id (the Graph API's ig-user-id).
	AccountID string `json:"accountId"`
	// Username is the Instagram username business discovery looks up (the creator's
	// handle unless set).
	Username string `json:"username,omitempty"`
	// SealedToken is the creator's access token (TikTok, Instagram), sealed.
	SealedToken []byte    `json:"sealedToken,omitempty"`
	ConnectedAt time.Time `json:"connectedAt"`
	ConnectedBy string    `json:"connectedBy"`
	Status      string    `json:"status"`
	// StatusReason says why a platform rejected the token; StatusAt when.
	StatusReason string     `json:"statusReason,omitempty"`
	StatusAt     *time.Time `json:"statusAt,omitempty"`
	// Latest is the last pull of the profile, written by the job.
	Latest *ProfileSnapshot `json:"latest"`
}

// SealContext binds a creator's sealed token to its account, so it opens nowhere else.
func (a Account) SealContext() string {
	return "social-token/" + a.WorkspaceID + "/creator/" + a.CreatorID + "/" + string(a.Platform)
}

// AccountView is what the API shows of an account: never the token.
type AccountView struct {
	CreatorID    string           `json:"creatorId"`
	Platform     social.Platform  `json:"platform"`
	AccountID    string           `json:"accountId"`
	Username     string           `json:"username,omitempty"`
	HasToken     bool             `json:"hasToken"`
	ConnectedAt  time.Time        `json:"connectedAt"`
	ConnectedBy  string           `json:"connectedBy"`
	Status       string           `json:"status"`
	StatusReason string           `json:"statusReason,omitempty"`
	StatusAt     *time.Time       `json:"statusAt,omitempty"`
	Latest       *ProfileSnapshot `json:"latest"`
}

// View hides the token.
func (a Account) View() AccountView {
	return AccountView{CreatorID: a.CreatorID, Platform: a.Platform, AccountID: a.AccountID, Username: a.Username,
		HasToken: len(a.SealedToken) > 0, ConnectedAt: a.ConnectedAt, ConnectedBy: a.ConnectedBy, Status: a.Status,
		StatusReason: a.StatusReason, StatusAt: a.StatusAt, Latest: a.Latest}
}

// AccountInput is what a marketer sends to connect a creator's account.
type AccountInput struct {
	AccountID   string `json:"accountId"`
	Username    string `json:"username"`
	AccessToken string `json:"accessToken"`
}

var (
	channelID   = regexp.MustCompile(`^UC[A-Za-z0-9_-]{22}$`)
	openID      = regexp.MustCompile(`^[A-Za-z0-9._-]{8,100}$`)
	igUserID    = regexp.MustCompile(`^[0-9]{5,30}$`)
	igUsername  = regexp.MustCompile(`^[A-Za-z0-9._]{1,30}$`)
	apiKeyShape = regexp.MustCompile(`^[A-Za-z0-9_-]{20,100}$`)
)

// tokenShaped reports whether s looks like an access token: 16 to 2048 printable ASCII
// characters without spaces.
func tokenShaped(s string) bool {
	if len(s) < 16 || len(s) > 2048 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// CheckAccount validates an account connection for platform.
func CheckAccount(platform string, in AccountInput) error {
	var v validate.Errors
	v.OneOf("platform", platform, Platforms...)
	switch social.Platform(platform) {
	case social.YouTube:
		if !channelID.MatchString(in.AccountID) {
			v.Add("accountId", "invalid", "must be the channel id, 24 characters starting with UC")
		}
		if in.AccessToken != "" {
			v.Add("accessToken", "not-allowed", "YouTube is read with the workspace's API key; a creator token is not used")
		}
	case social.TikTok:
		if !openID.MatchString(in.AccountID) {
			v.Add("accountId", "invalid", "must be the open_id TikTok returned with the creator's token")
		}
		if !tokenShaped(in.AccessToken) {
			v.Add("accessToken", "required", "TikTok answers only with the creator's access token (16 to 2048 printable characters)")
		}
	case social.Instagram:
		if !igUserID.MatchString(in.AccountID) {
			v.Add("accountId", "invalid", "must be the numeric Instagram professional account id")
		}
		if in.Username != "" && !igUsername.MatchString(in.Username) {
			v.Add("username", "invalid", "must be an Instagram username such as lena.trails")
		}
		if !tokenShaped(in.AccessToken) {
			v.Add("accessToken", "required", "Instagram insights need the creator's access token (16 to 2048 printable characters)")
		}
	}
	return v.Err()
}

// Credential is a workspace's own credential on a platform: the YouTube Data API key, or
// the Instagram professional account (and its token) that reads hashtags.
type Credential struct {
	WorkspaceID string          `json:"workspaceId"`
	Platform    social.Platform `json:"platform"`
	// SealedSecret is the API key or access token, sealed.
	SealedSecret []byte `json:"sealedSecret,omitempty"`
	// AccountID is the Instagram account the token acts as.
	AccountID string `json:"accountId,omitempty"`
	// DailyQuota is the YouTube project's daily units (10,000 unless Google granted more).
	DailyQuota   int        `json:"dailyQuota,omitempty"`
	SetAt        time.Time  `json:"setAt"`
	SetBy        string     `json:"setBy"`
	Status       string     `json:"status"`
	StatusReason string     `json:"statusReason,omitempty"`
	StatusAt     *time.Time `json:"statusAt,omitempty"`
}

// SealContext binds a workspace's sealed secret to it.
func (c Credential) SealContext() string {
	return "social-token/" + c.WorkspaceID + "/workspace/" + string(c.Platform)
}

// CredentialView is what the API shows of a credential: that it is set, never the secret.
type CredentialView struct {
	Platform     social.Platform `json:"platform"`
	Configured   bool            `json:"configured"`
	AccountID    string          `json:"accountId,omitempty"`
	DailyQuota   int             `json:"dailyQuota,omitempty"`
	SetAt        time.Time       `json:"setAt"`
	SetBy        string          `json:"setBy"`
	Status       string          `json:"status"`
	StatusReason string          `json:"statusReason,omitempty"`
	StatusAt     *time.Time      `json:"statusAt,omitempty"`
}

// View hides the secret.
func (c Credential) View() CredentialView {
	return CredentialView{Platform: c.Platform, Configured: len(c.SealedSecret) > 0, AccountID: c.AccountID,
		DailyQuota: c.DailyQuota, SetAt: c.SetAt, SetBy: c.SetBy, Status: c.Status, StatusReason: c.StatusReason, StatusAt: c.StatusAt}
}

// CredentialInput is what a marketer sends to set a workspace credential.
type CredentialInput struct {
	APIKey      string `json:"apiKey"`
	AccessToken string `json:"accessToken"`
	AccountID   string `json:"accountId"`
	DailyQuota  int    `json:"dailyQuota"`
}

// WorkspacePlatforms are the platforms a workspace holds a credential for: YouTube reads
// every public video with one API key; Instagram reads hashtags as the brand's account.
// TikTok answers only with each creator's own token.
var WorkspacePlatforms = []string{string(social.YouTube), string(social.Instagram)}

// CheckCredential validates a workspace credential for platform.
func CheckCredential(platform string, in CredentialInput) error {
	var v validate.Errors
	v.OneOf("platform", platform, WorkspacePlatforms...)
	switch social.Platform(platform) {
	case social.YouTube:
		if !apiKeyShape.MatchString(in.APIKey) {
			v.Add("apiKey", "invalid", "must be a YouTube Data API key (20 to 100 letters, digits, - and _)")
		}
		if in.DailyQuota < 0 || in.DailyQuota > 100_000_000 {
			v.Add("dailyQuota", "out-of-range", "must be between 1 and 100000000 units, or left out for 10000")
		}
		if in.AccessToken != "" || in.AccountID != "" {
			v.Add("accessToken", "not-allowed", "YouTube takes an API key only")
		}
	case social.Instagram:
		if !igUserID.MatchString(in.AccountID) {
			v.Add("accountId", "invalid", "must be the numeric id of the brand's Instagram professional account")
		}
		if !tokenShaped(in.AccessToken) {
			v.Add("accessToken", "required", "must be the account's access token (16 to 2048 printable characters)")
		}
		if in.APIKey != "" || in.DailyQuota != 0 {
			v.Add("apiKey", "not-allowed", "Instagram takes an account id and an access token")
		}
	}
	return v.Err()
}
