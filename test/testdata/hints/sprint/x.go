package main

import (
	"fmt"
	"strconv"
)

type ID int

func (i ID) String() string { return "#" + strconv.Itoa(int(i)) }

func main() {}

func formats(i int, n int64, u uint8, b bool, s string, id ID, f float64) []string {
	return []string{
		fmt.Sprintf("%d", i), // want "fmt-sprint-strconv: .*strconv.Itoa\\(i\\)"
		fmt.Sprint(n),        // want "fmt-sprint-strconv: .*strconv.FormatInt\\(n, 10\\)"
		fmt.Sprintf("%v", u), // want "fmt-sprint-strconv: .*strconv.FormatUint\\(uint64\\(u\\), 10\\)"
		fmt.Sprintf("%t", b), // want "fmt-sprint-strconv: .*FormatBool"
		fmt.Sprint(s),        // want "fmt-sprint-strconv: .*use s,"
		fmt.Sprintf("%q", s), // want "fmt-sprint-strconv: .*strconv.Quote\\(s\\)"
		fmt.Sprintf("%x", i), // want "fmt-sprint-strconv: .*strconv.FormatInt\\(int64\\(i\\), 16\\)"
		fmt.Sprint(id),       // want "fmt-sprint-strconv"
		fmt.Sprintf("%05d", i),
		fmt.Sprintf("%d items", i),
		fmt.Sprint(f),
		fmt.Sprint(42),
		fmt.Sprint(i, s),
	}
}

func bytesOf(name string, n int) ([]byte, []byte) {
	a := []byte(fmt.Sprintf("name=%s n=%d", name, n)) // want "fmt-sprint-bytes: .*fmt.Appendf"
	b := []byte(fmt.Sprintf("%s", name))              // want "fmt-sprint-bytes"
	return a, b
}
