module escfixtures

go 1.26
