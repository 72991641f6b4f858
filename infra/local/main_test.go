package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/hypetrack/hypetrack/infra/local/idp"
	"github.com/hypetrack/hypetrack/infra/local/idp/idptest"
	"github.com/hypetrack/hypetrack/shared/system"
)

// TestLocalStackServesHealthAndStops runs the whole local stack in-process, as make run
// does (in memory), checks /healthz through the gateway, signs a marketer in through the
// local issuer and calls a marketer route with the token, and stops it the way Ctrl-C does.
func TestLocalStackServesHealthAndStops(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, options{port: port, inMemory: true, table: "hypetrack-local", passwordCost: bcrypt.MinCost})
	}()

	// The issuer and the UI client are registered for localhost, as make run prints them.
	url := "http://localhost:" + strconv.Itoa(port)
	deadline := time.Now().Add(90 * time.Second)
	for {
		res, err := http.Get(url + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Fatalf("/healthz: %d", res.StatusCode)
			}
			break
		}
		select {
		case err := <-done:
			t.Fatalf("local stack stopped before answering: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("local stack did not answer /healthz within 90s")
		}
		time.Sleep(200 * time.Millisecond)
	}

	t.Run("config.json points the UI at the local sign-in", func(t *testing.T) {
		var cfg system.SiteConfig
		status, body := get(t, url+"/config.json", "")
		if status != http.StatusOK || json.Unmarshal([]byte(body), &cfg) != nil {
			t.Fatalf("/config.json: %d %s", status, body)
		}
		want := system.SiteAuth{
			Issuer: url, AuthorizeURL: url + "/oauth2/authorize", TokenURL: url + "/oauth2/token", LogoutURL: url + "/logout",
			ClientID: idp.LocalClientID, RedirectURI: url + "/callback", LogoutRedirectURI: url + "/",
			Scopes: []string{"openid", "email", "profile"},
		}
		if !reflect.DeepEqual(cfg.Auth, want) {
			t.Fatalf("auth config\n got %+v\nwant %+v", cfg.Auth, want)
		}
	})

	t.Run("a marketer route needs a token", func(t *testing.T) {
		status, body := get(t, url+"/api/me", "")
		if status != http.StatusUnauthorized || body != `{"message":"Unauthorized"}` {
			t.Fatalf("/api/me without a token: %d %s", status, body)
		}
	})

	t.Run("sign in and call a marketer route", func(t *testing.T) {
		signedUp := idptest.SignUp(t, url, "owner@brand.example", "first-owner-password")
		tokens := idptest.SignIn(t, url, "owner@brand.example", "first-owner-password")
		var me struct{ Sub, Email string }
		status, body := get(t, url+"/api/me", "Bearer "+tokens.IDToken)
		if status != http.StatusOK || json.Unmarshal([]byte(body), &me) != nil {
			t.Fatalf("/api/me with the ID token: %d %s", status, body)
		}
		if me.Email != "owner@brand.example" || me.Sub == "" {
			t.Fatalf("/api/me answered %+v", me)
		}
		if status, body := get(t, url+"/api/me", "Bearer "+signedUp.IDToken); status != http.StatusOK || !strings.Contains(body, me.Sub) {
			t.Fatalf("the sign-up's token names the same user: %d %s", status, body)
		}
		// The access token passes the authorizer too (client_id), but carries no e-mail.
		if status, body := get(t, url+"/api/me", "Bearer "+tokens.AccessToken); status != http.StatusOK || !strings.Contains(body, `"email":""`) {
			t.Fatalf("/api/me with the access token: %d %s", status, body)
		}
		if status, _ := get(t, url+"/api/me", "Bearer "+tokens.IDToken+"x"); status != http.StatusUnauthorized {
			t.Fatalf("a tampered token: %d", status)
		}
		refreshed, err := idptest.LocalFlow(url).Refresh(context.Background(), tokens.RefreshToken)
		if err != nil {
			t.Fatal(err)
		}
		if status, _ := get(t, url+"/api/me", "Bearer "+refreshed.IDToken); status != http.StatusOK {
			t.Fatalf("/api/me with a refreshed token: %d", status)
		}
	})

	t.Run("a marketer's workflow through the gateway", func(t *testing.T) {
		owner := idptest.SignUp(t, url, "lead@trail.example", "lead-password-1").IDToken
		var ws struct{ ID string }
		mustCall(t, 201, "POST", url+"/api/workspaces", owner, "application/json", `{"name":"Trail Co"}`, &ws)
		api := url + "/api/workspaces/" + ws.ID
		mustCall(t, 201, "POST", api+"/members", owner, "application/json", `{"email":"editor@trail.example","role":"editor"}`, nil)
		editor := idptest.SignUp(t, url, "editor@trail.example", "editor-password-1").IDToken
		var mine struct{ Items []struct{ ID, Role string } }
		mustCall(t, 200, "GET", url+"/api/workspaces", editor, "", "", &mine)
		if len(mine.Items) != 1 || mine.Items[0].Role != "editor" {
			t.Fatalf("the invited editor sees %+v", mine.Items)
		}
		var camp struct{ ID string }
		mustCall(t, 201, "POST", api+"/campaigns", editor, "application/json", `{"name":"Spring","objective":"sales",
			"goal":{"metric":"orders","target":500,"deadline":"2027-03-31"},"startDate":"2027-01-15","endDate":"2027-03-31",
			"destinationUrl":"https://shop.example.com/"}`, &camp)
		// text/csv reaches the function base64-encoded, as API Gateway sends non-JSON bodies.
		var report struct{ Imported int }
		csv := "name,tiktok,followers,engagement_rate\nLena,@lena.trails,48000,0.05\nMax,@max.climbs,120000,3%\n"
		mustCall(t, 200, "POST", api+"/creators/import", editor, "text/csv", csv, &report)
		var page struct{ Items []struct{ ID, Tier string } }
		mustCall(t, 200, "GET", api+"/creators?tier=micro", editor, "", "", &page)
		if report.Imported != 2 || len(page.Items) != 1 || page.Items[0].Tier != "micro" {
			t.Fatalf("import %+v, search %+v", report, page.Items)
		}
		mustCall(t, 201, "POST", api+"/campaigns/"+camp.ID+"/creators", editor, "application/json", `{"creatorId":"`+page.Items[0].ID+`"}`, nil)
		mustCall(t, 200, "GET", url+"/api/workspaces/"+ws.ID+"/campaigns/"+camp.ID+"/creators", owner, "", "", nil)
		stranger := idptest.SignUp(t, url, "stranger@other.example", "stranger-password").IDToken
		mustCall(t, 404, "GET", api+"/campaigns/"+camp.ID, stranger, "", "", nil)
	})

	t.Run("the callback path serves the UI", func(t *testing.T) {
		if status, body := get(t, url+"/callback?code=abc&state=xyz", ""); status != http.StatusOK || !strings.Contains(body, "<html") {
			t.Fatalf("/callback: %d", status)
		}
	})

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("stop: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("local stack did not stop within 20s of Ctrl-C")
	}
}

// mustCall sends a request with an ID token and decodes the answer into out, failing the
// test unless the status is want.
func mustCall(t *testing.T, want int, method, url, token, contentType, body string, out any) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d, want %d: %s", method, url, res.StatusCode, want, raw)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v: %s", method, url, err, raw)
		}
	}
}

func get(t *testing.T, url, authorization string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}
