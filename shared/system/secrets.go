package system

// Environment variables the cloud stack sets on every function that needs them. Secrets
// never travel in the environment: only the names of where they are kept.
const (
	// EnvTable names the DynamoDB table.
	EnvTable = "HYPETRACK_TABLE"
	// EnvSecretsKey is the ARN of the KMS key that seals runtime secrets (SecretKind).
	EnvSecretsKey = "HYPETRACK_SECRETS_KEY_ARN"
	// EnvPublicURL is the API's public address (the short domain when there is one), which
	// the API shows in webhook URLs and link URLs.
	EnvPublicURL = "HYPETRACK_PUBLIC_URL"
)

// SecretKind is a kind of secret that the product creates at run time and stores
// encrypted in the table: a shop connection's webhook signing secret, a creator's OAuth
// token. Code seals one with KMS Encrypt under the key named by EnvSecretsKey and the
// encryption context {SecretContextKey: kind}; opening it needs the same context. The
// cloud grants each function only the kinds it lists, so the webhook function can open
// signing secrets and nothing else.
type SecretKind string

// SecretContextKey is the KMS encryption-context key that carries a secret's SecretKind.
const SecretContextKey = "purpose"

// The kinds of runtime secret.
const (
	// WebhookSigningSecret verifies a shop connection's webhook signatures.
	WebhookSigningSecret SecretKind = "webhook-signing"
	// SocialToken is a creator's or workspace's OAuth token for a social platform's API.
	SocialToken SecretKind = "social-token"
	// ShopAPICredentials read a shop connection's orders from its platform's API, for
	// reconciliation; the webhook function cannot open them.
	ShopAPICredentials SecretKind = "shop-api"
)

// SecretAccess is what a function may do with one kind of runtime secret.
type SecretAccess struct {
	Kind SecretKind
	// Seal allows encrypting new values of this kind (KMS Encrypt).
	Seal bool
	// Open allows decrypting stored values of this kind (KMS Decrypt).
	Open bool
}

// AppSecret is a secret the deployer stores once per installation in AWS Secrets Manager,
// such as the credentials of Hypetrack's own developer apps on the social platforms. The
// stack creates it empty; functions that list it get its ARN in Env and read access.
type AppSecret struct {
	// Name is unique among AppSecrets; the secret is called hypetrack/<stage>/<Name>.
	Name string
	// Env is the environment variable that carries the secret's ARN.
	Env string
	// Purpose says what the deployer must put in it, for humans.
	Purpose string
}

// VisitorSalt names the AppSecret that salts visitor keys.
const VisitorSalt = "visitor-salt"

// SocialAPICredentials names the AppSecret that holds the social platforms' app credentials.
const SocialAPICredentials = "social-api"

// AppSecrets lists every secret the deployer provides.
var AppSecrets = []AppSecret{
	{
		Name: VisitorSalt,
		Env:  "HYPETRACK_VISITOR_SECRET_ARN",
		Purpose: "32 or more random bytes that salt the daily visitor keys of clicks, so that " +
			"no one can recompute a visitor key from an IP address. Rotating it resets unique counts for the day.",
	},
	{
		Name: SocialAPICredentials,
		Env:  "HYPETRACK_SOCIAL_SECRET_ARN",
		Purpose: `JSON object of the social platforms' app credentials, keyed by platform: ` +
			`{"tiktok":{"clientKey":"...","clientSecret":"..."},"instagram":{...},"youtube":{...}}.`,
	},
}

// AppSecretByName returns the AppSecret called name.
func AppSecretByName(name string) (AppSecret, bool) {
	for _, s := range AppSecrets {
		if s.Name == name {
			return s, true
		}
	}
	return AppSecret{}, false
}
