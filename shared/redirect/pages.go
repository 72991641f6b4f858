package redirect

import (
	"html/template"
	"strings"
)

// The pages a consumer may see instead of the brand's site. They are small and
// self-contained (no external assets), because they are served from the hot path.

const pageStyle = `<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:15vh auto;padding:0 1rem;color:#1f2430;text-align:center}h1{font-size:1.4rem}a{color:#5b3fd6}</style>`

var notFoundPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Link not found</title>` + pageStyle + `</head><body><h1>This link does not exist</h1><p>Check the link you were given, or ask the creator who shared it for a new one.</p></body></html>`

var unavailablePage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta http-equiv="refresh" content="5"><title>One moment</title>` + pageStyle + `</head><body><h1>One moment, please</h1><p>We could not open this link right now. This page will try again in a few seconds.</p></body></html>`

var goneTemplate = template.Must(template.New("gone").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>This offer has ended</title>` + pageStyle + `</head><body><h1>This offer has ended</h1>{{if .}}<p><a href="{{.}}" rel="noopener">Visit the brand's site</a></p>{{end}}</body></html>`))

// gonePage renders the page of a disabled or expired link; brandURL was validated when the
// link was saved and is escaped here all the same.
func gonePage(brandURL string) string {
	var b strings.Builder
	_ = goneTemplate.Execute(&b, brandURL)
	return b.String()
}
