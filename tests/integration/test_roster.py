#!/usr/bin/python3
"""The roster (RFC 6121 2) against Prosody, with a slixmpp peer.

Asserts through natter's headless events and command results:
  - at login the roster arrives: bob and carol, subscription both;
  - /roster lists them with subscription and presence;
  - /roster add JID NAME, name, group add (twice), group remove, remove:
    each change comes back as the server's push ("roster" events);
  - a roster push from a contact (not the account's server) is ignored;
  - wrong arguments are refused in words (not a JID, a full JID, not in
    the roster);
  - the roster is cached (0600, in a 0700 directory) and the next login
    asks with its version (RFC 6121 2.6), keeps the cached items when the
    server says nothing changed, and shows them before login;
  - with a version the server does not know, the whole roster comes and
    an item only the cache had is removed.
"""

import json
import os
import stat
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def round_trip(natter):
    """A ping to the server and its answer: what the server answers in
    order (the roster request sent at login) has been answered too."""
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""),
                    what="the pong")


def roster_event(natter, jid, predicate=lambda e: True, what=None):
    return natter.wait_for(lambda e: e.get("event") == "roster"
                           and e.get("jid") == jid and predicate(e),
                           what=what or "roster event for %s" % jid)



def refused(natter, line, words):
    result = natter.command(line)
    check(result.get("ok") is False, "%s was accepted" % line)
    check(words in (result.get("error") or ""),
          "%s: error %r does not say %r" % (line, result.get("error"), words))


def body(tb):
    confdir = tb.natter_config(["alice"])
    debug_log = os.path.join(tb.workdir, "natter-debug.log")
    natter = Natter(tb, confdir)
    natter.wait_online()
    bob_jid, carol_jid = tb.jid("bob"), tb.jid("carol")
    dave = "dave@" + tb.domain

    for jid in (bob_jid, carol_jid):
        got = roster_event(natter, jid, what="%s in the roster at login" % jid)
        check(got.get("subscription") == "both" and got.get("removed") is False,
              "roster event %r" % got)

    listing = natter.ok("/roster")
    lines = listing.get("output") or []
    check(any(bob_jid in line and "[both]" in line for line in lines),
          "/roster output %r lacks bob" % lines)
    check(lines and "2 contacts" in lines[0], "/roster output %r" % lines)

    natter.ok("/roster add %s Dave D." % dave)
    got = roster_event(natter, dave, lambda e: e.get("name") == "Dave D.",
                       "dave added with his name")
    check(got.get("subscription") == "none", "dave: %r" % got)
    natter.ok("/roster name %s David" % dave)
    roster_event(natter, dave, lambda e: e.get("name") == "David", "dave renamed")
    natter.ok("/roster group add %s Friends" % dave)
    roster_event(natter, dave, lambda e: e.get("groups") == ["Friends"],
                 "dave in Friends")
    natter.ok("/roster group add %s Work Mates" % dave)
    got = roster_event(natter, dave,
                       lambda e: e.get("groups") == ["Friends", "Work Mates"],
                       "dave in Friends and Work Mates")
    check(got.get("name") == "David", "the name was kept: %r" % got)
    natter.ok("/roster group remove %s Friends" % dave)
    roster_event(natter, dave, lambda e: e.get("groups") == ["Work Mates"],
                 "dave out of Friends")
    listing = natter.ok("/roster")
    check("Work Mates:" in (listing.get("output") or []),
          "/roster lists by group: %r" % listing.get("output"))

    refused(natter, "/roster add not@a@jid", "not a valid JID")
    refused(natter, "/roster add %s/res" % dave, "bare JIDs")
    refused(natter, "/roster name nobody@%s X" % tb.domain, "not in the roster")

    # A push from a contact is not the server's: ignored.
    bob = Peer(tb, "bob")
    bob.send_stanza("<iq type='set' id='spoof1' to='%s/natter'>"
                    "<query xmlns='jabber:iq:roster'><item jid='evil@%s' "
                    "name='Evil'/></query></iq>" % (tb.jid("alice"), tb.domain))
    natter.ok("/roster remove %s" % dave)
    roster_event(natter, dave, lambda e: e.get("removed") is True, "dave removed")
    check(not natter.find({"event": "roster", "jid": "evil@" + tb.domain}),
          "a roster push from bob was applied")
    natter.quit_cleanly()

    cache = os.path.join(confdir, "roster", "alice.json")
    check(os.path.exists(cache), "no roster cache at %s" % cache)
    check(stat.S_IMODE(os.stat(cache).st_mode) == 0o600,
          "cache mode %o" % stat.S_IMODE(os.stat(cache).st_mode))
    check(stat.S_IMODE(os.stat(os.path.dirname(cache)).st_mode) == 0o700,
          "cache directory mode %o"
          % stat.S_IMODE(os.stat(os.path.dirname(cache)).st_mode))
    with open(cache) as f:
        cached = json.load(f)
    check(cached.get("version"), "the cache has no version: %r" % cached)
    check(sorted(i["jid"] for i in cached["items"]) == [bob_jid, carol_jid],
          "cached items %r" % cached["items"])

    # The second login: the cache shows at once, the request carries the
    # version, and the server's "nothing changed" keeps the items.
    natter = Natter(tb, confdir, extra_args=["--debug-log", debug_log])
    roster_event(natter, bob_jid, what="bob from the cache")
    natter.wait_online()
    round_trip(natter)
    listing = natter.ok("/roster")
    check(any(carol_jid in line for line in listing.get("output") or []),
          "after a versioned login the roster lost carol: %r"
          % listing.get("output"))
    with open(debug_log) as f:
        sent = [line for line in f if "SENT:" in line
                and "jabber:iq:roster" in line and 'type="get"' in line]
    check(sent, "no roster request in the debug log")
    check(all('ver="%s"' % cached["version"] in line for line in sent),
          "the roster request did not carry version %s: %r"
          % (cached["version"], sent))
    check(not natter.find({"event": "roster", "removed": True}),
          "a versioned login removed items")
    natter.quit_cleanly()

    # A cache with an item the server does not have, and a version the
    # server does not know: the whole roster comes, and the stray item
    # leaves.
    ghost = "ghost@" + tb.domain
    cached["version"] = "stale"
    cached["items"].append({"jid": ghost, "name": None, "subscription": "both",
                            "ask": False, "groups": []})
    with open(cache, "w") as f:
        json.dump(cached, f)
    natter = Natter(tb, confdir)
    roster_event(natter, ghost, lambda e: e.get("removed") is False, "ghost from the cache")
    natter.wait_online()
    roster_event(natter, ghost, lambda e: e.get("removed") is True,
                 "ghost removed by the full roster")
    round_trip(natter)
    check(not natter.find({"event": "roster", "jid": bob_jid, "removed": True}),
          "a full roster removed bob")
    natter.quit_cleanly()
    bob.quit()


testbed.run_test(body)
