package plat

// Sock is declared once per platform, with the same fields: the linux one's positional literal and
// twin declaration are not in the windows build, and do not refuse this one's reorder fix.
type Sock struct {
	ok    bool
	n     int64
	ready bool
}
