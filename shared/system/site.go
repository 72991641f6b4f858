package system

// SiteConfig is the runtime configuration the web UI fetches from /config.json: where the
// API is and how to sign in. The cloud stack writes it at deploy time and the local stack
// serves its own, so one build of the site runs against both.
type SiteConfig struct {
	// APIURL is the API's base URL, without a trailing slash.
	APIURL string `json:"apiUrl"`
	// LinkURL is where tracking links live (the short domain, or the API's URL).
	LinkURL string   `json:"linkUrl"`
	Auth    SiteAuth `json:"auth"`
}

// SiteAuth describes the OAuth 2.0 authorization-code flow with PKCE the UI signs in with.
type SiteAuth struct {
	// Issuer is the token issuer; tokens' iss claim equals it.
	Issuer string `json:"issuer"`
	// ClientID is the public client (no secret: PKCE protects the code exchange).
	ClientID     string `json:"clientId"`
	AuthorizeURL string `json:"authorizeUrl"`
	TokenURL     string `json:"tokenUrl"`
	// LogoutURL ends the provider's session; it takes client_id and logout_uri.
	LogoutURL string `json:"logoutUrl"`
	// RedirectURI is the site's UICallbackPath as an absolute URL.
	RedirectURI string `json:"redirectUri"`
	// LogoutRedirectURI is where the provider sends the browser after sign-out.
	LogoutRedirectURI string   `json:"logoutRedirectUri"`
	Scopes            []string `json:"scopes"`
}
