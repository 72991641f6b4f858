package stack_test

import (
	"testing"

	"github.com/aws/aws-cdk-go/awscdk/v2/assertions"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// integrationFor is the logical id of the Lambda integration that invokes fn.
func (s *scenario) integrationFor(t *testing.T, fn system.FunctionName) string {
	t.Helper()
	fnID := s.functionID(t, fn)
	var found []string
	for id, r := range s.ofType("AWS::ApiGatewayV2::Integration") {
		if ref(r.Properties["IntegrationUri"], fnID) {
			found = append(found, id)
		}
	}
	if len(found) != 1 {
		t.Fatalf("function %s has %d integrations, want 1", fn, len(found))
	}
	return found[0]
}

func TestEveryRouteReachesItsFunction(t *testing.T) {
	for _, s := range []*scenario{dev(t), prod(t)} {
		routes := s.routes()
		check(t, "route count", func() {
			s.template.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Route"), jsii.Number(float64(len(routes))))
		})
		for _, r := range routes {
			integration := s.integrationFor(t, r.Function)
			check(t, r.Key, func() {
				s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj(map[string]any{
					"RouteKey": r.Key,
					"Target": map[string]any{"Fn::Join": []any{"", []any{
						"integrations/", map[string]any{"Ref": integration},
					}}},
				}))
			})
		}
		for id, r := range s.ofType("AWS::ApiGatewayV2::Integration") {
			if r.Properties["PayloadFormatVersion"] != "2.0" {
				t.Errorf("integration %s: payload format %v, want 2.0 (handlers take APIGatewayV2HTTPRequest)", id, r.Properties["PayloadFormatVersion"])
			}
		}
	}
}

func TestAuthorizerGuardsMarketerRoutesOnly(t *testing.T) {
	s := dev(t)
	authorizers := s.ofType("AWS::ApiGatewayV2::Authorizer")
	if len(authorizers) != 1 {
		t.Fatalf("%d authorizers, want one Cognito JWT authorizer", len(authorizers))
	}
	var authorizerID string
	for id, a := range authorizers {
		authorizerID = id
		if a.Properties["AuthorizerType"] != "JWT" {
			t.Errorf("authorizer type %v, want JWT", a.Properties["AuthorizerType"])
		}
	}
	check(t, "JWT audience is the web client and issuer the user pool", func() {
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Authorizer"), obj(map[string]any{
			"JwtConfiguration": map[string]any{
				"Audience": []any{map[string]any{"Ref": assertions.Match_StringLikeRegexp(jsii.String("^AuthUserPoolWebClient"))}},
				"Issuer":   assertions.Match_AnyValue(),
			},
			"IdentitySource": []any{"$request.header.Authorization"},
		}))
	})

	marketer := 0
	for _, r := range s.routes() {
		if r.Auth == system.Marketer {
			marketer++
			check(t, r.Key+" needs a marketer token", func() {
				s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj(map[string]any{
					"RouteKey":          r.Key,
					"AuthorizationType": "JWT",
					"AuthorizerId":      map[string]any{"Ref": authorizerID},
				}))
			})
		} else {
			check(t, r.Key+" is public", func() {
				s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Route"), obj(map[string]any{
					"RouteKey":          r.Key,
					"AuthorizationType": "NONE",
					"AuthorizerId":      assertions.Match_Absent(),
				}))
			})
		}
	}
	if marketer == 0 {
		t.Fatal("the dev scenario must include marketer routes")
	}
}

func TestNoAuthorizerWithoutMarketerRoutes(t *testing.T) {
	s := prod(t)
	want := 0
	for _, r := range s.routes() {
		if r.Auth == system.Marketer {
			want = 1
		}
	}
	check(t, "authorizers", func() {
		s.template.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::Authorizer"), jsii.Number(float64(want)))
	})
}

func TestStageThrottlesLogsAndAllowsOnlyTheSite(t *testing.T) {
	for _, c := range []struct {
		s           *scenario
		rate, burst float64
		origins     any
		retention   float64
	}{
		{dev(t), 100, 200, assertions.Match_ArrayWith(&[]any{"http://localhost:5173"}), 7},
		{prod(t), 5000, 5000, []any{"https://app.example.com"}, 90},
	} {
		check(t, string(c.s.props.Stage)+" stage", func() {
			c.s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Stage"), obj(map[string]any{
				"StageName":  "$default",
				"AutoDeploy": true,
				"DefaultRouteSettings": map[string]any{
					"ThrottlingRateLimit": c.rate, "ThrottlingBurstLimit": c.burst,
				},
				"AccessLogSettings": map[string]any{
					"DestinationArn": map[string]any{"Fn::GetAtt": []any{assertions.Match_StringLikeRegexp(jsii.String("^ApiAccessLogs")), "Arn"}},
					"Format":         assertions.Match_StringLikeRegexp(jsii.String(`"requestId":"\$context.requestId"`)),
				},
			}))
			// No IP address is stored, the access logs included.
			c.s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Stage"), obj(map[string]any{
				"AccessLogSettings": map[string]any{"Format": assertions.Match_Not(assertions.Match_StringLikeRegexp(jsii.String(`sourceIp`)))},
			}))
			c.s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::Api"), obj(map[string]any{
				"CorsConfiguration": map[string]any{"AllowOrigins": c.origins},
			}))
			c.s.template.HasResourceProperties(jsii.String("AWS::Logs::LogGroup"), obj(map[string]any{
				"LogGroupName":    "/aws/apigateway/hypetrack-" + string(c.s.props.Stage) + "-api",
				"RetentionInDays": c.retention,
			}))
		})
	}
}

func TestShortDomainServesTheAPI(t *testing.T) {
	s := prod(t)
	check(t, "short domain", func() {
		s.template.HasResourceProperties(jsii.String("AWS::ApiGatewayV2::DomainName"), obj(map[string]any{
			"DomainName": "go.example.com",
			"DomainNameConfigurations": []any{map[string]any{
				"CertificateArn": "arn:aws:acm:us-east-1:111111111111:certificate/short",
				"SecurityPolicy": "TLS_1_2",
				"EndpointType":   "REGIONAL",
			}},
		}))
		s.template.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::ApiMapping"), jsii.Number(1))
	})
	check(t, "no short domain in dev", func() {
		dev(t).template.ResourceCountIs(jsii.String("AWS::ApiGatewayV2::DomainName"), jsii.Number(0))
	})
}
