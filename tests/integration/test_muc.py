#!/usr/bin/python3
"""Multi-user chat (XEP-0045): natter (alice) in a room with slixmpp
occupants (bob, the room's owner, and carol).

Asserts:
  - /join ROOM@SERVICE (default nick: the user name) reports the room
    "joining", then "joined" with status code 110 and nick alice; an
    occupant event tells bob is there as moderator and owner, one tells
    alice (self) is a participant; a message bob said before alice came
    arrives with history true, before a "history_end" room event;
  - /who lists "2 occupants", bob under moderators as owner and alice
    under participants; /info bob says moderator and owner;
  - carol entering is an occupant event "joined"; carol going away is an
    occupant event "presence" with show away and her status;
  - bob's groupchat message arrives as a message event of type
    groupchat, room ROOM, nick bob, from ROOM/bob, direction in, history
    false, private false;
  - /msg ROOM text reaches bob and carol as groupchat from ROOM/alice;
    natter shows it once as "out" (delivery sent), then a message_update
    "delivered" when the room reflects it, and never as an "in" message;
  - /subject -t ROOM text: bob gets that subject from ROOM/alice; bob's
    new subject becomes a room event "subject" holding it, and /subject
    without text shows it;
  - bob's private message (type chat from ROOM/bob) arrives with
    private true, room ROOM and nick bob; /msg ROOM/bob text reaches bob
    as type chat from ROOM/alice;
  - /nick -t ROOM alice2: room event "nick" with nick alice2; bob sees
    alice leave with status 303 naming alice2, and alice2 come;
  - carol leaving is an occupant event "left";
  - /join room2 (no service) joins room2@conference.localhost, the
    service found by disco;
  - /leave -t ROOM bye: room event "left" with state left; bob sees
    alice2 leave with status "bye".
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def position(natter, event):
    """Index of this very event (not an equal one) in natter's events."""
    for i, e in enumerate(natter.events):
        if e is event:
            return i
    raise AssertionError("event not in natter's events: %r" % event)


def room_event(natter, room, change, since=0, what=None):
    return natter.wait_for({"event": "room", "room": room, "change": change},
                           since=since, what=what or "room %s %s" % (room, change))


def occupant_event(natter, room, nick, change, since=0, what=None, **fields):
    match = {"event": "occupant", "room": room, "nick": nick, "change": change}
    match.update(fields)
    return natter.wait_for(match, since=since,
                           what=what or "occupant %s %s in %s" % (nick, change, room))


def show(event):
    return json.dumps(event, ensure_ascii=False)


def join_room(natter, bob, room):
    mark = natter.mark()
    natter.ok("/join %s" % room)
    joining = room_event(natter, room, "joining", mark)
    joined = room_event(natter, room, "joined", mark)
    check(position(natter, joining) < position(natter, joined),
          "\"joined\" came before \"joining\"")
    check(joining.get("state") == "joining", "joining event %s" % show(joining))
    check(joined.get("state") == "joined" and joined.get("nick") == "alice",
          "joined event %s (default nick should be alice)" % show(joined))
    check(110 in (joined.get("codes") or []),
          "joined without status code 110: %s" % show(joined))
    check(joined.get("account") == "alice", "joined event %s" % show(joined))
    # bob (who sees alice come) is there as moderator and owner.
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and muc.is_from(e, room, "alice") and e.get("type") != "unavailable",
                 what="alice's entry seen by bob")
    got = occupant_event(natter, room, "bob", "joined", mark)
    check(got.get("self") is False and got.get("role") == "moderator"
          and got.get("affiliation") == "owner",
          "bob as occupant: %s" % show(got))
    me = occupant_event(natter, room, "alice", "joined", mark)
    check(me.get("self") is True and me.get("role") == "participant"
          and me.get("affiliation") == "none", "alice as occupant: %s" % show(me))
    # What bob said before alice came comes as history, then its end.
    old = natter.wait_for({"event": "message", "body": "said before you came"},
                          since=mark, what="the room's history")
    check(old.get("history") is True and old.get("room") == room
          and old.get("nick") == "bob" and old.get("type") == "groupchat",
          "history message %s" % show(old))
    end = room_event(natter, room, "history_end", mark)
    check(position(natter, old) < position(natter, end),
          "history_end came before the history")


