package links

import (
	"os"
	"strings"
)

// Environment variables naming the short-link domains, read by the redirect (to know which
// host serves which links) and by the campaign API (to know where links may be created).
const (
	// EnvDomain is the default short-link domain.
	EnvDomain = "HYPETRACK_LINK_DOMAIN"
	// EnvCustomDomains lists brands' own short domains, comma-separated.
	EnvCustomDomains = "HYPETRACK_LINK_CUSTOM_DOMAINS"
)

// DomainsFromEnv returns the default short-link domain (DefaultDomain when unset) and the
// custom ones. Pass them to WithDomains.
func DomainsFromEnv() (defaultDomain string, custom []string) {
	defaultDomain = strings.ToLower(strings.TrimSpace(os.Getenv(EnvDomain)))
	if defaultDomain == "" {
		defaultDomain = DefaultDomain
	}
	for _, d := range strings.Split(os.Getenv(EnvCustomDomains), ",") {
		if d = strings.ToLower(strings.TrimSpace(d)); d != "" {
			custom = append(custom, d)
		}
	}
	return defaultDomain, custom
}
