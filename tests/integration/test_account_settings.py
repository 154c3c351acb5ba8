#!/usr/bin/python3
"""Per-account settings (status, priority, nick, autojoin) and /account
rename, on the private Prosody with slixmpp peers.

alice's accounts.ini group is "alice" with status = away in a meeting,
priority = 7, nick = Ally and autojoin = the room bob made; bob (slixmpp)
is in her roster and in the room.

Asserts:
  - at login bob receives alice's presence with show away, status text
    "in a meeting" and priority 7, without any /status;
  - natter enters the autojoin room by itself as Ally, and bob sees Ally
    come in;
  - /account show alice lists status, priority, nick and autojoin;
  - /account set alice status dnd busy: bob receives show dnd "busy" at
    once, and the result says it is in effect now; /account set alice
    priority 200 is refused naming the range, the file unchanged;
  - /account set alice nick Bee: the next /join of another room enters
    as Bee;
  - /account rename alice al is refused while connected; after
    /disconnect, a message to bob typed meanwhile waits; the rename
    answers, an account_renamed event names old and new, accounts.ini
    has [al] where [alice] was with the same keys, /account list shows
    al and no alice, and the cached roster file moved to al's name;
  - /connect al: online as account al; the waiting message reaches bob;
    natter enters the autojoin room again; bob's message to alice
    arrives on account al, and /msg -a al to bob leaves from alice's JID;
  - /account rename to a name taken or with a bracket is refused;
  - a group of accounts.ini with a bad port is listed by /account list
    as "not loaded" with the reason; /account show names the reason and
    the fixes; /account remove asks, then removes its group, leaving
    the rest of the file as it was.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import mucpeer as muc  # noqa: E402
from testbed import Natter, Peer, check, wait_until  # noqa: E402


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def alice_presence(tb, predicate):
    alice = tb.jid("alice")
    return lambda e: (e.get("event") == "presence" and e.get("type") != "unavailable"
                      and (e.get("from") or "").split("/")[0] == alice
                      and predicate(e))


def body(tb):
    room = "lounge@" + tb.muc_domain
    other_room = "den@" + tb.muc_domain
    bob = Peer(tb, "bob")
    muc.create_room(bob, room, "bob")
    muc.create_room(bob, other_room, "bob")

    confdir = tb.natter_config({"alice": {"status": "away in a meeting", "priority": "7",
                                          "nick": "Ally", "autojoin": room}})
    path = os.path.join(confdir, "accounts.ini")
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n[broken]\njid = %s\nport = none\n" % tb.jid("carol"))
    # With --config-dir, natter keeps its data there too.
    roster_dir = os.path.join(confdir, "roster")
    mark = bob.mark()
    natter = Natter(tb, confdir)
    natter.wait_online()

    got = bob.wait_for(alice_presence(tb, lambda e: e.get("show") == "away"), since=mark,
                       what="alice's presence at login")
    check(got.get("status") == "in a meeting" and str(got.get("priority")) == "7",
          "alice's presence at login: %r" % got)
    joined = natter.wait_for({"event": "room", "room": room, "change": "joined"},
                             what="natter entering the autojoin room")
    check(joined.get("nick") == "Ally", "entered the autojoin room as %r" % joined)
    bob.wait_for(lambda e: e.get("event") == "presence" and muc.is_from(e, room, "Ally"),
                 since=mark, what="Ally entering %s, at bob" % room)

    shown = natter.output("/account show alice")
    for line in ("status = away in a meeting", "priority = 7", "nick = Ally",
                 "autojoin = " + room):
        check(line in shown, "/account show lacks %r: %r" % (line, shown))

    mark = bob.mark()
    said = natter.output("/account set alice status dnd busy")
    check("in effect now" in said, "/account set status: %r" % said)
    got = bob.wait_for(alice_presence(tb, lambda e: e.get("show") == "dnd"), since=mark,
                       what="alice's dnd presence")
    check(got.get("status") == "busy", "the status text with dnd: %r" % got)
    before = read(path)
    refused = natter.command("/account set alice priority 200")
    check(refused.get("ok") is False and "-128 to 127" in (refused.get("error") or ""),
          "priority 200: %r" % refused)
    check(read(path) == before, "a refused priority changed accounts.ini")

    natter.ok("/account set alice nick Bee")
    mark = natter.mark()
    natter.ok("/join %s" % other_room)
    joined = natter.wait_for({"event": "room", "room": other_room, "change": "joined"},
                             since=mark, what="natter entering %s" % other_room)
    check(joined.get("nick") == "Bee", "/join after nick Bee entered as %r" % joined)

    # Renaming: only once disconnected.
    refused = natter.command("/account rename alice al")
    check(refused.get("ok") is False and "/disconnect alice first" in (refused.get("error") or ""),
          "renaming a connected account: %r" % refused)
    natter.ok("/disconnect alice")
    natter.wait_session("disconnected", account="alice")
    wait_until(lambda: os.path.exists(os.path.join(roster_dir, "alice.json")),
               testbed.DEFAULT_TIMEOUT, "alice's roster cache")
    natter.ok("/msg -a alice %s written while away" % tb.jid("bob"))
    lines = read(path).splitlines()
    said = natter.output("/account rename alice al")
    check("alice is now named al" in said, "/account rename: %r" % said)
    renamed = natter.wait_for({"event": "account_renamed"}, what="account_renamed")
    check(renamed.get("account") == "al" and renamed.get("old") == "alice",
          "account_renamed event: %r" % renamed)
    after = read(path).splitlines()
    check(after == ["[al]" if line == "[alice]" else line for line in lines],
          "accounts.ini after the rename:\n%s" % read(path))
    listed = natter.output("/account list")
    check(listed.startswith("al: %s/natter, disconnected" % tb.jid("alice"))
          and "alice:" not in listed, "/account list after the rename: %r" % listed)
    check(os.path.exists(os.path.join(roster_dir, "al.json"))
          and not os.path.exists(os.path.join(roster_dir, "alice.json")),
          "the roster cache did not follow: %r" % os.listdir(roster_dir))
    for name, why in (("al", "already an account named 'al'"), ("x]", "bracket")):
        refused = natter.command("/account rename al %s" % name)
        check(refused.get("ok") is False and why in (refused.get("error") or ""),
              "/account rename al %s: %r" % (name, refused))

    mark = natter.mark()
    natter.ok("/connect al")
    natter.wait_session("online", account="al")
    got = bob.wait_message(lambda e: e.get("body") == "written while away")
    check(got.get("from", "").split("/")[0] == tb.jid("alice"),
          "the waiting message came from %r" % got.get("from"))
    joined = natter.wait_for({"event": "room", "room": room, "change": "joined"},
                             since=mark, what="the autojoin room after /connect al")
    check(joined.get("account") == "al", "autojoin room entered on %r" % joined)
    bob.send_message(tb.jid("alice"), "to the renamed account")
    got = natter.wait_for(lambda e: e.get("event") == "message"
                          and e.get("body") == "to the renamed account",
                          what="bob's message after the rename")
    check(got.get("account") == "al", "bob's message arrived on %r" % got.get("account"))
    natter.ok("/msg -a al %s hello from al" % tb.jid("bob"))
    got = bob.wait_message(lambda e: e.get("body") == "hello from al")
    check(got.get("from", "").split("/")[0] == tb.jid("alice"),
          "/msg -a al came from %r" % got.get("from"))

    # An account that could not be loaded: listed with why, removable.
    listed = natter.output("/account list")
    check("broken: not loaded: port 'none' is not a number from 1 to 65535" in listed,
          "/account list and the broken account: %r" % listed)
    refused = natter.command("/account show broken")
    check(refused.get("ok") is False and "broken was not loaded (port 'none'"
          in (refused.get("error") or "") and "/account remove" in refused.get("error"),
          "/account show broken: %r" % refused)
    before = read(path)
    asked = natter.output("/account remove broken")
    check("again" in asked and read(path) == before, "/account remove broken, once: %r" % asked)
    natter.ok("/account remove broken")
    natter.wait_for({"event": "account_forgotten", "account": "broken"},
                    what="account_forgotten for broken")
    check(read(path) == before.replace("\n[broken]\njid = %s\nport = none\n"
                                       % tb.jid("carol"), ""),
          "accounts.ini after removing broken:\n%s" % read(path))
    check("broken" not in natter.output("/account list"), "broken still listed")
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
