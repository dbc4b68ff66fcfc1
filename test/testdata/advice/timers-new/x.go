package timers

import (
	"context"
	"time"
)

// Since Go 1.23 unreferenced timers are collected: time.After in a loop still allocates.
func consume(ctx context.Context, in <-chan int, handle func(int)) error {
	for {
		select {
		case v := <-in:
			handle(v)
		case <-time.After(time.Minute): // want "time-after-in-loop: time.After in the loop at line 10 allocates a new timer and channel on every iteration \\(collected once unreferenced since Go 1.23"
			return context.DeadlineExceeded
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Good: a periodic loop: every timer fires (the other case leaves the loop).
func every(ctx context.Context, work func()) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
			work()
		}
	}
}

// Good since Go 1.23: the ticker is collected once unreferenced.
func pollOnce(check func() bool) {
	tick := time.Tick(time.Second)
	for range 3 {
		<-tick
		if check() {
			return
		}
	}
}

// Good since Go 1.23.
func sample(n int, read func() int) []int {
	t := time.NewTicker(10 * time.Millisecond)
	var out []int
	for len(out) < n {
		<-t.C
		out = append(out, read())
	}
	return out
}

func wait(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// AfterFunc timers are held by the runtime until they fire in every version.
func guard(work func(), alarm func()) {
	a := time.AfterFunc(time.Minute, alarm) // want "timer-not-stopped: `a` \\(time.AfterFunc\\) is never stopped"
	work()
	a.Reset(time.Minute)
}
