package main

import "fmt"

func sum(a, b string) string {
	return "[" + fmt.Sprintf("%s", a+b) + "]" // nofix "layout gofmt would change"
}
