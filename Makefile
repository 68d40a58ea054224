# drsim — build, test, benchmark, fuzz.
#
#   make run        build, run the flagship scenario into drsim.db, compare,
#                   write report.html
#   make test       build and run the whole test suite
#   make test SAN=1 the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make test VALGRIND=1  the same under Valgrind's memcheck (slow)
#   make bench      engine, write process, runner and store benchmarks (figures,
#                   not pass/fail)
#   make tsan       the runner's threads under ThreadSanitizer
#   make install    install drsim, its manual page and its bash and zsh
#                   completion under $(DESTDIR)$(PREFIX)
#   make uninstall  remove what make install installed
#   make fuzz       run every fuzz target for FUZZ_TIME seconds (libFuzzer)
#   make fuzz-long  the same, all at once, FUZZ_TIME seconds each (default 1800)
#   make screenshots  PNGs of an HTML report for the README (headless Chromium)
#
# Missing build dependencies (SQLite, libyaml, Criterion, pkg-config, the
# sqlite3 command, Python's jsonschema and yaml modules; mandoc, bash-completion
# and zsh, with which the manual page and completion are tested) are installed by
# .ci/install-deps on Debian and Ubuntu; elsewhere it names them.

CC       ?= cc
SHELL    := /bin/bash
PREFIX   ?= /usr/local
SAN      ?= 0
WERROR   ?= 0

CSTD     := -std=c17 -D_POSIX_C_SOURCE=200809L
OPT      := -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wconversion -Wstrict-prototypes -Wmissing-prototypes \
            -Wcast-qual -Wdouble-promotion -Wformat=2 -Wundef -Wwrite-strings -Wvla
ifeq ($(WERROR),1)
WARN     += -Werror
endif

ifeq ($(SAN),1)
BUILD    := build/san
# GCC's "undefined" group leaves out float-cast-overflow (a double too large
# for the integer it becomes) and float-divide-by-zero: both asked for.
SANFLAGS := -fsanitize=address,undefined,float-cast-overflow,float-divide-by-zero \
            -fno-sanitize-recover=undefined,float-cast-overflow,float-divide-by-zero \
            -fno-omit-frame-pointer
else
BUILD    := build/release
SANFLAGS :=
endif

# Recursively expanded on purpose: evaluated when a recipe runs, i.e. after the
# `deps` prerequisite has had its chance to install what pkg-config lacks.
PKG_CFLAGS = $(shell pkg-config --cflags sqlite3 yaml-0.1 libedit jansson)
PKG_LIBS   = $(shell pkg-config --libs sqlite3 yaml-0.1 libedit jansson)
CR_CFLAGS  = $(shell pkg-config --cflags criterion)
CR_LIBS    = $(shell pkg-config --libs criterion)

# The schema tests (tests/e2e/schema.c) check scenarios with a real JSON Schema
# validator, Debian's python3-jsonschema (and python3-yaml): Debian's own
# interpreter when there is one, since a python3 earlier on PATH (a pyenv
# one, say) does not see Debian's modules.
PYTHON ?= $(shell test -x /usr/bin/python3 && echo /usr/bin/python3 || command -v python3 || \
                  echo python3)
export DRSIM_PYTHON := $(PYTHON)

# Every include is path-qualified from the top of the tree:
#   #include "sim/kernel/engine.h"
INCLUDES := -I.
ALL_CFLAGS = $(CSTD) $(OPT) $(WARN) $(SANFLAGS) $(INCLUDES) $(PKG_CFLAGS) -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS       = $(PKG_LIBS) -lm -lpthread

