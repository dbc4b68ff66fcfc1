package main

import (
	"fmt"
	"os"
)

func main() {
	os.Stdout.Write(line("go", 3))
	os.Stdout.Write(lines(1, 2))
}

func line(name string, n int) []byte {
	return []byte(fmt.Sprintf("name=%s n=%d\n", name, n))
}

func lines(a, b int) []byte {
	return []byte(fmt.Sprintln(a, b))
}
