module example.com/refuse_comment_inside

go 1.24
