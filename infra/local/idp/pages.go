package idp

import (
	"crypto/subtle"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// maxFormBytes bounds a sign-in or sign-up form body.
const maxFormBytes = 64 << 10

// pageData feeds the sign-in pages.
type pageData struct {
	Title     string
	FirstRun  bool
	FormError string
	Action    string
	CSRF      string
	Email     string
	Errors    map[string]string
	SignInURL string
	SignUpURL string
	Message   string
	HomeURL   string
	LogoutURL string
}

var pages = template.Must(template.New("pages").Parse(pagesHTML))

// hasAuthRequest tells a sign-in page opened by the UI's flow from one opened by hand (the
// URL `make run` prints), which signs in without a client and lands on a confirmation.
func hasAuthRequest(q url.Values) bool {
	return q.Has("client_id") || q.Has("redirect_uri") || q.Has("response_type")
}

// pageRequest validates the authorization request a sign-in page carries, if any. It
// answers the browser itself and returns ok=false when the request is refused.
func (i *Issuer) pageRequest(w http.ResponseWriter, r *http.Request) (*authRequest, bool) {
	q := r.URL.Query()
	if !hasAuthRequest(q) {
		return nil, true
	}
	req, aerr := i.parseAuthRequest(q)
	if aerr != nil {
		i.refuse(w, r, req, aerr)
		return nil, false
	}
	return req, true
}

func (i *Issuer) loginPage(w http.ResponseWriter, r *http.Request) {
	req, ok := i.pageRequest(w, r)
	if !ok {
		return
	}
	if s, ok := i.currentSession(r); ok && r.URL.Query().Get("prompt") != "login" {
		if req != nil {
			i.redirectWithCode(w, r, req, s.subject, s.authTime, http.StatusFound)
			return
		}
		i.renderSignedIn(w, r, s.subject)
		return
	}
	if !i.HasUsers() {
		i.renderForm(w, r, "signup", http.StatusOK, pageData{})
		return
	}
	i.renderForm(w, r, "signin", http.StatusOK, pageData{})
}

func (i *Issuer) loginSubmit(w http.ResponseWriter, r *http.Request) {
	req, ok := i.pageRequest(w, r)
	if !ok || !i.readForm(w, r) {
		return
	}
	email := r.PostForm.Get("email")
	user, err := i.users.authenticate(email, r.PostForm.Get("password"))
	if err != nil {
		i.renderForm(w, r, "signin", http.StatusUnauthorized, pageData{Email: email, FormError: "Incorrect email or password."})
		return
	}
	i.signedIn(w, r, req, user)
}

func (i *Issuer) signUpPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := i.pageRequest(w, r); !ok {
		return
	}
	i.renderForm(w, r, "signup", http.StatusOK, pageData{})
}

func (i *Issuer) signUpSubmit(w http.ResponseWriter, r *http.Request) {
	req, ok := i.pageRequest(w, r)
	if !ok || !i.readForm(w, r) {
		return
	}
	f := r.PostForm
	data := pageData{Email: f.Get("email"), Errors: map[string]string{}}
	if _, err := NormalizeEmail(f.Get("email")); err != nil {
		data.Errors["email"] = err.(*FieldError).Message
	}
	if err := checkPassword(f.Get("password")); err != nil {
		data.Errors["password"] = err.(*FieldError).Message
	} else if subtle.ConstantTimeCompare([]byte(f.Get("password")), []byte(f.Get("password_confirm"))) != 1 {
		data.Errors["password_confirm"] = "The two passwords differ."
	}
	if len(data.Errors) == 0 {
		user, err := i.CreateUser(f.Get("email"), f.Get("password"))
		var fe *FieldError
		switch {
		case errors.As(err, &fe):
			data.Errors[fe.Field] = fe.Message
		case err != nil:
			slog.Error("local sign-up failed", "err", err)
			data.FormError = "The account could not be saved. The local stack's log says why."
		default:
			i.signedIn(w, r, req, user)
			return
		}
	}
	data.FormError = firstNonEmpty(data.FormError, "Check the fields marked below.")
	i.renderForm(w, r, "signup", http.StatusBadRequest, data)
}

