#!/usr/bin/python3
"""natter ctl: the control socket of a running natter (headless here; the
terminal UI's unread counts are tests/ui/test_ctl_ui.py's).

Asserts:
  - the socket is $XDG_RUNTIME_DIR/natter/<profile>.sock, mode 0600, in a
    0700 directory;
  - natter ctl /account list prints alice online, exit 0; an unknown
    command prints its error on stderr, exit 1;
  - natter ctl /msg bob ...: bob receives it from alice, and the running
    natter's own event stream shows the message going out;
  - natter ctl --events streams the JSON events: bob's message to alice
    arrives there as a "message" event, intact (UTF-8 escaped as \\u);
  - natter ctl --unread: "0 unread, 0 highlights" (no windows headless),
    and --json gives the object;
  - several clients at once: two --events streams both see a message;
  - a client that half-closes after its request still gets the answer;
  - a second natter of the same configuration says the socket is the
    first one's and leaves it working when it quits;
  - a client that asks for events and never reads is dropped with a log
    line once 4 MiB wait for it, while natter keeps answering other
    clients and keeps the other stream going;
  - without a running natter (another --config-dir), natter ctl says so
    and exits 69; usage errors exit 64;
  - after natter stops, the socket file is gone.
"""

import json
import os
import socket
import stat
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import CtlEvents, Natter, Peer, check, run_ctl, wait_until  # noqa: E402


def socket_path(natter):
    run = os.path.join(natter.natter_env["XDG_RUNTIME_DIR"], "natter")
    names = [n for n in os.listdir(run) if n.endswith(".sock")]
    check(len(names) == 1 and names[0].startswith("dir-"), "sockets in %s: %r" % (run, names))
    return os.path.join(run, names[0])


def body(tb):
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    run = os.path.join(natter.natter_env["XDG_RUNTIME_DIR"], "natter")
    wait_until(lambda: os.path.isdir(run) and any(n.endswith(".sock") for n in os.listdir(run)),
               testbed.DEFAULT_TIMEOUT, "the control socket")
    path = socket_path(natter)
    check(stat.S_ISSOCK(os.stat(path).st_mode) and os.stat(path).st_mode & 0o777 == 0o600,
          "socket mode %o" % os.stat(path).st_mode)
    check(os.stat(os.path.dirname(path)).st_mode & 0o777 == 0o700, "socket directory mode")

    done = run_ctl(natter, "/account", "list")
    check(done.returncode == 0 and "alice: %s/natter, online" % tb.jid("alice") in done.stdout,
          "natter ctl /account list: %r" % (done,))
    # A client that half-closes after its request still gets the answer.
    raw = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    raw.connect(path)
    raw.sendall(b'{"seq": 7, "command": "/account list"}\n')
    raw.shutdown(socket.SHUT_WR)
    answer = b""
    raw.settimeout(testbed.DEFAULT_TIMEOUT)
    while True:
        chunk = raw.recv(65536)
        if not chunk:
            break
        answer += chunk
    raw.close()
    lines = [json.loads(line) for line in answer.splitlines()]
    check([e.get("event") for e in lines] == ["ready", "result"] and lines[1].get("seq") == 7
          and lines[1].get("ok"), "half-closed client: %r" % lines)
    # A second natter of the same configuration leaves the socket alone.
    second = Natter(tb, natter.confdir, env=natter.natter_env, account=None)
    second.wait_for({"event": "log", "text": lambda t: "another natter of this configuration"
                     in t}, what="the second natter told of the first")
    second.quit_cleanly()
    check(os.path.exists(path) and run_ctl(natter, "/account", "list").returncode == 0,
          "the second natter took the socket away")

    done = run_ctl(natter, "/nosuchcommand")
    check(done.returncode == 1 and "unknown command /nosuchcommand" in done.stderr,
          "natter ctl /nosuchcommand: %r" % (done,))

    events = CtlEvents(tb, natter)
    events2 = CtlEvents(tb, natter)
    for stream in (events, events2):
        ready = stream.wait_for({"event": "ready"}, what="the event stream's ready line")
        check(ready.get("schema") == 1 and ready.get("pid") == natter.pid,
              "ready line: %r" % ready)
    done = run_ctl(natter, "/msg", tb.jid("bob"), "sent through ctl")
    check(done.returncode == 0, "natter ctl /msg: %r" % (done,))
    got = bob.wait_message(lambda m: m["body"] == "sent through ctl")
    check(got["from"].split("/")[0] == tb.jid("alice"), "ctl's message came from %r"
          % got["from"])
    natter.wait_for({"event": "message", "direction": "out", "body": "sent through ctl"},
                    what="the running natter showing the message")

    bob.send_message(tb.jid("alice"), "to the stream \u00e9\u4e2d")
    for stream in (events, events2):
        got = stream.wait_for({"event": "message", "direction": "in",
                               "body": "to the stream \u00e9\u4e2d"},
                              what="bob's message on the event stream")
        check(got.get("account") == "alice", "event stream message: %r" % got)
    check(all(line.isascii() for line in events.raw_lines), "a non-ASCII byte on the stream")

    done = run_ctl(natter, "--unread")
    check(done.returncode == 0 and done.stdout.splitlines()[0] == "0 unread, 0 highlights",
          "natter ctl --unread: %r" % (done,))
    done = run_ctl(natter, "--unread", "--json")
    unread = json.loads(done.stdout)
    check(unread.get("unread") == 0 and unread.get("windows") == [],
          "natter ctl --unread --json: %r" % (done,))

    # A reader that never reads: dropped, and natter does not wait for it.
    stuck = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stuck.connect(path)
    stuck.sendall(b'{"seq": 1, "events": true}\n')
    big = "x" * 60000
    for i in range(90):
        bob.send_message(tb.jid("alice"), "%d %s" % (i, big))
        # The live reader keeps up (under valgrind too), so that only
        # the stuck one falls 4 MiB behind.
        events.wait_for(lambda e, i=i: e.get("event") == "message" and
                        (e.get("body") or "").startswith("%d " % i), timeout=30,
                        what="big message %d on the stream" % i)
    natter.wait_for({"event": "log", "text": lambda t: "a client was dropped" in t
                     and "4 MiB" in t}, timeout=60, what="the stuck client dropped")
    started = time.monotonic()
    done = run_ctl(natter, "/account", "list")
    check(done.returncode == 0 and time.monotonic() - started < 5,
          "natter ctl after the stuck client: %r" % (done,))
    stuck.close()

    other = Natter(tb, tb.natter_config(["bob"]), account=None)
    other.wait_for({"event": "ready"})
    other.quit_cleanly()
    done = run_ctl(other, "/account", "list")
    check(done.returncode == 69 and "no natter is running" in done.stderr,
          "natter ctl without a natter: %r" % (done,))
    done = run_ctl(natter, "--unread", "/account")
    check(done.returncode == 64, "natter ctl usage error: %r" % (done,))

    natter.quit_cleanly()
    events.wait_exit()
    events2.wait_exit()
    wait_until(lambda: not os.path.exists(path), testbed.DEFAULT_TIMEOUT,
               "the socket removed")


if __name__ == "__main__":
    testbed.run_test(body)
