#!/usr/bin/python3
"""The message history (history.db in the data directory), as a real
session writes it.

Asserts:
  - after bob's messages to alice (UTF-8, several lines) and alice's
    replies, history.db (0600, schema version 5) holds each exactly once,
    in order, with account, conversation, direction, sender and text;
  - messages of two accounts stay apart (alice's and carol's, both talking
    to bob);
  - a correction (XEP-0308) changes the stored text and keeps the old one
    among the corrections; the server's acknowledgement (XEP-0198) shows
    in the stored delivery state;
  - natter killed with SIGKILL in the middle of a burst of 300 messages:
    the database opens cleanly (integrity check ok) and holds every
    message natter had printed.
"""

import os
import signal
import sqlite3
import stat
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check, wait_until  # noqa: E402


def rows(path, sql, args=()):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice", "carol"])
    path = os.path.join(confdir, "history.db")
    natter = Natter(tb, confdir, account=None, extra_args=("-a", "alice", "-a", "carol"))
    natter.wait_session("online", account="alice")
    natter.wait_session("online", account="carol")

    texts = ["first \u00e9\u4e2d\U0001f600", "two\nlines"]
    for text in texts:
        bob.send_message(tb.jid("alice"), text)
        natter.wait_for({"event": "message", "body": text}, what="bob's %r" % text)
    natter.ok("/msg -a alice %s a reply" % tb.jid("bob"))
    natter.wait_for({"event": "message_update", "body": "a reply", "delivery": "acked"},
                    what="the reply acknowledged")
    natter.ok("/msg -a carol %s from carol" % tb.jid("bob"))
    bob.wait_message(lambda m: m["body"] == "from carol")
    natter.ok("/correct -a alice -t %s a better reply" % tb.jid("bob"))
    bob.wait_message(lambda m: m["body"] == "a better reply")
    natter.quit_cleanly()

    check(stat.S_IMODE(os.stat(path).st_mode) == 0o600, "history.db mode %o"
          % stat.S_IMODE(os.stat(path).st_mode))
    check(rows(path, "PRAGMA user_version") == [(5,)], "schema version")
    stored = rows(path, "SELECT account, conversation, direction, sender, body FROM messages "
                  "ORDER BY id")
    bob_full = [s for s in stored if s[0] == "alice"]
    check([s[4] for s in bob_full] == texts + ["a better reply"],
          "alice's messages: %r" % stored)
    check(all(s[1] == tb.jid("bob") for s in bob_full), "conversations: %r" % stored)
    check([s[2] for s in bob_full] == [0, 0, 1], "directions: %r" % stored)
    check(bob_full[0][3].startswith(tb.jid("bob") + "/"), "sender: %r" % (bob_full[0],))
    check([s for s in stored if s[0] == "carol"] == [("carol", tb.jid("bob"), 1,
                                                      tb.jid("carol") + "/natter",
                                                      "from carol")],
          "carol's messages: %r" % stored)
    check(rows(path, "SELECT c.body FROM corrections c JOIN messages m ON m.id = c.message")
          == [("a reply",)], "the correction's old text")
    check(rows(path, "SELECT delivery FROM messages WHERE body = 'a better reply'")[0][0] >= 2,
          "the reply's delivery state")

    # SIGKILL in the middle of a burst.
    natter = Natter(tb, confdir)
    natter.wait_online()
    bob.send_burst(tb.jid("alice"), "burst", 300)
    wait_until(lambda: len([e for e in natter.events if e.get("event") == "message"
                            and (e.get("body") or "").startswith("burst")]) >= 100,
               testbed.DEFAULT_TIMEOUT, "100 messages of the burst printed")
    os.kill(natter.pid, signal.SIGKILL)
    natter.wait_exit()
    printed = [e["body"] for e in natter.events if e.get("event") == "message"
               and (e.get("body") or "").startswith("burst")]
    check(rows(path, "PRAGMA integrity_check") == [("ok",)], "integrity after SIGKILL")
    stored = [b for (b,) in rows(path, "SELECT body FROM messages WHERE body LIKE 'burst%'")]
    missing = [b for b in printed if b not in set(stored)]
    check(not missing, "%d of %d printed messages missing after SIGKILL: %r"
          % (len(missing), len(printed), missing[:5]))
    check(len(stored) == len(set(stored)), "duplicates")


if __name__ == "__main__":
    testbed.run_test(body)