// signedIn starts the browser's session and finishes the flow: a code for the client, or
// the confirmation page when the sign-in page was opened by hand.
func (i *Issuer) signedIn(w http.ResponseWriter, r *http.Request, req *authRequest, user User) {
	id, expires := i.newSession(user.Subject)
	http.SetCookie(w, &http.Cookie{Name: i.sessionCookie, Value: id, Path: "/", Expires: expires,
		HttpOnly: true, Secure: i.secure, SameSite: http.SameSiteLaxMode})
	if req == nil {
		http.Redirect(w, r, PathLogin, http.StatusSeeOther)
		return
	}
	s, _ := i.lookupSession(id)
	i.redirectWithCode(w, r, req, user.Subject, s.authTime, http.StatusSeeOther)
}

// readForm parses a posted form and checks it came from our own page: the CSRF token in the
// form must equal the one in its cookie, and a browser's Origin header must be ours.
func (i *Issuer) readForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		i.renderError(w, http.StatusBadRequest, "The form could not be read.")
		return false
	}
	if !i.sameOrigin(r) || !i.validCSRF(r) {
		i.renderError(w, http.StatusForbidden, "This form has expired or was not sent from the sign-in page. Go back, reload the page and try again.")
		return false
	}
	return true
}

func (i *Issuer) sameOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	scheme := "http"
	if i.secure {
		scheme = "https"
	}
	return origin == i.issuer || origin == scheme+"://"+r.Host
}

func (i *Issuer) validCSRF(r *http.Request) bool {
	c, err := r.Cookie(i.csrfCookie)
	if err != nil || c.Value == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("_csrf"))) == 1
}

// csrfToken returns the browser's CSRF token, setting one when it has none. Reusing the
// cookie's token lets two open sign-in tabs both work.
func (i *Issuer) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(i.csrfCookie); err == nil && len(c.Value) == 43 {
		return c.Value
	}
	token := randomToken()
	http.SetCookie(w, &http.Cookie{Name: i.csrfCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: i.secure, SameSite: http.SameSiteStrictMode})
	return token
}

// renderForm renders the sign-in or sign-up form, carrying the authorization request's
// query in the form's action and in the links between the two pages.
func (i *Issuer) renderForm(w http.ResponseWriter, r *http.Request, page string, status int, data pageData) {
	suffix := ""
	if hasAuthRequest(r.URL.Query()) {
		suffix = "?" + r.URL.Query().Encode()
	}
	data.CSRF = i.csrfToken(w, r)
	data.SignInURL = PathLogin + suffix
	data.SignUpURL = PathSignUp + suffix
	data.FirstRun = page == "signup" && !i.HasUsers()
	switch {
	case page == "signin":
		data.Title, data.Action = "Sign in", data.SignInURL
	case data.FirstRun:
		data.Title, data.Action = "Create the first account", data.SignUpURL
	default:
		data.Title, data.Action = "Create an account", data.SignUpURL
	}
	i.render(w, page, status, data)
}

func (i *Issuer) renderSignedIn(w http.ResponseWriter, _ *http.Request, sub string) {
	user, _ := i.users.bySubject(sub)
	data := pageData{Title: "You are signed in", Email: user.Email, HomeURL: "/"}
	if c, ok := i.defaultClient(); ok && len(c.LogoutURIs) > 0 {
		q := url.Values{"client_id": {c.ID}, "logout_uri": {c.LogoutURIs[0]}}
		data.LogoutURL = PathLogout + "?" + q.Encode()
		data.HomeURL = c.LogoutURIs[0]
	}
	i.render(w, "signedin", http.StatusOK, data)
}

func (i *Issuer) renderError(w http.ResponseWriter, status int, message string) {
	i.render(w, "error", status, pageData{Title: "Sign-in request not accepted", Message: message})
}

