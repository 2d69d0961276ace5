#!/bin/sh
# make valgrind: runs every integration test (tests/integration/test_*.py)
# with each server it starts under valgrind's memcheck (harness.py puts
# $XASO_SERVER_WRAPPER before `xaso serve`), JOBS tests at a time, and
# reports per test and per server process:
#   - memory errors: invalid reads and writes, uses of uninitialised
#     values, bad frees (memcheck's "ERROR SUMMARY");
#   - memory definitely lost when the server stopped (SIGTERM, so the
#     server frees what it owns before exiting; a process the crash test
#     kills with SIGKILL cannot be judged for leaks, only for the errors
#     found until then).
# Suppressions, each with the reason it is not ours or not a fault, are
# in scripts/valgrind.supp. Logs: $BUILD/valgrind/TEST.PID.log.
# Exit status 1 when a test failed or any server had an error or a leak.
# The CLI runs as it is (the unit tests cover its code under ASan).
# harness.py multiplies the tests' time limits by its SLOW factor when a
# wrapper is set; the Makefile runs this script at nice 10 (VALGRIND_NICE),
# the machine being shared.
set -u
BUILD=${BUILD:-build}
JOBS=${JOBS:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
out="$BUILD/valgrind"
mkdir -p "$out"
out=$(cd "$out" && pwd)
bin=$(cd "$BUILD" && pwd)/xaso

# Every error counts (exit code 99 fails the test that started the
# server); leaks of kind "definite" count as errors too.
export XASO_SERVER_WRAPPER="valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
--show-leak-kinds=definite --errors-for-leak-kinds=definite --track-origins=yes \
--num-callers=40 --suppressions=$here/scripts/valgrind.supp --gen-suppressions=all \
--log-file=$out/%q{XASO_TEST}.%p.log"
# The hash pool's workers at the server's own priority: memcheck runs one
# thread of a process at a time, so a worker lowered below the others
# (hash_nice, 5 by default) slows the whole server whenever it holds that
# turn on a busy machine (sign-ins then took over 30 s).
export XASO_HASH_NICE=0

# Tests that cannot mean anything at memcheck's speed, with the reason;
# they are not run (each is named in the summary as skipped).
#   test_signin_load: it measures tracking's latency while 64 sign-ins
#   hash and the server's peak memory (RSS) beside idle; under memcheck a
#   hash takes seconds instead of 50 ms and memcheck's own memory is the
#   RSS. Its paths run here in other tests (every sign-in goes through
#   the hash pool; test_sqlmap's clients leave sign-ins that wait) and
#   under the sanitizer build's leak check in `make test`.
skip="test_signin_load"

# sh valgrind.sh --one TEST: runs one test (xargs calls the script so).
if [ "${1:-}" = "--one" ]; then
	name=$(basename "$2" .py)
	case " $skip " in *" $name "*)
		echo "$name: skipped (cannot run meaningfully under memcheck: see scripts/valgrind.sh)"
		exit 0 ;;
	esac
	start=$(date +%s)
	XASO_TEST=$name XASO_BIN=$bin XASO_SRC=$here PYTHONDONTWRITEBYTECODE=1 \
		timeout 7200 python3 "$2" >"$out/$name.out" 2>&1
	rc=$?
	echo "$name: exit $rc, $(($(date +%s) - start)) s, $(tail -1 "$out/$name.out")"
	exit 0
fi

rm -f "$out"/*.log "$out"/*.out
started=$(date +%s)
fail=0
ls "$here"/tests/integration/test_*.py | xargs -P "$JOBS" -n 1 sh "$0" --one |
	tee "$out/summary.txt"
ran=0 skipped=0
while read -r name rest; do
	case "$rest" in
	"exit 0,"*) ran=$((ran + 1)) ;;
	skipped*) skipped=$((skipped + 1)) ;;
	*) ran=$((ran + 1)) fail=1 ;;
	esac
done <"$out/summary.txt"
servers=0 dirty=0
for log in "$out"/*.log; do
	[ -f "$log" ] || continue
	servers=$((servers + 1))
	errors=$(sed -n 's/.*ERROR SUMMARY: \([0-9]*\) errors.*/\1/p' "$log" | tail -1)
	lost=$(sed -n 's/.*definitely lost: \([0-9,]*\) bytes.*/\1/p' "$log" | tail -1 | tr -d ,)
	if [ -z "$errors" ]; then
		# Killed (the crash test): no summary, no leak check; the errors
		# found until then each left a suppression stanza.
		errors=$(grep -c '<insert_a_suppression_name_here>' "$log")
	fi
	if [ "$errors" -ne 0 ] || [ "${lost:-0}" -ne 0 ]; then
		dirty=$((dirty + 1))
		echo "$(basename "$log"): $errors errors, ${lost:-0} bytes definitely lost"
		fail=1
	fi
done
echo "valgrind memcheck: $ran tests run, $skipped skipped, $servers server processes," \
	"$dirty with errors or leaks, $(($(date +%s) - started)) s"
exit "$fail"
