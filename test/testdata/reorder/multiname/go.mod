module example.com/multiname

go 1.24
