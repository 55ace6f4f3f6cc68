package statuspage

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlIndex holds, from one walk of the tree, the nodes the parser looks for. Each goquery
// Find over the whole document walks every node again and matches selectors on it; a dozen of
// them cost as much as parsing the HTML, so the parser looks its nodes up here and only uses
// selectors inside the small subtrees it finds.
type htmlIndex struct {
	byClass map[string][]*html.Node
	byTag   map[atom.Atom][]*html.Node
	byAttr  map[string][]*html.Node
}

// indexedClasses, indexedTags and indexedAttrs are what the parser asks for.
var (
	indexedClasses = map[string]bool{
		"page-status": true, "unresolved-incident": true, "scheduled-maintenance": true, "status-day": true,
		"incident-name": true, "incident-updates-container": true, "update-row": true, "components-affected": true,
		"subheader": true,
	}
	indexedTags  = map[atom.Atom]bool{atom.Script: true, atom.Meta: true, atom.Link: true, atom.Title: true, atom.Base: true, atom.Body: true, atom.Input: true, atom.A: true}
	indexedAttrs = map[string]bool{"data-component-id": true, "data-react-class": true}
)

func newHTMLIndex(root *html.Node) *htmlIndex {
	ix := &htmlIndex{byClass: map[string][]*html.Node{}, byTag: map[atom.Atom][]*html.Node{}, byAttr: map[string][]*html.Node{}}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if indexedTags[n.DataAtom] {
				ix.byTag[n.DataAtom] = append(ix.byTag[n.DataAtom], n)
			}
			for _, a := range n.Attr {
				switch {
				case a.Key == "class":
					for _, c := range strings.Fields(a.Val) {
						if indexedClasses[c] {
							ix.byClass[c] = append(ix.byClass[c], n)
						}
					}
				case indexedAttrs[a.Key]:
					ix.byAttr[a.Key] = append(ix.byAttr[a.Key], n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return ix
}

// sel wraps nodes in a selection for subtree queries.
func sel(nodes ...*html.Node) *goquery.Selection {
	return &goquery.Selection{Nodes: nodes}
}

func (ix *htmlIndex) class(c string) *goquery.Selection  { return sel(ix.byClass[c]...) }
func (ix *htmlIndex) tag(a atom.Atom) *goquery.Selection { return sel(ix.byTag[a]...) }

// attrValue finds the first indexed node with attr=value.
func (ix *htmlIndex) attrValue(attr, value string) *goquery.Selection {
	for _, n := range ix.byAttr[attr] {
		if attrOf(n, attr) == value {
			return sel(n)
		}
	}
	return sel()
}

// tagWith finds the first indexed tag whose attr has one of the values.
func (ix *htmlIndex) tagWith(a atom.Atom, attr string, values ...string) *goquery.Selection {
	for _, n := range ix.byTag[a] {
		v := attrOf(n, attr)
		for _, want := range values {
			if v == want {
				return sel(n)
			}
		}
	}
	return sel()
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, c string) bool {
	for _, f := range strings.Fields(attrOf(n, "class")) {
		if f == c {
			return true
		}
	}
	return false
}

// ancestorWithClass returns the nearest ancestor of n with class c, or nil.
func ancestorWithClass(n *html.Node, c string) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && hasClass(p, c) {
			return p
		}
	}
	return nil
}

// textSkipping returns the text under n, leaving out elements with class skip.
func textSkipping(n *html.Node, skip string) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && skip != "" && hasClass(n, skip):
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return clean(b.String())
}

// firstWithClass returns the first descendant of n with class c, or nil.
func firstWithClass(n *html.Node, c string) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && hasClass(ch, c) {
			return ch
		}
		if f := firstWithClass(ch, c); f != nil {
			return f
		}
	}
	return nil
}

// nodeNames maps nodes to names (a group's container to the group's name).
type nodeNames map[*html.Node]string

// firstWithAttr returns the first descendant of n whose attribute key is value, or nil.
func firstWithAttr(n *html.Node, key, value string) *html.Node {
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.ElementNode && attrOf(ch, key) == value {
			return ch
		}
		if f := firstWithAttr(ch, key, value); f != nil {
			return f
		}
	}
	return nil
}
