# drsim — build, test, benchmark, fuzz.
#
#   make run        build, run the flagship scenario into drsim.db, compare,
#                   write report.html
#   make test       build and run the whole test suite
#   make test SAN=1 the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make bench      engine, runner and store benchmarks (figures, not pass/fail)
#   make tsan       the runner's threads under ThreadSanitizer
#   make install    install the drsim binary under $(PREFIX)
#   make fuzz       fuzz the scenario loader for FUZZ_TIME seconds (libFuzzer)
#   make screenshots  PNGs of an HTML report for the README (headless Chromium)
#
# Missing build dependencies (SQLite, libyaml, Criterion, pkg-config, the
# sqlite3 command) are installed by .ci/install-deps on Debian and Ubuntu;
# elsewhere it names them.

CC       ?= cc
SHELL    := /bin/bash
PREFIX   ?= /usr/local
SAN      ?= 0
WERROR   ?= 0

CSTD     := -std=c17 -D_POSIX_C_SOURCE=200809L
OPT      := -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes
ifeq ($(WERROR),1)
WARN     += -Werror
endif

ifeq ($(SAN),1)
BUILD    := build/san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
else
BUILD    := build/release
SANFLAGS :=
endif

# Recursively expanded on purpose: evaluated when a recipe runs, i.e. after the
# `deps` prerequisite has had its chance to install what pkg-config lacks.
PKG_CFLAGS = $(shell pkg-config --cflags sqlite3 yaml-0.1)
PKG_LIBS   = $(shell pkg-config --libs sqlite3 yaml-0.1)
CR_CFLAGS  = $(shell pkg-config --cflags criterion)
CR_LIBS    = $(shell pkg-config --libs criterion)

INCLUDES := -Isim -Imodels -Ireports
ALL_CFLAGS = $(CSTD) $(OPT) $(WARN) $(SANFLAGS) $(INCLUDES) $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS       = $(PKG_LIBS) -lm -lpthread

