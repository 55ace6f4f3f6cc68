package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"statusfeed.dev/statusfeed"
)

func providersCommand(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "providers",
		Short: "List the registered parsers and what each reads",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "PROVIDER\tREADS")
			for _, name := range statusfeed.Parsers() {
				p, _ := statusfeed.Lookup(name)
				reads := "-"
				if d, ok := p.(statusfeed.Describer); ok {
					reads = d.Describe()
				}
				fmt.Fprintf(tw, "%s\t%s\n", name, reads)
			}
			return tw.Flush()
		},
	}
}