# ---- The layers, bottom to top -------------------------------------------
# One object list per layer. A file may include the headers of its own layer
# and of the layers its USES_ line names, nothing else: `make layers` checks
# every #include of sim/, models/ and reports/ against these lines.
#
#   sim/core         errors, memory, arenas, UTF-8, strings, units, JSON/XML
#                    writers, SHA-256, statistics maths: libc only
#   sim/kernel       the engine, PCG32 streams, variates, distributions
#   models           outcome.[ch]: what a trial measures (metrics, statistics,
#                    event kinds)
#   models/azure     the provider's facts: defaults with sources, regions, churn
#   models/scenario  the scenario format: YAML (libyaml stays here), loading,
#                    printing, the JSON Schema
#   models/world     the simulated world on the engine
#   models/import    `drsim import`: ARM, Resource Graph and Terraform JSON
#                    (jansson stays here) into a scenario's text, checked
#                    by the scenario loader
#   reports/store    the SQLite results store
#   reports/text     terminal tables, views, selection, JUnit
#   reports/check    expectations judged, baselines compared
#   reports/render   HTML/SVG, Markdown, JSON, CSV reports
#   sim/run          the trial runner and its threads, the run pipeline
#   sim/cli          main, option parsing, one file per command
CORE_O     := sim/core/arena.o sim/core/err.o sim/core/escape.o sim/core/jsonw.o sim/core/mem.o \
              sim/core/outfile.o sim/core/pathid.o sim/core/sha256.o sim/core/stats.o sim/core/strbuf.o sim/core/wstats.o \
              sim/core/units.o sim/core/utf8.o sim/core/xml.o
KERNEL_O   := sim/kernel/dist.o sim/kernel/engine.o sim/kernel/rng.o sim/kernel/variates.o
OUTCOME_O  := models/outcome.o
AZURE_O    := models/azure/catalogue.o models/azure/churn.o models/azure/coords.o
SCENARIO_O := models/scenario/action.o models/scenario/disttext.o models/scenario/fields.o models/scenario/loader.o \
              models/scenario/loader_fields.o models/scenario/loader_nodes.o \
              models/scenario/loader_world.o \
              models/scenario/schema.o models/scenario/scnprint.o models/scenario/strata.o \
              models/scenario/yamldoc.o
WORLD_O    := models/world/alerts.o models/world/opview.o models/world/runbook.o models/world/apps.o models/world/asr.o models/world/backup.o models/world/entry.o models/world/ctlplane.o models/world/dns.o models/world/frontdoor.o models/world/recovery.o \
              models/world/cost.o models/world/sqlfg.o models/world/storage.o models/world/topology.o models/world/wi.o models/world/world.o \
              models/world/writes.o models/world/cosmos.o
IMPORT_O   := models/import/arm.o models/import/armres.o models/import/emit.o \
              models/import/estate.o models/import/graph.o models/import/import.o \
              models/import/jsonq.o models/import/groups.o models/import/link.o models/import/mapping.o \
              models/import/tfstate.o
STORE_O    := reports/store/cost.o reports/store/drill.o reports/store/merge.o reports/store/open.o reports/store/read.o \
              reports/store/schema.o reports/store/sql.o reports/store/weights.o \
              reports/store/write.o
TEXT_O     := reports/text/costview.o reports/text/drillview.o reports/text/fmt.o reports/text/junit.o reports/text/paired.o reports/text/pareto.o reports/text/select.o \
              reports/text/table.o reports/text/view.o
CHECK_O    := reports/check/baseline.o reports/check/judge.o
RENDER_O   := reports/render/csv.o reports/render/html.o reports/render/json.o \
              reports/render/md.o reports/render/render.o reports/render/report.o \
              reports/render/svg.o
RUN_O      := sim/run/console.o sim/run/drill.o sim/run/exec.o sim/run/runner.o sim/run/solve.o \
              sim/run/verify.o
CLI_O      := sim/cli/cli.o sim/cli/cmd_compare.o sim/cli/cmd_merge.o sim/cli/cmd_report.o \
              sim/cli/cmd_run.o sim/cli/cmd_runs.o sim/cli/cmd_schema.o sim/cli/cmd_show.o \
              sim/cli/cmd_solve.o sim/cli/cmd_timeline.o sim/cli/cmd_validate.o \
              sim/cli/cmd_drill.o sim/cli/cmd_import.o sim/cli/term.o
MAIN_O     := sim/cli/main.o

