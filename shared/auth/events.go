package auth

import "github.com/aws/aws-lambda-go/events"

// FromRequest reads the caller's identity from the JWT claims API Gateway put in the
// request context. A request without them is ErrUnauthenticated.
func FromRequest(req events.APIGatewayV2HTTPRequest) (Identity, error) {
	a := req.RequestContext.Authorizer
	if a == nil || a.JWT == nil || len(a.JWT.Claims) == 0 {
		return Identity{}, ErrUnauthenticated
	}
	return FromClaims(a.JWT.Claims)
}
