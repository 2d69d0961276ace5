# xaso: the two commands a new user needs are `make run` and `make test`.
# Both install the missing Debian packages first (scripts/deps.sh).

BUILD ?= build
ASAN ?= build-asan
DB ?= xaso.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps build run demo test test-normal test-asan bench lint format clean fuzz screenshots

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
	@rm -rf $(BUILD) $(ASAN)

# Coverage-guided fuzzing of the parsers (clang's libFuzzer); FUZZTIME seconds each.
# fuzz/corpus/NAME/ (when present) seeds fuzz_NAME; new inputs go to $(BUILD)/fuzz.
FUZZTIME ?= 60
FUZZ_SRC = src/core/csv.c src/core/text.c src/core/buf.c src/core/xerr.c src/core/unit.c \
	src/core/arena.c src/core/filetype.c src/web/form_collect.c src/web/form.c \
	src/core/vietqr.c src/core/money.c src/core/payref.c src/core/statement.c \
	src/core/dossier.c src/core/calendar.c src/core/lunar.c src/core/embedded.c $(BUILD)/embedded.c \
	src/core/result_record.c src/core/pii.c src/core/procedure.c $(wildcard src/sign/*.c)
# The formula language and periods (fuzz_expr).
FUZZ_SRC += src/core/expr.c src/core/expr_check.c src/core/expr_where.c src/core/expr_sat.c \
	src/core/expr_format.c src/core/expr_vocab.c src/core/indicator_period.c
fuzz: build
	@mkdir -p $(BUILD)/fuzz
	@for f in fuzz/fuzz_*.c; do \
		n=$$(basename $$f .c); c=fuzz/corpus/$${n#fuzz_}; \
		mkdir -p $(BUILD)/fuzz/$$n.corpus; \
		clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -D_GNU_SOURCE $$f $(FUZZ_SRC) \
			$$(pkg-config --cflags --libs libutf8proc libmicrohttpd jansson libsodium libqpdf libcrypto) -lm \
			-o $(BUILD)/fuzz/$$n && \
		$(BUILD)/fuzz/$$n -max_total_time=$(FUZZTIME) $(BUILD)/fuzz/$$n.corpus \
			$$([ -d $$c ] && echo $$c) || exit 1; \
	done
