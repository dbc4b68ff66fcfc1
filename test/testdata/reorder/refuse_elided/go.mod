module example.com/refuse_elided

go 1.24
