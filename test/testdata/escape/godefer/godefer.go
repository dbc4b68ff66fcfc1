package godefer

import "sync"

//go:noinline
func spawn(wg *sync.WaitGroup) { // want "leaking param: wg"
	go func() { // want "func literal escapes to heap"
		wg.Done()
	}()
}

//go:noinline
func topDefer(mu *sync.Mutex) { // want "leaking param: mu"
	mu.Lock()
	defer func() { // want "func literal does not escape"
		mu.Unlock()
	}()
}

//go:noinline
func loopDefer(n int) {
	for i := 0; i < n; i++ {
		defer func() {}() // want "func literal escapes to heap"
	}
}
