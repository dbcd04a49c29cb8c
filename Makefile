# sapxep — hand-written GNU make.
#
#   make            build ./sapxep
#   make run        install missing packages, build, open the TUI on a demo commune
#   make check      install missing packages, build, run every test
#   make asan       the whole check under AddressSanitizer and UBSan
#   make tsan       the parallel roll-ups (report, validate -j) under ThreadSanitizer
#   make fuzz       libFuzzer on every loader, FUZZ_SECONDS (60) each (clang)
#   make bench      the figures of tests/bench/results.txt (not a test)
#   make install    prefix=/usr/local DESTDIR= (and the other GNU names)
#   make uninstall  the same variables: removes exactly what install put
#   make deb        a Debian package in build/deb/ (make deb-deps first)
#   V=1             show the commands

# Where `make install` puts things: the GNU names, and the upper-case
# ones of earlier versions, which still win when given. DATADIR and
# SYSCONFDIR are sapxep's own folders (pkgdatadir, pkgsysconfdir), not
# the GNU datadir and sysconfdir. The site folder stays /etc/sapxep
# whatever the prefix, as the manual tells provinces.
PREFIX        ?= /usr/local
prefix        ?= $(PREFIX)
exec_prefix   ?= $(prefix)
bindir        ?= $(or $(BINDIR),$(exec_prefix)/bin)
datarootdir   ?= $(or $(DATAROOT),$(prefix)/share)
datadir       ?= $(datarootdir)
pkgdatadir    ?= $(or $(DATADIR),$(datadir)/sapxep)
localedir     ?= $(or $(LOCALEDIR),$(datarootdir)/locale)
mandir        ?= $(or $(MANDIR),$(datarootdir)/man)
sysconfdir    ?= /etc
pkgsysconfdir ?= $(or $(SYSCONFDIR),$(sysconfdir)/sapxep)
bashcompdir   ?= $(datarootdir)/bash-completion/completions
DESTDIR       ?=

BUILD      ?= build
CC         ?= cc
PKG_CONFIG ?= pkg-config
PYTHON     ?= /usr/bin/python3

# The binary lives at the top for the default build, in the build folder
# for the others (asan, fuzz).
ifeq ($(BUILD),build)
BIN := sapxep
else
BIN := $(BUILD)/sapxep
endif

PKGS      := ncursesw yaml-0.1 libutf8proc xlsxwriter libxml-2.0 libzip
TEST_PKGS := cmocka

CFLAGS ?= -O2 -g
override CFLAGS += -pthread -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wno-format-nonliteral -MMD -MP
# gcc warns of snprintf truncation we intend (bounded messages); clang has
# no such warning
override CFLAGS += $(shell $(CC) -Werror -Wno-format-truncation -E -x c /dev/null \
	>/dev/null 2>&1 && echo -Wno-format-truncation)
# the roll-ups (report, validate) read communes on several threads
override LDFLAGS += -pthread
ifeq ($(CI),true)
override CFLAGS += -Werror
endif
ifeq ($(WERROR),1)
override CFLAGS += -Werror
endif
# Lazily expanded, so that `make deps` works before pkg-config knows them.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS))
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS))
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS))
override CPPFLAGS += -Isrc -I$(BUILD) -D_GNU_SOURCE

ifeq ($(V),1)
Q :=
qecho = @:
else
Q := @
qecho = @printf '  %-6s %s\n'
endif

