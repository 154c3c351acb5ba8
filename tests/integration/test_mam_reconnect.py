#!/usr/bin/python3
"""A connection lost and a new login (the server refused to resume the
session): the account's archive fills the gap, once (XEP-0313 after a
non-resumed reconnect), without the server's offline storage.

natter reaches Prosody through a TCP proxy the test breaks. bob writes 10
messages while natter is online; the link dies and stays down until the
server has given the hibernated session up (smacks_hibernation_time 4 s);
bob writes 20 more meanwhile, which only the archive keeps. Asserts, once
natter is back (resumed false) and a round trip has settled:
  - natter told each of the 20 exactly once, and none of the first 10
    again;
  - history.db holds each of the 30 exactly once, in the order sent.
"""

import os
import sqlite3
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from proxy import CutProxy  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

HIBERNATION_S = 4


def told(natter, prefix, since=0):
    return [e.get("body") for e in natter.events[since:] if e.get("event") == "message"
            and (e.get("body") or "").startswith(prefix)]


def stored(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return [b for (b,) in db.execute(
            "SELECT body FROM messages WHERE body LIKE 'before %' OR body LIKE 'away %' "
            "ORDER BY timestamp, id")]
    finally:
        db.close()


def settle(natter, bob, tb, tag):
    mark = natter.mark()
    bob.send_message(tb.jid("alice"), "sync %s" % tag)
    natter.wait_for({"event": "message", "body": "sync %s" % tag}, since=mark)
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""),
                    since=mark)


def body(tb):
    proxy = CutProxy(tb.c2s_port)
    try:
        confdir = tb.natter_config({"alice": {"port": proxy.port}})
        path = os.path.join(confdir, "history.db")
        natter = Natter(tb, confdir)
        natter.wait_online()
        bob = Peer(tb, "bob")
        alice = tb.jid("alice")
        for i in range(10):
            bob.send_message(alice, "before %d" % i)
        natter.wait_for(lambda e: len(told(natter, "before ")) == 10, what="the first 10")
        settle(natter, bob, tb, "1")

        mark = natter.mark()
        proxy.down()
        proxy.cut()
        natter.wait_for({"event": "session", "state": "waiting"}, since=mark)
        time.sleep(HIBERNATION_S + 3)
        for i in range(20):
            bob.send_message(alice, "away %d" % i)
        proxy.up()
        natter.ok("/reconnect now")
        online = natter.wait_for({"event": "session", "state": "online"}, since=mark,
                                 timeout=30)
        check(online.get("resumed") is False, "the session was resumed: %r" % online)
        natter.wait_for(lambda e: len(told(natter, "away ", mark)) >= 20, timeout=30,
                        what="the 20 from the archive")
        settle(natter, bob, tb, "2")

        away = told(natter, "away ", mark)
        check(sorted(away) == sorted("away %d" % i for i in range(20)),
              "told after the new login: %r" % away)
        check(told(natter, "before ", mark) == [], "told again: %r"
              % told(natter, "before ", mark))
        natter.quit_cleanly()
        got = stored(path)
        check(got == ["before %d" % i for i in range(10)] + ["away %d" % i for i in range(20)],
              "history.db: %r" % got)
    finally:
        proxy.close()


testbed.run_test(body, without_modules=("offline",),
                 prosody_extra="smacks_hibernation_time = %d" % HIBERNATION_S)
