package p

import "structs"

// want-refusal: "structs.HostLayout"
type T struct {
	_ structs.HostLayout
	a bool
	b int64
	c bool
}