def who_and_info(natter, room):
    out = natter.ok("/who -t %s" % room).get("output") or []
    check(out and out[0].endswith(": 2 occupants") and room.split("@")[0] in out[0],
          "/who first line: %r" % out)
    mods = [line for line in out if line.startswith("moderators")]
    parts = [line for line in out if line.startswith("participants")]
    check(len(mods) == 1 and mods[0].startswith("moderators (1): ")
          and "bob [owner]" in mods[0] and "alice" not in mods[0],
          "/who moderators: %r" % out)
    check(len(parts) == 1 and parts[0].startswith("participants (1): ")
          and "alice" in parts[0] and "bob" not in parts[0],
          "/who participants: %r" % out)
    check(not [line for line in out if line.startswith("visitors")],
          "/who shows visitors: %r" % out)
    info = natter.ok("/info -t %s bob" % room).get("output") or []
    check("role: moderator" in info and "affiliation: owner" in info,
          "/info bob: %r" % info)


def carol_comes(natter, carol, room):
    mark = natter.mark()
    muc.join(carol, room, "carol")
    got = occupant_event(natter, room, "carol", "joined", mark)
    check(got.get("self") is False and got.get("role") == "participant",
          "carol as occupant: %s" % show(got))
    muc.set_presence(carol, room, "carol", show="away", status="at lunch")
    got = occupant_event(natter, room, "carol", "presence", mark,
                         what="carol's presence change")
    check(got.get("show") == "away" and got.get("status") == "at lunch",
          "carol's away presence: %s" % show(got))


def group_messages(natter, bob, carol, room):
    mark = natter.mark()
    muc.say(bob, room, "hello, room")
    got = natter.wait_for({"event": "message", "body": "hello, room"}, since=mark)
    check(got.get("type") == "groupchat" and got.get("room") == room
          and got.get("nick") == "bob" and got.get("from") == room + "/bob"
          and got.get("direction") == "in" and got.get("history") is False
          and got.get("private") is False,
          "bob's groupchat message as %s" % show(got))

    text = "hello from alice \u00e9"
    natter.ok("/msg %s %s" % (room, text))
    for peer in (bob, carol):
        got = peer.wait_message(lambda m: m["body"] == text)
        check(got["from"] == room + "/alice" and got["type"] == "groupchat",
              "%s got alice's message as %r" % (peer.user, got))
    out = natter.wait_for({"event": "message", "body": text}, since=mark)
    check(out.get("direction") == "out" and out.get("delivery") == "sent"
          and out.get("room") == room and out.get("type") == "groupchat",
          "own groupchat message as %s" % show(out))
    natter.wait_for({"event": "message_update", "id": out.get("id"),
                     "delivery": "delivered"}, since=mark,
                    what="the room's reflection marking it delivered")
    # Later traffic in the same room: the reflection was handled before.
    muc.say(bob, room, "sync 1")
    natter.wait_for({"event": "message", "body": "sync 1"}, since=mark)
    shown = natter.find({"event": "message", "body": text})
    check(len(shown) == 1, "own message reported %d times: %s"
          % (len(shown), [show(e) for e in shown]))


