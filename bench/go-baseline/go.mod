module departure/bench/go-baseline

go 1.19
