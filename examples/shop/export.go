package shop

import (
	"encoding/json"
	"io"
	"os"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

// Export writes the orders as JSON lines to a file.
func Export(path string, orders []Order) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	buf := bufPool.Get().([]byte)[:0]
	for _, o := range orders {
		line, err := json.Marshal(o)
		if err != nil {
			return err
		}
		buf = append(buf, line...)
		buf = append(buf, '\n')
	}
	_, err = f.Write(buf)
	bufPool.Put(buf)
	return err
}

// Header returns the first line of a big file, keeping the whole buffer alive.
func Header(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	for i, c := range data {
		if c == '\n' {
			return data[:i], nil
		}
	}
	return data, nil
}
