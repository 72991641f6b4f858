package links

import (
	"net"
	"net/netip"
	"net/url"
	"strings"
	"unicode"

	"github.com/hypetrack/hypetrack/shared/system"
)

// MaxURLLength caps destinations and brand URLs. Browsers take longer ones, but a tracking
// link's destination plus its parameters must stay well inside what every hop (API
// Gateway's Location header, in-app browsers, QR codes) handles.
const MaxURLLength = 2048

// FieldError says what is wrong with one input field. The campaign API turns it into an
// RFC 9457 problem's field error one to one.
type FieldError struct {
	Field   string
	Code    string
	Message string
}

// ValidationError lists every problem with an input; nothing was written.
type ValidationError struct {
	Fields []FieldError
}

// Error summarizes the first problem.
func (e *ValidationError) Error() string {
	if len(e.Fields) == 0 {
		return "invalid input"
	}
	f := e.Fields[0]
	return "invalid " + f.Field + ": " + f.Message
}

// add records a problem with field.
func (e *ValidationError) add(field, code, message string) {
	e.Fields = append(e.Fields, FieldError{Field: field, Code: code, Message: message})
}

// orNil returns e when it holds problems and nil otherwise, as an error.
func (e *ValidationError) orNil() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}

// Field error codes, stable for clients.
const (
	CodeRequired      = "required"
	CodeTooLong       = "too-long"
	CodeInvalidURL    = "invalid-url"
	CodeNotAbsolute   = "not-absolute"
	CodeScheme        = "scheme"
	CodeCredentials   = "credentials"
	CodeHost          = "host"
	CodePrivateHost   = "private-host"
	CodeNotAllowed    = "domain-not-allowed"
	CodeSlugFormat    = "slug-format"
	CodeSlugReserved  = "slug-reserved"
	CodeUnknownDomain = "unknown-domain"
	CodeInvalid       = "invalid"
	CodeEndsInPast    = "ends-in-past"
)

// ValidateDestination checks a URL that consumers will be sent to and returns the field
// errors for field (nil when it is fine). allowed, when not empty, is the workspace's
// allow-list of brand domains: the host must be one of them or a subdomain of one.
//
// We never fetch the URL ourselves, so this is not about server-side request forgery: it
// keeps a link from sending a consumer's browser to a script, a local file, a page on
// their own network, or a page that carries someone's password.
func ValidateDestination(field, raw string, allowed []string) []FieldError {
	var e ValidationError
	validateURL(&e, field, raw, allowed)
	return e.Fields
}

func validateURL(e *ValidationError, field, raw string, allowed []string) {
	switch {
	case raw == "":
		e.add(field, CodeRequired, "Enter the address the link leads to.")
		return
	case len(raw) > MaxURLLength:
		e.add(field, CodeTooLong, "The address is longer than 2048 characters.")
		return
	case strings.IndexFunc(raw, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		e.add(field, CodeInvalidURL, "The address contains spaces or control characters.")
		return
	}
	u, err := url.Parse(raw)
	if err != nil {
		e.add(field, CodeInvalidURL, "The address is not a valid URL.")
		return
	}
	switch {
	case u.Scheme == "":
		e.add(field, CodeNotAbsolute, "Use a full address starting with https://.")
		return
	case u.Scheme != "http" && u.Scheme != "https":
		// url.Parse lower-cases nothing: "JavaScript:" must be refused as well.
		e.add(field, CodeScheme, "Only http and https addresses are allowed.")
		return
	case u.Opaque != "" || u.Host == "":
		e.add(field, CodeNotAbsolute, "Use a full address starting with https://.")
		return
	case u.User != nil:
		e.add(field, CodeCredentials, "The address must not contain a user name or password.")
		return
	}
	host := strings.ToLower(u.Hostname())
	if code, msg := checkHost(host); code != "" {
		e.add(field, code, msg)
		return
	}
	if len(allowed) > 0 && !domainAllowed(host, allowed) {
		e.add(field, CodeNotAllowed, "The address is not on one of this workspace's brand domains: "+strings.Join(allowed, ", ")+".")
	}
}

// checkHost refuses hosts a public web page cannot have: private, loopback, link-local and
// other special addresses, local names, and numeric forms browsers read as IP addresses
// ("2130706433" and "0x7f.1" both mean 127.0.0.1).
func checkHost(host string) (code, message string) {
	if ip, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		if !publicIP(ip) {
			return CodePrivateHost, "The address points to a private, loopback or link-local network."
		}
		return "", ""
	}
	host = strings.TrimSuffix(host, ".")
	labels := strings.Split(host, ".")
	tld := labels[len(labels)-1]
	switch {
	case len(labels) < 2 || tld == "":
		return CodeHost, "Use a public domain name such as shop.example.com."
	case tld == "localhost" || tld == "local" || tld == "internal" || tld == "lan" || tld == "home" || tld == "arpa":
		return CodePrivateHost, "The address points to a private, loopback or link-local network."
	case !strings.ContainsFunc(tld, unicode.IsLetter) || strings.HasPrefix(tld, "0x"):
		return CodePrivateHost, "Use a domain name, not a numeric address."
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") ||
			strings.ContainsFunc(l, func(r rune) bool { return r != '-' && !isAlnum(r) && r < 0x80 }) {
			return CodeHost, "The domain name is not valid."
		}
	}
	return "", ""
}

