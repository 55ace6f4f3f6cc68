package statusfeed_test

import (
	"errors"
	"fmt"
	"strings"

	_ "statusfeed.dev/parsers/all"
	"statusfeed.dev/statusfeed"
)

const exampleFeed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>tag:status.example.com,2005:/history</id>
  <link rel="alternate" type="text/html" href="https://status.example.com"/>
  <title>Example Status - Incident History</title>
  <updated>2025-01-02T09:00:00Z</updated>
  <entry>
    <id>tag:status.example.com,2005:Incident/1001</id>
    <published>2025-01-02T08:15:00Z</published>
    <updated>2025-01-02T08:15:00Z</updated>
    <link rel="alternate" type="text/html" href="https://status.example.com/incidents/x1y2z3"/>
    <title>Delayed emails</title>
    <content type="html">&lt;p&gt;&lt;small&gt;Jan &lt;var data-var='date'&gt; 2&lt;/var&gt;, &lt;var data-var='time'&gt;08:15&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - Emails are flowing.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Dec &lt;var data-var='date'&gt;31&lt;/var&gt;, &lt;var data-var='time'&gt;22:05&lt;/var&gt; UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Investigating&lt;/strong&gt; - Emails are delayed.&lt;/p&gt;</content>
  </entry>
</feed>`

// Parse detects the provider and reads the feed into the model. The year-less stamps are placed
// in the right years: the incident began on New Year's Eve and ended on January 2.
func ExampleParse() {
	page, err := statusfeed.Parse(strings.NewReader(exampleFeed), statusfeed.Source{Name: "history.atom"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(page.Name, page.Provider, page.Format)
	for _, inc := range page.Incidents {
		d, _ := inc.Duration()
		fmt.Printf("%s: %s %s, started %s, lasted %s\n", inc.ID, inc.Kind, inc.Status, inc.StartedAt.Format("2006-01-02 15:04"), d)
		for _, u := range inc.Updates {
			fmt.Printf("  %s %-13s %s\n", u.At.Format("Jan 2 2006 15:04"), u.Status, u.Body)
		}
	}
	// Output:
	// Example statuspage atom
	// x1y2z3: incident resolved, started 2024-12-31 22:05, lasted 34h10m0s
	//   Dec 31 2024 22:05 investigating Emails are delayed.
	//   Jan 2 2025 08:15 resolved      Emails are flowing.
}

// An undetectable document is an error, never a guess.
func ExampleParse_unknownFormat() {
	_, err := statusfeed.Parse(strings.NewReader(`{"hello":"world"}`), statusfeed.Source{Name: "hello.json"})
	fmt.Println(err)
	fmt.Println(errors.Is(err, statusfeed.ErrUnknownFormat))
	// Output:
	// statusfeed: hello.json: unknown format: no parser recognizes this json document
	// true
}

const plainFeed = `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Cloud status</title>
  <updated>2025-01-02T09:00:00Z</updated>
  <entry><id>urn:1</id><title>Resolved: delayed emails</title><updated>2025-01-02T09:00:00Z</updated></entry>
</feed>`

// A registry without the catch-all feed parser reads only documents a provider's own parser
// claims: a plain Atom feed of no known provider is then an unknown format, not a guess.
func ExampleRegistry_Without() {
	page, err := statusfeed.Parse(strings.NewReader(plainFeed), statusfeed.Source{Name: "status.atom"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(page.Provider, len(page.Incidents))

	strict := statusfeed.Default.Without("feed")
	_, found := strict.Lookup("feed")
	_, err = strict.Parse(strings.NewReader(plainFeed), statusfeed.Source{Name: "status.atom"})
	fmt.Println(found, errors.Is(err, statusfeed.ErrUnknownFormat))
	// Output:
	// feed 1
	// false true
}
