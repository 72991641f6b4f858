package stack

import (
	"fmt"
	"strings"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/shared/system"
)

// New builds the whole system as one stack: one stack means one deployment, no
// cross-stack exports to untangle, and a single place where every dependency shows.
func New(scope constructs.Construct, id string, props Props) (awscdk.Stack, error) {
	p := props.withDefaults()
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("stack %s: %w", id, err)
	}
	if p.StackProps.StackName == nil {
		p.StackProps.StackName = jsii.String(p.name(""))
	}
	if p.StackProps.Description == nil {
		p.StackProps.Description = jsii.String("Hypetrack (" + string(p.Stage) + "): influencer campaigns, tracking links, order attribution.")
	}
	stack := awscdk.NewStack(scope, jsii.String(id), &p.StackProps)
	awscdk.Tags_Of(stack).Add(jsii.String("project"), jsii.String("hypetrack"), nil)
	awscdk.Tags_Of(stack).Add(jsii.String("stage"), jsii.String(string(p.Stage)), nil)

	d := newData(stack, p)
	authURL := authBaseURL(p)
	apiOrigins := []string{"https://*.execute-api." + *awscdk.Aws_REGION() + ".amazonaws.com"}
	if p.ShortDomain != nil {
		apiOrigins = append(apiOrigins, "https://"+p.ShortDomain.Name)
	}
	s := newSite(stack, p, append(apiOrigins, authURL))
	origins := append([]string{s.origin()}, p.ExtraOrigins...)
	au := newAuth(stack, p, origins)
	fns := newFunctions(stack, p, d)
	a := newAPI(stack, p, fns, au, origins)
	for _, f := range fns {
		if f.spec.Name == system.API {
			f.fn.AddEnvironment(jsii.String(system.EnvPublicURL), jsii.String(linkURL(p, a)), nil)
		}
	}
	if err := s.deploy(p, system.SiteConfig{APIURL: a.url(), LinkURL: linkURL(p, a), Auth: au.siteAuth(s.origin())}); err != nil {
		return nil, fmt.Errorf("stack %s: %w", id, err)
	}
	m := newMonitoring(stack, p, d, fns, a)

	output := func(name, value, description string) {
		awscdk.NewCfnOutput(stack, jsii.String(name), &awscdk.CfnOutputProps{
			Value: jsii.String(value), Description: jsii.String(description),
		})
	}
	output("ApiUrl", a.url(), "Base URL of the HTTP API: tracking links and webhooks live here.")
	webhook := system.Route{Key: system.RouteWebhook}
	output("WebhookUrl", a.url()+webhook.Path(), "Where shop platforms deliver webhooks ("+webhook.Method()+").")
	output("SiteUrl", s.origin(), "The marketers' web UI.")
	output("UserPoolId", *au.pool.UserPoolId(), "Cognito user pool of marketers: invite users here.")
	output("AuthUrl", authURL, "Cognito hosted sign-in.")
	output("TableName", *d.table.TableName(), "The DynamoDB table.")
	output("AlarmTopicArn", *m.topic.TopicArn(), "Subscribe on-call addresses to this topic.")
	for _, secret := range p.AppSecrets {
		output("Secret"+exportName(secret.Name), *d.appSecrets[secret.Name].SecretArn(), "Deployer-provided secret: "+secret.Purpose)
	}
	if a.shortDomain != nil {
		output("ShortDomainTarget", *a.shortDomain, "Point a CNAME for "+p.ShortDomain.Name+" at this name.")
	}

	if p.SiteDomain != nil {
		output("SiteDomainTarget", *s.distribution.DistributionDomainName(), "Point a CNAME for "+p.SiteDomain.Name+" at this name.")
	}

	for _, f := range fns {
		suppressFunction(f)
	}
	for _, r := range p.Routes {
		if r.Auth == system.Public {
			suppressRoute(a.routes[r.Key], r)
		}
	}
	suppress(stack, p, d, s)
	return stack, nil
}

// authBaseURL is the hosted sign-in's URL. It is computed from the domain prefix rather
// than read from the domain resource, so the site's security headers can name it without
// making the distribution depend on the user pool, which depends on the distribution.
func authBaseURL(p Props) string {
	return "https://" + authDomainPrefix(p) + ".auth." + *awscdk.Aws_REGION() + ".amazoncognito.com"
}

// authDomainPrefix is Props.AuthDomainPrefix or, by default, one unique to the stage and
// the account, since Cognito prefixes are global to a region.
func authDomainPrefix(p Props) string {
	if p.AuthDomainPrefix != "" {
		return p.AuthDomainPrefix
	}
	return p.name(*awscdk.Aws_ACCOUNT_ID())
}

// exportName turns "social-api" into "SocialApi" for an output's logical id.
func exportName(s string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}

// linkURL is where tracking links are shared: the short domain when there is one, else the
// API's own address.
func linkURL(p Props, a *api) string {
	if p.ShortDomain != nil {
		return "https://" + p.ShortDomain.Name
	}
	return a.url()
}
