module example.com/oneline

go 1.24