// publicIP reports whether ip is a globally routable unicast address.
func publicIP(ip netip.Addr) bool {
	ip = ip.Unmap()
	if !ip.IsGlobalUnicast() || ip.IsPrivate() {
		return false
	}
	for _, p := range specialPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// specialPrefixes are ranges IsGlobalUnicast accepts that are not the public internet.
var specialPrefixes = []netip.Prefix{
	netip.MustParsePrefix("100.64.0.0/10"),   // carrier-grade NAT
	netip.MustParsePrefix("192.0.0.0/24"),    // IETF protocol assignments
	netip.MustParsePrefix("192.0.2.0/24"),    // documentation
	netip.MustParsePrefix("198.18.0.0/15"),   // benchmarking
	netip.MustParsePrefix("198.51.100.0/24"), // documentation
	netip.MustParsePrefix("203.0.113.0/24"),  // documentation
	netip.MustParsePrefix("240.0.0.0/4"),     // reserved
	netip.MustParsePrefix("64:ff9b::/96"),    // NAT64 can reach private IPv4
	netip.MustParsePrefix("2001:db8::/32"),   // documentation
}

func domainAllowed(host string, allowed []string) bool {
	for _, d := range allowed {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "."))
		if d != "" && (host == d || strings.HasSuffix(host, "."+d)) {
			return true
		}
	}
	return false
}

// Vanity slugs: lowercase letters, digits and inner hyphens, so that a slug reads the same
// aloud, on video and in a QR code.
const (
	minSlug = 3
	maxSlug = 64
)

// ValidateSlug checks a vanity slug chosen by a marketer.
func ValidateSlug(field, slug string) []FieldError {
	var e ValidationError
	switch {
	case len(slug) < minSlug || len(slug) > maxSlug:
		e.add(field, CodeSlugFormat, "Use 3 to 64 characters.")
	case strings.HasPrefix(slug, "-") || strings.HasSuffix(slug, "-") ||
		strings.ContainsFunc(slug, func(r rune) bool { return r != '-' && !(isAlnum(r) && !unicode.IsUpper(r)) }):
		e.add(field, CodeSlugFormat, "Use lowercase letters, digits and hyphens, starting and ending with a letter or digit.")
	case Reserved(slug):
		e.add(field, CodeSlugReserved, "This word is reserved; choose another.")
	}
	return e.Fields
}

// Reserved reports whether a first path segment belongs to a route, the site or a
// well-known file, so that no link may use it.
func Reserved(segment string) bool {
	for _, r := range system.ReservedPathSegments {
		if strings.EqualFold(segment, r) {
			return true
		}
	}
	return false
}

func isAlnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

// NormalizeHost lower-cases a Host header and drops its port, giving the domain a request
// was made on.
func NormalizeHost(host string) string {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	return strings.ToLower(strings.TrimSuffix(host, "."))
}
