package main

import (
	"fmt"
	"time"
)

// Good: time.Tick in main lives as long as the program anyway.
func main() {
	tick := time.Tick(100 * time.Millisecond)
	for i := 0; i < 3; i++ {
		<-tick
		fmt.Println(i)
	}
}
