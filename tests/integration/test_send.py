#!/usr/bin/python3
"""natter send: one-shot messages from scripts, alone or through a running
natter, against the private Prosody with slixmpp receivers.

Asserts, with no natter running (natter send logs in itself):
  - natter send bob -- TEXT: bob receives TEXT from alice, from a
    resource of natter send's own ("natter.send-..."), exit 0 once the
    server has it; alice's contacts see no presence from it; the message
    is in the history (history.db) once;
  - standard input as one message: several lines, UTF-8, intact; a
    64 KiB body intact;
  - --headline --subject: bob receives a headline with that subject;
  - --room: natter send enters bob's room, the message reaches bob as a
    group message from alice's nick, and natter send leaves;
  - bob receives exactly one copy;
  - exit statuses and messages: an unknown local user bounces (68, the
    error printed), a wrong password (77), nothing listening (69), an
    unknown host (69), an untrusted certificate (69, "certificate"), a
    server that never answers with --timeout 2 (75), an empty text (65),
    a control character (65, at once, without logging in), a bad second
    recipient (65, and the first receives nothing), usage errors (64), no
    such account (78);
  - --lines: lines written one by one to its standard input reach bob one
    by one, in order, while natter send runs; a line with a control
    character is reported and skipped, the next one still goes, and the
    exit status is then 65;
and with a natter running as alice:
  - natter send goes through it: bob receives from alice's running
    resource ("natter"), and the running natter shows the message; with
    --standalone it logs in itself (a "natter.send-" resource);
  - to a room the running natter is in: through it (from its nick); to
    one it is not in: natter send enters and leaves by itself;
  - --lines through the running natter: each line arrives.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check, free_ports, natter_binary  # noqa: E402


class Setup:
    """A configuration and environment for natter send (and a natter)."""

    def __init__(self, tb, accounts=("alice",)):
        self.confdir = tb.natter_config(accounts)
        self.natter_env = tb.natter_env()


def send(setup, *args, stdin=None, timeout=testbed.DEFAULT_TIMEOUT):
    argv = [natter_binary(), "send", "--config-dir", setup.confdir] + list(args)
    return subprocess.run(argv, env=setup.natter_env, input=stdin, capture_output=True,
                          text=True, timeout=timeout)


def expect(done, status, words=(), what=""):
    check(done.returncode == status and all(w in done.stderr for w in words),
          "natter send %s: exit %d, stderr %r (wanted %d and %r)"
          % (what, done.returncode, done.stderr, status, words))


def silent_server():
    """A TCP server that accepts and never says a word; returns its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    held = []

    def run():
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
    threading.Thread(target=run, daemon=True).start()
    return listener.getsockname()[1]


