# libscore - the one build system.
#
#   make            libscore.so/.a/.pc in build/, examples/score-draft
#   make demo       scores the example drafts, pages in build/report/
#   make test       every test; ends with "N passed, N failed" (make check: the same)
#   make deps       installs the Debian build dependencies when missing (as
#                   root); only deps, demo and test run it, never plain make
#   make asan       the same suite under AddressSanitizer + UBSan
#   make tsan       the thread tests under ThreadSanitizer
#   make valgrind   the C tests under memcheck
#   make bench      throughput and peak RSS (CORPUS=dir)
#   make fuzz       libFuzzer targets for FUZZ_SECONDS each
#   make check-mime CORPUS=dir, check-text CORPUS=dir, check-scores CORPUS=dir,
#   make check-same CORPUS=dir BEFORE=kept.tsv|.json   identical scores
#   make check-schema CORPUS=dir   every result valid against docs/result.schema.json
#   make check-bounces CORPUS=dir   the bounce reader against Sisimai's labels
#   make check-similar [CORPUS="dir ..."] [SIM_ARGS=--sweep]
#   make check-spans CORPUS=dir   every evidence span on real mail is really there
#   make check-python CORPUS=dir  the Python binding equals score-draft --json
#   make install / uninstall (PREFIX, DESTDIR; ldconfig when root installs
#                   to the system), make clean
#   make man        build/man/libscore.3 (from the header) and score-draft.1

PREFIX  ?= /usr/local
DESTDIR ?=
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
BINDIR  ?= $(PREFIX)/bin
PKGDIR  ?= $(LIBDIR)/pkgconfig
MANDIR  ?= $(PREFIX)/share/man

CC      ?= cc
BUILD   ?= build
SAN     ?=
OPT     ?= -O2
PYTHON  ?= python3
CORPUS  ?= examples/drafts
SHARED  ?= ../shared

VERSION := $(shell sed -n 's/^\#define LSC_VERSION_STRING "\(.*\)"/\1/p' include/libscore.h)
SOMAJOR := 0

