package p

// want-refusal: "same fields"
var v struct {
	a bool
	b int64
	c bool
}

func f() {
	v = struct {
		a bool
		b int64
		c bool
	}{true, 1, false}
}
