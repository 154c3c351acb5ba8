#!/usr/bin/python3
"""Where one-to-one messages go (RFC 6121 5.1) and how errors come back.

Asserts:
  - a message to bob's bare JID is addressed to the bare JID;
  - once bob writes from bob@.../phone, natter's answers go to that full
    JID (the "out" event says so, and the phone resource receives it);
  - a presence change of that resource unlocks: the next message goes to
    the bare JID again;
  - a message to an account that does not exist comes back as an error
    message carrying the id of the message that caused it, in words
    ("error" field), not as a crash or silence.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def send(natter, to, text):
    result = natter.command("/msg %s %s" % (to, text))
    check(result.get("ok") is True, "/msg: %s" % json.dumps(result))
    return natter.wait_for({"event": "message", "direction": "out", "body": text},
                           what="out event for %r" % text)


def body(tb):
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    desk = Peer(tb, "bob", resource="desk")
    phone = Peer(tb, "bob", resource="phone")
    bob = tb.jid("bob")

    out = send(natter, bob, "to the bare JID")
    check(out.get("to") == bob, "first message went to %r" % out.get("to"))

    phone.send_message(tb.jid("alice"), "from my phone")
    natter.wait_for({"event": "message", "direction": "in", "body": "from my phone"})
    out = send(natter, bob, "answer to the phone")
    check(out.get("to") == bob + "/phone",
          "after bob wrote from his phone, the answer went to %r" % out.get("to"))
    phone.wait_message(lambda m: m["body"] == "answer to the phone")

    phone.send_presence(show="away")
    natter.wait_for(lambda e: e.get("event") == "presence" and e.get("jid") == bob
                    and e.get("resource") == "phone"
                    and any(r["show"] == "away" for r in e.get("resources") or []),
                    what="the phone's presence change")
    out = send(natter, bob, "after the presence change")
    check(out.get("to") == bob,
          "after a presence change the message went to %r" % out.get("to"))

    nobody = "nobody@" + tb.domain
    out = send(natter, nobody, "anyone there?")
    err = natter.wait_for({"event": "message", "direction": "in", "type": "error"},
                          what="the error for the message to nobody")
    check(err.get("id") == out.get("id"),
          "the error's id %r is not the message's %r" % (err.get("id"), out.get("id")))
    check(err.get("error") and "(" in err.get("error"),
          "error in words with its condition: %r" % err.get("error"))
    natter.quit_cleanly()
    desk.quit()
    phone.quit()


testbed.run_test(body)
