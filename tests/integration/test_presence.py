#!/usr/bin/python3
"""Contacts' presence (RFC 6121 4), from an independent client (slixmpp).

With natter online as alice and bob as slixmpp peers, asserts the
headless "presence" events (the contact's best show and status, and every
available resource):
  - bob coming online is reported with his resource, show "online";
  - bob going away with a status text: show "away", the text intact;
  - a second resource of bob with priority 10 and show dnd becomes the
    best one (show "dnd"), both resources listed;
  - a priority that is not a number counts as 0 (the other resource wins);
  - the second resource leaving: back to "away", one resource;
  - bob's last resource leaving: "offline", no resources, the last status
    text kept;
  - /disconnect: every contact still available is reported offline.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def presence_of(natter, jid, predicate, what, since=0):
    return natter.wait_for(lambda e: e.get("event") == "presence"
                           and e.get("jid") == jid and predicate(e),
                           what=what, since=since)


def resources(event):
    return sorted(r["resource"] for r in event.get("resources") or [])


def body(tb):
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    bob_jid = tb.jid("bob")

    bob = Peer(tb, "bob", resource="desk")
    got = presence_of(natter, bob_jid, lambda e: e.get("show") == "online",
                      "bob online")
    check(got.get("account") == "alice", "account %r" % got.get("account"))
    check(resources(got) == ["desk"], "resources %r" % got.get("resources"))

    bob.send_presence(show="away", status="gone fishing \u00e9\u65e5")
    got = presence_of(natter, bob_jid, lambda e: e.get("show") == "away",
                      "bob away")
    check(got.get("status") == "gone fishing \u00e9\u65e5",
          "status %r" % got.get("status"))

    phone = Peer(tb, "bob", resource="phone")
    phone.send_stanza("<presence><show>dnd</show><status>driving</status>"
                      "<priority>10</priority></presence>")
    got = presence_of(natter, bob_jid, lambda e: e.get("show") == "dnd",
                      "bob's phone (priority 10, dnd) as the best resource")
    check(got.get("status") == "driving", "status %r" % got.get("status"))
    check(resources(got) == ["desk", "phone"],
          "resources %r" % got.get("resources"))
    prio = {r["resource"]: r["priority"] for r in got["resources"]}
    check(prio == {"desk": 0, "phone": 10}, "priorities %r" % prio)

    # Not a number: priority 0; desk (away, more recent ties aside) and
    # phone (dnd) tie on priority, and away is more available than dnd.
    phone.send_stanza("<presence><show>dnd</show><priority>high</priority>"
                      "</presence>")
    got = presence_of(natter, bob_jid, lambda e: e.get("show") == "away",
                      "bob's phone with a priority that is not a number")
    prio = {r["resource"]: r["priority"] for r in got["resources"]}
    check(prio == {"desk": 0, "phone": 0}, "priorities %r" % prio)

    phone.quit()
    got = presence_of(natter, bob_jid,
                      lambda e: e.get("resource") == "phone"
                      and resources(e) == ["desk"], "bob's phone gone")
    check(got.get("show") == "away", "show %r" % got.get("show"))

    bob.send_stanza("<presence type='unavailable'><status>bye now</status>"
                    "</presence>")
    # (bob was reported offline at login too: wait for this one.)
    got = presence_of(natter, bob_jid, lambda e: e.get("show") == "offline"
                      and e.get("resource") == "desk", "bob offline")
    check(resources(got) == [], "resources %r" % got.get("resources"))
    check(got.get("status") == "bye now", "status %r" % got.get("status"))

    carol = Peer(tb, "carol", resource="c")
    presence_of(natter, tb.jid("carol"), lambda e: e.get("show") == "online",
                "carol online")
    # carol was reported offline at login too: only a report after the
    # /disconnect counts.
    since = natter.mark()
    natter.command("/disconnect")
    presence_of(natter, tb.jid("carol"), lambda e: e.get("show") == "offline",
                "carol reported offline when alice disconnects", since=since)
    carol.quit()
    bob.quit()
    natter.quit_cleanly()


testbed.run_test(body)
