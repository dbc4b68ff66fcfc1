module example.com/refuse_blankpad

go 1.24
