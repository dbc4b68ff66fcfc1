package p

// Ünïcödé 世界 🎉 comment lines before the struct shift no lines, only UTF-16 columns.
var s = "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🎉🎉" // 🎉 surrogate pairs

type T struct {
	naïve bool    // é
	größe int64   // 世界
	ok    bool    // 🎉🎉
	π     float32 // pi
}
