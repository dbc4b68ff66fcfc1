module gomemoryhints/gen-std-layout

go 1.23
