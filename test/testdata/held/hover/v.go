package hover

// X is declared above the function that the test breaks: it still parses.
type X struct {
	a bool
	b int64
}

// V names W, which error recovery swallows with the rest of the file.
type V struct {
	w W
	p *int
}

func k() []X {
	return make([]X, N)
}

func h() int {
	n := 1

	return n
}

type W struct{ a, b int64 }

const N = 16
