#!/usr/bin/python3
"""Message carbons (XEP-0280): what the account's other clients send and
receive shows in natter's conversations, with slixmpp as the other client
(alice/phone) and the contact (bob).

Asserts:
  - a message alice/phone sends to bob shows in natter as an outgoing
    message ("out", to bob) in the conversation with bob;
  - a message bob sends to alice/phone shows in natter as incoming;
  - a forged carbon (from bob, not from alice's server) is dropped;
  - with im.carbons off, after reconnecting, nothing is copied any more.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def body(tb):
    alice, bob_jid = tb.jid("alice"), tb.jid("bob")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    phone = Peer(tb, "alice", resource="phone")
    bob = Peer(tb, "bob")
    # The carbons request has been answered once a command round trip is
    # over after login; a ping is such a round trip.
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""))

    phone.send_message(bob_jid, "sent from my phone")
    got = natter.wait_for({"event": "message", "body": "sent from my phone"},
                          what="the sent carbon")
    check(got.get("direction") == "out" and got.get("to", "").startswith(bob_jid)
          and got.get("from") == alice + "/phone", "sent carbon as %r" % got)
    bob.wait_message(lambda m: m["body"] == "sent from my phone")

    bob.send_message(alice + "/phone", "to your phone")
    got = natter.wait_for({"event": "message", "body": "to your phone"},
                          what="the received carbon")
    check(got.get("direction") == "in" and got.get("from") == bob.full_jid,
          "received carbon as %r" % got)

    bob.send_stanza(
        "<message to='%s/natter' type='chat'><received xmlns='urn:xmpp:carbons:2'>"
        "<forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' "
        "from='carol@%s/x' to='%s' type='chat'><body>forged</body></message>"
        "</forwarded></received></message>" % (alice, tb.domain, alice))
    bob.send_message(alice + "/natter", "after the forgery")
    natter.wait_for({"event": "message", "body": "after the forgery"})
    check(not natter.find({"event": "message", "body": "forged"}),
          "a carbon forged by bob was shown")

    natter.ok("/set im.carbons off")
    natter.ok("/disconnect")
    natter.wait_session("disconnected")
    natter.ok("/connect")
    natter.wait_session("online")
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""))
    phone.send_message(bob_jid, "not copied")
    bob.wait_message(lambda m: m["body"] == "not copied")
    bob.send_message(alice + "/natter", "marker")
    natter.wait_for({"event": "message", "body": "marker"})
    check(not natter.find({"event": "message", "body": "not copied"}),
          "carbons still came with im.carbons off")
    natter.quit_cleanly()
    phone.quit()
    bob.quit()


testbed.run_test(body)
