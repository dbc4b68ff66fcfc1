package main

import (
	"encoding/json"
	"fmt"
)

func main() {
	b, _ := encode(nil)
	fmt.Println(string(b), collect(nil) == nil)
}

// encode: nil encodes as null, an empty slice as [].
func encode(xs []string) ([]byte, error) {
	var out []string // nofix "json.Marshal"
	for _, x := range xs {
		out = append(out, x+"!")
	}
	return json.Marshal(out)
}

func collect(xs []int) []int {
	var out []int // nofix "returned"
	for _, x := range xs {
		out = append(out, x)
	}
	return out
}