func (i *Issuer) render(w http.ResponseWriter, page string, status int, data pageData) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	// The pages need nothing from elsewhere; framing is refused so no site can overlay the
	// password form, and no referrer leaks the request's state to other origins. Not
	// "no-referrer": under it browsers send "Origin: null" with the form's own POST, which
	// the origin check in readForm must refuse.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, page, data); err != nil {
		slog.Error("render sign-in page", "page", page, "err", err)
		http.Error(w, "Internal Server Error", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

const pagesHTML = `
{{define "head"}}<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Hypetrack (local)</title>
<style>
:root { color-scheme: light dark; --accent: #5b3cc4; --error: #b3261e; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; min-height: 100vh; place-items: center; background: Canvas; color: CanvasText; }
main { width: min(26rem, 100% - 2rem); padding: 2rem 0; }
.brand { font-weight: 700; letter-spacing: .02em; margin: 0 0 1.5rem; }
.brand span { font-weight: 400; opacity: .75; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
.field { margin: 0 0 1rem; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
input { box-sizing: border-box; width: 100%; font: inherit; padding: .6rem .7rem; border: 1px solid #767676; border-radius: .4rem; }
input:focus { outline: 3px solid var(--accent); outline-offset: 1px; }
input[aria-invalid="true"] { border-color: var(--error); }
.hint { font-size: .875rem; margin: .25rem 0 0; opacity: .8; }
.field-error, .error { color: var(--error); font-weight: 600; }
.field-error { font-size: .875rem; margin: .25rem 0 0; }
.error { border-left: 4px solid var(--error); padding: .5rem .75rem; }
button, .button { display: inline-block; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: .4rem; padding: .65rem 1.2rem; cursor: pointer; text-decoration: none; }
button:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
a { color: var(--accent); }
@media (prefers-color-scheme: dark) { :root { --accent: #b9a6ff; --error: #ffb4ab; } button, .button { color: #1b1530; } }
</style>
</head>
<body>
<main>
<p class="brand">Hypetrack <span>local sign-in</span></p>
<h1>{{.Title}}</h1>
{{if .FormError}}<p class="error" role="alert">{{.FormError}}</p>{{end}}
{{end}}

{{define "foot"}}</main>
</body>
</html>
{{end}}

{{define "signin"}}{{template "head" .}}
<form method="post" action="{{.Action}}" novalidate>
<input type="hidden" name="_csrf" value="{{.CSRF}}">
<div class="field">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="username" required autofocus value="{{.Email}}">
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
</div>
<button type="submit">Sign in</button>
</form>
<p>New to this local stack? <a href="{{.SignUpURL}}">Create an account</a></p>
{{template "foot" .}}{{end}}

{{define "signup"}}{{template "head" .}}
{{if .FirstRun}}<p>No one has an account on this local stack yet. The account you create now belongs to the first marketer: once signed in, you create the first workspace and own it.</p>{{end}}
<form method="post" action="{{.Action}}" novalidate>
<input type="hidden" name="_csrf" value="{{.CSRF}}">
<div class="field">
<label for="email">Email address</label>
<input id="email" name="email" type="email" autocomplete="email" required autofocus value="{{.Email}}"{{with .Errors.email}} aria-invalid="true" aria-describedby="email-error"{{end}}>
{{with .Errors.email}}<p class="field-error" id="email-error">{{.}}</p>{{end}}
</div>
<div class="field">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" aria-describedby="password-hint{{with .Errors.password}} password-error{{end}}"{{with .Errors.password}} aria-invalid="true"{{end}}>
<p class="hint" id="password-hint">At least 8 characters.</p>
{{with .Errors.password}}<p class="field-error" id="password-error">{{.}}</p>{{end}}
</div>
<div class="field">
<label for="password_confirm">Repeat the password</label>
<input id="password_confirm" name="password_confirm" type="password" autocomplete="new-password" required{{with .Errors.password_confirm}} aria-invalid="true" aria-describedby="password_confirm-error"{{end}}>
{{with .Errors.password_confirm}}<p class="field-error" id="password_confirm-error">{{.}}</p>{{end}}
</div>
<button type="submit">Create account</button>
</form>
{{if not .FirstRun}}<p>Already have an account? <a href="{{.SignInURL}}">Sign in</a></p>{{end}}
{{template "foot" .}}{{end}}

{{define "signedin"}}{{template "head" .}}
<p>You are signed in as <strong>{{.Email}}</strong>.</p>
<p><a class="button" href="{{.HomeURL}}">Open Hypetrack</a></p>
{{if .LogoutURL}}<p><a href="{{.LogoutURL}}">Sign out</a></p>{{end}}
{{template "foot" .}}{{end}}

{{define "error"}}{{template "head" .}}
<p role="alert">{{.Message}}</p>
<p>Start again from <a href="/">Hypetrack</a>.</p>
{{template "foot" .}}{{end}}
`
