package retain

import "io"

type Record struct {
	Key   string
	Value []byte
	IDs   []int
}

var cache = map[string]*Record{}

func load(in io.Reader) (*Record, error) {
	data, err := io.ReadAll(in)
	if err != nil {
		return nil, err
	}
	text := string(data)
	r := &Record{}
	r.Key = text[:8] // want "subslice-retention"

	r.Value = data[8:16] // want "subslice-retention"
	cache[r.Key] = r
	return r, nil
}

func ids(r io.Reader) ([]int, error) {
	buf := make([]int, 4096)
	n := 0
	for n < len(buf) {
		var b [1]byte
		if _, err := r.Read(b[:]); err != nil {
			break
		}
		buf[n] = int(b[0])
		n++
	}
	return buf[:n], nil // want "subslice-retention"
}
