package main

import (
	"fmt"
	"os"
)

func main() {
	for _, s := range formats(-42, 7, 200, true, "q\"t") {
		os.Stdout.WriteString(s + "\n")
	}
}

func formats(i int, n int64, u uint8, b bool, s string) []string {
	return []string{
		fmt.Sprintf("%d", i),
		fmt.Sprint(n),
		fmt.Sprintf("%v", u),
		fmt.Sprintf("%t", b),
		fmt.Sprintf("%q", s),
		fmt.Sprintf("%x", i),
		fmt.Sprint(int32(i)),
	}
}
