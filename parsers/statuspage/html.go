package statuspage

import (
	"errors"
	"io"

	"statusfeed.dev/statusfeed"
)

func detectHTML(prefix []byte) int { return 0 }

func parseHTML(r io.Reader, src statusfeed.Source) (*statusfeed.Page, error) {
	return nil, errors.New("statuspage: HTML pages are not read yet")
}
