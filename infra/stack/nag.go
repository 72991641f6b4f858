package stack

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdklabs/cdk-nag-go/cdknag/v2"

	"github.com/hypetrack/hypetrack/shared/system"
)

// AddChecks runs cdk-nag's AwsSolutions rules on everything under scope at synthesis.
// Unsuppressed findings become error annotations, which fail `cdk synth` and the tests.
func AddChecks(scope constructs.IConstruct) {
	awscdk.Aspects_Of(scope).Add(cdknag.NewAwsSolutionsChecks(&cdknag.NagPackProps{
		Verbose: jsii.Bool(true),
	}), nil)
}

// Each suppression below accepts one finding on one resource, and says why for a security
// reviewer. None is stack-wide: a new resource with the same problem is reported afresh.

// xrayActions are the only actions a function role has on Resource "*"; tests check it.
var xrayActions = []string{"xray:PutTraceSegments", "xray:PutTelemetryRecords"}

// suppressFunction accepts the findings every function role has.
func suppressFunction(f *function) {
	reason := "Resource * is only on " + strings.Join(xrayActions, " and ") +
		", which X-Ray does not scope to resources"
	if f.spec.Stream != nil {
		reason += ", and on dynamodb:ListStreams, which has no resource-level permissions either " +
			"(reading records is limited to the table's stream ARN)"
	}
	nagSuppress(f.fn.Role(), []*cdknag.NagPackSuppression{{
		Id:        jsii.String("AwsSolutions-IAM5"),
		Reason:    jsii.String(reason + ". Table, key and secret statements name their ARNs."),
		AppliesTo: &[]interface{}{jsii.String("Resource::*")},
	}})
	if f.parked != nil {
		nagSuppress(f.parked, []*cdknag.NagPackSuppression{{
			Id: jsii.String("AwsSolutions-SQS3"),
			Reason: jsii.String("This queue is itself a dead-letter store: " + f.spec.Parking.Purpose +
				". Messages stay 14 days, an alarm fires on the first one, and the replay command drains it."),
		}})
	}
	if f.failures != nil {
		nagSuppress(f.failures, []*cdknag.NagPackSuppression{{
			Id: jsii.String("AwsSolutions-SQS3"),
			Reason: jsii.String("This queue is itself the dead-letter destination of " + string(f.spec.Name) +
				"'s asynchronous and stream invocations; messages stay 14 days for replay and an alarm fires on the first one."),
		}})
	}
}

// suppressRoute accepts that a public route has no authorizer, with the route's own reason.
func suppressRoute(route constructs.IConstruct, r system.Route) {
	nagSuppress(route, []*cdknag.NagPackSuppression{{
		Id:     jsii.String("AwsSolutions-APIG4"),
		Reason: jsii.String(fmt.Sprintf("%s is public by design: %s Stage throttling bounds its rate.", r.Key, r.PublicReason)),
	}})
}

// suppress accepts the stack-level findings: resources the CDK creates for itself, and
// choices made for a reason stated here.
func suppress(stack awscdk.Stack, p Props, d *data, s *site) {
	for _, secret := range d.appSecrets {
		nagSuppress(secret, []*cdknag.NagPackSuppression{{
			Id: jsii.String("AwsSolutions-SMG4"),
			Reason: jsii.String("Holds client credentials issued in the social platforms' developer consoles, " +
				"which no rotation function can renew; docs/deploy.md gives the manual rotation steps."),
		}})
	}
	nagSuppress(s.distribution, []*cdknag.NagPackSuppression{
		{
			Id: jsii.String("AwsSolutions-CFR1"),
			Reason: jsii.String("The UI serves marketers wherever they work; it holds only static files, " +
				"and every data request is authorized by the API."),
		},
		{
			Id: jsii.String("AwsSolutions-CFR2"),
			Reason: jsii.String("The distribution serves only static, public build files and config.json " +
				"(no secrets); a web ACL would cost more than it protects. Data lives behind the API's authorizer."),
		},
	})
	if p.SiteDomain == nil {
		nagSuppress(s.distribution, []*cdknag.NagPackSuppression{{
			Id: jsii.String("AwsSolutions-CFR4"),
			Reason: jsii.String("Without a site domain the distribution uses the default *.cloudfront.net " +
				"certificate, whose TLS policy CloudFront does not let us raise; set siteDomain to enforce TLS 1.2."),
		}})
	}
	// The BucketDeployment singleton copies the site into its bucket during deployments.
	for _, child := range *stack.Node().Children() {
		if !strings.HasPrefix(*child.Node().Id(), "Custom::CDKBucketDeployment") {
			continue
		}
		nagSuppress(child, []*cdknag.NagPackSuppression{
			{
				Id: jsii.String("AwsSolutions-IAM4"),
				Reason: jsii.String("CDK's site-deployment function runs only during deployments; its managed " +
					"policy, AWSLambdaBasicExecutionRole, only lets it write its own logs."),
				AppliesTo: &[]interface{}{jsii.String("Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")},
			},
			{
				Id: jsii.String("AwsSolutions-IAM5"),
				Reason: jsii.String("CDK's site-deployment function reads the CDK asset bucket and syncs objects " +
					"into the site bucket, so its S3 grants cover objects under those two buckets; Resource * is " +
					"CloudFront's CreateInvalidation/GetInvalidation, which take no resource ARN in CDK's grant."),
			},
			{
				Id: jsii.String("AwsSolutions-L1"),
				Reason: jsii.String("CDK pins the site-deployment function's Python runtime and moves it with CDK " +
					"upgrades; it runs only during deployments and handles no requests."),
			},
		})
	}
}

func nagSuppress(c constructs.IConstruct, s []*cdknag.NagPackSuppression) {
	cdknag.NagSuppressions_AddResourceSuppressions(c, &s, jsii.Bool(true))
}
