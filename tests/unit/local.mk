# Unit tests (cmocka), one program per file; see Makefile.am for UNIT_CFLAGS and UNIT_LIBS.
# Each links libnatter.a only (no ncurses, no readline) and runs standalone.
check_PROGRAMS += tests/unit/test-jid
TESTS += tests/unit/test-jid
tests_unit_test_jid_SOURCES = tests/unit/test-jid.c tests/unit/unit.h
tests_unit_test_jid_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_jid_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-sanitize
TESTS += tests/unit/test-sanitize
tests_unit_test_sanitize_SOURCES = tests/unit/test-sanitize.c tests/unit/unit.h
tests_unit_test_sanitize_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_sanitize_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-styling
TESTS += tests/unit/test-styling
tests_unit_test_styling_SOURCES = tests/unit/test-styling.c tests/unit/unit.h
tests_unit_test_styling_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_styling_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-ratelimit
TESTS += tests/unit/test-ratelimit
tests_unit_test_ratelimit_SOURCES = tests/unit/test-ratelimit.c tests/unit/unit.h
tests_unit_test_ratelimit_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ratelimit_LDADD = $(UNIT_LIBS)
check_PROGRAMS += tests/unit/test-nickcolour
TESTS += tests/unit/test-nickcolour
tests_unit_test_nickcolour_SOURCES = tests/unit/test-nickcolour.c tests/unit/unit.h
tests_unit_test_nickcolour_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_nickcolour_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-lookalike
TESTS += tests/unit/test-lookalike
tests_unit_test_lookalike_SOURCES = tests/unit/test-lookalike.c tests/unit/unit.h
tests_unit_test_lookalike_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_lookalike_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-event
TESTS += tests/unit/test-event
tests_unit_test_event_SOURCES = tests/unit/test-event.c tests/unit/unit.h
tests_unit_test_event_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_event_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-log
TESTS += tests/unit/test-log
tests_unit_test_log_SOURCES = tests/unit/test-log.c tests/unit/unit.h
tests_unit_test_log_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_log_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-tokenize
TESTS += tests/unit/test-tokenize
tests_unit_test_tokenize_SOURCES = tests/unit/test-tokenize.c tests/unit/unit.h
tests_unit_test_tokenize_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_tokenize_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-command
TESTS += tests/unit/test-command
tests_unit_test_command_SOURCES = tests/unit/test-command.c tests/unit/unit.h
tests_unit_test_command_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_command_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-accounts
TESTS += tests/unit/test-accounts
tests_unit_test_accounts_SOURCES = tests/unit/test-accounts.c tests/unit/unit.h
tests_unit_test_accounts_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_accounts_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-conversation
TESTS += tests/unit/test-conversation
tests_unit_test_conversation_SOURCES = tests/unit/test-conversation.c tests/unit/unit.h
tests_unit_test_conversation_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_conversation_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-router
TESTS += tests/unit/test-router
tests_unit_test_router_SOURCES = tests/unit/test-router.c tests/unit/unit.h
tests_unit_test_router_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_router_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-theme
TESTS += tests/unit/test-theme
tests_unit_test_theme_SOURCES = tests/unit/test-theme.c tests/unit/unit.h
tests_unit_test_theme_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_theme_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-complete
TESTS += tests/unit/test-complete
tests_unit_test_complete_SOURCES = tests/unit/test-complete.c tests/unit/unit.h
tests_unit_test_complete_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_complete_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-layout
TESTS += tests/unit/test-layout
tests_unit_test_layout_SOURCES = tests/unit/test-layout.c tests/unit/unit.h \
	src/fe/tty/layout.c src/fe/tty/layout.h
