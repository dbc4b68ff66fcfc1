module example.com/arch386

go 1.24
