#!/usr/bin/python3
"""Entity capabilities of others (XEP-0115): learnt, verified, used.

bob's client (slixmpp) announces capabilities without receipts or
corrections; carol's announces receipts and corrections. Asserts:

  - natter asks each new ver once (disco#info to node#ver) and keeps the
    verified answer in caps.json in its data directory;
  - to bob's full JID (the conversation locked to it) natter requests no
    receipt (XEP-0184 5: the client does not support them); /correct is
    refused in words, and nothing is sent;
  - to carol's full JID the receipt is requested and /correct goes out;
  - after a restart, caps.json answers: natter asks nobody again.
"""

import json
import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

RECEIPTS = "urn:xmpp:receipts"
CORRECT = "urn:xmpp:message-correct:0"


def caps_queries(peer):
    """The disco#info queries natter sent the peer with a caps node."""
    return [e for e in peer.events if e.get("event") == "iq_get"
            and e.get("from", "").endswith("/natter")
            and "disco#info" in (e.get("xml") or "") and "node=" in (e.get("xml") or "")]


def learnt(natter, tb, peer):
    """Wait until the peer's caps are in natter's cache."""
    path = os.path.join(natter.confdir, "caps.json")

    def ready():
        try:
            with open(path, encoding="utf-8") as f:
                cache = json.load(f)
        except (OSError, ValueError):
            return False
        return any("http://jabber.org/protocol/caps" in features
                   for features in cache.values()) and len(cache) >= peer
    testbed.wait_until(ready, 10, "caps.json with %d entries" % peer)
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def body(tb):
    confdir = tb.natter_config(["alice"])
    natter = Natter(tb, confdir)
    natter.confdir = confdir
    natter.wait_online()
    alice = tb.jid("alice")
    bob = Peer(tb, "bob", caps=[])
    carol = Peer(tb, "carol", caps=[RECEIPTS, CORRECT])
    cache = learnt(natter, tb, 2)
    check(any(RECEIPTS in f for f in cache.values())
          and any(RECEIPTS not in f for f in cache.values()),
          "caps.json does not hold both clients: %r" % cache)
    check(os.stat(os.path.join(confdir, "caps.json")).st_mode & 0o777 == 0o600,
          "caps.json is not 0600")
    for peer in (bob, carol):
        check(len(caps_queries(peer)) == 1, "%s was asked %d times for its caps"
              % (peer.jid, len(caps_queries(peer))))

    # Lock both conversations to the full JIDs.
    bob.send_message(alice, "hi from bob")
    carol.send_message(alice, "hi from carol")
    natter.wait_for({"event": "message", "body": "hi from bob"})
    natter.wait_for({"event": "message", "body": "hi from carol"})

    natter.ok("/msg %s to bob" % bob.jid)
    got = bob.wait_message(lambda m: m["body"] == "to bob")
    check(RECEIPTS not in got["xml"], "receipt requested from a client without them: %s"
          % got["xml"])
    result = natter.command("/correct -t %s to bob, fixed" % bob.jid)
    check(result.get("ok") is False and "cannot apply corrections" in
          (result.get("error") or ""), "/correct to bob: %r" % result)

    natter.ok("/msg %s to carol" % carol.jid)
    got = carol.wait_message(lambda m: m["body"] == "to carol")
    check(RECEIPTS in got["xml"], "no receipt request to a client with them: %s"
          % got["xml"])
    natter.ok("/correct -t %s to carol, fixed" % carol.jid)
    got = carol.wait_message(lambda m: m["body"] == "to carol, fixed")
    check(CORRECT in got["xml"], "the correction has no <replace/>: %s" % got["xml"])
    natter.quit_cleanly()

    # A restart: the cache answers, nobody is asked.
    natter = Natter(tb, confdir)
    natter.wait_online()
    # The peers' presence reaches the new session; then a round trip.
    bob.wait_for(lambda e: e.get("event") == "presence" and e.get("from") == alice + "/natter"
                 and e.get("type") == "available", since=len(bob.events) - 1)
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""))
    time.sleep(1)
    for peer in (bob, carol):
        check(len(caps_queries(peer)) == 1, "%s was asked again after a restart"
              % peer.jid)
    natter.ok("/msg %s after restart" % bob.full_jid)
    got = bob.wait_message(lambda m: m["body"] == "after restart")
    check(RECEIPTS not in got["xml"], "the cache was not used after a restart: %s"
          % got["xml"])
    natter.quit_cleanly()


testbed.run_test(body)
