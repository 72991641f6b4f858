// Package stack builds Hypetrack's AWS CDK stack from the shared description in
// shared/system: one Lambda function per system.Functions entry, one HTTP API route per
// system.Routes entry, the table from system.Table, and around them the sign-in, the web
// site, the secrets, the alarms and the dashboard.
//
// Nothing here spells a route key, a function name or a key attribute: adding a function
// or a route to shared/system is enough to deploy it.
package stack
