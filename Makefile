# xaso: the two commands a new user needs are `make run` and `make test`.
# Both install the missing Debian packages first (scripts/deps.sh).

BUILD ?= build
ASAN ?= build-asan
DB ?= xaso.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build run demo test test-normal test-asan bench lint format clean fuzz screenshots \
	soak valgrind

all: build

deps:
	@sh scripts/deps.sh build

build: deps
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# Creates the demo database on first run (removed again if that fails or
# is interrupted, so the next run starts afresh), then serves it. Problems
# a user can fix (port taken, read-only or full disk) are one line each.
run: build
	@if [ ! -f "$(DB)" ]; then \
		echo "Creating the demo database $(DB) (about a minute)..."; \
		trap 'rm -rf "$(DB)" "$(DB)-wal" "$(DB)-shm" "$(DB).files"; exit 1' INT TERM; \
		./$(BUILD)/xaso demo --db "$(DB)" >/dev/null || \
			{ rm -rf "$(DB)" "$(DB)-wal" "$(DB)-shm" "$(DB).files"; exit 1; }; \
	fi
	@./$(BUILD)/xaso init --db "$(DB)" >/dev/null
	@./$(BUILD)/xaso demo --logins --db "$(DB)" || true
	@echo
	@./$(BUILD)/xaso serve --db "$(DB)" --listen "$(LISTEN)"

test: test-normal test-asan

test-normal:
	@sh scripts/deps.sh test browser bench
	@cd tests/browser && npm ci --no-audit --no-fund --loglevel=error
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	@sh scripts/deps.sh test
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DXASO_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)
	@cd $(ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --output-on-failure -j $(JOBS)

# The guides' screenshots (docs/img): the browser tests, writing their
# pictures there instead of into the build directory.
screenshots: test-normal
	@cd $(BUILD) && XASO_DOCS_IMG=$(CURDIR)/docs/img ctest -R '^browser\.' --output-on-failure

bench:
	@sh scripts/deps.sh bench
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)
	@BUILD=$(BUILD) sh bench/run.sh

lint: build
	@clang-tidy -p $(BUILD) --quiet src/*/*.c src/*/*/*.c 2>/dev/null | grep -E 'warning|error' || echo "clang-tidy: clean"
	@cppcheck --quiet --enable=warning,performance,portability --inline-suppr \
		--suppress=missingIncludeSystem -I src src
	@clang-format --dry-run --Werror src/*/*.c src/*/*.h src/*/*/*.c tests/unit/*.c bench/*.c fuzz/*.c

format:
	@clang-format -i src/*/*.c src/*/*.h src/*/*/*.c tests/unit/*.c bench/*.c fuzz/*.c

clean:
	@rm -rf $(BUILD) $(ASAN) $(FUZZ_BUILD)

# Coverage-guided fuzzing of the parsers (clang's libFuzzer); FUZZTIME seconds each,
# FUZZERS to choose (`make fuzz FUZZERS=fuzz/fuzz_text.c FUZZTIME=600`). The harnesses
# and every library are built with clang in $(FUZZ_BUILD) (coverage, ASan, UBSan).
# fuzz/corpus/NAME/ seeds fuzz_NAME; new inputs go to $(BUILD)/fuzz/fuzz_NAME.corpus,
# its log to $(BUILD)/fuzz/fuzz_NAME.log, a crashing input to $(BUILD)/fuzz/fuzz_NAME-crash-*.
# `make test` replays the seed corpora without clang (fuzz/replay.c).
FUZZTIME ?= 60
FUZZERS ?= $(wildcard fuzz/fuzz_*.c)
FUZZ_BUILD ?= build-fuzz
fuzz:
	@sh scripts/deps.sh fuzz
	@CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=None -DCMAKE_C_FLAGS="-g -O1" \
		-DXASO_FUZZ=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(basename $(notdir $(FUZZERS))) >/dev/null
	@mkdir -p $(BUILD)/fuzz
	@for f in $(FUZZERS); do \
		n=$$(basename $$f .c); c=fuzz/corpus/$${n#fuzz_}; \
		mkdir -p $(BUILD)/fuzz/$$n.corpus; \
		$(FUZZ_BUILD)/$$n -max_total_time=$(FUZZTIME) -print_final_stats=1 -artifact_prefix=$(BUILD)/fuzz/$$n- \
			$(BUILD)/fuzz/$$n.corpus $$c 2>$(BUILD)/fuzz/$$n.log || \
			{ tail -40 $(BUILD)/fuzz/$$n.log; exit 1; }; \
		echo "$$n: $$(sed -n 's/^stat::number_of_executed_units: *//p' $(BUILD)/fuzz/$$n.log) executions in $(FUZZTIME) s"; \
	done

# Reliability under time: the crash test's 100 rounds of kill -9 under filing
# load, then a 10-minute mixed load at half of the measured capacity with the
# server's memory and errors watched (bench/soak.sh; SOAK_TIME=seconds).
soak: build
	@sh scripts/deps.sh test bench
	@cd $(BUILD) && XASO_CRASH_ROUNDS=100 ctest -R '^integration\.test_crash$$' --output-on-failure
	@BUILD=$(BUILD) sh bench/soak.sh

# The integration suite with every server it starts under valgrind's memcheck
# (scripts/valgrind.sh; suppressions, each explained, in scripts/valgrind.supp),
# at nice VALGRIND_NICE: it takes the cores for long on a shared machine.
VALGRIND_NICE ?= 10
valgrind: build
	@sh scripts/deps.sh valgrind
	@BUILD=$(BUILD) JOBS=$(JOBS) nice -n $(VALGRIND_NICE) sh scripts/valgrind.sh
