package p

// Point and Size have the same field names but not the same types: no
// conversion exists between them, so reordering one breaks nothing.
type Point struct {
	ok bool
	X  float64
	on bool
}

type Size struct {
	ok bool
	X  int32
	on bool
}

// Same names and types in another order: not identical either.
type Swapped struct {
	X  float64
	ok bool
	on bool
}

var (
	_ = Point{}
	_ = Size{}
	_ = Swapped{}
)
