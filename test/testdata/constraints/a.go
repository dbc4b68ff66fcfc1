package plat

// Handle is declared in a file every build includes.
type Handle struct {
	fd   int32
	name string
}
