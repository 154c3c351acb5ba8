#!/usr/bin/python3
"""Moderating and administering rooms, and invitations (XEP-0045 7.8,
8 to 10; XEP-0249).

natter (alice) creates mods@conference.localhost by entering it (an
instant room: she owns it); bob and carol are slixmpp clients. Asserts:
  - /kick bob spam: bob receives his exit with status 307, reason "spam"
    and alice as the actor; natter reports bob "kicked" with the reason;
  - /ban bob go away (by nick: the room shows alice real JIDs): bob
    receives 301 and affiliation outcast; natter reports bob "banned";
    /affiliation list outcast shows bob@localhost in the room's window;
    bob cannot come back (forbidden); /affiliation set bob@localhost
    member lifts it ("done"), /affiliation list member shows him, and
    bob enters again;
  - /role bob moderator: bob's own presence says moderator; natter's
    occupant event "role" says so too;
  - in a moderated room natter created (/room create, /form set
    moderatedroom on), carol enters as a visitor; her voice request
    shows as "carol asks for a voice" and /role carol participant gives
    her one (her presence says participant);
  - a refusal from the service is told in words: making herself (the
    only owner) "none" is refused with "cannot ... conflict";
  - /invite carol@localhost come in: carol receives a direct invitation
    (XEP-0249: jabber:x:conference with the room and the reason);
  - a mediated invitation from bob to his members-only room club@...
    arrives as a "invited" room event naming bob and the reason;
    /join club@... accepts it (the room made alice a member); made an
    admin, alice's /invite carol@localhost goes through the members-only
    room (carol receives an <invite/> from the room naming alice by JID
    or by nick);
  - a mediated invitation sent by the client of eve (a full JID, no
    longer in alice's roster), naming boss@localhost, is dropped: no
    "invited" event;
  - carol invites alice directly to another room and alice /declines;
    bob's second mediated invitation to a new room is declined and bob
    receives the <decline/> with the reason;
  - /room destroy bye all: bob, still in mods, receives <destroy/> with
    the reason; natter reports the room "left" with "destroyed".
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

MUC_USER = "http://jabber.org/protocol/muc#user"


def notice(natter, room, words, since):
    return natter.wait_for(lambda e: e.get("event") == "room" and e.get("room") == room
                           and e.get("change") == "notice" and words in (e.get("text") or ""),
                           since=since, what="a notice in %s saying %r" % (room, words))


def presence_of(peer, room, nick, since, test=lambda e: True, what=None):
    return peer.wait_for(lambda e: e.get("event") == "presence"
                         and muc.is_from(e, room, nick) and test(e), since=since,
                         what=what or "%s's presence in %s" % (nick, room))


def body(tb):
    room = "mods@" + tb.muc_domain
    bob = Peer(tb, "bob")
    carol = Peer(tb, "carol")
    natter = Natter(tb, tb.natter_config())
    natter.wait_online()
    natter.ok("/join %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "joined"})
    natter.wait_for({"event": "occupant", "room": room, "nick": "alice",
                     "affiliation": "owner"})
    # Open to others once the room took its default configuration.
    natter.wait_for(lambda e: e.get("event") == "room" and e.get("room") == room
                    and "it is open" in (e.get("text") or ""), what="the room open")

    # Kick.
    muc.join(bob, room, "bob")
    natter.wait_for({"event": "occupant", "room": room, "nick": "bob", "change": "joined"})
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/kick -t %s bob spam" % room)
    got = presence_of(bob, room, "bob", bob_mark, lambda e: e.get("type") == "unavailable")
    item = muc.muc_item(got)
    check(307 in muc.status_codes(got), "bob's exit lacks 307: %s" % got.get("xml"))
    check(item.get("reason") == "spam" and item.get("actor") == "alice",
          "bob's kick does not say why and who: %r" % item)
    kicked = natter.wait_for({"event": "occupant", "room": room, "nick": "bob",
                              "change": "kicked"}, since=mark)
    check(kicked.get("reason") == "spam", "natter's kick event: %r" % kicked)

    # Ban, list, lift.
    mark = natter.mark()
    muc.join(bob, room, "bob")
    natter.wait_for({"event": "occupant", "room": room, "nick": "bob", "change": "joined"},
                    since=mark)
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/ban -t %s bob go away" % room)
    got = presence_of(bob, room, "bob", bob_mark, lambda e: e.get("type") == "unavailable")
    check(301 in muc.status_codes(got) and muc.muc_item(got).get("affiliation") == "outcast",
          "bob's ban: %s" % got.get("xml"))
    natter.wait_for({"event": "occupant", "room": room, "nick": "bob", "change": "banned"},
                    since=mark)
    natter.ok("/affiliation -t %s list outcast" % room)
    notice(natter, room, "bob@localhost", mark)
    refused = muc.join(bob, room, "bob", allow_error=True)
    check(muc.error_condition(refused) == "forbidden",
          "banned bob could enter: %s" % refused.get("xml"))
    mark = natter.mark()
    natter.ok("/affiliation -t %s set bob@localhost member" % room)
    notice(natter, room, "done: make bob@localhost member", mark)
    natter.ok("/affiliation -t %s list member" % room)
    listed = notice(natter, room, "members of", mark)
    check("bob@localhost" in listed["text"], "the member list lacks bob: %r" % listed)
    mark = natter.mark()
    muc.join(bob, room, "bob")
    natter.wait_for({"event": "occupant", "room": room, "nick": "bob", "change": "joined"},
                    since=mark)

    # Roles.
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/role -t %s bob moderator" % room)
    presence_of(bob, room, "bob", bob_mark,
                lambda e: muc.muc_item(e).get("role") == "moderator", "bob made moderator")
    natter.wait_for({"event": "occupant", "room": room, "nick": "bob", "change": "role",
                     "role": "moderator"}, since=mark)

    # A voice request in a moderated room natter owns, granted.
    stage = "stage@" + tb.muc_domain
    mark = natter.mark()
    natter.ok("/room create %s" % stage)
    natter.wait_for({"event": "room", "room": stage, "change": "form"}, since=mark)
    natter.ok("/form -t %s set muc#roomconfig_moderatedroom on" % stage)
    natter.ok("/form -t %s submit" % stage)
    natter.wait_for({"event": "room", "room": stage, "change": "notice",
                     "text": "the room took the configuration"}, since=mark)
    got = muc.join(carol, stage, "carol")
    check(muc.muc_item(got).get("role") == "visitor",
          "carol is not a visitor in the moderated room: %s" % got.get("xml"))
    carol.send_stanza(
        "<message to='%s'><x xmlns='jabber:x:data' type='submit'>"
        "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#request</value></field>"
        "<field var='muc#role' type='list-single'><value>participant</value></field>"
        "</x></message>" % stage)
    notice(natter, stage, "carol asks for a voice", mark)
    carol_mark = carol.mark()
    natter.ok("/role -t %s carol participant" % stage)
    presence_of(carol, stage, "carol", carol_mark,
                lambda e: muc.muc_item(e).get("role") == "participant", "carol given a voice")

    # A refusal in words.
    mark = natter.mark()
    natter.ok("/affiliation -t %s set alice@localhost none" % room)
    refusal = notice(natter, room, "cannot make alice@localhost none", mark)
    check("conflict" in refusal["text"], "the refusal is not in words: %r" % refusal)

    # Direct invitation (the room is not members-only).
    carol_mark = carol.mark()
    natter.ok("/invite -t %s carol@localhost come in" % room)
    got = carol.wait_for(lambda e: e.get("event") == "message"
                         and "jabber:x:conference" in (e.get("xml") or ""), since=carol_mark,
                         what="carol's direct invitation")
    check(room in got["xml"] and "come in" in got["xml"],
          "the direct invitation lacks the room or the reason: %s" % got["xml"])

    # A mediated invitation to bob's members-only room, accepted.
    club = "club@" + tb.muc_domain
    muc.create_room(bob, club, "bob", {"membersonly": True})
    mark = natter.mark()
    bob.send_stanza("<message to='%s'><x xmlns='%s'><invite to='alice@localhost'>"
                    "<reason>join us</reason></invite></x></message>" % (club, MUC_USER))
    invited = natter.wait_for({"event": "room", "room": club, "change": "invited"}, since=mark)
    check("bob" in (invited.get("inviter") or "") and "join us" in invited["text"],
          "the invitation does not say who and why: %r" % invited)
    natter.ok("/join %s" % club)
    natter.wait_for({"event": "room", "room": club, "change": "joined"}, since=mark)
    muc.set_affiliation(bob, club, "alice@localhost", "admin")
    natter.wait_for({"event": "occupant", "room": club, "nick": "alice", "affiliation": "admin"},
                    since=mark)
    carol_mark = carol.mark()
    natter.ok("/invite -t %s carol@localhost see you there" % club)
    got = carol.wait_for(lambda e: e.get("event") == "message" and e.get("from") == club
                         and "invite" in (e.get("xml") or ""), since=carol_mark,
                         what="carol's invitation through the members-only room")
    # The room names the inviter by real JID, or (anonymous) by nick.
    check("invite from=\"alice@localhost" in got["xml"]
          or "invite from=\"%s/alice\"" % club in got["xml"],
          "the mediated invitation does not name alice: %s" % got["xml"])

    # A "mediated" invitation from a stranger's own client (eve, a full
    # JID, not a room) is a forgery: dropped. carol's direct invitation
    # after it shows it was read.
    natter.ok("/roster remove eve@localhost")
    natter.wait_for({"event": "roster", "jid": "eve@localhost", "removed": True})
    eve = Peer(tb, "eve")
    mark = natter.mark()
    eve.send_stanza("<message to='alice@localhost'><x xmlns='%s'><invite "
                    "from='boss@localhost'><reason>forged</reason></invite></x></message>"
                    % MUC_USER)
    # A message on the same stream after it: once natter shows it, the
    # forgery was read.
    eve.send_stanza("<message to='alice@localhost' type='chat'><body>after the "
                    "forgery</body></message>")
    natter.wait_for({"event": "message", "body": "after the forgery"}, since=mark)
    carol.send_stanza("<message to='alice@localhost'><x xmlns='jabber:x:conference' "
                      "jid='tea@%s' reason='tea?'/></message>" % tb.muc_domain)
    natter.wait_for({"event": "room", "room": "tea@" + tb.muc_domain, "change": "invited"},
                    since=mark)
    forged = [e for e in natter.events[mark:] if e.get("change") == "invited"
              and e.get("room") != "tea@" + tb.muc_domain]
    check(not forged, "a forged mediated invitation was shown: %r" % forged)
    # Declining: a direct one is forgotten, a mediated one answered.
    natter.ok("/decline tea@%s" % tb.muc_domain)
    lair = "lair@" + tb.muc_domain
    muc.create_room(bob, lair, "bob", {"membersonly": True})
    bob_mark = bob.mark()
    bob.send_stanza("<message to='%s'><x xmlns='%s'><invite to='alice@localhost'/></x>"
                    "</message>" % (lair, MUC_USER))
    natter.wait_for({"event": "room", "room": lair, "change": "invited"}, since=mark)
    natter.ok("/decline %s not today" % lair)
    got = bob.wait_for(lambda e: e.get("event") == "message" and "decline" in (e.get("xml") or ""),
                       since=bob_mark, what="bob told of the decline")
    check("not today" in got["xml"], "the decline lacks the reason: %s" % got["xml"])
    result = natter.command("/decline %s" % lair)
    check(result.get("ok") is False and "no invitation" in (result.get("error") or ""),
          "a second /decline was not refused: %r" % result)

    # Destroy.
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/room -t %s destroy bye all" % room)
    got = presence_of(bob, room, "bob", bob_mark, lambda e: e.get("type") == "unavailable")
    check("destroy" in got["xml"] and "bye all" in got["xml"],
          "bob was not told of the destruction and why: %s" % got["xml"])
    left = natter.wait_for({"event": "room", "room": room, "change": "left"}, since=mark)
    check("destroyed" in (left.get("text") or ""), "natter's exit: %r" % left)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, users=testbed.DEFAULT_USERS + ("eve",))
