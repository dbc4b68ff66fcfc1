package main

import "fmt"

func main() {
	fmt.Println(raw("", 0), dyn("%s", ""))
}

func raw(s string, n int) []byte {
	_ = n
	return []byte(fmt.Sprintf("%s", s)) // nofix "could be empty"
}

func dyn(format, s string) []byte {
	return []byte(fmt.Sprintf(format, s)) // nofix "not a constant"
}
