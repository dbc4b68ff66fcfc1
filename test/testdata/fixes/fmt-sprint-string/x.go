package main

import "fmt"

func main() {
	println(greet("go"), wrap("a", "b"))
}

func greet(name string) string {
	return fmt.Sprint(name)
}

func wrap(a, b string) string {
	return "[" + fmt.Sprintf("%s", a) + b + "]"
}
