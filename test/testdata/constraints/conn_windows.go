package plat

// Conn names Handle from a.go: its layout needs the package's other files.
type Conn struct {
	open bool
	h    Handle
	busy bool
}

// NewConn returns its Conn: it escapes to the heap.
func NewConn() *Conn {
	return &Conn{open: true}
}
