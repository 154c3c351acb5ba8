# Integration and UI tests: Python scripts (#!/usr/bin/python3) that drive
# the built natter against a private Prosody on loopback (tests/testbed).
# Each exits 0 on pass and 1 on failure (missing dependencies are a failure,
# never a skip); each starts its own server in its own directory under
# $TESTS_TMPDIR, so they run in parallel. PY_LOG_COMPILER and
# AM_TESTS_ENVIRONMENT (NATTER, TESTS_TMPDIR) are set in Makefile.am.
INTEGRATION_TESTS = \
	tests/integration/test_login.py \
	tests/integration/test_mam.py \
	tests/integration/test_mam_reconnect.py \
	tests/integration/test_otr_keys.py \
	tests/integration/test_otr.py \
	tests/integration/test_otr_natter.py \
	tests/integration/test_otr_errors.py \
	tests/integration/test_faults.py \
	tests/integration/test_hostile_server.py \
	tests/integration/test_wrong_password.py \
	tests/integration/test_untrusted_cert.py \
	tests/integration/test_messages.py \
	tests/integration/test_bad_input.py \
	tests/integration/test_direct_tls.py \
	tests/integration/test_history.py \
	tests/integration/test_idle_wakeups.py \
	tests/integration/test_eval_password.py \
	tests/integration/test_examples.py \
	tests/integration/test_robustness.py \
	tests/integration/test_scripting.py \
	tests/integration/test_send.py \
	tests/integration/test_search.py \
	tests/integration/test_stalled_server.py \
	tests/integration/test_cli.py \
	tests/integration/test_ctl.py \
	tests/integration/test_dns_srv.py \
	tests/integration/test_dns_faults.py \
	tests/integration/test_presence.py \
	tests/integration/test_roster.py \
	tests/integration/test_subscription.py \
	tests/integration/test_own_presence.py \
	tests/integration/test_autoaway.py \
	tests/integration/test_message_routing.py \
	tests/integration/test_message_extras.py \
	tests/integration/test_disco.py \
	tests/integration/test_carbons.py \
	tests/integration/test_blocking.py \
	tests/integration/test_vcard.py \
	tests/integration/test_keepalive.py \
	tests/integration/test_reliability.py \
	tests/integration/test_tls.py \
	tests/integration/test_plain_auth.py \
	tests/integration/test_caps.py \
	tests/integration/test_register.py \
	tests/integration/test_pep.py \
	tests/integration/test_muc.py \
	tests/integration/test_muc_refusals.py \
	tests/integration/test_muc_rejoin.py \
	tests/integration/test_muc_selfping.py \
	tests/integration/test_bookmarks.py \
	tests/integration/test_muc_moderation.py \
	tests/integration/test_muc_config.py \
	tests/integration/test_muc_archive.py \
	tests/integration/test_muc_silent.py \
	tests/integration/test_account_cmd.py \
	tests/integration/test_account_independence.py \
	tests/integration/test_account_settings.py \
	tests/integration/test_multi_account.py
UI_TESTS = \
	tests/ui/test_tty.py \
	tests/ui/test_demo.py \
	tests/ui/test_windows.py \
	tests/ui/test_render.py \
	tests/ui/test_input.py \
	tests/ui/test_rooms.py \
	tests/ui/test_panel_order.py \
	tests/ui/test_scrollback.py \
	tests/ui/test_history_scroll.py \
	tests/ui/test_search_ui.py \
	tests/ui/test_otr_ui.py \
	tests/ui/test_password_prompt.py \
	tests/ui/test_accounts_ui.py \
	tests/ui/test_ctl_ui.py \
	tests/ui/test_history_ui.py \
	tests/ui/test_catchup_ui.py \
	tests/ui/test_hostile_ui.py \
	tests/ui/test_faults_ui.py \
	tests/ui/test_hostile_rooms_ui.py \
	tests/ui/test_hostile_forms_ui.py
TESTBED_FILES = \
	tests/testbed/hostilerooms.py \
	tests/testbed/formpeer.py \
	tests/testbed/testbed.py \
	tests/testbed/tbcommon.py \
	tests/testbed/clients.py \
	tests/testbed/tmuxdriver.py \
	tests/testbed/peer.py \
	tests/testbed/echobot.py \
	tests/testbed/proxy.py \
	tests/testbed/dnsserver.py \
	tests/testbed/mucpeer.py \
	tests/testbed/fakeroom.py \
	tests/testbed/fakeservice.py \
	tests/testbed/component.py \
	tests/testbed/demo
TESTS += $(INTEGRATION_TESTS) $(UI_TESTS)
EXTRA_DIST += $(INTEGRATION_TESTS) $(UI_TESTS) $(TESTBED_FILES)
