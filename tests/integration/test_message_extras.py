#!/usr/bin/python3
"""What one-to-one messages carry besides their body, with a slixmpp
peer: XEP-0359 origin-id, XEP-0184 receipts, XEP-0085 chat states,
XEP-0308 corrections.

Asserts:
  - natter's message carries an origin-id equal to its id, a receipt
    request and <active/>;
  - bob's receipt for it turns it "delivered" (message_update event);
  - bob's message with a receipt request gets a receipt naming its id
    (bob is in alice's roster with subscription both);
  - bob's standalone <composing/> and <paused/> become chat_state events;
  - bob's correction of his last message changes it (message_update:
    edited, new body) without a new message; so does one from another
    resource of bob (same bare JID); carol's "correction" of bob's message
    is not applied (it shows as a message of her own);
  - /correct -t bob@...: bob receives the new text with <replace/> naming
    the first message; natter reports it edited; a second correction
    still names the first message;
  - /correct without anything sent to that contact is refused in words.
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402



def body(tb):
    alice = tb.jid("alice")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    bob = Peer(tb, "bob", resource="desk")
    other = Peer(tb, "bob", resource="other")

    natter.ok("/msg %s first words" % bob.jid)
    out = natter.wait_for({"event": "message", "direction": "out", "body": "first words"})
    got = bob.wait_message(lambda m: m["body"] == "first words")
    xml = got["xml"]
    check(re.search(r"<origin-id [^>]*id=\"%s\"" % re.escape(out["id"]), xml)
          and "urn:xmpp:sid:0" in xml, "no origin-id with the message id in %s" % xml)
    check("<request xmlns=\"urn:xmpp:receipts\"" in xml, "no receipt request in %s" % xml)
    check("<active xmlns=\"http://jabber.org/protocol/chatstates\"" in xml,
          "no <active/> in %s" % xml)

    bob.send_stanza("<message to='%s'><received xmlns='urn:xmpp:receipts' id='%s'/>"
                    "</message>" % (alice, out["id"]))
    # (The server's acknowledgement, XEP-0198, may come first: "acked".)
    got = natter.wait_for({"event": "message_update", "id": out["id"],
                           "delivery": "delivered"},
                          what="the receipt's message_update")
    check(got.get("direction") == "out",
          "message_update %r" % got)

    bob.send_stanza("<message to='%s' type='chat' id='bob-1'><body>please confirm</body>"
                    "<request xmlns='urn:xmpp:receipts'/></message>" % alice)
    got = bob.wait_for(lambda e: e.get("event") == "message"
                       and "urn:xmpp:receipts" in (e.get("xml") or "")
                       and "received" in e["xml"], what="natter's receipt")
    check('id="bob-1"' in got["xml"].split("received", 1)[1],
          "the receipt names another message: %s" % got["xml"])

    bob.send_stanza("<message to='%s' type='chat'><composing "
                    "xmlns='http://jabber.org/protocol/chatstates'/></message>" % alice)
    natter.wait_for({"event": "chat_state", "jid": bob.jid, "state": "composing"})
    bob.send_stanza("<message to='%s' type='chat'><paused "
                    "xmlns='http://jabber.org/protocol/chatstates'/></message>" % alice)
    natter.wait_for({"event": "chat_state", "jid": bob.jid, "state": "paused"})

    bob.send_stanza("<message to='%s' type='chat' id='bob-2'><body>helo</body></message>"
                    % alice)
    natter.wait_for({"event": "message", "direction": "in", "body": "helo"})
    bob.send_stanza("<message to='%s' type='chat' id='bob-3'><body>hello</body>"
                    "<replace xmlns='urn:xmpp:message-correct:0' id='bob-2'/></message>"
                    % alice)
    got = natter.wait_for({"event": "message_update", "id": "bob-2"},
                          what="bob's correction applied")
    check(got.get("edited") is True and got.get("body") == "hello", "update %r" % got)
    check(not natter.find({"event": "message", "body": "hello"}),
          "the correction also came as a new message")
    # XEP-0308 business rules: in a direct conversation the same bare JID
    # may correct (another resource of bob's); another sender may not.
    other.send_stanza("<message to='%s' type='chat' id='x-1'><body>hello again</body>"
                      "<replace xmlns='urn:xmpp:message-correct:0' id='bob-2'/></message>"
                      % alice)
    natter.wait_for({"event": "message_update", "id": "bob-2", "body": "hello again"},
                    what="a correction from bob's other resource")
    carol = Peer(tb, "carol")
    carol.send_stanza("<message to='%s' type='chat' id='c-1'><body>hijack</body>"
                      "<replace xmlns='urn:xmpp:message-correct:0' id='bob-2'/></message>"
                      % alice)
    natter.wait_for({"event": "message", "direction": "in", "body": "hijack"},
                    what="carol's 'correction' of bob's message shown as her message")
    check(not natter.find({"event": "message_update", "body": "hijack"}),
          "carol corrected bob's message")

    # bob last wrote from "other": the conversation is locked there.
    natter.ok("/correct -t %s first words, corrected" % bob.jid)
    got = other.wait_message(lambda m: m["body"] == "first words, corrected")
    check(re.search(r"<replace [^>]*id=\"%s\"" % re.escape(out["id"]), got["xml"]),
          "the correction does not name the first message: %s" % got["xml"])
    upd = natter.wait_for({"event": "message_update", "id": out["id"],
                           "body": "first words, corrected"})
    check(upd.get("edited") is True, "own correction %r" % upd)
    natter.ok("/correct -t %s first words, again" % bob.jid)
    got = other.wait_message(lambda m: m["body"] == "first words, again")
    check(re.search(r"<replace [^>]*id=\"%s\"" % re.escape(out["id"]), got["xml"]),
          "a second correction must name the first message: %s" % got["xml"])

    result = natter.command("/correct -t carol@%s nothing yet" % tb.domain)
    check(result.get("ok") is False and "nothing" in (result.get("error") or ""),
          "/correct with nothing sent: %s" % json.dumps(result))
    natter.quit_cleanly()
    bob.quit()
    other.quit()
    carol.quit()


testbed.run_test(body)
