module example.com/app

go 1.22

require (
	example.com/cached v1.2.3
	example.com/missing v0.1.0
	example.com/local v0.0.0
)

replace example.com/local => ../localdep
