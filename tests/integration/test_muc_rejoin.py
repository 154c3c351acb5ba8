#!/usr/bin/python3
"""Rooms are joined again after a connection that could not be resumed.

natter (alice) reaches Prosody through a TCP proxy (tests/testbed/
proxy.py); bob (slixmpp, directly connected) owns the room. Asserts:

  - after /join, the room's history (a message bob said before alice
    came), a live message from bob and alice's own message are each
    shown once;
  - the proxy goes down and cuts the connection; the server gives the
    hibernated session up (smacks_hibernation_time 2 s: bob sees alice
    leave the room) and bob says something meanwhile; when the proxy is
    back natter logs in anew (not resumed) and joins the room again on
    its own: room events "joining" then "joined" (state joined, nick
    alice), and bob sees alice back in the room;
  - bob's message after the rejoin arrives (history false); the one he
    said while alice was away arrives once, as history; none of the messages shown
    before the cut is reported again as a message event.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from proxy import CutProxy  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

HIBERNATION_S = 2
BEFORE = ("said before you came", "live before the cut", "alice before the cut")


def show(event):
    return json.dumps(event, ensure_ascii=False)


def position(natter, event):
    """Index of this very event (not an equal one) in natter's events."""
    return next(i for i, e in enumerate(natter.events) if e is event)


def shown(natter, text):
    return natter.find({"event": "message", "body": text})


def alice_in_room(bob, room, since, what):
    return bob.wait_for(lambda e: e.get("event") == "presence"
                        and muc.is_from(e, room, "alice")
                        and e.get("type") not in ("unavailable", "error"),
                        since=since, what=what)


def first_join(natter, bob, room):
    mark = natter.mark()
    bob_mark = bob.mark()
    natter.ok("/join %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "joined"}, since=mark)
    alice_in_room(bob, room, bob_mark, "alice in the room")
    natter.wait_for({"event": "message", "body": BEFORE[0]}, since=mark,
                    what="the room's history")
    muc.say(bob, room, BEFORE[1])
    natter.wait_for({"event": "message", "body": BEFORE[1]}, since=mark)
    natter.ok("/msg %s %s" % (room, BEFORE[2]))
    out = natter.wait_for({"event": "message", "body": BEFORE[2]}, since=mark)
    natter.wait_for({"event": "message_update", "id": out.get("id"),
                     "delivery": "delivered"}, since=mark,
                    what="alice's message reflected by the room")
    for text in BEFORE:
        check(len(shown(natter, text)) == 1, "%r shown %d times before the cut"
              % (text, len(shown(natter, text))))


def cut_and_rejoin(tb, natter, bob, room, proxy):
    mark = natter.mark()
    bob_mark = bob.mark()
    proxy.down()
    check(proxy.cut() >= 1, "the proxy had no connection to cut")
    natter.wait_for({"event": "session", "state": "waiting"}, since=mark,
                    what="natter noticing the cut")
    # The server gives up the hibernated session: alice leaves the room.
    bob.wait_for(lambda e: e.get("event") == "presence" and muc.is_from(e, room, "alice")
                 and e.get("type") == "unavailable", since=bob_mark,
                 timeout=HIBERNATION_S + testbed.DEFAULT_TIMEOUT,
                 what="the server ending alice's session (she leaves the room)")
    muc.say(bob, room, "while you were away")
    bob.wait_for({"event": "message", "body": "while you were away"}, since=bob_mark,
                 what="the room reflecting bob's message")
    rejoin_mark = natter.mark()
    proxy.up()
    natter.ok("/reconnect now")
    online = natter.wait_for({"event": "session", "state": "online"}, since=rejoin_mark,
                             timeout=30, what="the session back online")
    check(online.get("resumed") is False,
          "the session was resumed; the test needs a fresh login: %s" % show(online))
    joining = natter.wait_for({"event": "room", "room": room, "change": "joining"},
                              since=rejoin_mark, what="natter joining the room again")
    joined = natter.wait_for({"event": "room", "room": room, "change": "joined"},
                             since=rejoin_mark, what="natter in the room again")
    check(position(natter, joining) < position(natter, joined),
          "\"joined\" came before \"joining\"")
    check(joined.get("state") == "joined" and joined.get("nick") == "alice",
          "rejoined as %s" % show(joined))
    alice_in_room(bob, room, bob_mark, "alice back in the room")


def after_rejoin(natter, bob, room):
    mark = natter.mark()
    muc.say(bob, room, "after the rejoin")
    got = natter.wait_for({"event": "message", "body": "after the rejoin"}, since=mark)
    check(got.get("room") == room and got.get("nick") == "bob"
          and got.get("direction") == "in" and got.get("history") is False,
          "message after the rejoin as %s" % show(got))
    away = shown(natter, "while you were away")
    check(len(away) == 1 and away[0].get("history") is True,
          "the message said while alice was away shown %d times (once, as "
          "history, expected): %s" % (len(away), [show(e) for e in away]))
    for text in BEFORE:
        again = shown(natter, text)
        check(len(again) == 1, "%r shown again after the rejoin: %s"
              % (text, [show(e) for e in again]))


def body(tb):
    proxy = CutProxy(tb.c2s_port)
    try:
        room = "room@" + tb.muc_domain
        bob = Peer(tb, "bob")
        muc.create_room(bob, room, "bob")
        muc.say(bob, room, BEFORE[0])
        natter = Natter(tb, tb.natter_config({"alice": {"port": proxy.port}}))
        natter.wait_online()
        first_join(natter, bob, room)
        cut_and_rejoin(tb, natter, bob, room, proxy)
        after_rejoin(natter, bob, room)
        natter.quit_cleanly()
    finally:
        proxy.close()


if __name__ == "__main__":
    testbed.run_test(body, prosody_extra="smacks_hibernation_time = %d" % HIBERNATION_S)
