package other

// Wide lives in another package of the same module.
type Wide struct {
	X int64
	Y [3]int32
}
