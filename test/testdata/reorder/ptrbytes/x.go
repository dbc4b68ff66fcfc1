package p

// Same size either way; pointers first means fewer bytes for the GC to scan.
type T struct {
	n int64
	p *int
	m int64
	s string
}
