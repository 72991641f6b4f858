package creators

import (
	"strings"

	"github.com/hypetrack/hypetrack/shared/validate"
)

// Persona is a campaign's target buyer (DOMAIN.md section 2). An empty dimension means
// "anyone" and does not narrow the match.
type Persona struct {
	Countries []string `json:"countries"`
	// Genders holds "female" and/or "male".
	Genders []string `json:"genders"`
	// Ages holds brackets from AgeBrackets.
	Ages []string `json:"ages"`
	// OS holds "ios" and/or "android".
	OS        []string `json:"os"`
	Interests []string `json:"interests"`
}

// CheckPersona validates a persona.
func CheckPersona(p Persona) error {
	var v validate.Errors
	for _, c := range p.Countries {
		if !isCountry(c) {
			v.Add("persona.countries", "invalid", "must be two-letter country codes such as US")
			break
		}
	}
	for _, g := range p.Genders {
		v.OneOf("persona.genders", g, "female", "male")
	}
	for _, a := range p.Ages {
		v.OneOf("persona.ages", a, AgeBrackets...)
	}
	for _, o := range p.OS {
		v.OneOf("persona.os", o, "ios", "android")
	}
	if len(p.Interests) > 30 {
		v.Add("persona.interests", "too-long", "at most 30 interests")
	}
	return v.Err()
}

// AudienceMatch estimates the share of a creator's audience inside the persona: the
// product, over the persona's dimensions, of the audience share that falls in it. Treating
// the dimensions as independent is the usual estimate when platforms report each split
// alone. A dimension the creator has no data for counts as a neutral 0.5, so missing data
// neither wins nor loses a ranking outright.
func AudienceMatch(a Audience, p Persona) float64 {
	match := 1.0
	if len(p.Countries) > 0 {
		if len(a.Countries) == 0 {
			match *= 0.5
		} else {
			share := 0.0
			for _, c := range p.Countries {
				share += a.Countries[strings.ToUpper(c)]
			}
			match *= clamp(share)
		}
	}
	if len(p.Genders) == 1 {
		switch {
		case a.Female == 0 && len(a.Countries) == 0 && len(a.Ages) == 0:
			match *= 0.5
		case p.Genders[0] == "female":
			match *= clamp(a.Female)
		default:
			match *= clamp(1 - a.Female)
		}
	}
	if len(p.Ages) > 0 {
		if len(a.Ages) == 0 {
			match *= 0.5
		} else {
			share := 0.0
			for _, b := range p.Ages {
				share += a.Ages[b]
			}
			match *= clamp(share)
		}
	}
	if len(p.OS) == 1 {
		if p.OS[0] == "ios" {
			match *= clamp(a.IOS)
		} else {
			match *= clamp(1 - a.IOS)
		}
	}
	return match
}

func clamp(x float64) float64 {
	switch {
	case x < 0:
		return 0
	case x > 1:
		return 1
	}
	return x
}
