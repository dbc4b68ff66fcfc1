package p

// want-refusal: "same fields"
type A struct {
	ok bool
	b  []byte
	v  any
	on bool
}

// want-refusal: "same fields"
type B struct {
	ok bool
	b  []uint8
	v  interface{}
	on bool
}

var _ = B(A{})

// want-refusal: "same fields"
type C struct {
	ok bool
	f  func(x int) error
	on bool
}

// want-refusal: "same fields"
type D struct {
	ok bool
	f  func(int) error
	on bool
}

var _ = D(C{})
