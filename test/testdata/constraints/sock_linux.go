package plat

// Sock is declared once per platform, with the same fields.
type Sock struct {
	ok    bool
	n     int64
	ready bool
}

var _ = Sock{true, 1, false}
