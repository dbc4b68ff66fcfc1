package retain

import "os"

type Record struct{ Name []byte }

func load(path string, bytes int) (*Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return &Record{Name: data[:bytes]}, nil // want "subslice-retention" nofix "the name `bytes` is taken"
}
