package p

// want-refusal: "positional composite literal"
type T struct {
	a bool
	b int64
	c bool
}

type List []*T

var l = List{{a: true}, {false, 2, true}}
