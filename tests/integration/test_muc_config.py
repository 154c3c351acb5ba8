#!/usr/bin/python3
"""Creating a configured room and changing a room's configuration
(XEP-0045 10.1.3, 10.2; data forms, XEP-0004).

natter (alice) creates club@conference.localhost with /room create;
bob is a slixmpp client. Asserts:
  - the room's configuration form waits (a "form" room event) and
    /form show lists its fields with their values and choices
    (muc#roomconfig_roomname, muc#roomconfig_membersonly,
    muc#roomconfig_whois with its choices);
  - until the form is submitted the room is locked: bob cannot enter
    (item-not-found);
  - /form set rejects what a field cannot take, in words: a field the
    form lacks, "maybe" for a yes/no field, a choice a list lacks;
  - /form set roomname "Club Two", membersonly on, whois anyone, then
    /form submit: "the room took the configuration"; the room's disco
    identity is named "Club Two" and bob, not a member, is refused
    (registration-required);
  - /room config on the room (she owns it) brings the form back with the
    values set (roomname Club Two, membersonly 1); submitting a new
    description makes the room say its configuration changed (status
    104, a notice); asked again, /form cancel drops the form and /form
    show says no form waits;
  - /room create on a room that exists already (bob's) enters it and
    says it existed.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

CONFIG = "muc#roomconfig_"


def field_line(output, var):
    for line in output:
        if line.strip().startswith(var + " = "):
            return line.strip()
    raise testbed.TestFailure("/form show lacks %s: %r" % (var, output))


def refused(natter, line, words):
    result = natter.command(line)
    check(result.get("ok") is False and words in (result.get("error") or ""),
          "%s was not refused with %r: %r" % (line, words, result))


def body(tb):
    club = "club@" + tb.muc_domain
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config())
    natter.wait_online()
    natter.ok("/join warmup@%s" % tb.muc_domain)  # the service is known after
    natter.wait_for({"event": "room", "change": "joined"})

    mark = natter.mark()
    natter.ok("/room create %s" % club)
    natter.wait_for({"event": "room", "room": club, "change": "form"}, since=mark)
    shown = natter.ok("/form -t %s show" % club).get("output") or []
    field_line(shown, CONFIG + "roomname")
    check(field_line(shown, CONFIG + "membersonly").split(" = ")[1].startswith(("0", "\"\"")),
          "membersonly is not off at first: %r" % shown)
    whois = field_line(shown, CONFIG + "whois")
    check("one of:" in whois and "anyone" in whois and "moderators" in whois,
          "whois does not list its choices: %r" % whois)

    got = muc.join(bob, club, "bob", allow_error=True)
    check(muc.error_condition(got) == "item-not-found",
          "bob entered the room before it was configured: %s" % got.get("xml"))

    refused(natter, "/form -t %s set nosuchfield 1" % club, "no field")
    refused(natter, "/form -t %s set %smembersonly maybe" % (club, CONFIG), "on or off")
    refused(natter, "/form -t %s set %swhois nobody" % (club, CONFIG), "not one of the choices")

    natter.ok("/form -t %s set %sroomname \"Club Two\"" % (club, CONFIG))
    natter.ok("/form -t %s set %smembersonly on" % (club, CONFIG))
    natter.ok("/form -t %s set %swhois anyone" % (club, CONFIG))
    mark = natter.mark()
    natter.ok("/form -t %s submit" % club)
    natter.wait_for({"event": "room", "room": club, "change": "notice",
                     "text": "the room took the configuration"}, since=mark)
    info = muc.iq(bob, club, "<query xmlns='http://jabber.org/protocol/disco#info'/>",
                  type="get")
    check("Club Two" in info.get("xml", ""), "the room is not named Club Two: %s"
          % info.get("xml"))
    got = muc.join(bob, club, "bob", allow_error=True)
    check(muc.error_condition(got) == "registration-required",
          "bob, not a member, entered the members-only room: %s" % got.get("xml"))

    mark = natter.mark()
    natter.ok("/room -t %s config" % club)
    natter.wait_for({"event": "room", "room": club, "change": "form"}, since=mark)
    shown = natter.ok("/form -t %s show" % club).get("output") or []
    check("Club Two" in field_line(shown, CONFIG + "roomname"),
          "the form lacks the name set: %r" % shown)
    check(field_line(shown, CONFIG + "membersonly").split(" = ")[1].startswith("1"),
          "the form lacks membersonly on: %r" % shown)
    natter.ok("/form -t %s set %sroomdesc \"a quiet place\"" % (club, CONFIG))
    natter.ok("/form -t %s submit" % club)
    natter.wait_for({"event": "room", "room": club, "change": "notice",
                     "text": "the room took the configuration"}, since=mark)
    # XEP-0045 10.2.1: the room tells its occupants (status 104).
    changed = natter.wait_for({"event": "room", "room": club, "change": "notice",
                               "text": "the room's configuration changed"}, since=mark)
    check(changed.get("codes") == [104], "the notice lacks status 104: %r" % changed)
    mark = natter.mark()
    natter.ok("/room -t %s config" % club)
    natter.wait_for({"event": "room", "room": club, "change": "form"}, since=mark)
    natter.ok("/form -t %s cancel" % club)
    refused(natter, "/form -t %s show" % club, "no form")

    lounge = "lounge@" + tb.muc_domain
    muc.create_room(bob, lounge, "bob")
    mark = natter.mark()
    natter.ok("/room create %s" % lounge)
    natter.wait_for({"event": "room", "room": lounge, "change": "joined"}, since=mark)
    natter.wait_for(lambda e: e.get("event") == "room" and e.get("room") == lounge
                    and "existed already" in (e.get("text") or ""), since=mark,
                    what="the notice that the room existed")
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
