module example.com/comments

go 1.24
