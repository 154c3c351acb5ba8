#!/usr/bin/python3
"""The account's own presence (RFC 6121 4.2, 4.4): /status and /priority,
as a slixmpp contact receives them.

Asserts:
  - /status away MESSAGE: bob receives show away with the message intact,
    natter reports an "own_presence" event;
  - /priority 5: bob receives priority 5, the show and message kept;
  - /status xa without a message: show xa, no status text;
  - /status online: no <show/> at all ("available" at bob);
  - wrong input refused in words: an unknown show, a priority out of range
    or not a number;
  - /status without arguments describes the presence;
  - after /disconnect and /connect the presence set is announced again.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402



def from_alice(tb, predicate, what):
    alice = tb.jid("alice")
    return lambda e: (e.get("event") == "presence"
                      and (e.get("from") or "").split("/")[0] == alice
                      and predicate(e))


def body(tb):
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    bob.wait_for(from_alice(tb, lambda e: e.get("type") == "available", ""),
                 what="alice available")

    natter.ok("/status away out for lunch \u00e9")
    got = bob.wait_for(from_alice(tb, lambda e: e.get("show") == "away", ""),
                       what="alice away")
    check(got.get("status") == "out for lunch \u00e9", "status %r" % got.get("status"))
    own = natter.wait_for({"event": "own_presence", "show": "away"},
                          what="own_presence away")
    check(own.get("account") == "alice" and own.get("status") == "out for lunch \u00e9",
          "own_presence %r" % own)

    natter.ok("/priority 5")
    got = bob.wait_for(from_alice(tb, lambda e: e.get("priority") == 5, ""),
                       what="alice with priority 5")
    check(got.get("show") == "away" and got.get("status") == "out for lunch \u00e9",
          "priority change lost the rest: %r" % got)

    natter.ok("/status xa")
    got = bob.wait_for(from_alice(tb, lambda e: e.get("show") == "xa", ""),
                       what="alice xa")
    check(got.get("status") is None, "status %r" % got.get("status"))
    check(got.get("priority") == 5, "priority %r" % got.get("priority"))

    described = natter.ok("/status").get("output") or []
    check(described == ["alice: xa (priority 5; online)"], "/status: %r" % described)

    for line, words in (("/status sleepy", "not one of online"),
                        ("/priority 128", "-128 to 127"),
                        ("/priority high", "-128 to 127")):
        result = natter.command(line)
        check(result.get("ok") is False and words in (result.get("error") or ""),
              "%s: %s" % (line, json.dumps(result)))

    # RFC 6121 4.6: directed presence reaches carol only.
    carol = Peer(tb, "carol")
    bob_since, carol_since = bob.mark(), carol.mark()
    natter.ok("/status -t %s dnd in a meeting" % carol.jid)
    got = carol.wait_for(from_alice(tb, lambda e: e.get("show") == "dnd", ""),
                         since=carol_since, what="directed dnd at carol")
    check(got.get("status") == "in a meeting", "directed status %r" % got.get("status"))
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""))
    check(not [e for e in bob.events[bob_since:] if e.get("event") == "presence"
               and e.get("show") == "dnd"], "bob saw the presence directed to carol")
    natter.ok("/status -t %s offline" % carol.jid)
    carol.wait_for(from_alice(tb, lambda e: e.get("type") == "unavailable", ""),
                   since=carol_since, what="directed unavailable at carol")
    result = natter.command("/status -t not@@valid away")
    check(result.get("ok") is False and "not a valid JID" in (result.get("error") or ""),
          "directed to a bad JID: %r" % result)

    since = bob.mark()
    natter.ok("/disconnect")
    natter.wait_session("disconnected")
    natter.ok("/connect")
    natter.wait_session("online")
    got = bob.wait_for(from_alice(tb, lambda e: e.get("show") == "xa", ""),
                       what="alice's xa announced again after reconnecting", since=since)
    check(got.get("priority") == 5, "priority after reconnect %r" % got.get("priority"))

    natter.ok("/status online")
    got = bob.wait_for(from_alice(tb, lambda e: e.get("show") is None
                                  and e.get("type") == "available", ""),
                       what="alice plainly available")
    natter.quit_cleanly()
    bob.quit()


testbed.run_test(body)
