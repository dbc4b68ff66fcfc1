package held

type T struct{ a, b int }

var sink *T

func f(c *T) int {
	n := c.a

	return n
}

func g() *T {
	return &T{a: 1}
}

type U struct{ x int }
