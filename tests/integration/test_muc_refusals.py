#!/usr/bin/python3
"""Rooms that refuse natter (alice), or put her out, and what she is told.
bob (slixmpp) creates and owns every room.

Asserts:
  - a password-protected room (muc#roomconfig_roomsecret): /join without
    the password is refused (room event "refused", text mentions the
    password, state not "joined"); /join ROOM alice SECRET then joins;
  - a members-only room refuses her, text mentioning members;
  - a room that banned alice@localhost (affiliation outcast) refuses
    her, text saying "banned";
  - bob holds the nick "alice": with muc.nick_conflict at its default
    (suffix) natter joins as "alice_" (room event "joined" with that
    nick, bob sees ROOM/alice_ come); with /set muc.nick_conflict fail
    the join is refused, text saying the nick is "in use";
  - bob kicks alice (role none, with a reason): room event "left",
    state left, text saying "kicked" with the reason; she can join
    again;
  - bob bans alice while she is in: room event "left", text saying
    "banned" with the reason (both name bob, the actor).
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

SECRET = "s3cret-word"


def show(event):
    return json.dumps(event, ensure_ascii=False)


def settled(natter, room, since):
    """The room event that ends a /join: joined or refused."""
    return natter.wait_for(lambda e: e.get("event") == "room" and e.get("room") == room
                           and e.get("change") in ("joined", "refused"),
                           since=since, what="the join of %s settling" % room)


def join(natter, args, room):
    """/join args; the settling room event."""
    mark = natter.mark()
    natter.command("/join %s" % args)
    return settled(natter, room, mark)


def refused(natter, args, room, words):
    """/join args must be refused with text containing words."""
    got = join(natter, args, room)
    check(got.get("change") == "refused",
          "/join %s was not refused: %s" % (args, show(got)))
    text = (got.get("text") or "").lower()
    check(words in text, "refusal of %s says %r, not %r" % (room, got.get("text"), words))
    check(got.get("state") != "joined", "refused, yet state joined: %s" % show(got))
    return got


def joined(natter, args, room, nick="alice"):
    got = join(natter, args, room)
    check(got.get("change") == "joined" and got.get("nick") == nick,
          "/join %s: %s (wanted joined as %s)" % (args, show(got), nick))
    return got


def password_room(tb, natter, bob):
    room = "secret@" + tb.muc_domain
    muc.create_room(bob, room, "bob", {"roomsecret": SECRET})
    refused(natter, room, room, "password")
    bob_mark = bob.mark()
    joined(natter, "%s alice %s" % (room, SECRET), room)
    bob.wait_for(lambda e: e.get("event") == "presence" and muc.is_from(e, room, "alice"),
                 since=bob_mark, what="alice in the password room")
    natter.ok("/leave -t %s" % room)


def members_only(tb, natter, bob):
    room = "members@" + tb.muc_domain
    muc.create_room(bob, room, "bob", {"membersonly": True})
    refused(natter, room, room, "members")


def banned(tb, natter, bob):
    room = "banned@" + tb.muc_domain
    muc.create_room(bob, room, "bob")
    muc.set_affiliation(bob, room, tb.jid("alice"), "outcast", reason="spam")
    refused(natter, room, room, "banned")


def nick_conflict(tb, natter, bob):
    room = "taken@" + tb.muc_domain
    muc.create_room(bob, room, "alice")
    bob_mark = bob.mark()
    joined(natter, room, room, nick="alice_")
    bob.wait_for(lambda e: e.get("event") == "presence" and muc.is_from(e, room, "alice_")
                 and e.get("type") != "unavailable", since=bob_mark,
                 what="natter in the room as alice_, at bob")
    natter.ok("/leave -t %s" % room)

    room = "taken2@" + tb.muc_domain
    muc.create_room(bob, room, "alice")
    natter.ok("/set muc.nick_conflict fail")
    refused(natter, room, room, "in use")
    natter.ok("/set muc.nick_conflict suffix")


def kicked_then_banned(tb, natter, bob):
    room = "strict@" + tb.muc_domain
    muc.create_room(bob, room, "bob")
    joined(natter, room, room)
    mark = natter.mark()
    muc.set_role(bob, room, "alice", "none", reason="too loud")
    got = natter.wait_for({"event": "room", "room": room, "change": "left"}, since=mark,
                          what="natter put out by the kick")
    text = got.get("text") or ""
    check("kicked" in text.lower() and "too loud" in text and "bob" in text
          and got.get("state") == "left",
          "kick reported as %s" % show(got))

    joined(natter, room, room)
    mark = natter.mark()
    muc.set_affiliation(bob, room, tb.jid("alice"), "outcast", reason="enough")
    got = natter.wait_for({"event": "room", "room": room, "change": "left"}, since=mark,
                          what="natter put out by the ban")
    text = got.get("text") or ""
    check("banned" in text.lower() and "enough" in text and "bob" in text
          and got.get("state") == "left",
          "ban reported as %s" % show(got))


def body(tb):
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    password_room(tb, natter, bob)
    members_only(tb, natter, bob)
    banned(tb, natter, bob)
    nick_conflict(tb, natter, bob)
    kicked_then_banned(tb, natter, bob)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
