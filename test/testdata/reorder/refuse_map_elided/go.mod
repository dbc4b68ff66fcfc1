module example.com/refuse_map_elided

go 1.24
