#!/usr/bin/python3
"""The account's archive (XEP-0313) read after login, into the history.

alice's natter runs once (bob's message then gives the history a place in
alice's archive) and quits. While it is away, bob writes 3 messages and
a burst of 1,000 (300 under valgrind), and alice's other client ("phone", slixmpp) writes to bob.
Run twice: with Prosody's offline storage, then without it (everything
then comes from the archive). Asserts, once natter runs again:
  - every message from while it was away comes exactly once: once in its
    events (the server's offline copy and the archive's are one), once in
    history.db; the burst, ten pages of the archive (100 each),
    is complete;
  - the phone's message is stored as alice's own (direction out), not
    dropped as an echo;
  - after a restart without anything new, nothing more is added (the
    archive is read from where the history says it was).
"""

import os
import sqlite3
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check, wait_until  # noqa: E402

# Ten pages of the archive; three under valgrind, where natter stores a
# few messages a second.
BURST = 300 if testbed.WRAPPED else 1000


def stored(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute("SELECT body, direction FROM messages").fetchall()
    finally:
        db.close()


def bodies(natter, prefix):
    return [e["body"] for e in natter.events if e.get("event") == "message"
            and (e.get("body") or "").startswith(prefix)]


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice"])
    path = os.path.join(confdir, "history.db")
    natter = Natter(tb, confdir)
    natter.wait_online()
    bob.send_message(tb.jid("alice"), "while online")
    natter.wait_for({"event": "message", "body": "while online"})
    natter.quit_cleanly()

    for i in range(3):
        bob.send_message(tb.jid("alice"), "away %d" % i)
    bob.send_burst(tb.jid("alice"), "burst", BURST)
    phone = Peer(tb, "alice", resource="phone")
    phone.send_message(tb.jid("bob"), "from my phone")
    bob.wait_message(lambda m: m["body"] == "from my phone")
    phone.quit()

    natter = Natter(tb, confdir)
    natter.wait_online()
    wanted = ["away %d" % i for i in range(3)] + ["burst %d" % i for i in range(BURST)]
    wait_until(lambda: len(set(bodies(natter, "away") + bodies(natter, "burst"))) == len(wanted),
               60, "every message from while natter was away")
    natter.wait_for({"event": "message", "body": "from my phone", "direction": "out"},
                    what="the phone's message as alice's own")
    # Nothing more is on its way: a round trip through the server.
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""))
    seen = bodies(natter, "away") + bodies(natter, "burst")
    doubled = sorted({b for b in seen if seen.count(b) > 1})
    check(not doubled, "shown twice: %r" % doubled[:5])
    natter.quit_cleanly()

    rows = stored(path)
    texts = [b for b, _ in rows]
    missing = [w for w in wanted if w not in texts]
    doubled = sorted({b for b in texts if texts.count(b) > 1})
    check(not missing and not doubled, "history: missing %r, twice %r"
          % (missing[:5], doubled[:5]))
    check(("from my phone", 1) in rows and texts.count("from my phone") == 1,
          "the phone's message in the history: %r" % [r for r in rows if "phone" in r[0]])

    count = len(rows)
    natter = Natter(tb, confdir)
    natter.wait_online()
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""))
    natter.quit_cleanly()
    check(len(stored(path)) == count, "a restart added %d messages" % (len(stored(path)) - count))


if __name__ == "__main__":
    # With the server's offline storage (its copies and the archive's are
    # one), then without it (everything comes from the archive, page
    # after page).
    passed = testbed.run_test(body, exit=False)
    passed = testbed.run_test(body, name="test_mam_without_offline", exit=False,
                              without_modules=("offline",)) and passed
    sys.exit(0 if passed else 1)
