package auth

import (
	"errors"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestFromRequest(t *testing.T) {
	withClaims := func(claims map[string]string) events.APIGatewayV2HTTPRequest {
		var req events.APIGatewayV2HTTPRequest
		req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims},
		}
		return req
	}
	tests := []struct {
		name    string
		req     events.APIGatewayV2HTTPRequest
		want    Identity
		wantErr error
	}{
		{name: "no authorizer", req: events.APIGatewayV2HTTPRequest{}, wantErr: ErrUnauthenticated},
		{name: "authorizer without jwt", req: events.APIGatewayV2HTTPRequest{RequestContext: events.APIGatewayV2HTTPRequestContext{
			Authorizer: &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{}}}, wantErr: ErrUnauthenticated},
		{name: "empty claims", req: withClaims(map[string]string{}), wantErr: ErrUnauthenticated},
		{name: "no subject", req: withClaims(map[string]string{"email": "a@example.com", "email_verified": "true"}), wantErr: ErrUnauthenticated},
		{name: "id token", req: withClaims(map[string]string{"sub": "u-1", "email": "Ana@Example.com", "email_verified": "true", "token_use": "id"}),
			want: Identity{Subject: "u-1", Email: "ana@example.com"}},
		{name: "unverified email is dropped", req: withClaims(map[string]string{"sub": "u-1", "email": "a@example.com", "email_verified": "false"}),
			want: Identity{Subject: "u-1"}},
		{name: "access token has no email", req: withClaims(map[string]string{"sub": "u-1", "client_id": "c", "token_use": "access"}),
			want: Identity{Subject: "u-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := FromRequest(tt.req)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Fatalf("identity %+v, want %+v", got, tt.want)
			}
		})
	}
}
