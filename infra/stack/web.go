package stack

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfront"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudfrontorigins"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3assets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3deployment"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// site is the web UI: a private bucket behind CloudFront.
type site struct {
	scope        constructs.Construct
	domain       string
	bucket       awss3.Bucket
	logs         awss3.Bucket
	distribution awscloudfront.Distribution
}

// origin is the URL browsers load the UI from.
func (s *site) origin() string {
	if s.domain != "" {
		return "https://" + s.domain
	}
	return "https://" + *s.distribution.DistributionDomainName()
}

// newSite creates the buckets and the distribution. connectSources are the origins the
// UI's scripts may call (the API, the sign-in domain); the Content-Security-Policy allows
// those and nothing else.
func newSite(scope constructs.Construct, p Props, connectSources []string) *site {
	c := constructs.NewConstruct(scope, jsii.String("Site"))
	s := &site{scope: c}
	dev := p.Stage != Prod

	// One bucket for the site bucket's access logs and CloudFront's: who fetched what is
	// evidence when a marketer reports a problem, and it is kept for 90 days.
	s.logs = awss3.NewBucket(c, jsii.String("AccessLogs"), &awss3.BucketProps{
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:        jsii.Bool(true),
		// CloudFront's standard logs are delivered with an ACL.
		ObjectOwnership: awss3.ObjectOwnership_OBJECT_WRITER,
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Expiration: awscdk.Duration_Days(jsii.Number(90)),
		}},
		RemovalPolicy:     p.Stage.removalPolicy(),
		AutoDeleteObjects: jsii.Bool(dev),
	})
	s.bucket = awss3.NewBucket(c, jsii.String("Bucket"), &awss3.BucketProps{
		BlockPublicAccess:      awss3.BlockPublicAccess_BLOCK_ALL(),
		Encryption:             awss3.BucketEncryption_S3_MANAGED,
		EnforceSSL:             jsii.Bool(true),
		ServerAccessLogsBucket: s.logs,
		ServerAccessLogsPrefix: jsii.String("site-bucket/"),
		RemovalPolicy:          p.Stage.removalPolicy(),
		AutoDeleteObjects:      jsii.Bool(dev),
	})

	headers := awscloudfront.NewResponseHeadersPolicy(c, jsii.String("Headers"), &awscloudfront.ResponseHeadersPolicyProps{
		Comment: jsii.String("Security headers of the Hypetrack UI (" + string(p.Stage) + ")."),
		SecurityHeadersBehavior: &awscloudfront.ResponseSecurityHeadersBehavior{
			ContentSecurityPolicy: &awscloudfront.ResponseHeadersContentSecurityPolicy{
				ContentSecurityPolicy: jsii.String(contentSecurityPolicy(connectSources)),
				Override:              jsii.Bool(true),
			},
			ContentTypeOptions: &awscloudfront.ResponseHeadersContentTypeOptions{Override: jsii.Bool(true)},
			FrameOptions: &awscloudfront.ResponseHeadersFrameOptions{
				FrameOption: awscloudfront.HeadersFrameOption_DENY,
				Override:    jsii.Bool(true),
			},
			ReferrerPolicy: &awscloudfront.ResponseHeadersReferrerPolicy{
				ReferrerPolicy: awscloudfront.HeadersReferrerPolicy_STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
				Override:       jsii.Bool(true),
			},
			StrictTransportSecurity: &awscloudfront.ResponseHeadersStrictTransportSecurity{
				AccessControlMaxAge: awscdk.Duration_Days(jsii.Number(730)),
				IncludeSubdomains:   jsii.Bool(true),
				Override:            jsii.Bool(true),
			},
			// The legacy XSS auditor is itself exploitable; the CSP does its job.
			XssProtection: &awscloudfront.ResponseHeadersXSSProtection{
				Protection: jsii.Bool(false),
				Override:   jsii.Bool(true),
			},
		},
		CustomHeadersBehavior: &awscloudfront.ResponseCustomHeadersBehavior{
			CustomHeaders: &[]*awscloudfront.ResponseCustomHeader{
				{Header: jsii.String("Permissions-Policy"), Value: jsii.String("camera=(), microphone=(), geolocation=(), payment=()"), Override: jsii.Bool(true)},
				{Header: jsii.String("Cross-Origin-Opener-Policy"), Value: jsii.String("same-origin"), Override: jsii.Bool(true)},
			},
		},
	})

	origin := awscloudfrontorigins.S3BucketOrigin_WithOriginAccessControl(s.bucket, nil)
	var domainNames *[]*string
	var certificate awscertificatemanager.ICertificate
	if d := p.SiteDomain; d != nil {
		s.domain = d.Name
		domainNames = jsii.Strings(d.Name)
		certificate = awscertificatemanager.Certificate_FromCertificateArn(c, jsii.String("Certificate"), jsii.String(d.CertificateArn))
	}
	priceClass := awscloudfront.PriceClass_PRICE_CLASS_100
	if p.Stage == Prod {
		priceClass = awscloudfront.PriceClass_PRICE_CLASS_ALL
	}
	s.distribution = awscloudfront.NewDistribution(c, jsii.String("Distribution"), &awscloudfront.DistributionProps{
		Comment:           jsii.String(p.name("site")),
		DefaultRootObject: jsii.String("index.html"),
		DefaultBehavior: &awscloudfront.BehaviorOptions{
			Origin:                origin,
			ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
			CachePolicy:           awscloudfront.CachePolicy_CACHING_OPTIMIZED(),
			ResponseHeadersPolicy: headers,
			Compress:              jsii.Bool(true),
		},
		AdditionalBehaviors: &map[string]*awscloudfront.BehaviorOptions{
			// config.json changes with every deployment and is tiny: never cache it.
			"/config.json": {
				Origin:                origin,
				ViewerProtocolPolicy:  awscloudfront.ViewerProtocolPolicy_REDIRECT_TO_HTTPS,
				CachePolicy:           awscloudfront.CachePolicy_CACHING_DISABLED(),
				ResponseHeadersPolicy: headers,
			},
		},
		// The UI routes in the browser (/campaigns/42, /callback): any path the
		// bucket does not hold is the app's index page. Without ListBucket, S3 answers a
		// missing key with 403.
		ErrorResponses: &[]*awscloudfront.ErrorResponse{
			{HttpStatus: jsii.Number(403), ResponseHttpStatus: jsii.Number(200), ResponsePagePath: jsii.String("/index.html"), Ttl: awscdk.Duration_Seconds(jsii.Number(0))},
			{HttpStatus: jsii.Number(404), ResponseHttpStatus: jsii.Number(200), ResponsePagePath: jsii.String("/index.html"), Ttl: awscdk.Duration_Seconds(jsii.Number(0))},
		},
		DomainNames:            domainNames,
		Certificate:            certificate,
		HttpVersion:            awscloudfront.HttpVersion_HTTP2_AND_3,
		MinimumProtocolVersion: awscloudfront.SecurityPolicyProtocol_TLS_V1_2_2021,
		PriceClass:             priceClass,
		EnableLogging:          jsii.Bool(true),
		LogBucket:              s.logs,
		LogFilePrefix:          jsii.String("cloudfront/"),
	})
	return s
}

