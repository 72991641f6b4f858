// Command infra synthesizes Hypetrack's CDK app. Run it through the CDK CLI from this
// folder (`npx cdk deploy`), or directly: `CDK_OUTDIR=cdk.out go run ./infra`.
//
// Context (cdk.json, or -c key=value on the CLI):
//
//	stage                      dev (default) or prod
//	assetDir                   built functions; default <repo>/build/lambda
//	siteDir                    built web UI; default <repo>/site/dist
//	alarmEmail                 address subscribed to the alarm topic
//	shortDomain                domain name the API answers on, e.g. go.example.com
//	shortDomainCertificateArn  ACM certificate for shortDomain, in the stack's region
//	siteDomain                 domain name the UI is served on, e.g. app.example.com
//	siteDomainCertificateArn   ACM certificate for siteDomain, in us-east-1
//	extraOrigins               comma-separated browser origins allowed besides the site
//	authDomainPrefix           Cognito hosted sign-in prefix
//	rate.<schedule>            period of a schedule, e.g. rate.metrics-pull=30m
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/hypetrack/hypetrack/infra/stack"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "infra:", err)
		os.Exit(1)
	}
}

func run() error {
	defer jsii.Close()
	app := awscdk.NewApp(nil)
	props, err := stack.PropsFromContext(app.Node())
	if err != nil {
		return err
	}
	if _, err := stack.New(app, "Hypetrack-"+string(props.Stage), props); err != nil {
		return err
	}
	stack.AddChecks(app)
	app.Synth(nil)
	return nil
}
