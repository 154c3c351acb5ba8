#!/usr/bin/python3
"""Faults (issue 11 item 3): the server dies, the disk fills, natter is
told to stop in the middle of a burst.

Needs root (mount -t tmpfs), as CI has.

Asserts:
  - Prosody killed (SIGKILL) in the middle of a conversation: natter says
    the connection was lost and is reconnecting; a message alice writes
    meanwhile waits (pending); Prosody started again on the same ports:
    natter is online again by itself, the waiting message reaches bob,
    and bob's next one reaches natter;
  - the disk under natter's history (a 1 MiB tmpfs) fills up: bob's 100
    messages are still shown (message events), natter says (an error, not
    for each failed write: four lines at most in all) that the history
    cannot be written and that it will say when it can again, and still
    answers (a message to bob goes); space freed: natter has said the
    history is written again, and the next message is kept; at the end
    history.db passes PRAGMA integrity_check and holds every message
    kept before the disk filled, unchanged;
  - SIGTERM while a burst of 3,000 messages arrives: natter logs off and
    exits 0 with clean output; history.db passes its integrity check and
    holds every message natter printed, each once.
"""

import os
import signal
import sqlite3
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check, wait_until  # noqa: E402


def rows(path, sql):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def said(natter, part, since=0):
    return natter.wait_for(lambda e: e.get("event") == "log" and part in (e.get("text") or ""),
                           since=since, what="natter saying %r" % part)


def server_dies(tb):
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    alice, buddy = tb.jid("alice"), tb.jid("bob")
    natter.ok("/msg %s before the crash" % buddy)
    bob.wait_for({"event": "message", "body": "before the crash"})

    mark = natter.mark()
    tb.kill_server()
    natter.wait_for(lambda e: e.get("event") == "session"
                    and e.get("state") in ("waiting", "connecting"), since=mark,
                    what="natter noticing the server is gone")
    sent = natter.ok("/msg %s written while the server was down" % buddy)
    check(sent.get("ok") is True, "refused while down: %r" % sent)
    out = natter.wait_for({"event": "message", "direction": "out",
                           "body": "written while the server was down"}, since=mark)
    check(out.get("delivery") == "pending", "not waiting: %r" % out)

    tb.restart_server()
    natter.wait_for({"event": "session", "state": "online"}, since=mark, timeout=60,
                    what="natter online again by itself")
    bob = Peer(tb, "bob", resource="back")
    bob.wait_for({"event": "message", "body": "written while the server was down"},
                 timeout=30, what="the waiting message at bob")
    bob.send_message(alice, "after the restart")
    natter.wait_for({"event": "message", "direction": "in", "body": "after the restart"},
                    since=mark)
    natter.quit_cleanly()


def disk_fills(tb):
    if os.geteuid() != 0:
        raise testbed.TestFailure("test_faults needs root for mount -t tmpfs (CI runs as root)")
    confdir = os.path.join(tb.workdir, "small-disk")
    os.makedirs(confdir, mode=0o700)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", confdir],
                   check=True)
    try:
        disk_fills_in(tb, confdir)
    finally:
        subprocess.run(["umount", "-l", confdir], check=False)


def disk_fills_in(tb, confdir):
    tb.write_natter_config(confdir, ["alice"])
    bob = Peer(tb, "bob", resource="disk")
    natter = Natter(tb, confdir)
    natter.wait_online()
    alice, buddy = tb.jid("alice"), tb.jid("bob")
    path = os.path.join(confdir, "history.db")
    filler = " ".join(["kept"] * 100)
    for i in range(20):
        bob.send_message(alice, "early %d %s" % (i, filler))
    natter.wait_for({"event": "message", "body": "early 19 %s" % filler})
    wait_until(lambda: len(rows(path, "SELECT id FROM messages WHERE body LIKE 'early %'"))
               == 20, testbed.DEFAULT_TIMEOUT, "the 20 messages kept")
    kept = rows(path, "SELECT id, body, timestamp FROM messages WHERE body LIKE 'early %' "
                      "ORDER BY id")

    # Fill the disk.
    mark = natter.mark()
    try:
        with open(os.path.join(confdir, "filler"), "wb") as f:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
    except OSError:
        pass
    big = "x" * 4000
    for i in range(100):
        bob.send_message(alice, "while full %d %s" % (i, big))
    natter.wait_for(lambda e: e.get("event") == "message"
                    and (e.get("body") or "").startswith("while full 99 "), since=mark,
                    timeout=30, what="the messages shown while the disk is full")
    told = said(natter, "messages are shown but not kept until it can be written again",
                since=mark)
    check(told.get("level") in ("error", "ERROR"), "not an error: %r" % told)
    natter.ok("/msg %s the disk is full here" % buddy)
    bob.wait_for({"event": "message", "body": "the disk is full here"})

    # Room again. (A disk nearly full lets some writes through: natter
    # may have said it writes again meanwhile, and then kept quiet.)
    os.unlink(os.path.join(confdir, "filler"))
    bob.send_message(alice, "after the disk was freed")
    natter.wait_for({"event": "message", "body": "after the disk was freed"}, since=mark)
    said(natter, "is written again", since=mark)
    wait_until(lambda: rows(path, "SELECT count(*) FROM messages WHERE body = "
                                  "'after the disk was freed'") == [(1,)],
               testbed.DEFAULT_TIMEOUT, "the message after the disk was freed kept")
    announced = [e.get("text") for e in natter.events[mark:] if e.get("event") == "log"
                 and "history:" in (e.get("text") or "")]
    check(len(announced) <= 4, "said too often: %r" % announced)
    natter.quit_cleanly()
    check(rows(path, "PRAGMA integrity_check") == [("ok",)], "integrity after a full disk")
    check(rows(path, "SELECT id, body, timestamp FROM messages WHERE body LIKE 'early %' "
                     "ORDER BY id") == kept, "what was kept before changed")


def sigterm_in_burst(tb):
    bob = Peer(tb, "bob", resource="burst")
    confdir = tb.natter_config(["alice"])
    natter = Natter(tb, confdir)
    natter.wait_online()
    bob.send_burst(tb.jid("alice"), "burst", 3000)
    wait_until(lambda: len([e for e in natter.events if e.get("event") == "message"
                            and (e.get("body") or "").startswith("burst")]) >= 200,
               testbed.DEFAULT_TIMEOUT, "200 messages of the burst printed")
    os.kill(natter.pid, signal.SIGTERM)
    status = natter.wait_exit(timeout=30)
    check(status == 0, "exit status after SIGTERM: %s\n%s" % (status, natter.diagnostics()))
    natter.check_clean()
    printed = [e["body"] for e in natter.events if e.get("event") == "message"
               and (e.get("body") or "").startswith("burst")]
    path = os.path.join(confdir, "history.db")
    check(rows(path, "PRAGMA integrity_check") == [("ok",)], "integrity after SIGTERM")
    stored = [b for (b,) in rows(path, "SELECT body FROM messages WHERE body LIKE 'burst%'")]
    missing = [b for b in printed if b not in set(stored)]
    check(not missing, "%d of %d printed messages missing after SIGTERM: %r"
          % (len(missing), len(printed), missing[:5]))
    check(len(stored) == len(set(stored)), "stored twice: %d rows, %d messages"
          % (len(stored), len(set(stored))))


def body(tb):
    server_dies(tb)
    disk_fills(tb)
    sigterm_in_burst(tb)


if __name__ == "__main__":
    testbed.run_test(body)
