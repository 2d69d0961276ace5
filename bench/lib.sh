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

# bench_token BASE_URL LOGIN PASSWORD: a session token from the API's sign-in.
bench_token() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"login\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/login" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}

# filing_lua TOKEN FILE: a wrk script filing one online birth registration
# (procedure 1.001193, with its form) as TOKEN's citizen.
filing_lua() {
	cat > "$2" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $1"
wrk.body = '{"unit":"22015","procedure":"1.001193","applicant":{"name":"Nguyễn Văn An","pid":"066090000123","phone":"0912345678","address":"Phường Tuy Hòa"},"form":{"requester_full_name":"Nguyễn Văn An","requester_pid":"066090000123","requester_relationship":"cha","child_full_name":"Nguyễn Văn Bình","child_sex":"nam","child_birth_date":"2026-04-20","child_birth_place":"Bệnh viện tỉnh Đắk Lắk","child_hometown":"Đắk Lắk","child_ethnicity":"Kinh","child_nationality":"Việt Nam"}}'
LUA
}
