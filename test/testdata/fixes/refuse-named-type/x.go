package main

import "fmt"

type ID int

func (i ID) String() string { return "#" }

type Code int

func main() {
	fmt.Println(show(1), code(2), sum("a", "b"))
}

func show(id ID) string {
	return fmt.Sprint(id) // nofix "named type ID"
}

func code(c Code) string {
	return fmt.Sprintf("%d", c) // nofix "named type Code"
}
