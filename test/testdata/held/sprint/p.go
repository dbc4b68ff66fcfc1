package sprint

import "fmt"

func label(n int) string {
	s := fmt.Sprint(n)
	return s
}

func counter() *int {
	return new(int)
}
