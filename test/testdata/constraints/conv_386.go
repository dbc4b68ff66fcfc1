package plat

// Pair is laid out for 386 (4-byte pointers), the target its file name asks for.
type Pair struct {
	ok   bool
	p    *int
	done bool
}
