#!/usr/bin/python3
"""vcard-temp (XEP-0054) and last activity (XEP-0012) with slixmpp peers.

Asserts:
  - /vcard set changes one field at a time: bob fetching alice's vCard
    sees FN, NICKNAME and ADR/LOCALITY as set; setting country keeps the
    locality in the same ADR; /vcard set nickname without a value removes
    it;
  - /vcard JID shows bob's vCard field by field, /vcard alice's own;
  - an unknown field and a bad JID are refused in words;
  - natter answers a contact's last activity query with the idle time;
  - /lastactivity of the server tells its uptime; of a resource that is
    not there, the error in words.
"""

import os
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

V = "{vcard-temp}"


def logged(natter, text):
    return natter.wait_for(lambda e: e.get("event") == "log" and e.get("text") == text,
                           what="the console line %r" % text)


def fetch(bob, jid, counter=[0]):
    counter[0] += 1
    iq_id = "v%d" % counter[0]
    bob.send_stanza("<iq type='get' id='%s' to='%s'><vCard xmlns='vcard-temp'/></iq>"
                    % (iq_id, jid))
    got = bob.wait_for({"event": "iq", "id": iq_id}, what="alice's vCard")
    check(got["type"] == "result", "vCard fetch: %s" % got["xml"])
    return ET.fromstring(got["xml"]).find(V + "vCard")


def body(tb):
    alice = tb.jid("alice")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    bob = Peer(tb, "bob")

    for field, value in (("fn", "Alice Liddell"), ("nickname", "ally"),
                         ("locality", "Oxford")):
        natter.ok("/vcard set %s %s" % (field, value))
        logged(natter, "vcard: %s set" % field)
    card = fetch(bob, alice)
    check(card.findtext(V + "FN") == "Alice Liddell", "FN: %s" % ET.tostring(card))
    check(card.findtext(V + "NICKNAME") == "ally", "NICKNAME: %s" % ET.tostring(card))
    check(card.findtext(V + "ADR/" + V + "LOCALITY") == "Oxford",
          "LOCALITY: %s" % ET.tostring(card))

    natter.ok("/vcard set country United Kingdom")
    logged(natter, "vcard: country set")
    natter.ok("/vcard set nickname")
    logged(natter, "vcard: nickname removed")
    card = fetch(bob, alice)
    check(card.findtext(V + "ADR/" + V + "LOCALITY") == "Oxford"
          and card.findtext(V + "ADR/" + V + "CTRY") == "United Kingdom"
          and len(card.findall(V + "ADR")) == 1, "ADR: %s" % ET.tostring(card))
    check(card.find(V + "NICKNAME") is None, "NICKNAME not removed: %s" % ET.tostring(card))
    check(card.findtext(V + "FN") == "Alice Liddell", "FN lost: %s" % ET.tostring(card))

    bob.send_stanza("<iq type='set' id='bv'><vCard xmlns='vcard-temp'><FN>Bob Builder</FN>"
                    "<URL>http://bob.example/</URL></vCard></iq>")
    bob.wait_for({"event": "iq", "id": "bv"}, what="bob's vCard stored")
    natter.ok("/vcard " + bob.jid)
    logged(natter, "vcard of %s: fn Bob Builder" % bob.jid)
    logged(natter, "vcard of %s: url http://bob.example/" % bob.jid)
    natter.ok("/vcard")
    logged(natter, "vcard of %s: fn Alice Liddell" % alice)
    logged(natter, "vcard of %s: country United Kingdom" % alice)

    for line, words in (("/vcard set colour blue", "unknown field 'colour'"),
                        ("/vcard not@a@jid", "not a valid JID")):
        result = natter.command(line)
        check(result.get("ok") is False and words in (result.get("error") or ""),
              "%s: %r" % (line, result))

    # natter answers XEP-0012 for its client: the user's idle time, to a
    # contact with a presence subscription (bob).
    bob.send_stanza("<iq type='get' id='last1' to='%s/natter'>"
                    "<query xmlns='jabber:iq:last'/></iq>" % alice)
    got = bob.wait_for({"event": "iq", "id": "last1"}, what="natter's idle time")
    query = ET.fromstring(got["xml"]).find("{jabber:iq:last}query")
    check(got["type"] == "result" and query is not None
          and 0 <= int(query.get("seconds")) < 120,
          "idle time answer: %s" % got["xml"])

    natter.ok("/lastactivity " + tb.domain)
    natter.wait_for(lambda e: e.get("event") == "log" and (e.get("text") or "").startswith(
        "last activity of %s: " % tb.domain) and (e.get("text") or "").endswith(" s"),
        what="the server's uptime")
    natter.ok("/lastactivity %s/nosuch" % tb.jid("carol"))
    natter.wait_for(lambda e: e.get("event") == "log" and (e.get("text") or "").startswith(
        "last activity of %s/nosuch: " % tb.jid("carol")) and "(" in e["text"],
        what="the error in words")
    natter.quit_cleanly()
    bob.quit()


testbed.run_test(body)
