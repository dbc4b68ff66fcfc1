package twofiles

import "sync"

var linePool = sync.Pool{
	New: func() any {
		return make([]byte, 0, 256) // want "sync-pool-new-non-pointer"
	},
}

func upper(s string) string {
	b := linePool.Get().([]byte)[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		b = append(b, c)
	}
	out := string(b)
	linePool.Put(b) // want "sync-pool-put-non-pointer"
	return out
}
