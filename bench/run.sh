#!/bin/sh
# Runs every benchmark and prints its figures. Benchmarks are not tests:
# they measure, print the ceiling measured in the same run, and the ratio.
set -eu
BUILD=${BUILD:-build}
here=$(dirname "$0")
for b in "$BUILD"/bench_*; do
	[ -x "$b" ] || continue
	echo "== $(basename "$b")"
	"$b"
	echo
done
for s in "$here"/bench_*.sh; do
	[ -f "$s" ] || continue
	echo "== $(basename "$s")"
	BUILD="$BUILD" sh "$s"
	echo
done
