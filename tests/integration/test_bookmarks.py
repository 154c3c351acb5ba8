#!/usr/bin/python3
"""Room bookmarks: XEP-0402 in PEP, and XEP-0048 in private XML storage.

bob (slixmpp) owns the rooms; natter is alice; "other" is a second client
of alice's (slixmpp, resource "other") that reads and writes the stored
bookmarks with raw IQs. Every natter process gets a HOME of its own, so
only the bookmarks on the server can make it enter a room.

Asserts, on the default server (Prosody with mod_bookmarks, which
advertises urn:xmpp:bookmarks:1#compat):
  - once natter has asked the server, /bookmark list says "0 bookmarks
    of alice, kept in PEP (XEP-0402)";
  - /bookmark add lounge@ after /join: a bookmark event for lounge@
    (autojoin true, nick alice, removed false); /bookmark list says
    "1 bookmark of alice, kept in PEP (XEP-0402)" and lists
    "lounge@... [autojoin] nick: alice (you are in it)";
  - the other client finds it in alice's PEP node urn:xmpp:bookmarks:1:
    item id lounge@..., <conference autojoin='true'> with nick alice;
  - the other client publishes an autojoin bookmark of dev@ (named
    "Development", nick alice): natter reports it (bookmark event with
    that name and nick, autojoin true) and enters dev@ by itself
    ("joining", then "joined" as alice), which bob sees; /bookmark list
    shows both;
  - after /quit, a new natter process with the same configuration
    reports both bookmarks and enters both rooms without any /join; bob
    sees alice come back to both;
  - after /leave dev@, the other client republishes dev@'s bookmark
    renamed "Dev team", autojoin still on: natter reports the new name
    and does not enter dev@ again within 2 s;
  - /bookmark remove dev@: a bookmark event for dev@ with removed true;
    the other client's fetch has lounge@ and no longer dev@; /bookmark
    list shows only lounge@;
  - the other client retracts lounge@'s item: natter reports a bookmark
    event for lounge@ with removed true, and /bookmark list says
    "0 bookmarks";
and on a server without mod_bookmarks (no #compat; a second test bed):
  - /bookmark list says "0 bookmarks of alice, kept in private XML
    storage (XEP-0048)";
  - /bookmark add ROOM autojoin on: a bookmark event (autojoin true,
    nick alice); /bookmark list says "kept in private XML storage
    (XEP-0048)"; the other client reads jabber:iq:private storage:bookmarks
    and finds <conference jid=ROOM autojoin true|1> with nick alice,
    while alice's PEP node urn:xmpp:bookmarks:1 holds nothing;
  - a new natter process enters the room by itself (joining, joined);
  - /bookmark add ROOM autojoin off: a bookmark event with autojoin
    false, the list line loses "[autojoin]", the other client reads
    autojoin false|0 (nick still alice); a new natter process reports the
    bookmark (autojoin false) and does not enter the room within 3 s;
    before that, /bookmark add ROOM again (autojoin not said) keeps
    autojoin off, in natter's list and on the server.
"""

import json
import os
import sys
import time
import traceback
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, TestFailure, check, wait_until  # noqa: E402

PUBSUB = "http://jabber.org/protocol/pubsub"
BOOKMARKS = "urn:xmpp:bookmarks:1"
PRIVATE = "jabber:iq:private"
STORAGE = "storage:bookmarks"
PUBLISH_OPTIONS = (("pubsub#persist_items", "true"),
                   ("pubsub#max_items", "max"),
                   ("pubsub#send_last_published_item", "never"),
                   ("pubsub#access_model", "whitelist"))


def show(event):
    return json.dumps(event, ensure_ascii=False)


# --------------------------------------------------------------------------
# natter's side


def storage_line(natter):
    """/bookmark list's first line, once natter knows where bookmarks go
    (it asks the server right after login)."""
    lines = []

    def known():
        lines[:] = natter.ok("/bookmark list").get("output") or []
        return lines and "not loaded" not in lines[0]
    wait_until(known, testbed.DEFAULT_TIMEOUT, "natter to learn where bookmarks go")
    return lines[0]


def bookmark_event(natter, room, since=0, what=None, **fields):
    match = {"event": "bookmark", "jid": room}
    match.update(fields)
    return natter.wait_for(match, since=since,
                           what=what or "a bookmark event for %s %s" % (room, fields))


