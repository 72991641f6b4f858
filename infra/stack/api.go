package stack

import (
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2authorizers"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsapigatewayv2integrations"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscertificatemanager"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscognito"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// httpMethods are the methods a route key may start with.
var httpMethods = map[string]awsapigatewayv2.HttpMethod{
	"ANY": awsapigatewayv2.HttpMethod_ANY, "GET": awsapigatewayv2.HttpMethod_GET,
	"HEAD": awsapigatewayv2.HttpMethod_HEAD, "POST": awsapigatewayv2.HttpMethod_POST,
	"PUT": awsapigatewayv2.HttpMethod_PUT, "PATCH": awsapigatewayv2.HttpMethod_PATCH,
	"DELETE": awsapigatewayv2.HttpMethod_DELETE, "OPTIONS": awsapigatewayv2.HttpMethod_OPTIONS,
}

// api is the HTTP API in front of the functions.
type api struct {
	http   awsapigatewayv2.HttpApi
	stage  awsapigatewayv2.HttpStage
	routes map[string]awsapigatewayv2.HttpRoute
	// shortDomain is the regional target a CNAME for Props.ShortDomain must point at.
	shortDomain *string
}

// url is the API's base URL without a trailing slash.
func (a *api) url() string {
	return *a.http.ApiEndpoint()
}

// newAPI creates one route per entry of p.Routes, each integrated with its function, and
// the Cognito JWT authorizer on exactly the Marketer routes. origins are the browser
// origins allowed by CORS.
func newAPI(scope constructs.Construct, p Props, fns []*function, au *auth, origins []string) *api {
	c := constructs.NewConstruct(scope, jsii.String("Api"))
	a := &api{routes: map[string]awsapigatewayv2.HttpRoute{}}

	a.http = awsapigatewayv2.NewHttpApi(c, jsii.String("HttpApi"), &awsapigatewayv2.HttpApiProps{
		ApiName:            jsii.String(p.name("api")),
		Description:        jsii.String("Hypetrack: tracking links, shop webhooks and the marketers' API."),
		CreateDefaultStage: jsii.Bool(false),
		CorsPreflight: &awsapigatewayv2.CorsPreflightOptions{
			AllowOrigins: jsii.Strings(origins...),
			AllowMethods: &[]awsapigatewayv2.CorsHttpMethod{
				awsapigatewayv2.CorsHttpMethod_GET, awsapigatewayv2.CorsHttpMethod_HEAD,
				awsapigatewayv2.CorsHttpMethod_POST, awsapigatewayv2.CorsHttpMethod_PUT,
				awsapigatewayv2.CorsHttpMethod_PATCH, awsapigatewayv2.CorsHttpMethod_DELETE,
			},
			AllowHeaders:  jsii.Strings("authorization", "content-type", "if-match", "idempotency-key"),
			ExposeHeaders: jsii.Strings("etag", "location"),
			MaxAge:        awscdk.Duration_Hours(jsii.Number(1)),
		},
	})

	rate, burst := p.Stage.throttle()
	a.stage = awsapigatewayv2.NewHttpStage(c, jsii.String("DefaultStage"), &awsapigatewayv2.HttpStageProps{
		HttpApi:    a.http,
		StageName:  jsii.String("$default"),
		AutoDeploy: jsii.Bool(true),
		Throttle:   &awsapigatewayv2.ThrottleSettings{RateLimit: jsii.Number(rate), BurstLimit: jsii.Number(burst)},
	})
	accessLogs := awslogs.NewLogGroup(c, jsii.String("AccessLogs"), &awslogs.LogGroupProps{
		LogGroupName:  jsii.String("/aws/apigateway/" + p.name("api")),
		Retention:     p.Stage.logRetention(),
		RemovalPolicy: p.Stage.removalPolicy(),
	})
	// The L2 stage takes access-log settings only through an interface Go cannot
	// implement, so they are set on the underlying CloudFormation resource.
	cfnStage := a.stage.Node().DefaultChild().(awsapigatewayv2.CfnStage)
	cfnStage.SetAccessLogSettings(&awsapigatewayv2.CfnStage_AccessLogSettingsProperty{
		DestinationArn: accessLogs.LogGroupArn(),
		Format:         jsii.String(accessLogFormat),
	})

	var authorizer awsapigatewayv2.IHttpRouteAuthorizer
	integrations := map[system.FunctionName]awsapigatewayv2.HttpRouteIntegration{}
	for _, r := range p.Routes {
		target := findFunction(fns, r.Function)
		integration, ok := integrations[r.Function]
		if !ok {
			integration = awsapigatewayv2integrations.NewHttpLambdaIntegration(
				jsii.String("Integration-"+string(r.Function)), target.fn,
				&awsapigatewayv2integrations.HttpLambdaIntegrationProps{
					PayloadFormatVersion: awsapigatewayv2.PayloadFormatVersion_VERSION_2_0(),
				})
			integrations[r.Function] = integration
		}
		var routeAuth awsapigatewayv2.IHttpRouteAuthorizer = awsapigatewayv2.NewHttpNoneAuthorizer()
		if r.Auth == system.Marketer {
			if authorizer == nil {
				authorizer = awsapigatewayv2authorizers.NewHttpUserPoolAuthorizer(jsii.String("Marketers"), au.pool,
					&awsapigatewayv2authorizers.HttpUserPoolAuthorizerProps{
						AuthorizerName:  jsii.String("marketers"),
						UserPoolClients: &[]awscognito.IUserPoolClient{au.client},
					})
			}
			routeAuth = authorizer
		}
		a.routes[r.Key] = awsapigatewayv2.NewHttpRoute(c, jsii.String(routeID(r.Key)), &awsapigatewayv2.HttpRouteProps{
			HttpApi:     a.http,
			RouteKey:    awsapigatewayv2.HttpRouteKey_With(jsii.String(r.Path()), httpMethods[r.Method()]),
			Integration: integration,
			Authorizer:  routeAuth,
		})
	}

	if d := p.ShortDomain; d != nil {
		domain := awsapigatewayv2.NewDomainName(c, jsii.String("ShortDomain"), &awsapigatewayv2.DomainNameProps{
			DomainName:     jsii.String(d.Name),
			Certificate:    awscertificatemanager.Certificate_FromCertificateArn(c, jsii.String("ShortDomainCertificate"), jsii.String(d.CertificateArn)),
			SecurityPolicy: awsapigatewayv2.SecurityPolicy_TLS_1_2,
		})
		awsapigatewayv2.NewApiMapping(c, jsii.String("ShortDomainMapping"), &awsapigatewayv2.ApiMappingProps{
			Api:        a.http,
			DomainName: domain,
			Stage:      a.stage,
		})
		a.shortDomain = domain.RegionalDomainName()
	}
	return a
}

// accessLogFormat is one JSON object per request: what happened, how long it took, and
// why the gateway refused or failed, without bodies, tokens or the caller's IP address:
// the redirect's logs would otherwise keep every shopper's address for the log's life.
const accessLogFormat = `{"requestId":"$context.requestId",` +
	`"requestTime":"$context.requestTime","routeKey":"$context.routeKey",` +
	`"status":"$context.status","protocol":"$context.protocol",` +
	`"responseLength":"$context.responseLength","responseLatency":"$context.responseLatency",` +
	`"integrationLatency":"$context.integrationLatency","integrationStatus":"$context.integrationStatus",` +
	`"integrationError":"$context.integrationErrorMessage","authorizerError":"$context.authorizer.error",` +
	`"userAgent":"$context.identity.userAgent"}`

// routeID names a route's construct after its key; construct ids cannot contain "/".
func routeID(key string) string {
	return "Route " + strings.ReplaceAll(key, "/", "_")
}

func findFunction(fns []*function, name system.FunctionName) *function {
	for _, f := range fns {
		if f.spec.Name == name {
			return f
		}
	}
	return nil
}