tests_unit_test_layout_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_layout_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-prefs
TESTS += tests/unit/test-prefs
tests_unit_test_prefs_SOURCES = tests/unit/test-prefs.c tests/unit/unit.h
tests_unit_test_prefs_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_prefs_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-contact
TESTS += tests/unit/test-contact
tests_unit_test_contact_SOURCES = tests/unit/test-contact.c tests/unit/unit.h
tests_unit_test_contact_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_contact_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-caps
TESTS += tests/unit/test-caps
tests_unit_test_caps_SOURCES = tests/unit/test-caps.c tests/unit/unit.h
tests_unit_test_caps_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_caps_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-room
TESTS += tests/unit/test-room
tests_unit_test_room_SOURCES = tests/unit/test-room.c tests/unit/unit.h
tests_unit_test_room_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_room_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-muc
TESTS += tests/unit/test-muc
tests_unit_test_muc_SOURCES = tests/unit/test-muc.c tests/unit/unit.h \
	tests/unit/xmpp-harness.c tests/unit/xmpp-harness.h
tests_unit_test_muc_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_muc_LDADD = $(UNIT_LIBS)
check_PROGRAMS += tests/unit/test-bookmarks
TESTS += tests/unit/test-bookmarks
tests_unit_test_bookmarks_SOURCES = tests/unit/test-bookmarks.c tests/unit/unit.h \
	tests/unit/xmpp-harness.c tests/unit/xmpp-harness.h
tests_unit_test_bookmarks_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_bookmarks_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-form
TESTS += tests/unit/test-form
tests_unit_test_form_SOURCES = tests/unit/test-form.c tests/unit/unit.h
tests_unit_test_form_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_form_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-text
TESTS += tests/unit/test-text
tests_unit_test_text_SOURCES = tests/unit/test-text.c tests/unit/unit.h
tests_unit_test_text_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_text_LDADD = $(UNIT_LIBS)

# The terminal UI's compressed scrollback: its two files need no curses.
check_PROGRAMS += tests/unit/test-coldstore
TESTS += tests/unit/test-coldstore
tests_unit_test_coldstore_SOURCES = tests/unit/test-coldstore.c tests/unit/unit.h \
	src/fe/tty/coldstore.c src/fe/tty/window.c
tests_unit_test_coldstore_CFLAGS = $(UNIT_CFLAGS) $(ZLIB_CFLAGS)
tests_unit_test_coldstore_LDADD = $(UNIT_LIBS) $(ZLIB_LIBS)

check_PROGRAMS += tests/unit/test-trust
TESTS += tests/unit/test-trust
tests_unit_test_trust_SOURCES = tests/unit/test-trust.c tests/unit/unit.h
tests_unit_test_trust_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_trust_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-inifile
TESTS += tests/unit/test-inifile
tests_unit_test_inifile_SOURCES = tests/unit/test-inifile.c tests/unit/unit.h
tests_unit_test_inifile_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_inifile_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-ctl
TESTS += tests/unit/test-ctl
tests_unit_test_ctl_SOURCES = tests/unit/test-ctl.c tests/unit/unit.h
tests_unit_test_ctl_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_ctl_LDADD = src/libnatterctl.a $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-store
TESTS += tests/unit/test-store
tests_unit_test_store_SOURCES = tests/unit/test-store.c tests/unit/unit.h
tests_unit_test_store_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_store_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-mam
TESTS += tests/unit/test-mam
tests_unit_test_mam_SOURCES = tests/unit/test-mam.c tests/unit/unit.h \
	tests/unit/xmpp-harness.c tests/unit/xmpp-harness.h
tests_unit_test_mam_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_mam_LDADD = $(UNIT_LIBS)

check_PROGRAMS += tests/unit/test-otr
TESTS += tests/unit/test-otr
tests_unit_test_otr_SOURCES = tests/unit/test-otr.c tests/unit/unit.h
tests_unit_test_otr_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_otr_LDADD = $(UNIT_LIBS)

# netloop.c against a TLS server in the test itself (OpenSSL's server
# side: OPENSSL_CFLAGS and OPENSSL_LIBS are in UNIT_CFLAGS and UNIT_LIBS).
check_PROGRAMS += tests/unit/test-netloop
TESTS += tests/unit/test-netloop
tests_unit_test_netloop_SOURCES = tests/unit/test-netloop.c tests/unit/unit.h
tests_unit_test_netloop_CFLAGS = $(UNIT_CFLAGS)
tests_unit_test_netloop_LDADD = $(UNIT_LIBS)
