module example.com/refuse_alias

go 1.24
