#!/usr/bin/python3
"""Auto-away: a minute without input sets the account away, input brings
it back (options presence.autoaway, _show, _message); with im.csi_idle 1
the same minute makes natter tell the server it is inactive (XEP-0352),
and input active again.

With presence.autoaway 1 and presence.autoaway_show xa, asserts that a
slixmpp contact sees alice go xa with the auto-away message about a
minute after the last input line (not before 55 s), and available again
(no <show/>) once natter reads another line. The minute is the
measurement itself: the option's unit is the minute.
"""

import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def body(tb):
    alice = tb.jid("alice")
    bob = Peer(tb, "bob")
    debug_log = os.path.join(tb.workdir, "natter-debug.log")
    natter = Natter(tb, tb.natter_config(["alice"]), extra_args=["--debug-log", debug_log])
    natter.wait_online()

    def alice_presence(predicate):
        return lambda e: (e.get("event") == "presence"
                          and (e.get("from") or "").split("/")[0] == alice
                          and predicate(e))

    # Alice's first presence, out of the way of the checks below.
    bob.wait_for(alice_presence(lambda e: e.get("type") == "available"),
                 what="alice's initial presence")
    for line in ("/set presence.autoaway_show xa",
                 "/set presence.autoaway_message gone idle",
                 "/set im.csi_idle 1",
                 "/set presence.autoaway 1"):
        result = natter.command(line)
        check(result.get("ok") is True, "%s: %s" % (line, json.dumps(result)))
    last_input = time.monotonic()
    got = bob.wait_for(alice_presence(lambda e: e.get("show") == "xa"),
                       timeout=90, what="alice auto-away (xa)")
    waited = time.monotonic() - last_input
    check(waited >= 55, "auto-away came after %.1f s, before the minute" % waited)
    check(got.get("status") == "gone idle", "status %r" % got.get("status"))
    print("auto-away after %.1f s without input" % waited)

    # XEP-0352: the same minute made natter tell the server it is
    # inactive (Prosody offers CSI).
    def sent(element):
        with open(debug_log) as f:
            return [line for line in f
                    if "SENT: <%s xmlns=\"urn:xmpp:csi:0\"" % element in line]
    testbed.wait_until(lambda: sent("inactive"), 10, "<inactive/> sent")

    natter.command("/status")  # any input line
    bob.wait_for(alice_presence(lambda e: e.get("type") == "available"
                                and e.get("show") is None and e.get("status") is None),
                 what="alice back from auto-away")
    testbed.wait_until(lambda: sent("active"), 10, "<active/> sent on input")
    natter.quit_cleanly()
    bob.quit()


testbed.run_test(body)
