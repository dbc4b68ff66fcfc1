module gomemoryhints/gen-std-escape

go 1.23