// contentSecurityPolicy allows the UI's own files, images from anywhere over HTTPS
// (creators' avatars live on the platforms' CDNs), and calls to connectSources only.
func contentSecurityPolicy(connectSources []string) string {
	connect := append([]string{"'self'"}, connectSources...)
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		// Chart libraries set inline style attributes.
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob: https:",
		"font-src 'self'",
		"connect-src " + strings.Join(connect, " "),
		"form-action 'self'",
		"frame-ancestors 'none'",
		"base-uri 'self'",
		"object-src 'none'",
		"upgrade-insecure-requests",
	}, "; ")
}

// deploy uploads the built UI (when there is one) and writes config.json. Hashed assets
// are cached for a year; index.html and config.json are revalidated on every load, and
// CloudFront's copies of them are invalidated, so a deployment is visible at once.
func (s *site) deploy(p Props, config system.SiteConfig) error {
	raw, err := json.Marshal(config)
	if err != nil {
		return fmt.Errorf("encode config.json: %w", err)
	}
	var obj map[string]interface{}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("decode config.json: %w", err)
	}

	// The deployment function's own logs, kept like every other function's.
	logs := awslogs.NewLogGroup(s.scope, jsii.String("DeploymentLogs"), &awslogs.LogGroupProps{
		Retention:     p.Stage.logRetention(),
		RemovalPolicy: awscdk.RemovalPolicy_DESTROY,
	})
	var assets awss3deployment.BucketDeployment
	pages := []awss3deployment.ISource{awss3deployment.Source_JsonData(jsii.String("config.json"), obj, nil)}
	if p.siteBuilt() {
		// A config.json in the build (for local runs) must never replace the stack's own.
		dist := awss3deployment.Source_Asset(jsii.String(p.SiteDir), &awss3assets.AssetOptions{
			Exclude: jsii.Strings("config.json"),
		})
		assets = awss3deployment.NewBucketDeployment(s.scope, jsii.String("Assets"), &awss3deployment.BucketDeploymentProps{
			DestinationBucket: s.bucket,
			Sources:           &[]awss3deployment.ISource{dist},
			Exclude:           jsii.Strings("index.html"),
			CacheControl: &[]awss3deployment.CacheControl{
				awss3deployment.CacheControl_SetPublic(),
				awss3deployment.CacheControl_MaxAge(awscdk.Duration_Days(jsii.Number(365))),
				awss3deployment.CacheControl_Immutable(),
			},
			// Old hashed files stay: a browser still running the previous index.html can
			// load its chunks until the next page load.
			Prune:    jsii.Bool(false),
			LogGroup: logs,
		})
		pages = append(pages, dist)
	}
	entry := awss3deployment.NewBucketDeployment(s.scope, jsii.String("Pages"), &awss3deployment.BucketDeploymentProps{
		DestinationBucket: s.bucket,
		Sources:           &pages,
		Exclude:           jsii.Strings("*"),
		Include:           jsii.Strings("index.html", "config.json"),
		CacheControl:      &[]awss3deployment.CacheControl{awss3deployment.CacheControl_NoCache()},
		Prune:             jsii.Bool(false),
		Distribution:      s.distribution,
		DistributionPaths: jsii.Strings("/", "/index.html", "/config.json"),
		LogGroup:          logs,
	})
	if assets != nil {
		// index.html must never point at chunks that are not uploaded yet.
		entry.Node().AddDependency(assets)
	}
	return nil
}
