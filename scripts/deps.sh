#!/bin/sh
# Installs the Debian packages xaso needs to build, test or benchmark, and
# only those missing. Uses sudo when not root.
# Usage: scripts/deps.sh [build|test|bench|browser|fuzz|valgrind]...
set -eu

build="build-essential cmake pkg-config libmicrohttpd-dev libjansson-dev libsqlite3-dev \
libsodium-dev libqrencode-dev libutf8proc-dev liboath-dev libzxcvbn-dev libssl-dev libqpdf-dev \
libpq-dev libxlsxwriter-dev"
# openssl, pdfsig (poppler-utils), qpdf and certutil (libnss3-tools): the
# outside tools that must accept what src/sign signs; nginx-light for the
# tests of the proxy in front of one server and of three. postgresql-15 and
# its client: the tests run again on a PostgreSQL server of their own
# (tests/integration/pgcluster.py), and xaso backup runs pg_dump.
test="libcmocka-dev python3 sqlite3 sqlmap openssl poppler-utils qpdf libnss3-tools nginx-light \
postgresql-15 postgresql-client-15"
# bench_pg.sh runs its own PostgreSQL server, like the tests.
bench="wrk nginx-light python3 curl postgresql-15 postgresql-client-15"
# zbarimg (zbar-tools) reads the QR code of a cover page, as a phone would.
browser="chromium nodejs npm zbar-tools"
fuzz="clang"          # make fuzz: libFuzzer
valgrind="valgrind"   # make valgrind

want=""
[ $# -eq 0 ] && set -- build
for group in "$@"; do
	case "$group" in
	build) want="$want $build" ;;
	test) want="$want $build $test" ;;
	bench) want="$want $build $bench" ;;
	browser) want="$want $browser" ;;
	fuzz) want="$want $build $fuzz" ;;
	valgrind) want="$want $build $test $valgrind" ;;
	*) echo "deps.sh: unknown group $group" >&2; exit 2 ;;
	esac
done

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	# Node.js may come from elsewhere (with its own npm): any node >= 18 will do.
	case "$p" in
	nodejs) command -v node >/dev/null 2>&1 && continue ;;
	npm) command -v npm >/dev/null 2>&1 && continue ;;
	esac
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0

echo "Installing Debian packages:$missing"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
