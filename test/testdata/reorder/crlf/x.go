package p

// CRLF line ends are kept.
type T struct {
	a bool // first
	b int64
	c bool
}
