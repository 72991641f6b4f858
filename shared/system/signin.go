package system

import "time"

// SignInClient describes the web UI's OAuth 2.0 client: a public client (no secret) that
// signs marketers in with the authorization code flow and PKCE. The CDK stack registers it
// as a Cognito user pool app client and the local stack registers it with its local
// issuer, both from this value, so the two sign-ins cannot drift apart.
type SignInClient struct {
	// Scopes are the OAuth scopes the client may ask for; asking for none grants them all,
	// as Cognito does.
	Scopes []string
	// CallbackPaths are the redirect URIs' paths on the UI's origin.
	CallbackPaths []string
	// LogoutPaths are the allowed sign-out URLs' paths on the UI's origin.
	LogoutPaths []string
	// IDTokenValidity and AccessTokenValidity bound the JWTs; the UI refreshes before then.
	IDTokenValidity     time.Duration
	AccessTokenValidity time.Duration
	// RefreshTokenValidity bounds a sign-in: after it the marketer signs in again.
	RefreshTokenValidity time.Duration
	// CodeValidity bounds an authorization code between the redirect and its redemption.
	CodeValidity time.Duration
}

// UICallbackPath is where the UI receives the authorization code. The site serves the UI's
// index.html there, so it can never be a link code.
const UICallbackPath = "/callback"

// UIClient is the web UI's sign-in client. The validities are Cognito's defaults (one hour
// for ID and access tokens, 30 days for refresh tokens, five minutes for a code).
var UIClient = SignInClient{
	Scopes:               []string{"openid", "email", "profile"},
	CallbackPaths:        []string{"/", UICallbackPath},
	LogoutPaths:          []string{"/"},
	IDTokenValidity:      time.Hour,
	AccessTokenValidity:  time.Hour,
	RefreshTokenValidity: 30 * 24 * time.Hour,
	CodeValidity:         5 * time.Minute,
}