LIB_SRC   := $(filter-out sim/main.c,$(wildcard sim/*.c models/*.c reports/*.c))
LIB_OBJ   := $(LIB_SRC:%.c=$(BUILD)/%.o)
TEST_SRC  := $(wildcard tests/*.c)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/%.o)

DRSIM     := $(BUILD)/drsim
LIBDRSIM  := $(BUILD)/libdrsim.a
TESTBIN   := $(BUILD)/drsim-tests
BENCHBIN  := $(BUILD)/drsim-bench

# Where the shared reference data lives (PCG32 vectors).
SHARED    ?= ../shared
export DRSIM_SHARED := $(SHARED)
export DRSIM_BIN    := $(abspath $(DRSIM))

.PHONY: all run test bench tsan install clean deps fuzz fuzz-deps screenshots chromium-deps
.DEFAULT_GOAL := all

all: $(DRSIM)

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || \
	    ! pkg-config --exists sqlite3 yaml-0.1 criterion || \
	    ! command -v sqlite3 >/dev/null 2>&1; then \
	  echo "drsim: pkg-config cannot find sqlite3, yaml-0.1 or criterion, or the sqlite3 command is missing"; \
	  sh .ci/install-deps || exit 1; \
	fi

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CR_CFLAGS) -Itests -Itests/bench -c $< -o $@

$(LIBDRSIM): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(DRSIM): $(BUILD)/sim/main.o $(LIBDRSIM)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(TESTBIN): $(TEST_OBJ) $(LIBDRSIM)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CR_LIBS) $(LIBS)

$(BENCHBIN): $(BENCH_OBJ) $(LIBDRSIM)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

# make run: the flagship scenario end to end, from a clean clone, in seconds:
# its runs go into $(RUN_DB) (the first 10 trials of each variant traced, for
# `drsim timeline` and the report's timelines), the variants side by side,
# then the HTML report in $(RUN_REPORT). Expectations that fail are reported,
# not treated as a broken build (drsim exits 1 for them); bad input or a
# storage error (exit 2 or 3) fails make run.
RUN_SCENARIO ?= scenarios/flagship.yaml
RUN_DB       ?= drsim.db
RUN_REPORT   ?= report.html
run: $(DRSIM)
	@rc=0; $(DRSIM) run $(RUN_SCENARIO) --db $(RUN_DB) --trace 10 || rc=$$?; \
	if [ $$rc -gt 1 ]; then exit $$rc; fi; \
	echo; echo "== the variants side by side (drsim compare latest)"; \
	$(DRSIM) compare latest --db $(RUN_DB) || exit $$?; \
	$(DRSIM) report latest --db $(RUN_DB) --format html -o $(RUN_REPORT) || exit $$?; \
	echo; \
	echo "report:  $(abspath $(RUN_REPORT))  (open it in a browser)"; \
	echo "results: $(abspath $(RUN_DB))  (plain SQLite: sqlite3 $(RUN_DB) .tables)"; \
	if [ $$rc -eq 1 ]; then \
	  echo "note: some expectations of $(RUN_SCENARIO) failed (FAIL above)"; fi; \
	echo "next:    export PATH=\"$(abspath $(BUILD)):\$$PATH\"; drsim timeline latest --variant asr"; \
	echo "         the README's walkthrough goes on from here"

# Criterion runs each test in its own process, two at a time (this project's
# CI machines have two cores).
TEST_JOBS ?= 2
# LeakSanitizer reports a leak when a test's process exits, after Criterion
# has already counted the test as passed; so under SAN=1 the log is scanned and
# any sanitizer report fails the run.
test: $(DRSIM) $(TESTBIN)
ifeq ($(SAN),1)
	@set -o pipefail 2>/dev/null || true; \
	$(TESTBIN) --jobs=$(TEST_JOBS) $(TEST_ARGS) 2>&1 | tee $(BUILD)/test.log; rc=$$?; \
	if grep -q -E 'ERROR: (Leak|Address)Sanitizer|runtime error:' $(BUILD)/test.log; then \
	  echo "drsim: sanitizer reports above: failing the run"; exit 1; fi; exit $$rc
else
	$(TESTBIN) --jobs=$(TEST_JOBS) $(TEST_ARGS)
endif

bench: $(BENCHBIN)
	$(BENCHBIN) $(BENCH_ARGS)

# The runner's threads under ThreadSanitizer, on every shipped scenario.
# (Criterion's runner cannot start under TSan, hence a program of its own.)
TSAN_DIR := build/tsan
tsan: | deps
	@mkdir -p $(TSAN_DIR)
	$(CC) $(CSTD) -O1 -g $(WARN) -fsanitize=thread $(INCLUDES) $(PKG_CFLAGS) \
	  -o $(TSAN_DIR)/drsim-tsan tests/tsan/race.c $(LIB_SRC) $(PKG_LIBS) -lm -lpthread
	TSAN_OPTIONS=halt_on_error=1 $(TSAN_DIR)/drsim-tsan scenarios/*.yaml

install: $(DRSIM)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(DRSIM) $(DESTDIR)$(PREFIX)/bin/drsim

# Fuzzing: the loader under libFuzzer with ASan and UBSan (clang). The seed
# corpus is every scenario of the tests and of scenarios/; the working corpus
# grows in build/fuzz/corpus; crashers land in build/fuzz/ (crash-*, leak-*,
# timeout-*) and fail the run. Regressions found this way live in
# tests/fuzz/regressions/ (loaded by the Criterion suite).
FUZZ_TIME ?= 60
FUZZ_CC   ?= clang
FUZZ_DIR  := build/fuzz
FUZZ_BIN  := $(FUZZ_DIR)/fuzz_loader
FUZZ_SRC  := $(LIB_SRC) tests/fuzz/fuzz_loader.c
FUZZ_FLAGS = $(CSTD) -g -O1 -fsanitize=fuzzer,address,undefined \
             -fno-sanitize-recover=undefined -fno-omit-frame-pointer $(INCLUDES) $(PKG_CFLAGS)

fuzz-deps: | deps
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1 || \
	    ! printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; (void)n; return 0; }\n' \
	      | $(FUZZ_CC) -x c -fsanitize=fuzzer - -o /dev/null >/dev/null 2>&1; then \
	  echo "drsim: $(FUZZ_CC) with its libFuzzer runtime is missing"; \
	  sh .ci/install-deps fuzz || exit 1; \
	fi

$(FUZZ_BIN): $(FUZZ_SRC) $(wildcard sim/*.h models/*.h reports/*.h) | fuzz-deps
	@mkdir -p $(FUZZ_DIR)
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_SRC) -o $@ $(PKG_LIBS) -lm -lpthread

fuzz: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_DIR)/corpus
	@cp -f scenarios/*.yaml tests/golden/loader/*.yaml tests/golden/loader/good/*.yaml \
	  $(wildcard tests/fuzz/regressions/*) $(FUZZ_DIR)/corpus/ 2>/dev/null || true
	cd $(FUZZ_DIR) && ./fuzz_loader -max_total_time=$(FUZZ_TIME) -timeout=10 \
	  -rss_limit_mb=2048 -max_len=16384 -dict=../../tests/fuzz/loader.dict \
	  -print_final_stats=1 corpus

# Screenshots of the HTML report of the flagship scenario (what `make run`
# writes and the README's walkthrough shows): the top of the page, the
# distributions, and the timeline of the Site Recovery variant (each a copy
# of the report with the other sections hidden, rendered by headless
# Chromium). SHOT_TIMELINE_ID is that variant's position in the scenario.
SHOT_SCENARIO    ?= scenarios/flagship.yaml
SHOT_TIMELINE_ID ?= 2
CHROMIUM ?= $(shell command -v chromium || command -v chromium-browser || command -v google-chrome)
SHOTS     := reports/screenshots
SHOT_TMP  := build/screenshots
CHROMIUM_FLAGS := --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --disable-quic \
  '--host-resolver-rules=MAP * ~NOTFOUND' --hide-scrollbars

chromium-deps:
	@if [ -z "$(CHROMIUM)" ]; then \
	  echo "drsim: chromium is missing"; sh .ci/install-deps chromium || exit 1; \
	fi

# The CSS each screenshot adds (kept in variables: it holds commas).
SHOT_TOP      := main{padding-top:20px}\#summary .recovery,\#summary h3,\#summary h3+p,\#summary .targets{display:none}
SHOT_CHARTS   := header,\#glance,\#summary,\#timelines,\#expectations,\#scenario,footer,figcaption{display:none}\#rpo h2{margin-top:0}
SHOT_TIMELINE := header,\#glance,\#summary,\#rpo,\#rto,\#expectations,\#scenario,footer,\#timelines .tl,\#timelines>p,details{display:none}\#timelines .tl\#timeline-$(SHOT_TIMELINE_ID){display:block}\#timelines h2{margin-top:0}

# shot NAME HEIGHT CSS-VARIABLE: the report with that CSS, as $(SHOTS)/NAME.png.
define shot
	sed 's|</head>|<style>$($(3))</style></head>|' $(SHOT_TMP)/report.html > $(SHOT_TMP)/$(1).html
	$(or $(CHROMIUM),chromium) $(CHROMIUM_FLAGS) --user-data-dir=$(SHOT_TMP)/profile-$(1) \
	  --window-size=1280,$(2) --screenshot=$(SHOTS)/$(1).png \
	  file://$(abspath $(SHOT_TMP))/$(1).html 2>/dev/null
endef

screenshots: $(DRSIM) | chromium-deps
	@rm -rf $(SHOT_TMP) && mkdir -p $(SHOT_TMP) $(SHOTS)
	$(DRSIM) run $(SHOT_SCENARIO) --db $(SHOT_TMP)/shots.db --trace 1 --quiet; \
	  test $$? -le 1
	$(DRSIM) report latest --db $(SHOT_TMP)/shots.db -o $(SHOT_TMP)/report.html
	$(call shot,report-top,1250,SHOT_TOP)
	$(call shot,report-charts,1120,SHOT_CHARTS)
	$(call shot,report-timeline,480,SHOT_TIMELINE)
	@ls -l $(SHOTS)/*.png

clean:
	rm -rf build

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_OBJ:.o=.d) $(BUILD)/sim/main.d
