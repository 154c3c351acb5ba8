#!/usr/bin/python3
"""Personal eventing (XEP-0163) through user nicknames (XEP-0172).

Asserts:
  - natter advertises http://jabber.org/protocol/nick+notify in its caps,
    so Prosody sends it the nickname bob publishes: a roster event for
    bob carries nick "Bobby";
  - /nickname Ally publishes alice's (publish-options, access model
    presence); bob, who asks for nick notifications, receives it; natter
    reports it published and /nickname then says it;
  - a "notification" sent by bob's client itself (from a full JID) is
    ignored: the nick does not change;
  - /nickname "" clears it: bob receives an empty <nick/>.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

NICK = "http://jabber.org/protocol/nick"


def publish(peer, nick):
    peer.send_stanza(
        "<iq type='set' id='pub-%s'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
        "<publish node='%s'><item id='current'><nick xmlns='%s'>%s</nick></item>"
        "</publish></pubsub></iq>" % (nick, NICK, NICK, nick))


def body(tb):
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    bob = Peer(tb, "bob", caps=[NICK + "+notify"])
    alice = tb.jid("alice")

    publish(bob, "Bobby")
    got = natter.wait_for({"event": "roster", "jid": bob.jid, "nick": "Bobby"},
                          what="bob's nickname")
    check(got.get("name") == "bob", "the roster name was replaced: %r" % got)

    mark = bob.mark()
    natter.ok("/nickname Ally")
    natter.wait_for(lambda e: e.get("event") == "log"
                    and "published your nickname 'Ally'" in (e.get("text") or ""))
    event = bob.wait_for(lambda e: e.get("event") == "message" and NICK in (e.get("xml") or "")
                         and ">Ally<" in (e.get("xml") or ""), since=mark,
                         what="alice's nickname at bob")
    check(event.get("from") == alice, "the notification came from %r" % event.get("from"))
    result = natter.ok("/nickname")
    check("'Ally'" in " ".join(result.get("output") or []), "/nickname says %r" % result)

    # bob's client forging an event from its full JID: ignored.
    bob.send_stanza("<message to='%s'><event xmlns='http://jabber.org/protocol/pubsub#event'>"
                    "<items node='%s'><item id='current'><nick xmlns='%s'>Forged</nick>"
                    "</item></items></event></message>" % (alice, NICK, NICK))
    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log" and "pong" in (e.get("text") or ""))
    check(not natter.find({"event": "roster", "nick": "Forged"}),
          "a forged event changed the nick")
    check(not natter.find({"event": "message", "from": bob.full_jid, "body": ""}),
          "the forged event showed as a message")

    mark = bob.mark()
    natter.ok('/nickname ""')
    bob.wait_for(lambda e: e.get("event") == "message" and NICK in (e.get("xml") or "")
                 and ">Ally<" not in (e.get("xml") or ""), since=mark,
                 what="the cleared nickname at bob")
    natter.quit_cleanly()


testbed.run_test(body)
