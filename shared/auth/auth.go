// Package auth tells a function who is calling. It reads the claims that API Gateway's JWT
// authorizer verified and passed on in the event: in the cloud they come from the Cognito
// user pool's ID token, locally from the local issuer's (infra/local/idp), checked the same
// way by the local gateway. A function trusts them because the gateway has already checked
// the token's signature, issuer, audience and expiry; it never parses a token itself.
package auth

import (
	"errors"
	"strings"
)

// ErrUnauthenticated means the request carries no verified identity: the route was not
// behind the JWT authorizer, or the token lacked a subject.
var ErrUnauthenticated = errors.New("request carries no verified identity")

// Identity is the caller as the verified token names them.
type Identity struct {
	// Subject is the user's stable id (Cognito's sub, a UUID); it never changes, unlike the
	// e-mail address, so stored records refer to it.
	Subject string
	// Email is the user's verified e-mail address, or empty when the token carries none
	// (an access token) or carries one the user has not verified.
	Email string
}

// FromClaims reads the identity from verified claims as API Gateway renders them: every
// value a string, booleans as "true" or "false".
func FromClaims(claims map[string]string) (Identity, error) {
	sub := strings.TrimSpace(claims["sub"])
	if sub == "" {
		return Identity{}, ErrUnauthenticated
	}
	id := Identity{Subject: sub}
	// An unverified address could be anyone's; it must never match an invitation.
	if claims["email_verified"] == "true" {
		id.Email = strings.ToLower(strings.TrimSpace(claims["email"]))
	}
	return id, nil
}