def check_bookmark(event, nick, autojoin, name=None):
    check(event.get("account") == "alice" and event.get("nick") == nick
          and event.get("autojoin") is autojoin and event.get("removed") is False
          and event.get("name") == name,
          "bookmark event %s (wanted nick %s, autojoin %s, name %s)"
          % (show(event), nick, autojoin, name))


def bookmark_list(natter):
    return natter.ok("/bookmark list").get("output") or []


def check_list(natter, storage, lines):
    """/bookmark list says how many, where, and exactly these lines."""
    out = bookmark_list(natter)
    head = "%d bookmark%s of alice, kept in %s" % (
        len(lines), "" if len(lines) == 1 else "s", storage)
    check(out[:1] == [head], "/bookmark list heading %r, wanted %r" % (out[:1], head))
    check(out[1:] == lines, "/bookmark list lines %r, wanted %r" % (out[1:], lines))


def position(natter, event):
    """Index of this very event (not an equal one) in natter's events."""
    for i, e in enumerate(natter.events):
        if e is event:
            return i
    raise AssertionError("event not in natter's events: %r" % event)


def enters(natter, room, since, what):
    """natter enters room by itself: "joining" then "joined" as alice."""
    joining = natter.wait_for({"event": "room", "room": room, "change": "joining"},
                              since=since, what="%s: joining %s" % (what, room))
    joined = natter.wait_for({"event": "room", "room": room, "change": "joined"},
                             since=since, what="%s: joined %s" % (what, room))
    check(position(natter, joining) < position(natter, joined),
          "%s: joined %s before joining" % (what, room))
    check(joined.get("nick") == "alice", "%s: joined as %s" % (what, show(joined)))


def bob_sees_alice(bob, room, since):
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and muc.is_from(e, room, "alice") and e.get("type") != "unavailable",
                 since=since, what="alice entering %s, at bob" % room)


