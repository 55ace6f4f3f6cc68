package normalize

import (
	"strings"

	"statusfeed.dev/statusfeed"
)

var affectedPrefixes = []string{"this incident affected:", "this maintenance affected:", "affected components:", "affected components", "components:"}

// Affected reads an "affected components" sentence:
//
//	This incident affected: Regions (SGP1) and Services (Spaces).
//	This incident affected: API ([MEP] Campaigns API, [MEP] Transactional API), Dashboard, and Inbox.
//	Affected Components: Loyalty, Admin panel, Site personalization
//
// A name followed by a parenthesized list is a group with those children. Items are separated
// by commas and a final "and", with or without the Oxford comma. A name that itself contains
// " and " is split unless it is one of known (the page's component names, where the caller has
// them). Blank names (Instatus RSS prints ", , ") are dropped.
func Affected(sentence string, known ...string) []statusfeed.ComponentRef {
	s := strings.TrimSpace(sentence)
	lower := strings.ToLower(s)
	for _, p := range affectedPrefixes {
		if strings.HasPrefix(lower, p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	s = strings.TrimSpace(strings.TrimSuffix(s, "."))
	var refs []statusfeed.ComponentRef
	for _, item := range splitItems(s, known) {
		if open := topLevelParen(item); open > 0 && strings.HasSuffix(item, ")") {
			group := strings.TrimSpace(item[:open])
			for _, child := range splitTop(item[open+1:len(item)-1], ",") {
				if child = strings.TrimSpace(child); child != "" {
					refs = append(refs, statusfeed.ComponentRef{Name: child, Group: group})
				}
			}
			continue
		}
		refs = append(refs, statusfeed.ComponentRef{Name: item})
	}
	return refs
}

// splitItems splits a top-level list on commas and on the last " and ".
func splitItems(s string, known []string) []string {
	parts := splitTop(s, ",")
	var items []string
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if i > 0 && strings.HasPrefix(p, "and ") { // Oxford comma: "A, B, and C"
			p = strings.TrimSpace(p[4:])
		}
		if i == len(parts)-1 && !isKnown(p, known) {
			// "A and B", "A, B and C": split on the last " and " outside brackets.
			if sub := splitTop(p, " and "); len(sub) > 1 {
				last := sub[len(sub)-1]
				head := strings.Join(sub[:len(sub)-1], " and ")
				items = appendNonBlank(items, head, last)
				continue
			}
		}
		items = appendNonBlank(items, p)
	}
	return items
}

func appendNonBlank(items []string, ss ...string) []string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			items = append(items, s)
		}
	}
	return items
}

func isKnown(s string, known []string) bool {
	for _, k := range known {
		if strings.EqualFold(strings.TrimSpace(k), s) {
			return true
		}
	}
	return false
}

// splitTop splits s on sep where it stands outside parentheses and square brackets.
func splitTop(s, sep string) []string {
	var parts []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[':
			depth++
		case ')', ']':
			if depth > 0 {
				depth--
			}
		default:
			if depth == 0 && strings.HasPrefix(s[i:], sep) {
				parts = append(parts, s[start:i])
				start = i + len(sep)
				i += len(sep) - 1
			}
		}
	}
	return append(parts, s[start:])
}

// topLevelParen returns the index of the first "(" outside square brackets, or -1.
func topLevelParen(s string) int {
	brackets := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '[':
			brackets++
		case ']':
			if brackets > 0 {
				brackets--
			}
		case '(':
			if brackets == 0 {
				return i
			}
		}
	}
	return -1
}
