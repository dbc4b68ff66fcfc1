module example.com/refuse_hostlayout

go 1.24
