package p

// want-refusal: "positional composite literal"
type T struct {
	a bool
	b int64
	c bool
}

var m = map[string][]T{"x": {{true, 1, false}}}
