module example.com/ptrbytes

go 1.24
