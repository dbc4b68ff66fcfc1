// Non-ASCII identifiers and strings: diagnostics must land on the right UTF-16
// columns (astral characters count as two). Each want names the text the
// diagnostic's range must start with.
package unicode

import "fmt"

type Größe struct {
	ä bool
	ñ int64
	ü bool
}

func Neu(名前 string) *Größe {
	g := Größe{} /* 😀😀 */; ö := "日本語😀" // want "moved to heap: g" start "g"
	_ = ö
	return &g
}

func Grüße(ω int) any {
	s := "héllo 🌍"; v := ω // want "moved to heap: v" start "v"
	_ = s
	return &v
}

func Sprich(x int) string {
	return fmt.Sprint("𝔘𝔫𝔦𝔠𝔬𝔡𝔢", x)
}
