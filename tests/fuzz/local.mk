# libFuzzer targets, one per parser of outside input, built only with
# --enable-fuzzing (CC=clang). Seeds live in tests/fuzz/corpus/<target>/.
#
# make fuzz-smoke [FUZZ_SECONDS=60] runs every target for FUZZ_SECONDS on a
# scratch copy of its seeds (the checked-in corpus is never written to) and
# fails on any crash, leak, timeout or broken invariant. Targets run one
# after another; make -j runs them side by side. Crash inputs are kept in
# tests/tmp/fuzz/<target>/ with the command that reproduces them.
FUZZ_TARGETS = tokenize jid sanitize accounts redact router session ctl theme styling nickcolour \
	prefs layout
FUZZ_SECONDS = 60
FUZZ_CFLAGS = $(AM_CFLAGS) $(CORE_CFLAGS)
FUZZ_LIBS = src/libnatter.a $(CORE_LIBS)
EXTRA_DIST += tests/fuzz/corpus

if ENABLE_FUZZING
# Makefile.am defines no noinst_PROGRAMS, and automake refuses '+=' on an
# undefined variable: set it here. If Makefile.am ever sets it, use '+='.
noinst_PROGRAMS = \
	tests/fuzz/fuzz-tokenize \
	tests/fuzz/fuzz-jid \
	tests/fuzz/fuzz-sanitize \
	tests/fuzz/fuzz-accounts \
	tests/fuzz/fuzz-theme \
	tests/fuzz/fuzz-redact \
	tests/fuzz/fuzz-router \
	tests/fuzz/fuzz-session \
	tests/fuzz/fuzz-ctl \
	tests/fuzz/fuzz-layout \
	tests/fuzz/fuzz-prefs \
	tests/fuzz/fuzz-styling \
	tests/fuzz/fuzz-nickcolour

tests_fuzz_fuzz_tokenize_SOURCES = tests/fuzz/fuzz-tokenize.c
tests_fuzz_fuzz_tokenize_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_tokenize_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_tokenize_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_jid_SOURCES = tests/fuzz/fuzz-jid.c
tests_fuzz_fuzz_jid_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_jid_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_jid_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_sanitize_SOURCES = tests/fuzz/fuzz-sanitize.c
tests_fuzz_fuzz_sanitize_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_sanitize_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_sanitize_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_theme_SOURCES = tests/fuzz/fuzz-theme.c
tests_fuzz_fuzz_theme_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_theme_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_theme_LDADD = $(FUZZ_LIBS)
tests_fuzz_fuzz_accounts_SOURCES = tests/fuzz/fuzz-accounts.c
tests_fuzz_fuzz_accounts_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_accounts_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_accounts_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_redact_SOURCES = tests/fuzz/fuzz-redact.c
tests_fuzz_fuzz_redact_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_redact_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_redact_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_router_SOURCES = tests/fuzz/fuzz-router.c
tests_fuzz_fuzz_router_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_router_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_router_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_session_SOURCES = tests/fuzz/fuzz-session.c
tests_fuzz_fuzz_session_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_session_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_session_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_ctl_SOURCES = tests/fuzz/fuzz-ctl.c
tests_fuzz_fuzz_ctl_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_ctl_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_ctl_LDADD = src/libnatterctl.a $(FUZZ_LIBS)

# The wrapping code lives with the terminal UI (not in libnatter).
tests_fuzz_fuzz_layout_SOURCES = tests/fuzz/fuzz-layout.c src/fe/tty/layout.c
tests_fuzz_fuzz_layout_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_layout_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_layout_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_prefs_SOURCES = tests/fuzz/fuzz-prefs.c
tests_fuzz_fuzz_prefs_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_prefs_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_prefs_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_styling_SOURCES = tests/fuzz/fuzz-styling.c
tests_fuzz_fuzz_styling_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_styling_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_styling_LDADD = $(FUZZ_LIBS)

tests_fuzz_fuzz_nickcolour_SOURCES = tests/fuzz/fuzz-nickcolour.c
tests_fuzz_fuzz_nickcolour_CFLAGS = $(FUZZ_CFLAGS)
tests_fuzz_fuzz_nickcolour_LDFLAGS = $(FUZZ_LDFLAGS)
tests_fuzz_fuzz_nickcolour_LDADD = $(FUZZ_LIBS)

# One rule for every target: FUZZ_TARGETS names them (fuzz-smoke-jid runs
# one alone); make -j runs them side by side.
FUZZ_SMOKE_RULES = $(FUZZ_TARGETS:%=fuzz-smoke-%)

fuzz-smoke: $(FUZZ_SMOKE_RULES)
	@echo 'fuzz-smoke: $(FUZZ_TARGETS): no crash in $(FUZZ_SECONDS) s each'

$(FUZZ_SMOKE_RULES): fuzz-smoke-%: tests/fuzz/fuzz-%$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-$*$(EXEEXT) $(srcdir)/tests/fuzz/corpus/$* tests/tmp/fuzz/$* '$(FUZZ_SECONDS)'

else
fuzz-smoke:
	@echo 'fuzz-smoke: fuzz targets are not built; configure with: CC=clang ./configure --enable-fuzzing' >&2; exit 1
endif
EXTRA_DIST += tests/fuzz/smoke.sh
.PHONY: fuzz-smoke $(FUZZ_SMOKE_RULES)
