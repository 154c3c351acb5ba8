#!/usr/bin/python3
"""Staying in a room the service forgot (XEP-0410 MUC Self-Ping).

bob (slixmpp) owns lounge@conference.localhost; natter (alice) enters it
with muc.self_ping at 2 seconds. Asserts:
  - a room that answers the self-ping is not entered again: in 7 s of
    silence Prosody logs at least two iqs from natter to alice's occupant
    JID, and natter reports no new "joining";
  - the service forgets alice without a word (her occupant removed inside
    Prosody's MUC through its admin shell, as a restart without state
    would): within the next silence natter tells the room's window that
    it no longer counts her in (a "notice" room event saying so), enters
    again ("joining" then "joined"), bob sees alice's presence again, and
    a message bob says afterwards reaches natter;
  - with muc.self_ping 0 no ping goes out: a second forgetting is not
    noticed within 5 s (no "joining").
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

FORGET = (">local room = hosts[%r].modules.muc.get_room_from_jid(%r); "
          "room._occupants[%r] = nil; "
          "for jid, nick in pairs(room._jid_nick) do "
          "if nick == %r then room._jid_nick[jid] = nil end end; "
          "return 'forgotten'")


def forget(tb, room, nick):
    """Make Prosody's MUC drop nick from room without telling anyone."""
    occupant = "%s/%s" % (room, nick)
    out = tb.prosody_shell(FORGET % (tb.muc_domain, room, occupant, occupant))
    check("forgotten" in out, "the admin shell did not forget %s: %r" % (occupant, out))


def self_pings(tb, room):
    """The iqs natter sent to its own occupant JID, as Prosody logged them."""
    with open(tb.log_path, encoding="utf-8", errors="replace") as f:
        return sum(1 for line in f if "Received[c2s]: <iq" in line
                   and "to='%s/alice'" % room in line)


def body(tb):
    room = "lounge@" + tb.muc_domain
    bob = Peer(tb, "bob")
    muc.create_room(bob, room, "bob")
    natter = Natter(tb, tb.natter_config())
    natter.wait_online()
    natter.ok("/set muc.self_ping 2")
    natter.ok("/join %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "joined"})

    mark = natter.mark()
    pings_before = self_pings(tb, room)
    time.sleep(7)  # 2 s intervals on whole-second timers: 2 pings or more
    check(self_pings(tb, room) - pings_before >= 2,
          "natter did not ping its occupant JID twice in 7 s of silence (Prosody's log)")
    check(all(e.get("change") != "joining" for e in natter.events[mark:]
              if e.get("event") == "room"),
          "natter entered the room again although the room answered its pings")

    bob_mark = bob.mark()
    forget(tb, room, "alice")
    notice = natter.wait_for(
        lambda e: e.get("event") == "room" and e.get("change") == "notice"
        and "no longer counts you in" in (e.get("text") or ""),
        since=mark, timeout=15, what="the notice that the room forgot alice")
    natter.wait_for({"event": "room", "room": room, "change": "joining"}, since=mark)
    natter.wait_for({"event": "room", "room": room, "change": "joined"}, since=mark)
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and e.get("from") == room + "/alice" and e.get("type") == "available",
                 since=bob_mark, what="alice back in the room")
    check("not-acceptable" in notice["text"],
          "the notice does not say why (not-acceptable): %r" % notice["text"])
    muc.say(bob, room, "welcome back")
    natter.wait_for({"event": "message", "room": room, "body": "welcome back",
                     "history": False}, since=mark)

    natter.ok("/set muc.self_ping 0")
    mark = natter.mark()
    forget(tb, room, "alice")
    pings_before = self_pings(tb, room)
    time.sleep(5)
    check(self_pings(tb, room) == pings_before,
          "natter pinged its occupant JID with muc.self_ping 0 (Prosody's log)")
    check(all(e.get("change") != "joining" for e in natter.events[mark:]
              if e.get("event") == "room"),
          "natter pinged the room with muc.self_ping 0")
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
