module github.com/hypetrack/hypetrack

go 1.26