def join(natter, room):
    mark = natter.mark()
    natter.ok("/join %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "joined"}, since=mark)


def new_natter(tb, conf):
    natter = Natter(tb, conf)
    natter.wait_online()
    return natter


# --------------------------------------------------------------------------
# the other client's side


def parse(event):
    try:
        return ET.fromstring(event.get("xml") or "")
    except ET.ParseError:
        raise TestFailure("unreadable answer: %r" % event.get("xml"))


def pep_items(other, alice):
    """alice's XEP-0402 items: {room JID: (autojoin, nick, name)}; {} when
    the node does not exist."""
    answer = muc.iq(other, alice, "<pubsub xmlns='%s'><items node='%s'/></pubsub>"
                    % (PUBSUB, BOOKMARKS), type="get", allow_error=True)
    if answer.get("type") == "error":
        check(muc.error_condition(answer) == "item-not-found",
              "fetching the PEP bookmarks failed: %s" % answer.get("xml"))
        return {}
    found = {}
    for item in parse(answer).iter("{%s}item" % PUBSUB):
        conf = item.find("{%s}conference" % BOOKMARKS)
        check(conf is not None, "PEP item without <conference/>: %s" % answer.get("xml"))
        nick = conf.find("{%s}nick" % BOOKMARKS)
        found[item.get("id")] = (conf.get("autojoin"),
                                 nick.text if nick is not None else None,
                                 conf.get("name"))
    return found


def private_bookmarks(other, alice):
    """alice's XEP-0048 bookmarks: {room JID: (autojoin, nick)}."""
    answer = muc.iq(other, alice, "<query xmlns='%s'><storage xmlns='%s'/></query>"
                    % (PRIVATE, STORAGE), type="get")
    found = {}
    for conf in parse(answer).iter("{%s}conference" % STORAGE):
        nick = conf.find("{%s}nick" % STORAGE)
        found[conf.get("jid")] = (conf.get("autojoin"),
                                  nick.text if nick is not None else None)
    return found


def publish(other, alice, room, name, nick):
    fields = "".join("<field var='%s'><value>%s</value></field>" % option
                     for option in PUBLISH_OPTIONS)
    muc.iq(other, alice,
           "<pubsub xmlns='%s'><publish node='%s'><item id='%s'>"
           "<conference xmlns='%s' autojoin='true' name='%s'><nick>%s</nick></conference>"
           "</item></publish><publish-options><x xmlns='jabber:x:data' type='submit'>"
           "<field var='FORM_TYPE' type='hidden'><value>%s#publish-options</value></field>"
           "%s</x></publish-options></pubsub>"
           % (PUBSUB, BOOKMARKS, room, BOOKMARKS, name, nick, PUBSUB, fields))


def retract(other, alice, room):
    muc.iq(other, alice, "<pubsub xmlns='%s'><retract node='%s' notify='true'>"
           "<item id='%s'/></retract></pubsub>" % (PUBSUB, BOOKMARKS, room))


# --------------------------------------------------------------------------
# A: XEP-0402


def pep_scenario(tb):
    lounge = "lounge@" + tb.muc_domain
    dev = "dev@" + tb.muc_domain
    alice = tb.jid("alice")
    pep = "PEP (XEP-0402)"
    bob = Peer(tb, "bob")
    muc.create_room(bob, lounge, "bob")
    muc.create_room(bob, dev, "bob")
    conf = tb.natter_config(["alice"])
    natter = new_natter(tb, conf)
    check(storage_line(natter) == "0 bookmarks of alice, kept in " + pep,
          "before any bookmark: %r" % bookmark_list(natter))

    join(natter, lounge)
    mark = natter.mark()
    natter.ok("/bookmark add %s" % lounge)
    check_bookmark(bookmark_event(natter, lounge, mark), "alice", True)
    check_list(natter, pep, ["  %s [autojoin] nick: alice (you are in it)" % lounge])

    other = Peer(tb, "alice", resource="other")
    items = pep_items(other, alice)
    check(items.get(lounge) == ("true", "alice", None),
          "alice's PEP bookmarks as another client sees them: %r" % items)

    # Another client adds an autojoin bookmark: natter follows live.
    mark = natter.mark()
    bob_mark = bob.mark()
    publish(other, alice, dev, "Development", "alice")
    check_bookmark(bookmark_event(natter, dev, mark, what="the bookmark another "
                                  "client published"), "alice", True, "Development")
    enters(natter, dev, mark, "the bookmark pushed by another client")
    bob_sees_alice(bob, dev, bob_mark)
    check_list(natter, pep, [
        "  %s [autojoin] name: Development nick: alice (you are in it)" % dev,
        "  %s [autojoin] nick: alice (you are in it)" % lounge])
    natter.quit_cleanly()

    # A new process: both bookmarks, both rooms, no /join.
    bob_mark = bob.mark()
    natter = new_natter(tb, conf)
    check_bookmark(bookmark_event(natter, lounge, what="lounge's bookmark at login"),
                   "alice", True)
    check_bookmark(bookmark_event(natter, dev, what="dev's bookmark at login"),
                   "alice", True, "Development")
    for room in (lounge, dev):
        enters(natter, room, 0, "autojoin at login")
        bob_sees_alice(bob, room, bob_mark)
    check(not natter.find({"event": "bookmark", "removed": True}),
          "bookmarks removed at login: %s" % natter.find({"event": "bookmark"}))

    # The user leaves dev@; another client renames its bookmark, autojoin
    # still on: natter follows the name but does not enter again.
    mark = natter.mark()
    natter.ok("/leave -t %s" % dev)
    natter.wait_for({"event": "room", "room": dev, "change": "left"}, since=mark)
    mark = natter.mark()
    publish(other, alice, dev, "Dev team", "alice")
    check_bookmark(bookmark_event(natter, dev, mark, what="the renamed bookmark"),
                   "alice", True, "Dev team")
    time.sleep(2)
    joining = [e for e in natter.events[mark:] if e.get("event") == "room"
               and e.get("room") == dev and e.get("change") == "joining"]
    check(not joining, "natter entered again a room the user left, on a bookmark "
          "republished with autojoin on: %s" % [show(e) for e in joining])

    mark = natter.mark()
    natter.ok("/bookmark remove %s" % dev)
    gone = bookmark_event(natter, dev, mark, removed=True,
                          what="dev's bookmark removed")
    check(gone.get("account") == "alice", "removal event %s" % show(gone))
    items = pep_items(other, alice)
    check(dev not in items and items.get(lounge) == ("true", "alice", None),
          "after /bookmark remove, another client sees %r" % items)
    check_list(natter, pep, ["  %s [autojoin] nick: alice (you are in it)" % lounge])

    # Another client removes one: natter follows live.
    mark = natter.mark()
    retract(other, alice, lounge)
    gone = bookmark_event(natter, lounge, mark, removed=True,
                          what="lounge's bookmark removed by another client")
    check(gone.get("account") == "alice", "removal event %s" % show(gone))
    check_list(natter, pep, [])
    natter.quit_cleanly()


# --------------------------------------------------------------------------
# B: XEP-0048


def private_scenario(tb):
    lounge = "lounge@" + tb.muc_domain
    alice = tb.jid("alice")
    private = "private XML storage (XEP-0048)"
    bob = Peer(tb, "bob")
    muc.create_room(bob, lounge, "bob")
    conf = tb.natter_config(["alice"])
    natter = new_natter(tb, conf)
    check(storage_line(natter) == "0 bookmarks of alice, kept in " + private,
          "before any bookmark, on a server without XEP-0402: %r"
          % bookmark_list(natter))

    join(natter, lounge)
    mark = natter.mark()
    natter.ok("/bookmark add %s autojoin on" % lounge)
    check_bookmark(bookmark_event(natter, lounge, mark), "alice", True)
    check_list(natter, private,
               ["  %s [autojoin] nick: alice (you are in it)" % lounge])
    other = Peer(tb, "alice", resource="other")
    stored = private_bookmarks(other, alice)
    check(list(stored) == [lounge] and stored[lounge][0] in ("true", "1")
          and stored[lounge][1] == "alice",
          "alice's private bookmarks as another client sees them: %r" % stored)
    check(pep_items(other, alice) == {},
          "natter wrote XEP-0402 items on a server without it: %r"
          % pep_items(other, alice))
    natter.quit_cleanly()

    bob_mark = bob.mark()
    natter = new_natter(tb, conf)
    check_bookmark(bookmark_event(natter, lounge, what="the bookmark at login"),
                   "alice", True)
    enters(natter, lounge, 0, "autojoin from private storage")
    bob_sees_alice(bob, lounge, bob_mark)

    mark = natter.mark()
    natter.ok("/bookmark add %s autojoin off" % lounge)
    check_bookmark(bookmark_event(natter, lounge, mark, autojoin=False,
                                  what="the bookmark without autojoin"),
                   "alice", False)
    check_list(natter, private, ["  %s nick: alice (you are in it)" % lounge])
    stored = private_bookmarks(other, alice)
    check(list(stored) == [lounge] and stored[lounge][0] in ("false", "0")
          and stored[lounge][1] == "alice",
          "after autojoin off, another client sees %r" % stored)
    # Added again without a word on autojoin: it stays off (natter writes
    # the same bookmark; a second later neither it nor the server has
    # autojoin on).
    natter.ok("/bookmark add %s" % lounge)
    time.sleep(1)
    check_list(natter, private, ["  %s nick: alice (you are in it)" % lounge])
    stored = private_bookmarks(other, alice)
    check(stored[lounge][0] in ("false", "0"),
          "after /bookmark add without autojoin, another client sees %r" % stored)
    natter.quit_cleanly()

    natter = new_natter(tb, conf)
    check_bookmark(bookmark_event(natter, lounge, what="the bookmark at login"),
                   "alice", False)
    time.sleep(3)
    joining = natter.find({"event": "room", "room": lounge, "change": "joining"})
    check(not joining, "natter entered a room bookmarked without autojoin: %s"
          % [show(e) for e in joining])
    check_list(natter, private, ["  %s nick: alice" % lounge])
    natter.quit_cleanly()


def body(tb):
    pep_scenario(tb)
    # The same account on a server without mod_bookmarks: a test bed of
    # its own, inside this one's work directory.
    try:
        old = testbed.Testbed(os.path.join(tb.workdir, "xep0048"),
                              without_modules=("bookmarks",))
    except RuntimeError as e:
        raise TestFailure("the XEP-0048 test bed did not start: %s" % e)
    passed = False
    try:
        private_scenario(old)
        passed = True
    finally:
        if not passed:
            print("---- the XEP-0048 test bed ----", flush=True)
            try:
                print(old.diagnostics(), flush=True)
            except Exception:
                traceback.print_exc(file=sys.stdout)
        old.stop()


if __name__ == "__main__":
    testbed.run_test(body)
