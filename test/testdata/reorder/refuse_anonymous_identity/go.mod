module example.com/refuse_anonymous_identity

go 1.24
