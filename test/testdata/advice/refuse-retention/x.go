package retain

import "io"

type Record struct{ Name []byte }

func load(r io.Reader, bytes int) (*Record, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return &Record{Name: data[:bytes]}, nil // want "subslice-retention" nofix "the name `bytes` is taken"
}
