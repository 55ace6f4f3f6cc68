package aws_test

import (
	"fmt"
	"strings"

	"statusfeed.dev/parsers/aws"
	"statusfeed.dev/statusfeed"
)

// The dashboard's feed publishes each update as an item; the parser makes them one incident.
func ExampleParser() {
	const feed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Amazon Web Services Service Status</title>
<generator>AWS Service Health Dashboard RSS Generator</generator>
<item><title><![CDATA[Service is operating normally: [RESOLVED] Increased Invoke Errors]]></title>
<pubDate>Tue, 09 Jun 2026 18:40:12 PDT</pubDate>
<guid isPermaLink="false">https://status.aws.amazon.com/#lambda-eu-west-1_1781055612</guid>
<description>The issue has been resolved and the service is operating normally.</description></item>
<item><title><![CDATA[Service disruption: Increased Invoke Errors]]></title>
<pubDate>Tue, 09 Jun 2026 17:21:08 PDT</pubDate>
<guid isPermaLink="false">https://status.aws.amazon.com/#lambda-eu-west-1_1781050868</guid>
<description>We are investigating increased invoke errors.</description></item>
</channel></rss>`
	page, err := aws.Parser.Parse(strings.NewReader(feed), statusfeed.Source{})
	if err != nil {
		panic(err)
	}
	inc := page.Incidents[0]
	d, _ := inc.Duration()
	fmt.Println(len(page.Incidents), "incident:", inc.Title, inc.Components[0].ID, inc.Regions)
	fmt.Println(inc.Status, inc.Impact, len(inc.Updates), "updates, lasted", d)
	// Output:
	// 1 incident: Increased Invoke Errors lambda [eu-west-1]
	// resolved major 2 updates, lasted 1h19m4s
}
