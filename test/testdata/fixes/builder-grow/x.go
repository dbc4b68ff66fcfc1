package main

import (
	"bytes"
	"fmt"
	"strings"
)

func main() {
	fmt.Println(indent([]int{1, 2}), commas(3), pad([]string{"a"}))
}

func indent(levels []int) string {
	var b strings.Builder
	b.WriteString("> ")
	for range levels {
		b.WriteString("  ")
	}
	return b.String()
}

func commas(n int) string {
	var buf bytes.Buffer
	for i := 0; i < 8; i++ {
		buf.WriteByte(',')
	}
	_ = n
	return buf.String()
}

// Not fixed: the written length varies.
func pad(xs []string) string {
	var b strings.Builder
	for _, x := range xs {
		b.WriteString(x)
	}
	return b.String()
}
