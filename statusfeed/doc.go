// Package statusfeed turns the public status pages of third-party vendors into one clean,
// trustworthy incident history.
//
// The package holds the model every source is normalized into (Page, Component, Incident,
// Update, Postmortem), the Parser interface with its registry and format detection, fetching,
// discovery of a page's endpoints, and merging one vendor's pages. It imports no parser: providers live in statusfeed.dev/parsers/<provider> and
// register themselves in init, as image/png does with image. Import them all with
//
//	import _ "statusfeed.dev/parsers/all"
//
// then call Parse, ParseURL or ParseAs; Discover and Merge work across documents. A parser can also be used directly, without the
// registry, through its package's exported Parser value.
//
// Files: model.go (the model), enums.go (status, impact and kind words), json.go (the JSON
// shape), registry.go (Parser, Register, Detect, Parse), sniff.go (syntax detection shared by
// parsers), fetch.go (the one place that does I/O), discover.go (Discover, EndpointLister),
// merge.go (Merge), errors.go.
//
// The model is honest about what it does not know: enums have an unknown zero value, absent
// times are zero and marshal as null, and data-quality doubts are listed in Page.Warnings.
// Times are UTC.
package statusfeed
