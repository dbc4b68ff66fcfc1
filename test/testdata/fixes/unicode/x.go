package main

import "fmt"

// Größe: non-ASCII text before and on the fixed lines (UTF-16 columns, 😀 is two code units).
func main() {
	fmt.Println(label(3), tags([]string{"ä"}))
}

func label(i int) string {
	return "😀→" + fmt.Sprint(i) + "←é"
}

func tags(xs []string) string {
	s := "€"
	for _, x := range xs {
		s += "😀" + x
	}
	return s
}
