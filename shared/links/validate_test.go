package links

import (
	"strings"
	"testing"
)

func TestValidateDestination(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		allowed []string
		want    string // field error code; "" means valid
	}{
		{name: "https", url: "https://shop.example.com/spring?ref=1#top"},
		{name: "http", url: "http://shop.example.com/"},
		{name: "port and path", url: "https://shop.example.com:8443/a/b"},
		{name: "international domain", url: "https://bücher.example.de/"},
		{name: "public IPv4 literal", url: "http://8.8.8.8/"},
		{name: "public IPv6 literal", url: "http://[2606:4700:4700::1111]/"},
		{name: "empty", url: "", want: CodeRequired},
		{name: "too long", url: "https://shop.example.com/" + strings.Repeat("a", MaxURLLength), want: CodeTooLong},
		{name: "space", url: "https://shop.example.com/a b", want: CodeInvalidURL},
		{name: "newline", url: "https://shop.example.com/\nx", want: CodeInvalidURL},
		{name: "bad escape", url: "https://shop.example.com/%zz", want: CodeInvalidURL},
		{name: "relative", url: "/spring", want: CodeNotAbsolute},
		{name: "scheme-relative", url: "//shop.example.com/", want: CodeNotAbsolute},
		{name: "no host", url: "https:///path", want: CodeNotAbsolute},
		{name: "opaque", url: "https:shop.example.com", want: CodeNotAbsolute},
		{name: "javascript", url: "javascript:alert(1)", want: CodeScheme},
		{name: "javascript mixed case", url: "JavaScript:alert(1)", want: CodeScheme},
		{name: "data", url: "data:text/html,<script>alert(1)</script>", want: CodeScheme},
		{name: "file", url: "file:///etc/passwd", want: CodeScheme},
		{name: "ftp", url: "ftp://shop.example.com/", want: CodeScheme},
		{name: "user and password", url: "https://user:pass@shop.example.com/", want: CodeCredentials},
		{name: "user only", url: "https://user@shop.example.com/", want: CodeCredentials},
		{name: "localhost", url: "http://localhost/", want: CodeHost},
		{name: "localhost port", url: "http://localhost:8080/", want: CodeHost},
		{name: "dot localhost", url: "http://app.localhost/", want: CodePrivateHost},
		{name: "mdns", url: "http://printer.local/", want: CodePrivateHost},
		{name: "internal", url: "http://db.internal/", want: CodePrivateHost},
		{name: "single label", url: "http://intranet/", want: CodeHost},
		{name: "loopback", url: "http://127.0.0.1/", want: CodePrivateHost},
		{name: "loopback other", url: "http://127.8.9.10/", want: CodePrivateHost},
		{name: "private 10", url: "http://10.0.0.5/", want: CodePrivateHost},
		{name: "private 172", url: "http://172.16.3.4/", want: CodePrivateHost},
		{name: "private 192", url: "http://192.168.1.1/", want: CodePrivateHost},
		{name: "link-local metadata", url: "http://169.254.169.254/latest/meta-data/", want: CodePrivateHost},
		{name: "carrier-grade NAT", url: "http://100.64.0.1/", want: CodePrivateHost},
		{name: "unspecified", url: "http://0.0.0.0/", want: CodePrivateHost},
		{name: "IPv6 loopback", url: "http://[::1]/", want: CodePrivateHost},
		{name: "IPv6 link-local", url: "http://[fe80::1]/", want: CodePrivateHost},
		{name: "IPv6 unique local", url: "http://[fd00::1]/", want: CodePrivateHost},
		{name: "IPv4-mapped loopback", url: "http://[::ffff:127.0.0.1]/", want: CodePrivateHost},
		{name: "decimal IP", url: "http://2130706433/", want: CodeHost},
		{name: "short IP", url: "http://127.1/", want: CodePrivateHost},
		{name: "hex IP", url: "http://0x7f.0x1/", want: CodePrivateHost},
		{name: "bad label", url: "http://-shop.example.com/", want: CodeHost},
		{name: "underscore label", url: "http://shop_1.example.com/", want: CodeHost},
		{name: "allowed exact", url: "https://example.com/", allowed: []string{"example.com"}},
		{name: "allowed subdomain", url: "https://shop.example.com/", allowed: []string{"example.com", "brand.io"}},
		{name: "allowed case-insensitive", url: "https://SHOP.Example.com/", allowed: []string{"example.com"}},
		{name: "not allowed", url: "https://evil.com/", allowed: []string{"example.com"}, want: CodeNotAllowed},
		{name: "suffix trick", url: "https://notexample.com/", allowed: []string{"example.com"}, want: CodeNotAllowed},
		{name: "allowed as subdomain of other", url: "https://example.com.evil.com/", allowed: []string{"example.com"}, want: CodeNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ValidateDestination("destination", tt.url, tt.allowed)
			switch {
			case tt.want == "" && len(got) > 0:
				t.Fatalf("%q: unexpected error %+v", tt.url, got)
			case tt.want != "" && (len(got) != 1 || got[0].Code != tt.want || got[0].Field != "destination" || got[0].Message == ""):
				t.Fatalf("%q: got %+v, want one %q error", tt.url, got, tt.want)
			}
		})
	}
}

func TestValidateSlug(t *testing.T) {
	tests := []struct {
		slug string
		want string
	}{
		{slug: "summer-sale"},
		{slug: "abc"},
		{slug: "mia2026"},
		{slug: strings.Repeat("a", 64)},
		{slug: "ab", want: CodeSlugFormat},
		{slug: strings.Repeat("a", 65), want: CodeSlugFormat},
		{slug: "Summer", want: CodeSlugFormat},
		{slug: "-sale", want: CodeSlugFormat},
		{slug: "sale-", want: CodeSlugFormat},
		{slug: "sale_1", want: CodeSlugFormat},
		{slug: "sale/1", want: CodeSlugFormat},
		{slug: "sälе", want: CodeSlugFormat},
		{slug: "api", want: CodeSlugReserved},
		{slug: "webhooks", want: CodeSlugReserved},
		{slug: "healthz", want: CodeSlugReserved},
		{slug: "assets", want: CodeSlugReserved},
		{slug: "login", want: CodeSlugReserved},
	}
	for _, tt := range tests {
		got := ValidateSlug("slug", tt.slug)
		if (tt.want == "") != (len(got) == 0) || (tt.want != "" && got[0].Code != tt.want) {
			t.Errorf("%q: got %+v, want %q", tt.slug, got, tt.want)
		}
	}
}

func TestEveryReservedSegmentIsRefused(t *testing.T) {
	for _, seg := range []string{"api", "webhooks", "healthz", "assets", "static", "config.json", "index.html", "favicon.ico", "robots.txt", ".well-known"} {
		if !Reserved(seg) || !Reserved(strings.ToUpper(seg)) {
			t.Errorf("%q is not reserved", seg)
		}
	}
	if Reserved("summer-sale") {
		t.Error("an ordinary slug is reserved")
	}
}

func TestNormalizeHost(t *testing.T) {
	for in, want := range map[string]string{
		"go.Example.com": "go.example.com", "go.example.com:443": "go.example.com",
		"localhost:8080": "localhost", "127.0.0.1:1234": "127.0.0.1", "hypt.link.": "hypt.link", "": "",
	} {
		if got := NormalizeHost(in); got != want {
			t.Errorf("NormalizeHost(%q) = %q, want %q", in, got, want)
		}
	}
}
