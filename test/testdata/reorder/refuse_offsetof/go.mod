module example.com/refuse_offsetof

go 1.24
