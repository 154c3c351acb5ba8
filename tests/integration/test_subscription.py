#!/usr/bin/python3
"""Presence subscriptions (RFC 6121 3) with slixmpp peers, on accounts
that start with empty rosters.

Asserts:
  - a request from bob (with a text) reaches natter as a "subscription"
    event (pending, text intact) and waits in /sub pending;
  - /sub allow answers it: bob receives "subscribed", the request leaves
    /sub pending ("subscription" event, pending false), and the roster push
    shows bob with subscription "from";
  - /sub request carol: carol receives "subscribe" with natter's text; her
    answer (slixmpp authorizes automatically) shows as "to" or "both";
  - /sub deny refuses a request from carol: she receives "unsubscribed";
  - /sub cancel bob: bob receives "unsubscribe";
  - bad input: an invalid JID, an unknown verb, a missing JID.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402



def peer_presence(peer, kind, sender):
    return peer.wait_for(lambda e: e.get("event") == "presence"
                         and e.get("type") == kind
                         and (e.get("from") or "").split("/")[0] == sender,
                         what="%s from %s" % (kind, sender))


def body(tb):
    alice = tb.jid("alice")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    bob = Peer(tb, "bob")
    carol = Peer(tb, "carol")

    # bob asks; natter keeps the request until answered.
    bob.send_stanza("<presence to='%s' type='subscribe'><status>it is bob "
                    "\u00e9</status></presence>" % alice)
    got = natter.wait_for({"event": "subscription", "jid": bob.jid,
                           "pending": True}, what="bob's request")
    check(got.get("text") == "it is bob \u00e9", "request text %r" % got.get("text"))
    pending = natter.ok("/sub pending").get("output") or []
    check(any(bob.jid in line and "it is bob" in line for line in pending),
          "/sub pending: %r" % pending)

    natter.ok("/sub allow " + bob.jid)
    peer_presence(bob, "subscribed", alice)
    natter.wait_for({"event": "subscription", "jid": bob.jid, "pending": False},
                    what="bob's request answered")
    natter.wait_for(lambda e: e.get("event") == "roster" and e.get("jid") == bob.jid
                    and e.get("subscription") in ("from", "both"),
                    what="bob in the roster, subscribed from")
    pending = natter.ok("/sub pending").get("output") or []
    check(pending == ["no subscription request waits"], "/sub pending: %r" % pending)

    # natter asks carol; her client approves.
    natter.ok("/sub request %s hello carol" % carol.jid)
    got = peer_presence(carol, "subscribe", alice)
    check(got.get("status") == "hello carol", "carol got status %r" % got.get("status"))
    natter.wait_for(lambda e: e.get("event") == "roster" and e.get("jid") == carol.jid
                    and e.get("subscription") in ("to", "both"),
                    what="carol approves: subscription to")

    # A request natter refuses.
    # (carol's client subscribed back on its own: its request may be
    # waiting already; only what comes after each step counts.)
    dave_like = Peer(tb, "carol", resource="second")
    since = natter.mark()
    dave_like.send_stanza("<presence to='%s' type='unsubscribe'/>" % alice)
    natter.wait_for(lambda e: e.get("event") == "log"
                    and "no longer sees your presence" in (e.get("text") or ""),
                    what="carol's unsubscribe reported", since=since)
    since = natter.mark()
    dave_like.send_stanza("<presence to='%s' type='subscribe'/>" % alice)
    natter.wait_for({"event": "subscription", "jid": carol.jid, "pending": True},
                    what="carol's request", since=since)
    natter.ok("/sub deny " + carol.jid)
    peer_presence(dave_like, "unsubscribed", alice)

    since = natter.mark()
    natter.ok("/sub cancel " + bob.jid)
    # bob may have subscribed back automatically (slixmpp): then he is
    # told; the server answers for him otherwise. Either way the roster
    # shows no "to" side any more.
    natter.wait_for(lambda e: e.get("event") == "roster" and e.get("jid") == bob.jid
                    and e.get("subscription") in ("none", "from"),
                    what="our subscription to bob cancelled", since=since)

    for line, words in (("/sub allow not@a@jid", "not a valid JID"),
                        ("/sub maybe " + bob.jid, "unknown 'maybe'"),
                        ("/sub allow", "needs a JID")):
        result = natter.command(line)
        check(result.get("ok") is False and words in (result.get("error") or ""),
              "%s: %s" % (line, json.dumps(result)))
    natter.quit_cleanly()
    for peer in (bob, carol, dave_like):
        peer.quit()


testbed.run_test(body, rosters=False)
