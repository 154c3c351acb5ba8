#!/usr/bin/python3
"""What goes wrong at odd moments, with odd text and big messages.

Asserts:
  - /disconnect right after /connect cancels the attempt: natter never
    reports online for it, and a later /connect logs in normally;
  - a /msg whose text holds a control character XML cannot carry is
    refused with words naming it, and the session stays online;
  - a 200,000-character message reaches the peer without waiting for other
    traffic, and a 100,000-character message from the peer reaches natter;
  - a delayed message (XEP-0203) with an absurd stamp (year 9999, year 1)
    is reported with a timestamp close to now; a sane stamp is kept;
  - text with C1 controls and bidi overrides is reported exactly (escaped
    JSON) to scripts.
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


def bare(jid):
    return (jid or "").split("/")[0]


def cancel_while_connecting(natter):
    natter.send("/connect alice")
    natter.send("/disconnect alice")
    gone = natter.wait_for({"event": "session", "state": "disconnected"})
    check("cancelled" in gone.get("reason", ""),
          "cancel reported as %s" % json.dumps(gone))
    natter.send("/connect alice")
    natter.wait_for({"event": "session", "account": "alice", "state": "online"})
    onlines = [e for e in natter.events
               if e.get("event") == "session" and e.get("state") == "online"]
    check(len(onlines) == 1, "online reported %d times:\n%s"
          % (len(onlines), natter.stdout_text()))


def control_character(natter, bob):
    result = natter.command("/msg %s red \x1b[31m alert" % bob.jid)
    check(result.get("ok") is False and "U+001B" in result.get("error", ""),
          "control character not refused: %s" % json.dumps(result))
    result = natter.command("/msg %s still online" % bob.jid)
    check(result.get("ok") is True, "session lost after refusal: %s"
          % json.dumps(result))
    got = bob.wait_message({"body": "still online"})
    check(got["body"] == "still online", "peer got %r" % got["body"])


def big_messages(tb, natter, bob):
    big = ("0123456789abcdef" * 12500)[:200000]
    started = time.monotonic()
    result = natter.command("/msg %s %s" % (bob.jid, big))
    check(result.get("ok") is True, "/msg big failed: %s" % result.get("error"))
    got = bob.wait_message(lambda m: len(m.get("body") or "") > 1000, timeout=10)
    check(got["body"] == big, "peer got %d characters, sent %d"
          % (len(got["body"]), len(big)))
    check(time.monotonic() - started < 5, "200,000 characters took %.1f s"
          % (time.monotonic() - started))
    incoming = "\u00e9" + "x" * 99998 + "\u00e9"
    bob.send_message(tb.jid("alice"), incoming)
    got = natter.wait_for(lambda e: e.get("event") == "message"
                          and e.get("direction") == "in"
                          and len(e.get("body") or "") > 1000, timeout=5)
    check(got["body"] == incoming, "natter got %d characters, peer sent %d"
          % (len(got["body"]), len(incoming)))


def delayed(tb, natter, bob, stamp, body):
    bob.send_stanza("<message xmlns='jabber:client' to='%s' type='chat'>"
                 "<body>%s</body><delay xmlns='urn:xmpp:delay' stamp='%s'/>"
                 "</message>" % (tb.jid("alice"), body, stamp))
    return natter.wait_for({"event": "message", "direction": "in", "body": body})


def delay_stamps(tb, natter, bob):
    now = time.strftime("%Y-%m-%d", time.gmtime())
    for stamp in ("9999-12-31T23:59:59Z", "0001-01-01T00:00:01Z"):
        got = delayed(tb, natter, bob, stamp, "stamp " + stamp)
        check(got["timestamp"].startswith(now),
              "absurd stamp %s reported as %s" % (stamp, got["timestamp"]))
    got = delayed(tb, natter, bob, "2020-02-29T12:34:56.789Z", "leap day")
    check(got["timestamp"] == "2020-02-29T12:34:56.789Z",
          "delay stamp reported as %s" % got["timestamp"])


def exact_text(tb, natter, bob):
    text = "\u009b31mRED \u202eevil\u202c \u200f ok"
    bob.send_message(tb.jid("alice"), text)
    got = natter.wait_for({"event": "message", "direction": "in", "body": text})
    check(bare(got["from"]) == bob.jid, "from %r" % got["from"])


def body(tb):
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config(["alice"]), account=None)
    cancel_while_connecting(natter)
    control_character(natter, bob)
    big_messages(tb, natter, bob)
    delay_stamps(tb, natter, bob)
    exact_text(tb, natter, bob)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
