module example.com/refuse_positional

go 1.24
