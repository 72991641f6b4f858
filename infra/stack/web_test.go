package stack_test

import (
	"strings"
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

func TestSiteIsPrivateBehindCloudFront(t *testing.T) {
	s := dev(t)
	check(t, "site", func() {
		s.template.AllResourcesProperties(jsii.String("AWS::S3::Bucket"), obj(map[string]any{
			"PublicAccessBlockConfiguration": map[string]any{
				"BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true,
			},
		}))
		s.template.ResourceCountIs(jsii.String("AWS::CloudFront::OriginAccessControl"), jsii.Number(1))
		s.template.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), obj(map[string]any{
			"DistributionConfig": assertions.Match_ObjectLike(obj(map[string]any{
				"DefaultRootObject": "index.html",
				"Origins": []any{assertions.Match_ObjectLike(obj(map[string]any{
					"OriginAccessControlId": map[string]any{"Fn::GetAtt": []any{assertions.Match_AnyValue(), "Id"}},
				}))},
				"DefaultCacheBehavior": assertions.Match_ObjectLike(obj(map[string]any{
					"ViewerProtocolPolicy":    "redirect-to-https",
					"ResponseHeadersPolicyId": map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^SiteHeaders"))},
				})),
				"CustomErrorResponses": assertions.Match_ArrayWith(&[]any{assertions.Match_ObjectLike(obj(map[string]any{
					"ErrorCode": float64(403), "ResponseCode": float64(200), "ResponsePagePath": "/index.html",
				}))}),
				"Logging": assertions.Match_ObjectLike(obj(map[string]any{"Prefix": "cloudfront/"})),
			})),
		}))
	})
}

func TestSecurityHeaders(t *testing.T) {
	s := dev(t)
	policies := s.ofType("AWS::CloudFront::ResponseHeadersPolicy")
	id := only(t, policies)
	security := policies[id].Properties["ResponseHeadersPolicyConfig"].(map[string]any)["SecurityHeadersConfig"].(map[string]any)
	csp := mustJSON(security["ContentSecurityPolicy"])
	for _, directive := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "connect-src 'self' https://*.execute-api.", ".amazoncognito.com"} {
		if !strings.Contains(csp, directive) {
			t.Errorf("CSP %s lacks %q", csp, directive)
		}
	}
	if strings.Contains(csp, "script-src 'self' 'unsafe") {
		t.Errorf("CSP allows inline scripts: %s", csp)
	}
	for _, header := range []string{"StrictTransportSecurity", "ContentTypeOptions", "FrameOptions", "ReferrerPolicy"} {
		if security[header] == nil {
			t.Errorf("missing %s", header)
		}
	}
}

func TestConfigJSONPointsTheUIAtThisStack(t *testing.T) {
	s := dev(t)
	var pages resource
	for id, r := range s.ofType("Custom::CDKBucketDeployment") {
		if strings.HasPrefix(id, "SitePages") {
			pages = r
		}
	}
	if pages.Properties == nil {
		t.Fatal("no deployment of index.html and config.json")
	}
	body := mustJSON(pages.Properties)
	for _, want := range []string{
		"ApiHttpApi", "ApiEndpoint", // apiUrl
		"AuthUserPoolWebClient", // clientId
		"ProviderURL",           // issuer
		"/oauth2/authorize", "/oauth2/token", "/logout",
		system.UICallbackPath,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("config.json deployment lacks %q: %s", want, body)
		}
	}
	check(t, "pages are revalidated and invalidated", func() {
		s.template.HasResourceProperties(jsii.String("Custom::CDKBucketDeployment"), obj(map[string]any{
			"Include":           []any{"index.html", "config.json"},
			"SystemMetadata":    map[string]any{"cache-control": "no-cache"},
			"DistributionPaths": assertions.Match_ArrayWith(&[]any{"/index.html", "/config.json"}),
		}))
		s.template.HasResourceProperties(jsii.String("Custom::CDKBucketDeployment"), obj(map[string]any{
			"Exclude":        []any{"index.html"},
			"SystemMetadata": map[string]any{"cache-control": "public, max-age=31536000, immutable"},
		}))
	})
	check(t, "without a site build only config.json is deployed", func() {
		prod(t).template.ResourceCountIs(jsii.String("Custom::CDKBucketDeployment"), jsii.Number(1))
	})
}

func TestSignInUsesCodeWithPKCEForTheSiteOnly(t *testing.T) {
	for _, c := range []struct {
		s      *scenario
		origin any
	}{
		{dev(t), map[string]any{"Fn::Join": []any{"", []any{"https://", map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^SiteDistribution")), "DomainName"}}, system.UICallbackPath}}}},
		{prod(t), "https://app.example.com" + system.UICallbackPath},
	} {
		check(t, string(c.s.props.Stage)+" client", func() {
			c.s.template.HasResourceProperties(jsii.String("AWS::Cognito::UserPoolClient"), obj(map[string]any{
				"AllowedOAuthFlows":          []any{"code"},
				"AllowedOAuthScopes":         []any{"openid", "email", "profile"},
				"GenerateSecret":             false,
				"CallbackURLs":               assertions.Match_ArrayWith(&[]any{c.origin}),
				"SupportedIdentityProviders": []any{"COGNITO"},
			}))
			c.s.template.HasResourceProperties(jsii.String("AWS::Cognito::UserPool"), obj(map[string]any{
				"AdminCreateUserConfig": map[string]any{"AllowAdminCreateUserOnly": true},
				"MfaConfiguration":      "ON",
				"UserPoolAddOns":        map[string]any{"AdvancedSecurityMode": "ENFORCED"},
				"Policies": map[string]any{"PasswordPolicy": assertions.Match_ObjectLike(obj(map[string]any{
					"MinimumLength": float64(12),
				}))},
			}))
		})
	}
	check(t, "a local UI may sign in to dev", func() {
		dev(t).template.HasResourceProperties(jsii.String("AWS::Cognito::UserPoolClient"), obj(map[string]any{
			"CallbackURLs": assertions.Match_ArrayWith(&[]any{"http://localhost:5173" + system.UICallbackPath}),
		}))
	})
}

func TestSiteDomainRaisesTLS(t *testing.T) {
	check(t, "prod site domain", func() {
		prod(t).template.HasResourceProperties(jsii.String("AWS::CloudFront::Distribution"), obj(map[string]any{
			"DistributionConfig": assertions.Match_ObjectLike(obj(map[string]any{
				"Aliases": []any{"app.example.com"},
				"ViewerCertificate": map[string]any{
					"AcmCertificateArn":      "arn:aws:acm:us-east-1:111111111111:certificate/site",
					"MinimumProtocolVersion": "TLSv1.2_2021",
					"SslSupportMethod":       "sni-only",
				},
			})),
		}))
	})
}
