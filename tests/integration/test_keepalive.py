#!/usr/bin/python3
"""A link that goes silent is found by TCP keepalive (net.keepalive).

natter runs in a network namespace of its own and reaches Prosody only
through a proxy (tests/testbed/proxy.py) that listens in that namespace.
The test cuts the link silently by taking the namespace's loopback down:
every packet is dropped, nobody sends a reset or a FIN, and natter has no
ping running (net.ping_interval 0). Asserts:

  - /set net.keepalive 10 applies to the live connection: with the link
    cut while idle, natter reports the connection lost (state waiting,
    with the kernel's reason) no sooner than the first probe could fail
    and within the 10 s plus a margin, where the default (150 s) would
    take minutes;
  - a message typed while the link is down is shown pending, and one bob
    sends meanwhile is kept by the server; with the link back, natter
    resumes the session (XEP-0198) by itself, and each message arrives
    exactly once;
  - a message sent just after the cut (data the server never
    acknowledges) ends the connection within the same time, and is
    delivered exactly once after resumption.
Needs root (unshare -n, nsenter, ip), as CI has.
"""

import os
import shlex
import shutil
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from proxy import CutProxy  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

KEEPALIVE_S = 10
# natter may be slow to report (valgrind), the kernel is not.
MARGIN_S = 6


class Namespace:
    """A network namespace with its loopback up, held by a sleeping
    process; ip() runs ip(8) in it."""

    def __init__(self):
        self.holder = subprocess.Popen(
            ["unshare", "-n", "sh", "-c",
             "ip link set lo up && echo ready && exec sleep 100000"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        line = self.holder.stdout.readline()
        if line.strip() != b"ready":
            raise testbed.TestFailure(
                "cannot make a network namespace (unshare -n, ip): %s"
                % self.holder.stderr.read().decode(errors="replace"))
        self.path = "/proc/%d/ns/net" % self.holder.pid

    def ip(self, *args):
        subprocess.run(["nsenter", "--net=" + self.path, "ip"] + list(args),
                       check=True)

    def close(self):
        self.holder.kill()
        self.holder.wait()


def natter_in_namespace(tb, ns):
    """A wrapper that runs natter (as the test bed would) in ns."""
    wrapper = os.path.join(tb.workdir, "natter-in-netns")
    with open(wrapper, "w") as f:
        f.write("#!/bin/sh\nexec nsenter --net=%s %s \"$@\"\n"
                % (shlex.quote(ns.path), shlex.quote(testbed.natter_binary())))
    os.chmod(wrapper, 0o755)
    return wrapper


def count(events, body):
    return len([e for e in events if e.get("event") == "message"
                and e.get("body") == body])


def wait_lost(natter, mark, cut_at):
    """The session reported lost after the silent cut at cut_at; returns
    the seconds it took."""
    waiting = natter.wait_for({"event": "session", "state": "waiting"}, since=mark,
                              timeout=KEEPALIVE_S + MARGIN_S + 30,
                              what="natter noticing the silent link")
    took = time.monotonic() - cut_at
    check(took <= KEEPALIVE_S + MARGIN_S,
          "a silent link with net.keepalive %d was found only after %.1f s"
          % (KEEPALIVE_S, took))
    check("timed out" in (waiting.get("reason") or ""),
          "the lost link is reported as %r" % waiting.get("reason"))
    return took


def wait_resumed(natter, mark):
    online = natter.wait_for({"event": "session", "state": "online"}, since=mark,
                             timeout=30, what="the session back online")
    check(online.get("resumed") is True, "not resumed: %r" % online)


def idle_cut(tb, natter, bob, ns):
    mark = natter.mark()
    ns.ip("link", "set", "lo", "down")
    cut_at = time.monotonic()
    took = wait_lost(natter, mark, cut_at)
    # Probing starts after 2/5 of the time: found by probes, not by
    # something that failed at once.
    check(took >= KEEPALIVE_S * 2 / 5,
          "the silent link was reported lost after %.1f s, before any probe"
          % took)
    pending = natter.ok("/msg %s typed while cut" % bob.jid)
    shown = natter.wait_for({"event": "message", "body": "typed while cut"},
                            since=mark)
    check(shown.get("delivery") == "pending",
          "a line typed while the link is down shows as %r (%r)"
          % (shown.get("delivery"), pending))
    bob.send_message(tb.jid("alice"), "bob while cut")
    ns.ip("link", "set", "lo", "up")
    wait_resumed(natter, mark)
    natter.wait_for({"event": "message", "body": "bob while cut"}, since=mark)
    bob.wait_message(lambda m: m["body"] == "typed while cut")
    return took


def busy_cut(tb, natter, bob, ns):
    mark = natter.mark()
    ns.ip("link", "set", "lo", "down")
    cut_at = time.monotonic()
    natter.ok("/msg %s in flight" % bob.jid)
    took = wait_lost(natter, mark, cut_at)
    ns.ip("link", "set", "lo", "up")
    wait_resumed(natter, mark)
    bob.wait_message(lambda m: m["body"] == "in flight")
    return took


def body(tb):
    if os.geteuid() != 0:
        raise testbed.TestFailure("test_keepalive needs root for unshare -n, "
                                  "nsenter and ip (CI runs as root)")
    for tool, package in (("ip", "iproute2"), ("nsenter", "util-linux"),
                          ("unshare", "util-linux")):
        if shutil.which(tool) is None:
            raise testbed.TestFailure("test_keepalive needs %s (Debian package %s)"
                                      % (tool, package))
    ns = Namespace()
    proxy = None
    saved = os.environ["NATTER"]
    try:
        proxy = CutProxy(tb.c2s_port, netns=ns.path)
        os.environ["NATTER"] = natter_in_namespace(tb, ns)
        try:
            natter = Natter(tb, tb.natter_config({"alice": {"port": proxy.port}}))
        finally:
            os.environ["NATTER"] = saved
        natter.wait_online()
        bob = Peer(tb, "bob")
        natter.ok("/msg %s hello" % bob.jid)
        bob.wait_message(lambda m: m["body"] == "hello")
        natter.ok("/set net.keepalive %d" % KEEPALIVE_S)
        idle = idle_cut(tb, natter, bob, ns)
        busy = busy_cut(tb, natter, bob, ns)
        print("silent link found after %.1f s idle, %.1f s with data in flight"
              % (idle, busy))
        time.sleep(1)  # anything sent twice would have come by now
        for body_text in ("typed while cut", "in flight"):
            check(count(bob.events, body_text) == 1,
                  "bob got %r %d times" % (body_text, count(bob.events, body_text)))
        check(count([e for e in natter.events if e.get("direction") == "in"],
                    "bob while cut") == 1, "natter got bob's message twice")
        natter.quit_cleanly()
    finally:
        if proxy is not None:
            proxy.close()
        ns.close()


if __name__ == "__main__":
    testbed.run_test(body)
