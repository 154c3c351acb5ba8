#!/usr/bin/python3
"""A connection that breaks loses nothing (XEP-0198 and reconnection).

natter reaches Prosody through a TCP proxy (tests/testbed/proxy.py) that
the test breaks; bob (slixmpp) talks to Prosody directly. Asserts:

  - resumed: the proxy resets the connection while messages flow both
    ways (bob sends a burst, natter sends lines, some typed after the cut
    and shown "pending"); natter says it waits to reconnect (the connection
    reset by peer, in the kernel's words), comes back
    with the session resumed, and every message arrives exactly once on
    each side, natter's in the order typed;
  - /reconnect now on an online account drops the connection and resumes
    the session;
  - net.ping_interval: the proxy stops forwarding without closing (a dead
    link); a ping without an answer ends the connection, which resumes;
  - a short outage: the proxy stops listening for a moment; natter's
    attempts meanwhile fail (a TCP probe first, so that libstrophe keeps
    what resumption needs) and the next one still resumes the session;
  - resumption refused: a message goes out on the resumed stream as the
    link dies (the server never gets it); the proxy stops listening until
    the server has
    given up the hibernated session (smacks_hibernation_time 6 s):
    natter backs off (growing delays), its resumption is refused and it
    logs in anew; the messages
    typed meanwhile are sent exactly once, bob's messages sent meanwhile
    arrive (offline storage), presence is restored (bob sees alice online
    again) and so are carbons (a message from alice's other client shows
    as sent);
  - a stream error that would come again (conflict: another client took
    the resource) is not retried.
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from proxy import CutProxy  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

HIBERNATION_S = 6


def bare(jid):
    return (jid or "").split("/")[0]


def natter_received(natter, prefix):
    return [e.get("body") for e in natter.events
            if e.get("event") == "message" and e.get("direction") == "in"
            and (e.get("body") or "").startswith(prefix)]


def bob_received(bob, prefix):
    return [e.get("body") for e in bob.events
            if e.get("event") == "message"
            and (e.get("body") or "").startswith(prefix)]


def exactly_once(got, wanted, who):
    missing = [w for w in wanted if w not in got]
    doubled = sorted({g for g in got if got.count(g) > 1})
    check(not missing, "%s never got %s" % (who, missing))
    check(not doubled, "%s got twice: %s" % (who, doubled))


def settle(natter, bob, tb):
    """A round trip each way, so that nothing is still on its way."""
    # The mark first: the answer may come with the command's result.
    mark = natter.mark()
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log"
                    and "pong" in (e.get("text") or ""), since=mark)
    bob.send_message(tb.jid("alice"), "sync %f" % time.time())
    natter.wait_for(lambda e: e.get("event") == "message"
                    and (e.get("body") or "").startswith("sync"), since=mark)


def wait_resumed(natter, since, timeout=30):
    waiting = natter.wait_for({"event": "session", "state": "waiting"},
                              since=since, what="the session waiting")
    check("reconnecting" in (waiting.get("reason") or ""),
          "waiting without saying when: %r" % waiting)
    online = natter.wait_for({"event": "session", "state": "online"},
                             since=since, timeout=timeout,
                             what="the session back online")
    check(online.get("resumed") is True, "not resumed: %r" % online)
    return waiting


def resumed_both_ways(tb, natter, bob, proxy):
    alice = tb.jid("alice")
    bob.send_burst(alice, "b1", 30)
    for i in range(10):
        natter.send("/msg %s a1 %d" % (bob.jid, i))
    mark = natter.mark()
    check(proxy.cut() >= 1, "the proxy had no connection to cut")
    # Typed right after the cut: some go out before natter notices,
    # the rest wait.
    for i in range(10):
        natter.send("/msg %s a2 %d" % (bob.jid, i))
    bob.send_burst(alice, "b2", 30)
    waiting = wait_resumed(natter, mark)
    # The kernel's words, not OpenSSL's error code taken for an errno.
    check("Connection reset by peer" in waiting.get("reason", ""),
          "a reset connection is reported as %r" % waiting.get("reason"))
    natter.wait_for(lambda e: len(natter_received(natter, "b2 ")) >= 30,
                    what="bob's second burst")
    bob.wait_for(lambda e: len(bob_received(bob, "a2 ")) >= 10,
                 what="natter's lines typed after the cut")
    settle(natter, bob, tb)
    exactly_once(natter_received(natter, "b1 ") + natter_received(natter, "b2 "),
                 ["b1 %d" % i for i in range(30)] + ["b2 %d" % i for i in range(30)],
                 "natter")
    sent = bob_received(bob, "a1 ") + bob_received(bob, "a2 ")
    wanted = ["a1 %d" % i for i in range(10)] + ["a2 %d" % i for i in range(10)]
    exactly_once(sent, wanted, "bob")
    check(sent == wanted, "bob got natter's lines out of order: %s" % sent)
    # The ones typed while waiting were shown pending, then went out.
    pending = [e for e in natter.events if e.get("event") == "message"
               and e.get("direction") == "out" and e.get("delivery") == "pending"]
    for e in pending:
        natter.wait_for({"event": "message_update", "id": e["id"],
                         "delivery": "acked"}, what="%s acknowledged" % e["body"])


def reconnect_now(tb, natter, bob):
    mark = natter.mark()
    natter.ok("/reconnect now")
    wait_resumed(natter, mark)
    natter.ok("/msg %s after reconnect now" % bob.jid)
    bob.wait_message(lambda m: m["body"] == "after reconnect now")


def dead_link(tb, natter, bob, proxy):
    natter.ok("/set net.ping_interval 1")
    mark = natter.mark()
    proxy.freeze()
    waiting = wait_resumed(natter, mark, timeout=20)
    check("did not answer a ping" in waiting.get("reason", ""),
          "the dead link was found by %r" % waiting.get("reason"))
    natter.ok("/set net.ping_interval 0")
    bob.send_message(tb.jid("alice"), "after the dead link")
    natter.wait_for({"event": "message", "body": "after the dead link"})


def short_outage(tb, natter, bob, proxy):
    mark = natter.mark()
    proxy.down()
    proxy.cut()
    natter.wait_for(lambda e: e.get("event") == "session" and e.get("state") == "waiting"
                    and "cannot connect" in (e.get("reason") or ""), since=mark,
                    what="an attempt failing while the server is unreachable")
    proxy.up()
    online = natter.wait_for({"event": "session", "state": "online"}, since=mark,
                             timeout=30)
    check(online.get("resumed") is True, "not resumed after a short outage: %r" % online)
    bob.send_message(tb.jid("alice"), "after the outage")
    natter.wait_for({"event": "message", "body": "after the outage"})


def refused(tb, natter, bob, proxy):
    alice = tb.jid("alice")
    mark = natter.mark()
    bob_mark = bob.mark()
    # Sent on a resumed stream (the earlier scenarios resumed it) just as
    # the link dies: the server never gets it, and will not resume.
    proxy.freeze()
    natter.ok("/msg %s in flight" % bob.jid)
    proxy.down()
    proxy.cut()
    natter.wait_for({"event": "session", "state": "waiting"}, since=mark)
    for i in range(5):
        natter.ok("/msg %s offline %d" % (bob.jid, i))
    queued = [e for e in natter.events if e.get("event") == "message"
              and (e.get("body") or "").startswith("offline ")]
    check(len(queued) == 5 and all(e.get("delivery") == "pending" for e in queued),
          "lines typed while offline not shown pending: %r" % queued)
    # The server gives the hibernated session up; bob's messages then
    # go to offline storage.
    time.sleep(HIBERNATION_S + 3)
    for i in range(5):
        bob.send_message(alice, "stored %d" % i)
    waits = [e for e in natter.events[mark:] if e.get("event") == "session"
             and e.get("state") == "waiting"]
    check(len(waits) >= 3, "natter tried %d times in %d s" % (len(waits), HIBERNATION_S + 3))
    delays = [w.get("retry_in") for w in waits]
    check(delays[-1] > delays[0], "the delays did not grow: %s" % delays)
    proxy.up()
    natter.ok("/reconnect now")
    natter.wait_for(lambda e: e.get("event") == "session" and e.get("state") == "waiting"
                    and "could not resume" in (e.get("reason") or ""), since=mark,
                    what="the resumption refused")
    online = natter.wait_for({"event": "session", "state": "online"}, since=mark,
                             timeout=30)
    check(online.get("resumed") is False, "resumed after the server gave up: %r"
          % online)
    bob.wait_for(lambda e: len(bob_received(bob, "offline ")) >= 5,
                 what="the lines typed while offline")
    bob.wait_for({"event": "message", "body": "in flight"}, since=bob_mark,
                 what="the message that went out as the link died")
    natter.wait_for(lambda e: len(natter_received(natter, "stored ")) >= 5,
                    what="bob's messages from offline storage")
    # Presence restored: bob sees alice (natter) available again.
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and e.get("from") == alice + "/natter"
                 and e.get("type") == "available", since=bob_mark,
                 what="alice's presence after the new login")
    # Carbons restored: what alice's phone sends shows in natter.
    phone = Peer(tb, "alice", resource="phone")
    phone.send_message(bob.jid, "from the phone")
    got = natter.wait_for({"event": "message", "body": "from the phone"},
                          what="the sent carbon after the new login")
    check(got.get("direction") == "out", "carbon as %r" % got)
    settle(natter, bob, tb)
    exactly_once(bob_received(bob, "offline ") + bob_received(bob, "in flight"),
                 ["offline %d" % i for i in range(5)] + ["in flight"], "bob")
    exactly_once(natter_received(natter, "stored "), ["stored %d" % i for i in range(5)],
                 "natter")
    phone.quit()


def conflict(tb, natter):
    mark = natter.mark()
    Peer(tb, "alice", resource="natter")
    ended = natter.wait_for({"event": "session", "state": "disconnected"},
                            since=mark, what="the session ended by the conflict")
    check("conflict" in (ended.get("reason") or "").lower()
          or "another" in (ended.get("reason") or "").lower(),
          "ended with %r" % ended.get("reason"))
    time.sleep(2)
    check(not [e for e in natter.events[mark:] if e.get("event") == "session"
               and e.get("state") in ("waiting", "connecting")],
          "natter tried again after a conflict")


def body(tb):
    proxy = CutProxy(tb.c2s_port)
    try:
        natter = Natter(tb, tb.natter_config({"alice": {"port": proxy.port}}))
        natter.wait_online()
        bob = Peer(tb, "bob")
        settle(natter, bob, tb)
        resumed_both_ways(tb, natter, bob, proxy)
        reconnect_now(tb, natter, bob)
        dead_link(tb, natter, bob, proxy)
        short_outage(tb, natter, bob, proxy)
        refused(tb, natter, bob, proxy)
        conflict(tb, natter)
        natter.quit_cleanly()
    finally:
        proxy.close()


testbed.run_test(body, prosody_extra="smacks_hibernation_time = %d" % HIBERNATION_S)