def subject(natter, bob, room):
    mark = natter.mark()
    bob_mark = bob.mark()
    natter.ok("/subject -t %s plans for the week" % room)
    got = bob.wait_for(lambda e: e.get("event") == "message"
                       and "<subject>plans for the week</subject>" in (e.get("xml") or ""),
                       since=bob_mark, what="alice's subject at bob")
    check(got["from"] == room + "/alice" and got["type"] == "groupchat",
          "alice's subject came as %r" % got)
    muc.set_subject(bob, room, "bob's new topic")
    got = natter.wait_for({"event": "room", "room": room, "change": "subject",
                           "subject": "bob's new topic"}, since=mark,
                          what="bob's subject change")
    check(got.get("state") == "joined", "subject event %s" % show(got))
    out = natter.ok("/subject -t %s" % room).get("output") or []
    check(any("bob's new topic" in line for line in out),
          "/subject without text shows %r" % out)


def private_messages(natter, bob, room):
    mark = natter.mark()
    bob.send_message(room + "/alice", "just between us", type="chat")
    got = natter.wait_for({"event": "message", "body": "just between us"}, since=mark)
    check(got.get("private") is True and got.get("room") == room
          and got.get("nick") == "bob" and got.get("direction") == "in"
          and got.get("type") == "chat",
          "private message as %s" % show(got))
    natter.ok("/msg %s/bob whisper back" % room)
    got = bob.wait_message(lambda m: m["body"] == "whisper back")
    check(got["from"] == room + "/alice" and got["type"] == "chat",
          "bob got the private reply as %r" % got)


def nick_change(natter, bob, room):
    mark = natter.mark()
    bob_mark = bob.mark()
    natter.ok("/nick -t %s alice2" % room)
    got = room_event(natter, room, "nick", mark)
    check(got.get("nick") == "alice2", "nick event %s" % show(got))
    gone = bob.wait_for(lambda e: e.get("event") == "presence"
                        and muc.is_from(e, room, "alice")
                        and 303 in muc.status_codes(e), since=bob_mark,
                        what="alice's nick change (303) at bob")
    check(muc.muc_item(gone).get("nick") == "alice2",
          "303 names %r" % muc.muc_item(gone))
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and muc.is_from(e, room, "alice2") and e.get("type") != "unavailable",
                 since=bob_mark, what="alice2 in the room at bob")


def carol_goes(natter, carol, room):
    mark = natter.mark()
    muc.leave(carol, room, "carol")
    got = occupant_event(natter, room, "carol", "left", mark)
    check(got.get("self") is False, "carol leaving: %s" % show(got))


def default_service(tb, natter, bob):
    room2 = "room2@" + tb.muc_domain
    muc.create_room(bob, room2, "bob")
    mark = natter.mark()
    natter.ok("/join room2")
    got = natter.wait_for(lambda e: e.get("event") == "room"
                          and e.get("change") in ("joined", "refused"),
                          since=mark, what="/join room2 settling")
    check(got.get("change") == "joined" and got.get("room") == room2
          and got.get("nick") == "alice",
          "/join room2 ended with %s" % show(got))


def leave(natter, bob, room):
    mark = natter.mark()
    bob_mark = bob.mark()
    natter.ok("/leave -t %s bye" % room)
    got = room_event(natter, room, "left", mark)
    check(got.get("state") == "left", "left event %s" % show(got))
    gone = bob.wait_for(lambda e: e.get("event") == "presence"
                        and muc.is_from(e, room, "alice2")
                        and e.get("type") == "unavailable", since=bob_mark,
                        what="alice2 leaving, at bob")
    check(gone.get("status") == "bye", "alice left with status %r" % gone.get("status"))


def body(tb):
    room = "room@" + tb.muc_domain
    bob = Peer(tb, "bob")
    # Prosody lets only moderators set the subject unless told otherwise.
    muc.create_room(bob, room, "bob", {"changesubject": True})
    muc.say(bob, room, "said before you came")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    join_room(natter, bob, room)
    who_and_info(natter, room)
    carol = Peer(tb, "carol")
    carol_comes(natter, carol, room)
    group_messages(natter, bob, carol, room)
    subject(natter, bob, room)
    private_messages(natter, bob, room)
    nick_change(natter, bob, room)
    carol_goes(natter, carol, room)
    default_service(tb, natter, bob)
    leave(natter, bob, room)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