# Everything but main.c and the UI goes into a library the tests link.
LIB_SRC  := $(wildcard src/core/*.c src/model/*.c src/store/*.c src/domain/*.c src/report/*.c \
	src/docx/*.c src/sync/*.c src/cli/*.c)
UI_SRC   := $(wildcard src/ui/*.c)
MAIN_SRC := src/main.c
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
UI_OBJ   := $(UI_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(MAIN_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libsapxep.a

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
UNIT_SUPPORT := $(BUILD)/tests/support.o

# System tests (crashes, concurrency, links and permissions), the I/O
# fault shim the end-to-end tests preload, and the fuzz harnesses replayed
# over their kept inputs.
SYS_SRC  := $(wildcard tests/system/*.c)
SYS_BIN  := $(SYS_SRC:tests/system/%.c=$(BUILD)/tests/system/%)
SHIM     := $(BUILD)/tests/fault.so
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/replay-%)
FUZZ_SUPPORT := $(BUILD)/tests/fuzz/fuzz.o

PO   := $(wildcard po/*.po)
MO   := $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/sapxep.mo)

.PHONY: FORCE all run check check-build check-unit check-e2e check-py check-layering \
	check-system check-replay check-sanitizer-logs check-tsan check-install check-man check-deb \
	deps asan tsan fuzz fuzz-build install uninstall clean demo pot bench deb deb-deps

all: $(BIN) $(MO)

$(BIN): $(MAIN_OBJ) $(UI_OBJ) $(LIB)
	$(qecho) LINK $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(UI_OBJ) $(LIB) $(PKG_LIBS) $(LDLIBS)

$(LIB): $(LIB_OBJ)
	$(qecho) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $(LIB_OBJ)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/support.o: tests/unit/support.c
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB) $(UNIT_SUPPORT)
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -o $@ $< \
		$(UNIT_SUPPORT) $(LIB) $(PKG_LIBS) $(TEST_LIBS) $(LDLIBS)

$(BUILD)/tests/system/%: tests/system/%.c $(LIB) $(UNIT_SUPPORT)
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) $(CPPFLAGS) -Itests/unit $(PKG_CFLAGS) $(TEST_CFLAGS) $(CFLAGS) -o $@ $< \
		$(UNIT_SUPPORT) $(LIB) $(PKG_LIBS) $(TEST_LIBS) $(LDLIBS)

# Never built with the sanitizers: it is preloaded before their runtime.
$(SHIM): tests/fault/shim.c
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) -O2 -g -std=c11 -Wall -Wextra $(if $(filter true,$(CI)),-Werror) \
		-fPIC -shared -o $@ $< -ldl

$(BUILD)/tests/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

# kept: the fuzz build links the same objects again
.SECONDARY: $(FUZZ_NAMES:%=$(BUILD)/tests/fuzz/%.o) $(BUILD)/tests/fuzz/replay.o $(FUZZ_SUPPORT)

$(BUILD)/tests/replay-%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(FUZZ_SUPPORT) $(LIB)
	$(qecho) LINK $@
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

$(BUILD)/locale/%/LC_MESSAGES/sapxep.mo: po/%.po
	@mkdir -p $(dir $@)
	$(qecho) MSGFMT $<
	$(Q)msgfmt --check -o $@ $<

# Where the installed program looks for its data: a header rewritten only
# when prefix and friends change, so that `make install prefix=...` after a
# plain `make` rebuilds what depends on them. The data and the catalogues
# are also named relative to bindir, where the program finds them first,
# so that an installed tree still works once moved.
relto_bindir = $$(realpath -m --relative-to='$(bindir)' '$(1)' 2>/dev/null || echo '$(2)')
$(BUILD)/install-paths.h: FORCE
	@mkdir -p $(BUILD)
	@printf '#define SAPXEP_DATADIR "%s"\n#define SAPXEP_LOCALEDIR "%s"\n#define SAPXEP_SYSCONFDIR "%s"\n#define SAPXEP_DATADIR_REL "%s"\n#define SAPXEP_LOCALEDIR_REL "%s"\n' \
		'$(pkgdatadir)' '$(localedir)' '$(pkgsysconfdir)' \
		"$(call relto_bindir,$(pkgdatadir),../share/sapxep)" \
		"$(call relto_bindir,$(localedir),../share/locale)" >$@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi
$(BUILD)/src/store/paths.o: $(BUILD)/install-paths.h
FORCE:

# (not into build/bench, which holds the benchmark's data)
-include $(shell find $(BUILD) -path $(BUILD)/bench -prune -o -name '*.d' -print 2>/dev/null)

# --- set-up -----------------------------------------------------------------

deps:
	@./tools/deps.sh

# --- running ----------------------------------------------------------------

DEMO := $(BUILD)/demo

run: deps
	@$(MAKE) --no-print-directory all
	@[ -f $(DEMO)/sapxep.yaml ] || ./$(BIN) demo --data $(DEMO)
	./$(BIN) --data $(DEMO)

demo: all
	@rm -rf $(DEMO) && ./$(BIN) demo --data $(DEMO)

# --- tests ------------------------------------------------------------------

# Each suite prints its own summary; the tests run against $(BIN).
export SAPXEP_BIN = $(abspath $(BIN))
export SAPXEP_TEST_TMP = $(abspath $(BUILD))/tmp
export SAPXEP_FAULT_SHIM = $(abspath $(SHIM))

check: deps
	@$(MAKE) --no-print-directory check-build
	@$(MAKE) --no-print-directory check-layering check-unit check-py check-e2e \
		check-system check-replay check-install check-man
	@echo "make check: all suites passed"

check-build: all $(UNIT_BIN) $(SYS_BIN) $(SHIM) $(REPLAY_BIN)

check-unit: $(UNIT_BIN)
	@mkdir -p $(SAPXEP_TEST_TMP)
	@set -e; for t in $(UNIT_BIN); do \
		echo "== $$t"; \
		SAPXEP_SHARE=$(CURDIR) $$t; \
	done

check-py: all
	@mkdir -p $(SAPXEP_TEST_TMP)
	@set -e; for t in tests/py/*.py; do SAPXEP_SHARE=$(CURDIR) $(PYTHON) $$t; done

check-e2e: all $(SHIM)
	@mkdir -p $(SAPXEP_TEST_TMP)
	@SAPXEP_SHARE=$(CURDIR) tests/e2e/run.sh

# Each prints its figures (runs, faults, inputs, losses) and how long it took.
check-system: $(SYS_BIN)
	@mkdir -p $(SAPXEP_TEST_TMP)
	@set -e; for t in $(SYS_BIN); do \
		echo "== $$t"; s=$$(date +%s); \
		SAPXEP_SHARE=$(CURDIR) $$t; \
		echo "   ($$(( $$(date +%s) - s )) s)"; \
	done

# The fuzz harnesses over their inputs: tests/fuzz/inputs/NAME/ (seeds and
# the crashes found, kept), and the files of the tree they read.
YAML_SUITE := tests/data/yaml-test-suite
SEEDS_fuzz_record    := $(YAML_SUITE)
SEEDS_fuzz_workspace := $(YAML_SUITE)
SEEDS_fuzz_form      := screens config/lists $(YAML_SUITE)
SEEDS_fuzz_rules     := config/rules $(YAML_SUITE)
SEEDS_fuzz_csv       :=
SEEDS_fuzz_merge     :=

check-replay: $(REPLAY_BIN)
	@set -e; $(foreach n,$(FUZZ_NAMES), \
		SAPXEP_SHARE=$(CURDIR) $(BUILD)/tests/replay-$(n) $(n) tests/fuzz/inputs/$(n) \
			$(SEEDS_$(n));)

# The manual pages render without a warning as man shows them (UTF-8),
# and say the version the program and debian/changelog say.
MAN_PAGES := man/sapxep.1 man/sapxep.5

check-man: all
	@if ! command -v groff >/dev/null 2>&1; then \
		echo "  SKIPPED man: groff is not installed (make deps)"; exit 0; fi; \
	 set -e; for m in $(MAN_PAGES); do \
		out=$$(groff -ww -z -man -Tutf8 -k $$m 2>&1); \
		if [ -z "$$out" ] && command -v man >/dev/null 2>&1; then \
			out=$$(MANWIDTH=80 man --warnings -E UTF-8 -l $$m 2>&1 >/dev/null); fi; \
		if [ -n "$$out" ]; then echo "$$m: warnings:"; echo "$$out"; exit 1; fi; \
	 done
	@v=$$(./$(BIN) --version | sed 's/^sapxep //'); \
	 for m in $(MAN_PAGES); do grep -q "^\.TH .* \"sapxep $$v\"" $$m || \
		{ echo "$$m: .TH does not name sapxep $$v"; exit 1; }; done; \
	 head -1 debian/changelog | grep -q "^sapxep ($$v)" || \
		{ echo "debian/changelog: its first entry is not version $$v"; exit 1; }
	@echo "man: $(MAN_PAGES) render without warnings, at the program's version"

# The Vietnamese sapxep(1), through po4a (man/po4a.cfg): man/po/sapxep.1.pot
# from the English page, and build/man/vi/man1/sapxep.1 once man/po/vi.po
# translates every paragraph. Not part of check until the translation
# exists; then check-man-vi fails on a paragraph left untranslated.
man-vi:
	@command -v po4a >/dev/null 2>&1 || { echo "man-vi: install po4a"; exit 1; }
	@mkdir -p man/po
	po4a --no-backups man/po4a.cfg

check-man-vi: man-vi
	@test -f man/po/vi.po || { echo "man-vi: no man/po/vi.po yet"; exit 1; }
	@msgattrib --untranslated --only-fuzzy man/po/vi.po | grep -q msgid && \
		{ echo "man/po/vi.po: paragraphs of sapxep(1) not translated"; exit 1; } || true
	@test -f $(BUILD)/man/vi/man1/sapxep.1

# An install into a scratch root, moved elsewhere and run there with no
# variable set, then uninstalled (tests/e2e/install.sh): with the same
# folders as the build, so nothing is rebuilt.
INSTALL_ROOT = $(SAPXEP_TEST_TMP)/install-root
INSTALL_DIRS = '$(bindir)' '$(pkgdatadir)' '$(localedir)' '$(mandir)' '$(bashcompdir)'

check-install: all
	@mkdir -p $(SAPXEP_TEST_TMP)
	@rm -rf $(INSTALL_ROOT) $(INSTALL_ROOT).moved
	@$(MAKE) --no-print-directory -s install DESTDIR=$(INSTALL_ROOT) >/dev/null
	@sh tests/e2e/install.sh run $(INSTALL_ROOT) $(INSTALL_ROOT).moved $(INSTALL_DIRS)
	@$(MAKE) --no-print-directory -s uninstall DESTDIR=$(INSTALL_ROOT).moved >/dev/null
	@sh tests/e2e/install.sh uninstalled $(INSTALL_ROOT).moved $(INSTALL_DIRS)
	@rm -rf $(INSTALL_ROOT).moved
	@n="$(MAKE) --no-print-directory -s -n"; \
	 $$n install prefix=/P >$(INSTALL_ROOT).gnu; \
	 $$n install prefix=/P exec_prefix=/E bindir=/B datarootdir=/R datadir=/D \
		mandir=/M localedir=/L >$(INSTALL_ROOT).each; \
	 $$n install PREFIX=/U BINDIR=/UB DATADIR=/UD MANDIR=/UM LOCALEDIR=/UL \
		>$(INSTALL_ROOT).upper; \
	 $$n uninstall DATADIR=/usr/share >$(INSTALL_ROOT).uninstall; \
	 sh tests/e2e/install.sh names $(INSTALL_ROOT)

# curses only in src/ui, libyaml only in the storage readers and writers.
check-layering:
	@bad=$$(grep -l '#include <n\?curses' $$(find src -name '*.[ch]') | grep -v '^src/ui/'); \
	 if [ -n "$$bad" ]; then echo "curses outside src/ui: $$bad"; exit 1; fi
	@bad=$$(grep -l '#include <yaml.h>' $$(find src -name '*.[ch]') | grep -v '^src/store/y\(read\|write\)\.c$$'); \
	 if [ -n "$$bad" ]; then echo "libyaml outside the YAML reader/writer: $$bad"; exit 1; fi
	@bad=$$(grep -l '#include <\(libxml/\|zip\.h\)' $$(find src -name '*.[ch]') | grep -v '^src/docx/docx\.c$$'); \
	 if [ -n "$$bad" ]; then echo "libxml2 or libzip outside the document writer: $$bad"; exit 1; fi
	@echo "layering: ok"

# The whole check, rebuilt with AddressSanitizer and UBSan in build-asan/.
# Reports also go to files, so that those of a program run inside tmux,
# whose screen no one reads after the test, fail the check too.
SAN_LOGS = $(abspath $(BUILD))/sanitizer-logs

asan: deps
	@rm -rf build-asan/sanitizer-logs && mkdir -p build-asan/sanitizer-logs
	@$(MAKE) --no-print-directory BUILD=build-asan \
		CFLAGS="-O1 -g -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined,float-cast-overflow" \
		ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$(abspath build-asan)/sanitizer-logs/asan \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$(abspath build-asan)/sanitizer-logs/ubsan \
		check-build check-layering check-unit check-py check-e2e check-system check-replay \
		check-install check-sanitizer-logs
	@echo "make asan: all suites passed, no sanitizer report"

check-sanitizer-logs:
	@if [ -n "$$(ls -A $(SAN_LOGS) 2>/dev/null)" ]; then \
		for f in $(SAN_LOGS)/*; do echo "== $$f"; cat "$$f"; done; \
		echo "sanitizers reported the problems above"; exit 1; \
	fi
	@echo "sanitizers: no report"

# The tests of what runs on several threads (the pool, report and
# validate -j N), rebuilt with ThreadSanitizer in build-tsan/. The rest of
# the suite runs on one thread: make asan covers it.
TSAN_E2E := tests/e2e/t_cli_jobs.sh tests/e2e/t_cli_report.sh tests/e2e/t_cli_report_history.sh

tsan: deps
	@rm -rf build-tsan/sanitizer-logs && mkdir -p build-tsan/sanitizer-logs
	@$(MAKE) --no-print-directory BUILD=build-tsan \
		CFLAGS="-O1 -g -fsanitize=thread -fno-omit-frame-pointer" \
		LDFLAGS="-fsanitize=thread" \
		TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:log_path=$(abspath build-tsan)/sanitizer-logs/tsan \
		check-tsan check-sanitizer-logs
	@echo "make tsan: the parallel tests passed, no ThreadSanitizer report"

check-tsan: all $(BUILD)/tests/test_pool
	@mkdir -p $(SAPXEP_TEST_TMP)
	@set -e; echo "== $(BUILD)/tests/test_pool"; SAPXEP_SHARE=$(CURDIR) $(BUILD)/tests/test_pool; \
	 fail=0; for t in $(TSAN_E2E); do SAPXEP_SHARE=$(CURDIR) sh $$t || fail=1; done; \
	 exit $$fail

# libFuzzer on each loader for FUZZ_SECONDS, from a seed corpus made of
# the tests' inputs, in build-fuzz/ (clang only). A crash is kept in
# build-fuzz/crashes/; once fixed, copy it to tests/fuzz/regress/NAME/,
# where `make check` replays it for ever.
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

fuzz:
	@./tools/fuzz.sh check "$(FUZZ_CC)"
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC="$(FUZZ_CC)" \
		CFLAGS="-O1 -g -fsanitize=fuzzer-no-link $(FUZZ_FLAGS)" \
		LDFLAGS="$(FUZZ_FLAGS)" fuzz-build
	@{ $(foreach n,$(FUZZ_NAMES),echo "$(n) tests/fuzz/inputs/$(n) $(SEEDS_$(n))";) } \
		| ./tools/fuzz.sh run "$(FUZZ_SECONDS)"

fuzz-build: all $(FUZZ_NAMES:%=$(BUILD)/fuzz/%)

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_SUPPORT) $(LIB)
	@mkdir -p $(dir $@)
	$(qecho) LINK $@
	$(Q)$(CC) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(LDLIBS)

# --- benchmarks (never part of check) ---------------------------------------

BENCH_BIN := $(BUILD)/bench/bin

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BIN)/brun $(BENCH_BIN)/yfloor
	@SAPXEP_BIN=$(abspath $(BIN)) SAPXEP_SHARE=$(CURDIR) BENCH_TOOLS=$(BENCH_BIN) \
		BENCH_DATA=$(BUILD)/bench/data PYTHON=$(PYTHON) sh tests/bench/run.sh

$(BENCH_BIN)/brun: tests/bench/brun.c
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) $(CFLAGS) -o $@ $<

$(BENCH_BIN)/yfloor: tests/bench/yfloor.c
	@mkdir -p $(dir $@)
	$(qecho) CC $<
	$(Q)$(CC) $(PKG_CFLAGS) $(CFLAGS) -o $@ $< $(PKG_LIBS)

pot:
	xgettext --keyword=_ --keyword=N_ --from-code=UTF-8 -o po/sapxep.pot $$(find src -name '*.[ch]' | sort)

# --- install ----------------------------------------------------------------

# What install puts, one list for install and uninstall: the program, the
# forms and the shipped config (by their place below pkgdatadir), the
# manual, the catalogues, the bash completion.
DATA_FILES := $(sort $(wildcard screens/*.yaml) $(shell find config -name '*.yaml'))
DATA_DIRS  := screens config $(sort $(shell find config -mindepth 1 -type d))
LANGS      := $(PO:po/%.po=%)

install: all
	install -d "$(DESTDIR)$(bindir)" "$(DESTDIR)$(mandir)/man1" "$(DESTDIR)$(mandir)/man5" \
		"$(DESTDIR)$(bashcompdir)" $(DATA_DIRS:%="$(DESTDIR)$(pkgdatadir)/%") \
		$(LANGS:%="$(DESTDIR)$(localedir)/%/LC_MESSAGES")
	install -m 0755 $(BIN) "$(DESTDIR)$(bindir)/sapxep"
	for f in $(DATA_FILES); do \
		install -m 0644 "$$f" "$(DESTDIR)$(pkgdatadir)/$$f" || exit 1; \
	done
	install -m 0644 man/sapxep.1 "$(DESTDIR)$(mandir)/man1/sapxep.1"
	install -m 0644 man/sapxep.5 "$(DESTDIR)$(mandir)/man5/sapxep.5"
	for l in $(LANGS); do \
		install -m 0644 $(BUILD)/locale/$$l/LC_MESSAGES/sapxep.mo \
			"$(DESTDIR)$(localedir)/$$l/LC_MESSAGES/sapxep.mo" || exit 1; \
	done
	install -m 0644 tools/sapxep.bash-completion "$(DESTDIR)$(bashcompdir)/sapxep"

# Exactly the files install put; then sapxep's own folders below
# pkgdatadir, if they are empty. Never a shared folder (bin, man1, locale).
uninstall:
	rm -f "$(DESTDIR)$(bindir)/sapxep" "$(DESTDIR)$(mandir)/man1/sapxep.1" \
		"$(DESTDIR)$(mandir)/man5/sapxep.5" "$(DESTDIR)$(bashcompdir)/sapxep" \
		$(LANGS:%="$(DESTDIR)$(localedir)/%/LC_MESSAGES/sapxep.mo")
	for f in $(DATA_FILES); do rm -f "$(DESTDIR)$(pkgdatadir)/$$f"; done
	for d in $(DATA_DIRS); do echo "$$d"; done | sort -r | \
		while read -r d; do rmdir "$(DESTDIR)$(pkgdatadir)/$$d" 2>/dev/null || true; done
	rmdir "$(DESTDIR)$(pkgdatadir)" 2>/dev/null || true

# --- the Debian package -----------------------------------------------------

# debian/ builds with dpkg-buildpackage in the tree as usual (the .deb
# lands in ..); make deb builds in a copy, leaving the tree and its parent
# alone, and has lintian check the result.
DEB_DIR := $(BUILD)/deb

deb-deps:
	@./tools/deps.sh deb

deb:
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/sapxep
	@tar -cf - --exclude='./build*' --exclude=./sapxep --exclude=./.git \
		--exclude=./fuzz-out --exclude=./tests/tmp . | tar -xf - -C $(DEB_DIR)/sapxep
	cd $(DEB_DIR)/sapxep && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL dpkg-buildpackage -us -uc -b
	lintian --fail-on error --info $(DEB_DIR)/*.changes
	@ls $(DEB_DIR)/*.deb

# The package, unpacked into a scratch root, run there (tests/e2e/deb.sh).
check-deb: deb
	@mkdir -p $(SAPXEP_TEST_TMP)
	@sh tests/e2e/deb.sh $(DEB_DIR)

clean:
	rm -rf build build-asan build-tsan build-fuzz sapxep
