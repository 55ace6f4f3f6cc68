package events

import (
	"path"
	"strings"

	"statusfeed.dev/statusfeed"
)

// Filter scopes a source to some components or regions. The zero Filter lets everything
// through.
//
// Its text form, as sources files and the CLI write it, is a comma-separated list of terms:
// "component:<pattern>" (or a bare pattern) matches a component's name, "group/name" or ID;
// "region:<pattern>" matches an incident's regions. Patterns use path.Match syntax ("API*",
// "Europe/*") and compare case-insensitively.
type Filter struct {
	Components []string
	Regions    []string
}

// ParseFilter reads a filter's text form.
func ParseFilter(s string) (Filter, error) {
	var f Filter
	for _, term := range strings.Split(s, ",") {
		term = strings.TrimSpace(term)
		if term == "" {
			continue
		}
		kind, pat, ok := strings.Cut(term, ":")
		if !ok {
			kind, pat = "component", term
		}
		pat = strings.ToLower(strings.TrimSpace(pat))
		if _, err := path.Match(pat, ""); err != nil {
			return Filter{}, err
		}
		switch strings.ToLower(strings.TrimSpace(kind)) {
		case "component":
			f.Components = append(f.Components, pat)
		case "region":
			f.Regions = append(f.Regions, pat)
		default:
			f.Components = append(f.Components, strings.ToLower(term))
		}
	}
	return f, nil
}

// String writes the filter's text form.
func (f Filter) String() string {
	var terms []string
	for _, c := range f.Components {
		terms = append(terms, "component:"+c)
	}
	for _, r := range f.Regions {
		terms = append(terms, "region:"+r)
	}
	return strings.Join(terms, ",")
}

// Empty reports whether the filter lets everything through.
func (f Filter) Empty() bool { return len(f.Components) == 0 && len(f.Regions) == 0 }

func matchAny(pats []string, names ...string) bool {
	for _, p := range pats {
		for _, n := range names {
			if n == "" {
				continue
			}
			if ok, _ := path.Match(p, strings.ToLower(n)); ok {
				return true
			}
		}
	}
	return false
}

// Component reports whether a component is in scope. A region-only filter keeps every
// component: components have no region.
func (f Filter) Component(c *statusfeed.Component) bool {
	if len(f.Components) == 0 {
		return true
	}
	return matchAny(f.Components, c.Name, c.Group+"/"+c.Name, c.ID)
}

// Incident reports whether an incident is in scope: it affects a component the filter names,
// or a region it names. An incident that names no component does not pass a component filter
// (feeds that list no components need a region filter or none); a vendor that attaches an
// incident to every component passes every component filter: that is the vendor's statement,
// and the filter does not second-guess it.
func (f Filter) Incident(inc *statusfeed.Incident) bool {
	if f.Empty() {
		return true
	}
	if len(f.Regions) > 0 && matchAny(f.Regions, inc.Regions...) {
		return true
	}
	if len(f.Components) > 0 {
		for _, c := range inc.Components {
			if matchAny(f.Components, c.Name, c.Group+"/"+c.Name, c.ID) {
				return true
			}
		}
	}
	return false
}
