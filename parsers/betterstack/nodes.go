package betterstack

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Small helpers over x/net/html nodes. All accept nil, so that a missing element reads as
// nothing rather than a panic.

// walk visits n and its descendants in document order; visit returns false to skip a node's
// children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if n == nil || n.Type == html.ElementNode && !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

// find returns the first element below n (not n itself) with the class, skipping SVG.
func find(n *html.Node, class string) *html.Node {
	return first(n, func(c *html.Node) bool { return hasClass(c, class) })
}

// firstTag returns the first element below n of the tag.
func firstTag(n *html.Node, tag atom.Atom) *html.Node {
	return first(n, func(c *html.Node) bool { return c.DataAtom == tag })
}

func first(n *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	if n == nil {
		return nil
	}
	for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
		walk(c, func(e *html.Node) bool {
			if found == nil && match(e) {
				found = e
			}
			return found == nil && e.DataAtom != atom.Svg
		})
	}
	return found
}

// firstElement is n's first element child.
func firstElement(n *html.Node) *html.Node {
	if n == nil {
		return nil
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			return c
		}
	}
	return nil
}

func attr(n *html.Node, key string) string {
	if n != nil {
		for _, a := range n.Attr {
			if a.Key == key {
				return a.Val
			}
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// hasClass reports whether class is one of n's classes, without splitting the attribute.
func hasClass(n *html.Node, class string) bool {
	v := attr(n, "class")
	for {
		i := strings.Index(v, class)
		if i < 0 {
			return false
		}
		end := i + len(class)
		if (i == 0 || isSpace(v[i-1])) && (end == len(v) || isSpace(v[end])) {
			return true
		}
		v = v[end:]
	}
}

func isSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' }

// textOf is the text below n, SVG titles and scripts left out.
func textOf(n *html.Node) string {
	var b strings.Builder
	var add func(*html.Node)
	add = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.DataAtom == atom.Svg || n.DataAtom == atom.Script || n.DataAtom == atom.Style:
		default:
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				add(c)
			}
		}
	}
	if n != nil {
		add(n)
	}
	return b.String()
}
