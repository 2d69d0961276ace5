# Shell functions the benchmark scripts share (sourced, not run).

# A free TCP port on loopback.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wrk_stats FILE: wrk's --latency output as "req/s p50_ms p99_ms requests non2xx".
wrk_stats() {
	awk '
	function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
	/Requests\/sec/ { rps = $2 }
	/requests in/ { n = $1 }
	/Non-2xx/ { bad = $NF }
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	END { printf "%.0f %.3f %.3f %d %d\n", rps, p50, p99, n, bad + 0 }' "$1"
}
