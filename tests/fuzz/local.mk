# libFuzzer targets, one per parser of outside input, built only with
# --enable-fuzzing (CC=clang). Seeds live in tests/fuzz/corpus/<target>/.
#
# make fuzz-smoke [FUZZ_SECONDS=60] runs every target for FUZZ_SECONDS on a
# scratch copy of its seeds (the checked-in corpus is never written to) and
# fails on any crash, leak, timeout or broken invariant. Targets run one
# after another; make -j runs them side by side. Crash inputs are kept in
# tests/tmp/fuzz/<target>/ with the command that reproduces them.
FUZZ_TARGETS = tokenize jid sanitize accounts redact router theme
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
	tests/fuzz/fuzz-router

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

fuzz-smoke: fuzz-smoke-tokenize fuzz-smoke-jid fuzz-smoke-sanitize fuzz-smoke-accounts fuzz-smoke-redact fuzz-smoke-router fuzz-smoke-theme
	@echo 'fuzz-smoke: $(FUZZ_TARGETS): no crash in $(FUZZ_SECONDS) s each'

fuzz-smoke-tokenize: tests/fuzz/fuzz-tokenize$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-tokenize$(EXEEXT) $(srcdir)/tests/fuzz/corpus/tokenize tests/tmp/fuzz/tokenize '$(FUZZ_SECONDS)'

fuzz-smoke-jid: tests/fuzz/fuzz-jid$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-jid$(EXEEXT) $(srcdir)/tests/fuzz/corpus/jid tests/tmp/fuzz/jid '$(FUZZ_SECONDS)'

fuzz-smoke-sanitize: tests/fuzz/fuzz-sanitize$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-sanitize$(EXEEXT) $(srcdir)/tests/fuzz/corpus/sanitize tests/tmp/fuzz/sanitize '$(FUZZ_SECONDS)'

fuzz-smoke-theme: tests/fuzz/fuzz-theme$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-theme$(EXEEXT) $(srcdir)/tests/fuzz/corpus/theme tests/tmp/fuzz/theme '$(FUZZ_SECONDS)'

fuzz-smoke-accounts: tests/fuzz/fuzz-accounts$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-accounts$(EXEEXT) $(srcdir)/tests/fuzz/corpus/accounts tests/tmp/fuzz/accounts '$(FUZZ_SECONDS)'

fuzz-smoke-redact: tests/fuzz/fuzz-redact$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-redact$(EXEEXT) $(srcdir)/tests/fuzz/corpus/redact tests/tmp/fuzz/redact '$(FUZZ_SECONDS)'

fuzz-smoke-router: tests/fuzz/fuzz-router$(EXEEXT)
	@$(SHELL) $(srcdir)/tests/fuzz/smoke.sh ./tests/fuzz/fuzz-router$(EXEEXT) $(srcdir)/tests/fuzz/corpus/router tests/tmp/fuzz/router '$(FUZZ_SECONDS)'

else
fuzz-smoke:
	@echo 'fuzz-smoke: fuzz targets are not built; configure with: CC=clang ./configure --enable-fuzzing' >&2; exit 1
endif
EXTRA_DIST += tests/fuzz/smoke.sh
.PHONY: fuzz-smoke fuzz-smoke-tokenize fuzz-smoke-jid fuzz-smoke-sanitize fuzz-smoke-accounts fuzz-smoke-redact fuzz-smoke-router fuzz-smoke-theme
