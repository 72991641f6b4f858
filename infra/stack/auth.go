package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// auth is the marketers' sign-in: a user pool, the UI's public app client and the hosted
// sign-in domain.
type auth struct {
	pool   awscognito.UserPool
	client awscognito.UserPoolClient
	domain awscognito.UserPoolDomain
	scopes []string
}

// newAuth creates the user pool. origins are the browser origins the UI is served from:
// the only places Cognito may send an authorization code to.
func newAuth(scope constructs.Construct, p Props, origins []string) *auth {
	c := constructs.NewConstruct(scope, jsii.String("Auth"))
	a := &auth{scopes: []string{"openid", "email", "profile"}}

	a.pool = awscognito.NewUserPool(c, jsii.String("UserPool"), &awscognito.UserPoolProps{
		UserPoolName: jsii.String(p.name("marketers")),
		// Marketers are invited by an administrator of the installation; nobody can sign
		// themselves up to see a brand's campaigns and revenue.
		SelfSignUpEnabled: jsii.Bool(false),
		SignInAliases:     &awscognito.SignInAliases{Email: jsii.Bool(true)},
		AutoVerify:        &awscognito.AutoVerifiedAttrs{Email: jsii.Bool(true)},
		PasswordPolicy: &awscognito.PasswordPolicy{
			MinLength:            jsii.Number(12),
			RequireLowercase:     jsii.Bool(true),
			RequireUppercase:     jsii.Bool(true),
			RequireDigits:        jsii.Bool(true),
			RequireSymbols:       jsii.Bool(true),
			TempPasswordValidity: awscdk.Duration_Days(jsii.Number(3)),
		},
		// Authenticator apps only: SMS would need an SNS role and is the weaker factor.
		Mfa:             awscognito.Mfa_REQUIRED,
		MfaSecondFactor: &awscognito.MfaSecondFactor{Otp: jsii.Bool(true), Sms: jsii.Bool(false)},
		AccountRecovery: awscognito.AccountRecovery_EMAIL_ONLY,
		// Threat protection blocks sign-ins with leaked or attacked credentials; it needs
		// the Plus plan, priced per active user, and marketers are few.
		FeaturePlan:                  awscognito.FeaturePlan_PLUS,
		StandardThreatProtectionMode: awscognito.StandardThreatProtectionMode_FULL_FUNCTION,
		DeletionProtection:           jsii.Bool(p.Stage == Prod),
		RemovalPolicy:                p.Stage.removalPolicy(),
	})

	var callbacks, logouts []*string
	for _, origin := range origins {
		callbacks = append(callbacks, jsii.String(origin+system.UICallbackPath))
		logouts = append(logouts, jsii.String(origin+"/"))
	}
	var scopes []awscognito.OAuthScope
	for _, s := range a.scopes {
		scopes = append(scopes, awscognito.OAuthScope_Custom(jsii.String(s)))
	}
	a.client = a.pool.AddClient(jsii.String("WebClient"), &awscognito.UserPoolClientOptions{
		UserPoolClientName: jsii.String(p.name("web")),
		// A browser cannot keep a secret; PKCE protects the code exchange instead.
		GenerateSecret: jsii.Bool(false),
		AuthFlows:      &awscognito.AuthFlow{UserSrp: jsii.Bool(true)},
		OAuth: &awscognito.OAuthSettings{
			Flows:        &awscognito.OAuthFlows{AuthorizationCodeGrant: jsii.Bool(true)},
			Scopes:       &scopes,
			CallbackUrls: &callbacks,
			LogoutUrls:   &logouts,
		},
		SupportedIdentityProviders: &[]awscognito.UserPoolClientIdentityProvider{
			awscognito.UserPoolClientIdentityProvider_COGNITO(),
		},
		PreventUserExistenceErrors: jsii.Bool(true),
		EnableTokenRevocation:      jsii.Bool(true),
		AccessTokenValidity:        awscdk.Duration_Hours(jsii.Number(1)),
		IdTokenValidity:            awscdk.Duration_Hours(jsii.Number(1)),
		RefreshTokenValidity:       awscdk.Duration_Days(jsii.Number(7)),
	})

	a.domain = a.pool.AddDomain(jsii.String("Domain"), &awscognito.UserPoolDomainOptions{
		CognitoDomain: &awscognito.CognitoDomainOptions{DomainPrefix: jsii.String(authDomainPrefix(p))},
	})
	return a
}

// siteAuth is the sign-in part of the UI's config.json.
func (a *auth) siteAuth(siteOrigin string) system.SiteAuth {
	base := *a.domain.BaseUrl(nil)
	return system.SiteAuth{
		Issuer:            *a.pool.UserPoolProviderUrl(),
		ClientID:          *a.client.UserPoolClientId(),
		AuthorizeURL:      base + "/oauth2/authorize",
		TokenURL:          base + "/oauth2/token",
		LogoutURL:         base + "/logout",
		RedirectURI:       siteOrigin + system.UICallbackPath,
		LogoutRedirectURI: siteOrigin + "/",
		Scopes:            a.scopes,
	}
}