def body(tb):
    bob = Peer(tb, "bob")
    carol = Peer(tb, "carol")
    alice = tb.jid("alice")
    setup = Setup(tb)

    done = send(setup, tb.jid("bob"), "--", "hello", "from", "send")
    expect(done, 0, what="to bob")
    got = bob.wait_message(lambda m: m["body"] == "hello from send")
    time.sleep(0.5)
    copies = [e for e in bob.events if e.get("event") == "message"
              and e.get("body") == "hello from send"]
    check(len(copies) == 1, "bob received %d copies" % len(copies))
    check(got["from"].startswith(alice + "/natter.send-"), "sent from %r" % got["from"])
    check(not [e for e in carol.events if e.get("event") == "presence"
               and "send-" in (e.get("from") or "")],
          "natter send announced a presence")
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(setup.confdir, "history.db"),
                         uri=True)
    kept = db.execute("SELECT account, conversation, direction FROM messages "
                      "WHERE body = 'hello from send'").fetchall()
    db.close()
    check(kept == [("alice", tb.jid("bob"), 1)], "natter send's history: %r" % kept)

    text = "first line\nsecond line \u00e9\u4e2d\U0001f600\n\tindented"
    expect(send(setup, tb.jid("bob"), stdin=text + "\n"), 0, what="from stdin")
    got = bob.wait_message(lambda m: m["body"] is not None and m["body"].startswith("first"))
    check(got["body"] == text, "stdin body %r" % got["body"])
    big = "".join(chr(0x41 + i % 26) for i in range(65536))
    expect(send(setup, tb.jid("bob"), stdin=big), 0, what="64 KiB")
    got = bob.wait_message(lambda m: m["body"] is not None and len(m["body"]) > 60000)
    check(got["body"] == big, "the 64 KiB body changed (%d chars)" % len(got["body"]))

    expect(send(setup, "--headline", "--subject", "Build 42", tb.jid("bob"), "--",
                "it passed"), 0, what="headline")
    got = bob.wait_message(lambda m: m["body"] == "it passed")
    check(got["type"] == "headline" and "<subject>Build 42</subject>" in (got["xml"] or ""),
          "headline: %r" % got)

    room = "alerts@" + tb.muc_domain
    muc.create_room(bob, room, "bob")
    mark = bob.mark()
    expect(send(setup, "--room", room, "--", "to the room"), 0, what="to a room")
    got = bob.wait_for(lambda e: e.get("event") == "message" and e.get("type") == "groupchat"
                       and e.get("body") == "to the room", since=mark,
                       what="the group message")
    check(got["from"] == room + "/alice", "group message from %r" % got["from"])
    bob.wait_for(lambda e: e.get("event") == "presence" and e.get("type") == "unavailable"
                 and e.get("from") == room + "/alice", since=mark,
                 what="natter send leaving the room")

    # Exit statuses.
    done = send(setup, "nosuchuser@localhost", "--", "anyone?")
    expect(done, 68, ("nosuchuser@localhost",), "to an unknown user")
    wrong = Setup(tb, {"alice": {"password": "wrong"}})
    expect(send(wrong, tb.jid("bob"), "--", "x"), 77, ("authentication failed",),
           "wrong password")
    closed = Setup(tb, {"alice": {"port": free_ports(1)[0]}})
    expect(send(closed, tb.jid("bob"), "--", "x"), 69, ("refused",), "nothing listening")
    nohost = Setup(tb, {"alice": {"server": "no-such-host.invalid"}})
    expect(send(nohost, tb.jid("bob"), "--", "x"), 69, ("no-such-host.invalid",),
           "unknown host")
    untrusted = Setup(tb, {"alice": {"trust_cafile": None}})
    expect(send(untrusted, tb.jid("bob"), "--", "x"), 69, ("certificate",), "untrusted")
    silent = Setup(tb, {"alice": {"port": silent_server()}})
    started = time.monotonic()
    expect(send(silent, "--timeout", "2", tb.jid("bob"), "--", "x"), 75, ("within 2 s",),
           "a silent server")
    check(time.monotonic() - started < 10, "the timeout took %.1f s"
          % (time.monotonic() - started))
    expect(send(setup, tb.jid("bob"), stdin="\n\n"), 65, ("empty",), "empty text")
    started = time.monotonic()
    expect(send(setup, tb.jid("bob"), "--", "bell\x07"), 65, ("U+0007",), "a control character")
    check(time.monotonic() - started < 2, "refusing the text took a login")
    expect(send(setup, tb.jid("bob"), "not a jid", "--", "never sent"), 65,
           ("'not a jid'",), "a bad second recipient")
    expect(send(setup), 64, ("recipient",), "no recipient")
    expect(send(setup, "--room", "--subject", "s", room, "--", "x"), 64, ("rooms",),
           "--subject with --room")
    expect(send(setup, "-a", "nobody", tb.jid("bob"), "--", "x"), 78, ("nobody",),
           "no such account")

    # --lines: each line as it comes.
    proc = subprocess.Popen([natter_binary(), "send", "--config-dir", setup.confdir,
                             "--lines", tb.jid("bob")], env=setup.natter_env,
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for i in range(3):
        proc.stdin.write("line %d\n" % i)
        proc.stdin.flush()
        bob.wait_message(lambda m, i=i: m["body"] == "line %d" % i)
        check(proc.poll() is None, "natter send --lines ended early")
    proc.stdin.write("bad \x01 line\nline 3\n")
    proc.stdin.close()
    bob.wait_message(lambda m: m["body"] == "line 3")
    check(proc.wait(timeout=testbed.DEFAULT_TIMEOUT) == 65, "--lines with a bad line: exit %s"
          % proc.returncode)
    check("U+0001" in proc.stderr.read(), "the bad line was not reported")
    check(not [e for e in bob.events if e.get("event") == "message"
               and e.get("body") == "never sent"], "a message went to the good recipient")

    # With a natter running as alice.
    running = Natter(tb, setup.confdir, env=setup.natter_env)
    running.wait_online()
    expect(send(setup, tb.jid("bob"), "--", "through the running natter"), 0,
           what="through a running natter")
    got = bob.wait_message(lambda m: m["body"] == "through the running natter")
    check(got["from"] == alice + "/natter", "handed over, yet from %r" % got["from"])
    running.wait_for({"event": "message", "direction": "out",
                      "body": "through the running natter"},
                     what="the running natter showing it")
    expect(send(setup, "--standalone", tb.jid("bob"), "--", "alone"), 0, what="--standalone")
    got = bob.wait_message(lambda m: m["body"] == "alone")
    check(got["from"].startswith(alice + "/natter.send-"), "--standalone from %r"
          % got["from"])

    running.ok("/join %s" % room)
    running.wait_for({"event": "room", "room": room, "change": "joined"})
    mark = bob.mark()
    expect(send(setup, "--room", room, "--", "room via natter"), 0, what="room, handed over")
    bob.wait_for(lambda e: e.get("event") == "message" and e.get("body") == "room via natter",
                 since=mark, what="the room message")
    running.wait_for({"event": "message", "direction": "out", "body": "room via natter"},
                     what="the running natter showing the room message")
    check(not [e for e in bob.events[mark:] if e.get("event") == "presence"
               and e.get("from", "").startswith(room + "/")
               and e.get("from") != room + "/alice"],
          "a second occupant joined for a handed-over message")
    other_room = "quiet@" + tb.muc_domain
    muc.create_room(bob, other_room, "bob")
    mark = bob.mark()
    expect(send(setup, "--room", other_room, "--", "room alone"), 0, what="room, fallback")
    bob.wait_for(lambda e: e.get("event") == "message" and e.get("body") == "room alone",
                 since=mark, what="the fallback room message")

    proc = subprocess.Popen([natter_binary(), "send", "--config-dir", setup.confdir,
                             "--lines", tb.jid("bob")], env=setup.natter_env,
                            stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdin.write("handed 1\nhanded 2\n")
    proc.stdin.close()
    check(proc.wait(timeout=testbed.DEFAULT_TIMEOUT) == 0, "--lines handed over: %s"
          % proc.stderr.read())
    for i in (1, 2):
        got = bob.wait_message(lambda m, i=i: m["body"] == "handed %d" % i)
        check(got["from"] == alice + "/natter", "handed line from %r" % got["from"])
    running.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