USES_sim/core        :=
USES_sim/kernel      := sim/core
USES_models          := sim/kernel sim/core
USES_models/azure    := sim/kernel sim/core
USES_models/scenario := models/azure models sim/kernel sim/core
USES_models/world    := models/scenario models/azure models sim/kernel sim/core
USES_models/import   := models/scenario models/azure sim/core
USES_reports/store   := models sim/core
USES_reports/text    := reports/store models sim/kernel sim/core
USES_reports/check   := reports/text reports/store models sim/core
USES_reports/render  := reports/text reports/store models sim/core
USES_sim/run         := reports/check reports/text reports/store models/world models/scenario \
                        models/azure models sim/kernel sim/core
USES_sim/cli         := sim/run reports/render reports/check reports/text reports/store \
                        models/import models/world models/scenario models/azure models sim/kernel sim/core
LAYERS := sim/core sim/kernel models models/azure models/scenario models/world models/import \
          reports/store reports/text reports/check reports/render sim/run sim/cli

LIB_O     := $(CORE_O) $(KERNEL_O) $(OUTCOME_O) $(AZURE_O) $(SCENARIO_O) $(WORLD_O) $(IMPORT_O) \
             $(STORE_O) $(TEXT_O) $(CHECK_O) $(RENDER_O) $(RUN_O) $(CLI_O)
LIB_SRC   := $(LIB_O:.o=.c)
LIB_OBJ   := $(addprefix $(BUILD)/,$(LIB_O))

