package twofiles

func reverse(s string) string {
	b := linePool.Get().([]byte)[:0]
	for i := len(s) - 1; i >= 0; i-- {
		b = append(b, s[i])
	}
	out := string(b)
	linePool.Put(b) // want "sync-pool-put-non-pointer"
	return out
}
