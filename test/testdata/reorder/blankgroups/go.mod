module example.com/blankgroups

go 1.24