# Tests mirror the layers: tests/unit/<layer>/NAME.c holds the Criterion
# suite NAME; tests/e2e/ drives the drsim binary; tests/browser/ renders
# reports in real browsers (its own target, make test-browser);
# tests/support/ is what they share.
SUPPORT_SRC := $(wildcard tests/support/*.c)
TEST_SRC  := $(wildcard tests/unit/*/*.c tests/e2e/*.c) $(SUPPORT_SRC)
TEST_OBJ  := $(TEST_SRC:%.c=$(BUILD)/%.o)
BROWSER_SRC := $(wildcard tests/browser/*.c) $(SUPPORT_SRC)
BROWSER_OBJ := $(BROWSER_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(wildcard tests/bench/*.c)
BENCH_OBJ := $(BENCH_SRC:%.c=$(BUILD)/%.o)

DRSIM     := $(BUILD)/drsim
LIBDRSIM  := $(BUILD)/libdrsim.a
TESTBIN   := $(BUILD)/drsim-tests
BROWSERBIN := $(BUILD)/drsim-browser-tests
BENCHBIN  := $(BUILD)/drsim-bench

export DRSIM_BIN    := $(abspath $(DRSIM))

.PHONY: all run test test-browser bench tsan install uninstall clean deps fuzz fuzz-deps fuzz-long \
        screenshots chromium-deps layers circles analyze
.DEFAULT_GOAL := all

all: $(DRSIM)

deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || \
	    ! pkg-config --exists sqlite3 yaml-0.1 libedit jansson criterion || \
	    ! command -v sqlite3 >/dev/null 2>&1 || ! command -v tmux >/dev/null 2>&1 || \
	    ! command -v mandoc >/dev/null 2>&1 || ! command -v zsh >/dev/null 2>&1 || \
	    ! test -f /usr/share/bash-completion/bash_completion || \
	    ! $(PYTHON) -c 'import jsonschema, yaml' >/dev/null 2>&1; then \
	  echo "drsim: pkg-config cannot find sqlite3, yaml-0.1, libedit, jansson or criterion, or the sqlite3, tmux, mandoc or zsh command or bash-completion, or $(PYTHON)'s jsonschema and yaml modules are missing"; \
	  sh .ci/install-deps || exit 1; \
	fi

$(BUILD)/%.o: %.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tests/%.o: tests/%.c | deps
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(CR_CFLAGS) -c $< -o $@

$(LIBDRSIM): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(DRSIM): $(BUILD)/$(MAIN_O) $(LIBDRSIM)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(TESTBIN): $(TEST_OBJ) $(LIBDRSIM)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CR_LIBS) $(LIBS)

$(BROWSERBIN): $(BROWSER_OBJ) $(LIBDRSIM)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(CR_LIBS) $(LIBS)

# make bench compares with the write process before exact write sizes and
# stationary links (tests/bench/writes_prev.h), taken from git at
# BENCH_PREV_REV: its models/world/writes.c with wr_ renamed wrprev_, linked
# into the bench (mg1), and its whole drsim, for the flagship. Without git or
# that commit: tests/bench/prev/stub.c, and no comparison.
BENCH_PREV_REV   ?= 75ee2ab
BENCH_PREV_DIR   := $(BUILD)/bench-prev
BENCH_PREV_OBJ   := $(BENCH_PREV_DIR)/writes_prev.o
BENCH_PREV_DRSIM := $(BENCH_PREV_DIR)/tree/build/release/drsim

$(BENCHBIN): $(BENCH_OBJ) $(BENCH_PREV_OBJ) $(LIBDRSIM)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS)

$(BENCH_PREV_DIR)/writes_prev.c: tests/bench/prev/stub.c
	@mkdir -p $(dir $@)
	@if git cat-file -e $(BENCH_PREV_REV):models/world/writes.c 2>/dev/null; then \
	  { git show $(BENCH_PREV_REV):models/world/writes.c | \
	      sed -e 's/\bwr_/wrprev_/g' -e 's|"models/world/writes.h"|"tests/bench/writes_prev.h"|'; \
	    echo 'const int wrprev_available = 1;'; } > $@; \
	else \
	  echo "drsim: bench: $(BENCH_PREV_REV) is not in git: no same-run comparison"; \
	  cp tests/bench/prev/stub.c $@; \
	fi

$(BENCH_PREV_OBJ): $(BENCH_PREV_DIR)/writes_prev.c | deps
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BENCH_PREV_DRSIM):
	@if git cat-file -e $(BENCH_PREV_REV) 2>/dev/null; then \
	  echo "drsim: bench: building the drsim of $(BENCH_PREV_REV) in $(BENCH_PREV_DIR)/tree"; \
	  rm -rf $(BENCH_PREV_DIR)/tree && mkdir -p $(BENCH_PREV_DIR)/tree && \
	  git archive $(BENCH_PREV_REV) | tar -x -C $(BENCH_PREV_DIR)/tree && \
	  $(MAKE) -C $(BENCH_PREV_DIR)/tree build/release/drsim >/dev/null; \
	fi

# make analyze: the Clang Static Analyzer over every source file of the
# program (the default checkers plus the security and unix ones); any finding
# fails. A finding that is a false positive is silenced at its line with a
# one-line comment saying why (README.md "Static analysis" lists them).
ANALYZE_FLAGS := --analyze -Xanalyzer -analyzer-output=text \
  -Xanalyzer -analyzer-checker=security,unix,nullability \
  -Xanalyzer -analyzer-disable-checker=security.insecureAPI.DeprecatedOrUnsafeBufferHandling
analyze: | fuzz-deps
	@rm -rf build/analyze && mkdir -p build/analyze
	@fail=0; for f in $(LIB_SRC) sim/cli/main.c; do \
	  $(FUZZ_CC) $(CSTD) $(INCLUDES) $(PKG_CFLAGS) $(ANALYZE_FLAGS) -o /dev/null $$f \
	    2>>build/analyze/report.txt || fail=1; \
	done; \
	if [ -s build/analyze/report.txt ]; then cat build/analyze/report.txt; fail=1; fi; \
	if [ $$fail -ne 0 ]; then echo "drsim: analyze: findings above (build/analyze/report.txt)"; exit 1; fi; \
	echo "drsim: analyze: $(words $(LIB_SRC) sim/cli/main.c) files, no finding"

# make layers: every #include of a source file names a header of its own
# layer or of one its USES_ line allows, path-qualified.
layers:
	@sh tests/support/layers.sh $(foreach l,$(LAYERS),'$(l):$(USES_$(l))')

# make circles: within each folder, no two files call each other in a
# circle (read from the objects' symbols); prints each folder's call order.
circles: $(LIBDRSIM) $(BUILD)/$(MAIN_O)
	@sh tests/support/circles.sh $(BUILD) $(LIB_O) $(MAIN_O)

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
#
# Under VALGRIND=1 (not with SAN=1) every test process — Criterion's forks and
# the drsim processes the tests start — runs under Valgrind's memcheck, one
# test at a time; each process writes its report to build/valgrind/PID-USER.log
# (empty when clean: --quiet; USER tells apart a child that dropped to nobody
# from its root copy at the fork, which has the same PID), and any error or
# definite/indirect leak in any of them fails the run. Slow: see README.md
# "Reliability".
VALGRIND ?= 0
VALGRIND_DIR := build/valgrind
VALGRIND_CMD = valgrind --quiet --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
  --track-origins=yes --trace-children=yes --vgdb=no \
  --trace-children-skip='*/sh,*/bash,*/sqlite3,*/cp,*/rm,*/env,*/timeout,*chromium*,*firefox*' \
  --log-file=$(abspath $(VALGRIND_DIR))/%p-%q{DRSIM_VALGRIND_AS}.log
test: $(DRSIM) $(TESTBIN)
ifeq ($(VALGRIND),1)
	@command -v valgrind >/dev/null 2>&1 || { echo "drsim: valgrind is not installed"; exit 1; }
	@rm -rf $(VALGRIND_DIR) && mkdir -p $(VALGRIND_DIR) && chmod 1777 $(VALGRIND_DIR)
	@set -o pipefail; DRSIM_VALGRIND_AS=$$(id -un) $(VALGRIND_CMD) $(TESTBIN) --jobs=1 $(TEST_ARGS) 2>&1 \
	  | tee $(BUILD)/valgrind.log; rc=$$?; \
	bad=$$(for f in $(VALGRIND_DIR)/*.log; do \
	  grep -q -v -E '^==[0-9]+== *$$|^==[0-9]+== (Warning|   This could cause spurious|   See README_MISSING_SYSCALL)' $$f && echo $$f; done); \
	if [ -n "$$bad" ]; then \
	  for f in $$bad; do echo "== $$f"; cat $$f; done; \
	  echo "drsim: Valgrind reports in $$(echo $$bad | wc -w) process(es) above: failing the run"; \
	  exit 1; fi; \
	echo "drsim: Valgrind: $$(ls $(VALGRIND_DIR) | wc -l) processes checked, no error, no leak"; \
	exit $$rc
else ifeq ($(SAN),1)
	@set -o pipefail 2>/dev/null || true; \
	$(TESTBIN) --jobs=$(TEST_JOBS) $(TEST_ARGS) 2>&1 | tee $(BUILD)/test.log; rc=$$?; \
	if grep -q -E 'ERROR: (Leak|Address)Sanitizer|runtime error:' $(BUILD)/test.log; then \
	  echo "drsim: sanitizer reports above: failing the run"; exit 1; fi; exit $$rc
else
	$(TESTBIN) --jobs=$(TEST_JOBS) $(TEST_ARGS)
endif

# The HTML report rendered by headless Chromium and Firefox ESR, offline
# (tests/browser/). A browser that is missing is skipped, unless CI is set:
# then the test fails. .ci/run installs both first.
test-browser: $(DRSIM) $(BROWSERBIN)
	$(BROWSERBIN) --jobs=1 $(TEST_ARGS)

bench: $(BENCHBIN) $(BENCH_PREV_DRSIM)
	DRSIM_BENCH_PREV=$(abspath $(BENCH_PREV_DRSIM)) $(BENCHBIN) $(BENCH_ARGS)

# The runner's threads under ThreadSanitizer, on every shipped scenario.
# (Criterion's runner cannot start under TSan, hence a program of its own.)
TSAN_DIR := build/tsan
tsan: | deps
	@mkdir -p $(TSAN_DIR)
	$(CC) $(CSTD) -O1 -g $(WARN) -fsanitize=thread $(INCLUDES) $(PKG_CFLAGS) \
	  -o $(TSAN_DIR)/drsim-tsan tests/tsan/race.c $(LIB_SRC) $(PKG_LIBS) -lm -lpthread
	TSAN_OPTIONS=halt_on_error=1 $(TSAN_DIR)/drsim-tsan scenarios/*.yaml

# make install: the binary, the manual page drsim(1), and the completion
# functions where bash-completion and zsh look for them (README.md "Manual
# page and completion"); make uninstall removes exactly these files.
# DESTDIR stages the tree (packaging), PREFIX is where it will live.
INSTALL_BIN  := $(DESTDIR)$(PREFIX)/bin/drsim
INSTALL_MAN  := $(DESTDIR)$(PREFIX)/share/man/man1/drsim.1
INSTALL_BASH := $(DESTDIR)$(PREFIX)/share/bash-completion/completions/drsim
INSTALL_ZSH  := $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_drsim
install: $(DRSIM)
	install -d $(dir $(INSTALL_BIN)) $(dir $(INSTALL_MAN)) $(dir $(INSTALL_BASH)) \
	  $(dir $(INSTALL_ZSH))
	install -m 755 $(DRSIM) $(INSTALL_BIN)
	install -m 644 sim/cli/drsim.1 $(INSTALL_MAN)
	install -m 644 sim/cli/completion/drsim.bash $(INSTALL_BASH)
	install -m 644 sim/cli/completion/_drsim $(INSTALL_ZSH)

uninstall:
	rm -f $(INSTALL_BIN) $(INSTALL_MAN) $(INSTALL_BASH) $(INSTALL_ZSH)

# Fuzzing: libFuzzer targets with ASan and UBSan (clang), one per
# tests/fuzz/fuzz_NAME.c:
#   loader  the scenario loader, print/load round trip included (compared by
#           tests/support/scneq.c); seeds: every scenario of the tests and of
#           scenarios/, and tests/fuzz/regressions/
#   store   reading a results database with every reading command, in process
#           (tests/support/dbread.h); seeds: small databases written by drsim
#           (tests/fuzz/store-seeds.sh), and tests/fuzz/store-regressions/
#   import  `drsim import` of JSON as each format and template; an imported
#           scenario must load; seeds: tests/import/ (and
#           tests/fuzz/import-regressions/ once it finds something)
# `make fuzz` runs each for FUZZ_TIME seconds (default 60), one after the other;
# `make fuzz-long` runs all of them at once, FUZZ_TIME seconds each (default
# 1800). Each prints its executions ("stat::number_of_executed_units"). Working
# corpora grow in build/fuzz/NAME/corpus; crashers land in build/fuzz/NAME/
# (crash-*, leak-*, timeout-*) and fail the run. Kept regressions are read by
# the Criterion suite (tests/unit/scenario/loader_regressions.c, tests/unit/store/store_fuzz.c).
ifneq ($(filter fuzz-long,$(MAKECMDGOALS)),)
FUZZ_TIME ?= 1800
endif
FUZZ_TIME    ?= 60
FUZZ_CC      ?= clang
FUZZ_DIR     := build/fuzz
FUZZ_TARGETS := loader store import
FUZZ_OBJ     := $(LIB_SRC:%.c=$(FUZZ_DIR)/obj/%.o)
FUZZ_FLAGS    = $(CSTD) -g -O1 -fsanitize=fuzzer-no-link,address,undefined \
                -fno-sanitize-recover=undefined -fno-omit-frame-pointer $(INCLUDES) $(PKG_CFLAGS)
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined
# What each target is built from besides the library, and how it is run.
FUZZ_EXTRA_loader := tests/support/scneq.c
FUZZ_EXTRA_store  := tests/support/dbread.c tests/support/argv.c
FUZZ_ARGS_loader   = -max_len=16384 -dict=../../../tests/fuzz/loader.dict
FUZZ_ARGS_store    = -max_len=131072
FUZZ_ARGS_import   = -max_len=65536

fuzz-deps: | deps
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1 || \
	    ! printf 'int LLVMFuzzerTestOneInput(const char *d, long n) { (void)d; (void)n; return 0; }\n' \
	      | $(FUZZ_CC) -x c -fsanitize=fuzzer - -o /dev/null >/dev/null 2>&1; then \
	  echo "drsim: $(FUZZ_CC) with its libFuzzer runtime is missing"; \
	  sh .ci/install-deps fuzz || exit 1; \
	fi

$(FUZZ_DIR)/obj/%.o: %.c | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -MMD -MP -c $< -o $@

.SECONDEXPANSION:
$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_OBJ) $$(FUZZ_EXTRA_$$*) | fuzz-deps
	$(FUZZ_CC) $(FUZZ_FLAGS) $(FUZZ_LDFLAGS) $< $(FUZZ_EXTRA_$*) $(FUZZ_OBJ) -o $@ \
	  $(PKG_LIBS) -lm -lpthread

# The seeds of each target's corpus.
fuzz-seeds-loader:
	@mkdir -p $(FUZZ_DIR)/loader/corpus
	@cp -f scenarios/*.yaml tests/golden/loader/*.yaml tests/golden/loader/good/*.yaml \
	  $(wildcard tests/fuzz/regressions/*) $(FUZZ_DIR)/loader/corpus/ 2>/dev/null || true
fuzz-seeds-store: $(DRSIM)
	@mkdir -p $(FUZZ_DIR)/store/corpus
	@sh tests/fuzz/store-seeds.sh $(DRSIM) $(FUZZ_DIR)/store/corpus >/dev/null
	@cp -f $(wildcard tests/fuzz/store-regressions/*) $(FUZZ_DIR)/store/corpus/ 2>/dev/null || true

fuzz-seeds-import:
	@mkdir -p $(FUZZ_DIR)/import/corpus
	@cp -f tests/import/*.json tests/import/bad/*.json \
	  $(wildcard tests/fuzz/import-regressions/*) $(FUZZ_DIR)/import/corpus/ 2>/dev/null || true

# ASan options for speed only: no fill of fresh blocks, a smaller quarantine.
fuzz-run-%: $(FUZZ_DIR)/fuzz_% fuzz-seeds-%
	cd $(FUZZ_DIR)/$* && ASAN_OPTIONS=$${ASAN_OPTIONS:-max_malloc_fill_size=0:quarantine_size_mb=32} \
	  ../fuzz_$* -max_total_time=$(FUZZ_TIME) -timeout=10 \
	  -rss_limit_mb=2048 $(FUZZ_ARGS_$*) -print_final_stats=1 corpus

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-long: $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%) $(FUZZ_TARGETS:%=fuzz-seeds-%)
	@echo "drsim: fuzzing $(FUZZ_TARGETS) at once, $(FUZZ_TIME) s each; logs in $(FUZZ_DIR)/NAME/long.log"
	@fail=0; for t in $(FUZZ_TARGETS); do \
	  ( $(MAKE) --no-print-directory fuzz-run-$$t FUZZ_TIME=$(FUZZ_TIME) \
	      >$(FUZZ_DIR)/$$t/long.log 2>&1; echo $$? >$(FUZZ_DIR)/$$t/long.rc ) & \
	done; wait; \
	for t in $(FUZZ_TARGETS); do \
	  rc=$$(cat $(FUZZ_DIR)/$$t/long.rc); \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_DIR)/$$t/long.log | tail -1); \
	  if [ "$$rc" = 0 ]; then \
	    echo "drsim: fuzz $$t: $${runs:-?} executions in $(FUZZ_TIME) s, clean"; \
	  else \
	    fail=1; tail -40 $(FUZZ_DIR)/$$t/long.log; \
	    echo "drsim: fuzz $$t: stopped after $${runs:-?} executions: see $(FUZZ_DIR)/$$t/"; \
	  fi; \
	done; exit $$fail

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

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(BENCH_OBJ:.o=.d) $(BUILD)/sim/cli/main.d $(BROWSER_OBJ:.o=.d) \
         $(FUZZ_OBJ:.o=.d)
