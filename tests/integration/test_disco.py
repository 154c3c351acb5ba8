#!/usr/bin/python3
"""Service discovery (XEP-0030), capabilities (XEP-0115), software version
(XEP-0092) and ping (XEP-0199), both ways, with a slixmpp peer.

Asserts:
  - natter's presence carries <c/> whose ver is the XEP-0115 5.1 hash of
    the identity and features natter lists in disco#info (computed here,
    independently), and disco#info at that node#ver gives the same list;
  - an unknown node is item-not-found; disco#items is empty;
  - a version request gets name "natter" and a version, no OS; with
    privacy.version_reply off it is refused, the feature leaves disco and
    a new presence with a new ver goes out;
  - pings are answered;
  - /ping shows a round trip from the server, and the error in words for
    a resource that is not there; /disco info and items, /version of the
    server show in words (Prosody's identity and version).
"""

import base64
import hashlib
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

DISCO = "http://jabber.org/protocol/disco#info"
CAPS = "{http://jabber.org/protocol/caps}c"


def caps_of(presence_xml):
    c = ET.fromstring(presence_xml).find(CAPS)
    check(c is not None, "no <c/> in natter's presence: %s" % presence_xml)
    return c.get("node"), c.get("ver"), c.get("hash")


def ask(bob, tb, to, payload, counter=[0]):
    counter[0] += 1
    iq_id = "t%d" % counter[0]
    bob.send_stanza("<iq type='get' id='%s' to='%s'>%s</iq>" % (iq_id, to, payload))
    got = bob.wait_for({"event": "iq", "id": iq_id}, what="answer to %s" % payload)
    return got, ET.fromstring(got["xml"])


def verification_string(query):
    """XEP-0115 5.1 from a disco#info <query/> element."""
    ns = "{%s}" % DISCO
    identities = sorted((i.get("category"), i.get("type"),
                         i.get("{http://www.w3.org/XML/1998/namespace}lang") or "",
                         i.get("name") or "") for i in query.findall(ns + "identity"))
    features = sorted(f.get("var") for f in query.findall(ns + "feature"))
    s = "".join("%s/%s/%s/%s<" % i for i in identities) + "".join(f + "<" for f in features)
    return base64.b64encode(hashlib.sha1(s.encode("utf-8")).digest()).decode(), features


def body(tb):
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    full = tb.jid("alice") + "/natter"
    presence = bob.wait_for(lambda e: e.get("event") == "presence"
                            and e.get("from") == full, what="natter's presence")
    node, ver, hash_name = caps_of(presence["xml"])
    check(hash_name == "sha-1", "caps hash %r" % hash_name)

    got, iq = ask(bob, tb, full, "<query xmlns='%s'/>" % DISCO)
    check(got["type"] == "result", "disco#info: %s" % got["xml"])
    query = iq.find("{%s}query" % DISCO)
    identity = query.find("{%s}identity" % DISCO)
    check(identity is not None and identity.get("category") == "client"
          and identity.get("type") == "console", "identity: %s" % got["xml"])
    computed, features = verification_string(query)
    check(computed == ver, "advertised ver %s, computed from disco %s" % (ver, computed))
    for feature in ("urn:xmpp:receipts", "urn:xmpp:ping", "jabber:iq:version",
                    "http://jabber.org/protocol/chatstates", "urn:xmpp:message-correct:0"):
        check(feature in features, "disco#info lacks %s: %r" % (feature, features))

    got, iq = ask(bob, tb, full, "<query xmlns='%s' node='%s#%s'/>" % (DISCO, node, ver))
    check(got["type"] == "result"
          and iq.find("{%s}query" % DISCO).get("node") == "%s#%s" % (node, ver),
          "disco#info at node#ver: %s" % got["xml"])
    got, _ = ask(bob, tb, full, "<query xmlns='%s' node='other#x'/>" % DISCO)
    check(got["type"] == "error" and "item-not-found" in got["xml"],
          "an unknown node: %s" % got["xml"])
    got, iq = ask(bob, tb, full,
                  "<query xmlns='http://jabber.org/protocol/disco#items'/>")
    check(got["type"] == "result" and len(list(iq.iter())) == 2,
          "disco#items not empty: %s" % got["xml"])

    got, iq = ask(bob, tb, full, "<query xmlns='jabber:iq:version'/>")
    check(got["type"] == "result", "version: %s" % got["xml"])
    check(iq.find(".//{jabber:iq:version}name").text == "natter"
          and iq.find(".//{jabber:iq:version}version").text
          and iq.find(".//{jabber:iq:version}os") is None,
          "version answer: %s" % got["xml"])
    got, _ = ask(bob, tb, full, "<ping xmlns='urn:xmpp:ping'/>")
    check(got["type"] == "result", "ping: %s" % got["xml"])

    natter.ok("/set privacy.version_reply off")
    presence = bob.wait_for(lambda e: e.get("event") == "presence"
                            and e.get("from") == full and caps_of(e["xml"])[1] != ver,
                            what="a presence with new caps")
    got, iq = ask(bob, tb, full, "<query xmlns='jabber:iq:version'/>")
    check(got["type"] == "error" and "service-unavailable" in got["xml"],
          "version with privacy.version_reply off: %s" % got["xml"])
    got, iq = ask(bob, tb, full, "<query xmlns='%s'/>" % DISCO)
    computed, features = verification_string(iq.find("{%s}query" % DISCO))
    check("jabber:iq:version" not in features, "version still in disco: %r" % features)
    check(computed == caps_of(presence["xml"])[1], "new caps ver does not match disco")

    natter.ok("/ping")
    natter.wait_for(lambda e: e.get("event") == "log"
                    and re.match(r"pong from %s in \d+(\.\d)? ms$" % tb.domain,
                                 e.get("text") or ""), what="pong from the server")
    # The server answers for a bare JID; a resource that is not there
    # gets an error.
    natter.ok("/ping %s/nosuch" % tb.jid("bob"))
    natter.wait_for(lambda e: e.get("event") == "log" and (e.get("text") or "").startswith(
        "ping of %s/nosuch: " % tb.jid("bob")) and "(" in e["text"],
        what="the ping error in words")
    natter.ok("/disco info")
    natter.wait_for(lambda e: e.get("event") == "log"
                    and (e.get("text") or "").startswith(
                        "disco info of %s: identity server/im" % tb.domain),
                    what="the server's identity")
    natter.ok("/disco items")
    natter.wait_for(lambda e: e.get("event") == "log" and re.match(
        r"disco items of %s: \d+ items?$" % tb.domain, e.get("text") or ""),
        what="the server's items")
    natter.ok("/version")
    natter.wait_for(lambda e: e.get("event") == "log"
                    and (e.get("text") or "").startswith("%s runs Prosody " % tb.domain),
                    what="the server's version")
    result = natter.command("/version not@a@jid")
    check(result.get("ok") is False and "not a valid JID" in (result.get("error") or ""),
          "/version with a bad JID: %r" % result)
    natter.quit_cleanly()
    bob.quit()


testbed.run_test(body)
