// Package system describes Hypetrack's deployable shape as plain Go values: the Lambda
// functions, the HTTP routes that reach them, the schedules that run them, and the single
// DynamoDB table they share.
//
// Both stacks are built from these values: the CDK app in infra/ turns them into
// CloudFormation resources, and the local stack in infra/local turns them into an HTTP
// server, a ticker and a DynamoDB Local table. Nothing else may spell a route key or a key
// attribute name, so the cloud and the laptop cannot drift apart.
package system
