package timers

import (
	"context"
	"time"
)

// Bad: a new timer per message; before Go 1.23 each lives for a minute.
func consume(ctx context.Context, in <-chan int, handle func(int)) error {
	for {
		select {
		case v := <-in:
			handle(v)
		case <-time.After(time.Minute): // want "time-after-in-loop: time.After in the loop at line 10 creates a new timer on every iteration, and before Go 1.23"
			return context.DeadlineExceeded
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Bad: a ticker nobody can stop, in a function that returns.
func pollOnce(check func() bool) {
	tick := time.Tick(time.Second) // want "time-tick-leak: time.Tick's ticker can never be stopped, and before Go 1.23"
	for i := 0; i < 3; i++ {
		<-tick
		if check() {
			return
		}
	}
}

// Bad: a ticker never stopped.
func sample(n int, read func() int) []int {
	t := time.NewTicker(10 * time.Millisecond) // want "timer-not-stopped: ticker `t` is never stopped"
	var out []int
	for len(out) < n {
		<-t.C
		out = append(out, read())
	}
	return out
}

// Bad: a timer that loses the select is never stopped.
func wait(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d) // want "timer-not-stopped: timer `timer` is never stopped: when another select case wins"
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
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

// Good: one timer, reset and stopped (the Go ≥1.23 docs' pattern).
func consumeReuse(ctx context.Context, in <-chan int, handle func(int)) error {
	t := time.NewTimer(time.Minute)
	defer t.Stop()
	for {
		select {
		case v := <-in:
			handle(v)
			t.Reset(time.Minute)
		case <-t.C:
			return context.DeadlineExceeded
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// Good: time.Tick in an endless loop (a daemon goroutine).
func heartbeat(beat func()) {
	for range time.Tick(time.Second) {
		beat()
	}
}

// Good: time.After outside a loop.
func timeout(ch <-chan int) (int, bool) {
	select {
	case v := <-ch:
		return v, true
	case <-time.After(time.Second):
		return 0, false
	}
}

// Good: a plain receive waits until the timer fires.
func sleep(d time.Duration) {
	t := time.NewTimer(d)
	<-t.C
}

// Good: the timer is handed to the caller.
func startTimer(d time.Duration) *time.Timer {
	t := time.NewTimer(d)
	return t
}

// Good: AfterFunc result discarded (fire and forget).
func later(f func()) {
	time.AfterFunc(time.Second, f)
}

// Bad: AfterFunc kept but never stopped.
func guard(work func(), alarm func()) {
	a := time.AfterFunc(time.Minute, alarm) // want "timer-not-stopped: `a` \\(time.AfterFunc\\) is never stopped"
	work()
	a.Reset(time.Minute)
}