PKGS    := libxml-2.0 icu-uc icu-i18n libmagic libarchive sqlite3 libpsl libidn2 uchardet zlib
# Loaded when first asked for (libscore/base/dl.c), not linked: ldns by the
# DNS checks, libpq by a history on PostgreSQL.  Their headers are read at
# build time; at run time only the library file is needed.
DL_PKGS := ldns libpq
# Only query pkg-config once the dependencies are there (see deps).
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) $(DL_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread -ldl

# Each object also writes the list of headers it included (-MMD -MP), so a
# header change rebuilds exactly the objects that read it.
DEPFLAGS = -MMD -MP
WARN    := -Wall -Wextra -Werror=implicit-function-declaration -Werror=incompatible-pointer-types -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter -Wno-format-truncation
BASEFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g $(OPT) $(WARN) \
            -fPIC -Iinclude -Ilibscore -I$(BUILD)/gen $(PKG_CFLAGS) $(SAN)
LIBFLAGS  = $(BASEFLAGS) -fvisibility=hidden -DLSC_BUILDING
ALL_CFLAGS = $(BASEFLAGS) $(CFLAGS)

LIB_SRCS  := $(sort $(wildcard libscore/*/*.c))
GEN_SRCS  := $(BUILD)/gen/wordlists_data.c $(BUILD)/gen/wordlists_split.c
LIB_OBJS  := $(patsubst libscore/%.c,$(BUILD)/obj/%.o,$(LIB_SRCS)) \
             $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj/gen_%.o,$(GEN_SRCS))
# The library without the lists' build-time split: what tools/wlsplit,
# which writes that split, is linked with.
LIB_OBJS_NOSPLIT := $(filter-out $(BUILD)/obj/gen_wordlists_split.o,$(LIB_OBJS))
LIB_HDRS  := $(wildcard libscore/*/*.h) libscore/rules/rules.def libscore/rules/rules_text.def libscore/rules/weights.def include/libscore.h
WORDLISTS := $(sort $(wildcard wordlists/*/*.txt wordlists/*.txt))

SO        := $(BUILD)/libscore.so.$(VERSION)
SONAME    := libscore.so.$(SOMAJOR)
STATIC    := $(BUILD)/libscore.a
PC        := $(BUILD)/libscore.pc
# Man pages: libscore(3) is generated from the header's comments (the
# header is the manual), score-draft(1) is written in roff.
MAN3      := $(BUILD)/man/libscore.3
MAN1      := $(BUILD)/man/score-draft.1

ifeq ($(BUILD),build)
SD        := examples/score-draft
else
SD        := $(BUILD)/score-draft
endif
EX_SRCS   := $(sort $(wildcard examples/*.c))
SD_SRCS   := $(filter examples/score-draft%.c examples/sd_%.c,$(EX_SRCS))
OTHER_EX  := $(filter-out $(SD_SRCS),$(EX_SRCS))
OTHER_BIN := $(patsubst examples/%.c,$(BUILD)/examples/%,$(OTHER_EX))

TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TEST_SUPPORT := $(sort $(wildcard tests/unit/support_*.c))
BENCH_SRCS := $(sort $(wildcard tests/bench/*.c))
BENCH_BINS := $(patsubst tests/bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))

.PHONY: all lib man deps demo test check test-build asan tsan oom valgrind bench fuzz fuzz-build clean install \
        uninstall asan-corpus check-bounces check-mime check-text check-scores check-schema check-python check-corpus python-test check-similar \
        check-spans

# Plain make only builds: installing packages is for deps and the
# quick-start targets (demo, test) that name it.
all: lib

lib: $(SO) $(STATIC) $(PC) $(SD) $(OTHER_BIN) $(MAN3) $(MAN1)

man: $(MAN3) $(MAN1)

$(MAN3): include/libscore.h tools/man_from_header.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/man_from_header.py include/libscore.h $(VERSION) > $@.tmp && mv $@.tmp $@

$(MAN1): docs/man/score-draft.1 include/libscore.h
	@mkdir -p $(dir $@)
	sed 's/@VERSION@/$(VERSION)/' docs/man/score-draft.1 > $@

deps:
	@sh tools/deps.sh

$(BUILD)/gen/wordlists_data.c: $(WORDLISTS) tools/embed_wordlists.sh
	@mkdir -p $(dir $@)
	sh tools/embed_wordlists.sh $(WORDLISTS) > $@.tmp && mv $@.tmp $@

# The embedded lists split into words once, here, rather than by every
# engine at every start (libscore/text/wordlist_read.c).
$(BUILD)/wlsplit: tools/wlsplit.c tools/wlsplit_none.c $(LIB_OBJS_NOSPLIT)
	$(CC) $(ALL_CFLAGS) -o $@ tools/wlsplit.c tools/wlsplit_none.c \
	    $(LIB_OBJS_NOSPLIT) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/gen/wordlists_split.c: $(BUILD)/wlsplit
	$(BUILD)/wlsplit > $@.tmp && mv $@.tmp $@

# An object built before it had its .d (a tree from before -MMD) depends
# on every header, so it is rebuilt once and gets one.
.SECONDEXPANSION:
$(BUILD)/obj/%.o: libscore/%.c $$(if $$(wildcard $$(basename $$@).d),,$(LIB_HDRS)) | $(BUILD)/gen/wordlists_data.c
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAGS) $(DEPFLAGS) $(CFLAGS) -c $< -o $@

$(BUILD)/obj/gen_%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(LIBFLAGS) $(CFLAGS) -c $< -o $@

$(SO): $(LIB_OBJS)
	$(CC) -shared -Wl,-soname,$(SONAME) $(SAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)
	ln -sf libscore.so.$(VERSION) $(BUILD)/$(SONAME)
	ln -sf libscore.so.$(VERSION) $(BUILD)/libscore.so

$(STATIC): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

# Written again at install time, so a PREFIX given only to "make install"
# still lands in the installed file.
PC_GEN = sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
	    -e 's|@INCDIR@|$(INCDIR)|' -e 's|@VERSION@|$(VERSION)|' \
	    -e 's|@REQUIRES@|$(PKGS)|' libscore.pc.in

$(PC): libscore.pc.in include/libscore.h
	@mkdir -p $(dir $@)
	$(PC_GEN) > $@

$(SD): $(SD_SRCS) $(wildcard examples/*.h) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iexamples -o $@ $(SD_SRCS) $(STATIC) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/examples/%: examples/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Iexamples -o $@ $< $(STATIC) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/test.h $(TEST_SUPPORT) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Itests/unit -o $@ $< $(TEST_SUPPORT) $(STATIC) $(PKG_LIBS) $(LDFLAGS)

$(BUILD)/bench/%: tests/bench/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(DEPFLAGS) -Itests/unit -o $@ $< $(STATIC) $(PKG_LIBS) $(LDFLAGS)
$(BUILD)/bench/bench_parse $(BUILD)/bench/bench_bounce: tests/bench/bench_files.h

demo: deps
	@$(MAKE) --no-print-directory lib
	@echo "== score-draft examples/drafts/ =="
	@./$(SD) --html $(BUILD)/report examples/drafts/
	@echo "== report pages: $(BUILD)/report/index.html (one page per draft) =="

test: deps
	@$(MAKE) --no-print-directory lib
	@$(MAKE) --no-print-directory test-build
	@BUILD=$(BUILD) SD=$(SD) PYTHON=$(PYTHON) sh tests/run.sh

check: test

test-build: $(TEST_BINS) $(SD) $(SO) $(OTHER_BIN)

python-test: all
	@cd bindings/python && LIBSCORE_LIBRARY=$(CURDIR)/$(BUILD)/libscore.so $(PYTHON) -m unittest discover -s tests

# Sanitizer builds live in their own trees so they never mix objects.
ASAN_SAN := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan OPT=-O1 SAN="$(ASAN_SAN)" \
	    LSC_SKIP_PYTHON=1 test-build
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    BUILD=build/asan SD=build/asan/score-draft LSC_SKIP_PYTHON=1 sh tests/run.sh

# ---- hardening (issue 8): tsan, valgrind, fuzz -------------------------
# TSAN_CC=clang works as well as gcc here.
TSAN_CC ?= $(CC)
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan OPT=-O1 CC=$(TSAN_CC) \
	    SAN="-fsanitize=thread -fno-omit-frame-pointer" test-build
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$(CURDIR)/tests/tsan.supp" BUILD=build/tsan \
	    SD=build/tsan/score-draft LSC_ONLY=threads LSC_SKIP_PYTHON=1 sh tests/run.sh

# The out-of-memory walk with a 64-byte arena block, under ASan: almost
# every allocation in every stage becomes a point the walk fails.
oom: deps
	@$(MAKE) --no-print-directory BUILD=build/oom OPT=-O1 \
	    CFLAGS="-DLSC__ARENA_BLOCK_BYTES=64" \
	    SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	    build/oom/tests/test_oom
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    BUILD=build/oom LSC_ONLY=oom LSC_SKIP_PYTHON=1 sh tests/run.sh

valgrind: all
	@$(MAKE) --no-print-directory test-build
	@BUILD=$(BUILD) SD=$(SD) LSC_VALGRIND=1 LSC_SKIP_PYTHON=1 sh tests/run.sh

# The replay test compiles the fuzz targets in (tests/unit/test_fuzz_replay.c).
$(BUILD)/tests/test_fuzz_replay: $(wildcard tests/fuzz/*.c tests/fuzz/*.h) libscore/dns/dns.h
$(BUILD)/tests/test_hostile $(BUILD)/bench/bench_hostile: tests/unit/hostile.h

# libFuzzer targets: the library built with clang, ASan, UBSan and the
# fuzzer's coverage (build/fuzz), each target run FUZZ_SECONDS with seeds
# from the tests, the shared mime-edge corpus (read only) and the kept
# regressions.  New corpus entries go to build/fuzz/corpus/<target>; a
# crash is written to build/fuzz/crash/ and fails the run: copy it into
# tests/fuzz/regress/<target>/ so that make test replays it for ever.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
FUZZ_TARGETS ?= $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_FLAGS   ?= -max_len=65536 -timeout=20 -rss_limit_mb=2560
FUZZ_BUILD   := build/fuzz

fuzz-build: deps
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) OPT=-O1 \
	    WARN="-Wall -Wextra -Wno-unused-parameter" \
	    SAN="$(FUZZ_SAN) -fsanitize=fuzzer-no-link" $(FUZZ_BUILD)/libscore.a
	@set -e; for t in $(FUZZ_TARGETS); do \
	    if [ ! $(FUZZ_BUILD)/fuzz_$$t -nt tests/fuzz/fuzz_$$t.c ] || \
	       [ $(FUZZ_BUILD)/libscore.a -nt $(FUZZ_BUILD)/fuzz_$$t ] || \
	       [ tests/fuzz/fuzz.h -nt $(FUZZ_BUILD)/fuzz_$$t ] || \
	       [ tests/fuzz/standin_events.h -nt $(FUZZ_BUILD)/fuzz_$$t ]; then \
	        echo "$(FUZZ_CC) -o $(FUZZ_BUILD)/fuzz_$$t"; \
	        $(FUZZ_CC) -g -O1 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	            -Wall -Wextra -Iinclude -Ilibscore -Itests/fuzz $(PKG_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer \
	            -o $(FUZZ_BUILD)/fuzz_$$t tests/fuzz/fuzz_$$t.c \
	            $(FUZZ_BUILD)/libscore.a $(PKG_LIBS); \
	    fi; \
	done

fuzz: fuzz-build
	@set -e; for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/crash tests/fuzz/regress/$$t; \
	    seeds="tests/fuzz/regress/$$t"; \
	    dirs="tests/fuzz/seeds/$$t"; \
	    case $$t in score|mime|html|standin) \
	        dirs="$$dirs tests/messages examples/drafts $(SHARED)/corpus/mime-edge";; \
	      bounce) dirs="$$dirs $(SHARED)/corpus/mime-edge/sisimai-set-of-emails";; esac; \
	    for d in $$dirs; do [ -d $$d ] && seeds="$$seeds $$d"; done; \
	    echo "== fuzz_$$t $(FUZZ_SECONDS)s (seeds: $$seeds)"; \
	    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    $(FUZZ_BUILD)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	        -dict=tests/fuzz/mime.dict $(FUZZ_FLAGS) \
	        -artifact_prefix=$(FUZZ_BUILD)/crash/$$t- \
	        $(FUZZ_BUILD)/corpus/$$t $$seeds > $(FUZZ_BUILD)/$$t.log 2>&1 || { \
	        tail -60 $(FUZZ_BUILD)/$$t.log; \
	        echo "fuzz_$$t FOUND A BUG: keep the input from $(FUZZ_BUILD)/crash/ under tests/fuzz/regress/$$t/"; \
	        exit 1; }; \
	    grep -E '^#[0-9]+[[:space:]]+DONE' $(FUZZ_BUILD)/$$t.log | tail -1; \
	done

bench: all
	@$(MAKE) --no-print-directory $(BENCH_BINS)
	@for b in $(BENCH_BINS); do echo "== $$b $(CORPUS)"; $$b $(CORPUS) || exit 1; done

# Corpus checks against the independent references in ../shared/tools.
check-mime: all
	@sh tools/check-mime.sh $(SD) $(SHARED)/tools "$(CORPUS)"

# Every message of CORPUS scored by the ASan+UBSan build: no sanitizer
# report, nothing on stderr, a result for every file.
asan-corpus: deps
	@$(MAKE) --no-print-directory BUILD=build/asan OPT=-O1 SAN="$(ASAN_SAN)" build/asan/score-draft
	@sh tools/asan-corpus.sh build/asan/score-draft "$(CORPUS)"

check-text: all
	@sh tools/check-text.sh $(SD) $(SHARED)/tools "$(CORPUS)"

# The Python binding against score-draft --json on every message of CORPUS.
check-python: all
	@cd bindings/python && LIBSCORE_LIBRARY=$(CURDIR)/$(BUILD)/libscore.so \
	    $(PYTHON) check_corpus.py --sd $(CURDIR)/$(SD) "$(abspath $(CORPUS))"

check-scores: all
	@sh tools/check-scores.sh $(SD) $(SHARED)/tools "$(CORPUS)"

# The same scores as a kept run (BEFORE=file.tsv from KEEP=file.tsv make
# check-scores, or a score-draft --json file for every hit and evidence).
.PHONY: check-same
check-same: all
	@sh tools/check-same.sh $(SD) "$(CORPUS)" "$(BEFORE)"
# Every message of CORPUS scored with --json and validated against
# docs/result.schema.json (needs python3-jsonschema).
check-schema: all
	@test -n "$(CORPUS)" || { echo "make check-schema CORPUS=dir"; exit 1; }
	@tmp=$$(mktemp); $(SD) --json "$(CORPUS)" > $$tmp 2> $$tmp.err; rc=$$?; \
	    if [ $$rc -ge 2 ]; then echo "check-schema: score-draft failed ($$rc)"; head -5 $$tmp.err; fi; \
	    $(PYTHON) tools/check_schema.py docs/result.schema.json $$tmp; st=$$?; \
	    rm -f $$tmp $$tmp.err; [ $$st -eq 0 ] && [ $$rc -lt 2 ]

# The bounce reader against Sisimai's expected status, reply code and
# reason per recipient (CORPUS/bounce-labels.tsv over
# CORPUS/mime-edge/sisimai-set-of-emails, LF, CRLF and bare-CR copies).
check-bounces: all
	@$(PYTHON) tools/check-bounces.py $(SD) "$(CORPUS)"

# Corpus checks that are programs of their own (tests/corpus/*.c).
$(BUILD)/corpus/%: tests/corpus/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(STATIC) $(PKG_LIBS) $(LDFLAGS)

check-spans: all
	@$(MAKE) --no-print-directory $(BUILD)/corpus/check_spans
	@$(BUILD)/corpus/check_spans "$(CORPUS)"

# Template similarity: the LSH index against brute-force exact Jaccard
# (default: the shared SpamAssassin spam and Phishing Pot folders).
SIM_CORPUS = $(if $(filter command line environment,$(origin CORPUS)),$(CORPUS),$(SHARED)/corpus/spamassassin/spam $(SHARED)/corpus/other)

check-similar: all
	@$(MAKE) --no-print-directory $(BUILD)/corpus/similar_accuracy
	@$(BUILD)/corpus/similar_accuracy $(SIM_ARGS) $(SIM_CORPUS)

# The header lists every object and program read (written by -MMD).
-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(PKGDIR) $(DESTDIR)$(BINDIR)
	install -m 644 include/libscore.h $(DESTDIR)$(INCDIR)/libscore.h
	install -m 755 $(SO) $(DESTDIR)$(LIBDIR)/libscore.so.$(VERSION)
	ln -sf libscore.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libscore.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libscore.so
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libscore.a
	$(PC_GEN) > $(DESTDIR)$(PKGDIR)/libscore.pc
	install -m 755 $(SD) $(DESTDIR)$(BINDIR)/score-draft
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1/score-draft.1
	install -m 644 $(MAN3) $(DESTDIR)$(MANDIR)/man3/libscore.3
	@# Root installing to the system: refresh the loader's cache so that
	@# programs find the new libscore.so.0 without LD_LIBRARY_PATH.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null 2>&1; then \
	    echo ldconfig; ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(INCDIR)/libscore.h $(DESTDIR)$(LIBDIR)/libscore.so.$(VERSION) \
	      $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libscore.so \
	      $(DESTDIR)$(LIBDIR)/libscore.a $(DESTDIR)$(PKGDIR)/libscore.pc \
	      $(DESTDIR)$(BINDIR)/score-draft \
	      $(DESTDIR)$(MANDIR)/man1/score-draft.1 $(DESTDIR)$(MANDIR)/man3/libscore.3

clean:
	rm -rf build examples/score-draft bindings/python/build bindings/python/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
