package normalize

import (
	"strconv"
	"strings"
)

// zone is what an abbreviation can mean. Go's time.Parse reads an abbreviation it does not know
// (and most it does) as +0000 in a made-up location, so statusfeed never lets it: every label is
// looked up here, and a label with more than one meaning is flagged rather than guessed.
type zone struct {
	offset    int  // seconds east of UTC
	ambiguous bool // the label names several zones in common use
}

const hour = 3600

var zones = map[string]zone{
	"UTC": {0, false}, "GMT": {0, false}, "UT": {0, false}, "Z": {0, false}, "ZULU": {0, false},
	// North America
	"EST": {-5 * hour, false}, "EDT": {-4 * hour, false},
	"CST": {-6 * hour, true}, // US Central; also China and Cuba Standard Time
	"CDT": {-5 * hour, false},
	"MST": {-7 * hour, false}, "MDT": {-6 * hour, false},
	"PST": {-8 * hour, false}, "PDT": {-7 * hour, false},
	"AKST": {-9 * hour, false}, "AKDT": {-8 * hour, false},
	"HST": {-10 * hour, false}, "HDT": {-9 * hour, false},
	"AST":  {-4 * hour, true}, // Atlantic; also Arabia Standard Time
	"ADT":  {-3 * hour, false},
	"NST":  {-3*hour - 1800, false},
	"NDT":  {-2*hour - 1800, false},
	"BRT":  {-3 * hour, false},
	"ART":  {-3 * hour, false},
	"CLT":  {-4 * hour, false},
	"CLST": {-3 * hour, false},
	// Europe
	"WET": {0, false}, "WEST": {1 * hour, false},
	"BST": {1 * hour, true}, // British Summer; also Bangladesh Standard Time
	"IST": {1 * hour, true}, // Irish Standard; also India and Israel Standard Time
	"CET": {1 * hour, false}, "CEST": {2 * hour, false},
	"MET": {1 * hour, false}, "MEST": {2 * hour, false},
	"EET": {2 * hour, false}, "EEST": {3 * hour, false},
	"MSK": {3 * hour, false},
	// Asia
	"GST": {4 * hour, true}, // Gulf; also South Georgia
	"PKT": {5 * hour, false},
	"NPT": {5*hour + 2700, false},
	"ICT": {7 * hour, false}, "WIB": {7 * hour, false},
	"HKT": {8 * hour, false}, "SGT": {8 * hour, false}, "PHT": {8 * hour, false},
	"AWST": {8 * hour, false},
	"JST":  {9 * hour, false}, "KST": {9 * hour, false},
	// Australia and New Zealand
	"ACST": {9*hour + 1800, false}, "ACDT": {10*hour + 1800, false},
	"AEST": {10 * hour, false}, "AEDT": {11 * hour, false},
	"NZST": {12 * hour, false}, "NZDT": {13 * hour, false},
}

// ZoneOffset resolves a zone label: an abbreviation from the table ("PDT", "CEST"), a
// GMT/UTC-relative label ("GMT+0", "UTC-07:00", "GMT+5:30") or a numeric offset ("+0000").
// known is false for labels it cannot read; ambiguous is true for abbreviations with several
// meanings in common use ("IST", "CST", "BST"), whose offset is only the likeliest.
func ZoneOffset(label string) (offset int, known, ambiguous bool) {
	l := strings.ToUpper(strings.TrimSpace(label))
	if z, ok := zones[l]; ok {
		return z.offset, true, z.ambiguous
	}
	for _, p := range []string{"GMT", "UTC", "UT"} {
		if strings.HasPrefix(l, p) && len(l) > len(p) && (l[len(p)] == '+' || l[len(p)] == '-') {
			off, ok := numericOffset(l[len(p):])
			return off, ok, false
		}
	}
	if l != "" && (l[0] == '+' || l[0] == '-') {
		off, ok := numericOffset(l)
		return off, ok, false
	}
	return 0, false, false
}

// numericOffset reads "+0", "-7", "+05:30", "+0530", "-0700".
func numericOffset(s string) (int, bool) {
	if len(s) < 2 || (s[0] != '+' && s[0] != '-') {
		return 0, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	body := s[1:]
	var h, m int
	var err error
	switch {
	case strings.Contains(body, ":"):
		hs, ms, _ := strings.Cut(body, ":")
		if h, err = strconv.Atoi(hs); err != nil {
			return 0, false
		}
		if m, err = strconv.Atoi(ms); err != nil {
			return 0, false
		}
	case len(body) == 4:
		if h, err = strconv.Atoi(body[:2]); err != nil {
			return 0, false
		}
		if m, err = strconv.Atoi(body[2:]); err != nil {
			return 0, false
		}
	case len(body) <= 2:
		if h, err = strconv.Atoi(body); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	if h > 14 || m > 59 {
		return 0, false
	}
	return sign * (h*hour + m*60), true
}
