#!/usr/bin/python3
"""Messages both ways between natter and an independent client (slixmpp).

Asserts, with bob as the slixmpp peer:
  - /msg from natter reaches bob with the body byte-for-byte, including
    non-ASCII (accents, an em dash, CJK, an emoji outside the BMP), and
    natter reports it as an "out" message event;
  - a message from bob reaches natter as an "in" message event whose body is
    intact (non-ASCII, and a multi-line body with indentation), whose "from"
    has bob's bare JID, type chat, a timestamp in UTC ISO 8601 form;
  - the JSON lines stay ASCII (non-ASCII escaped as \\uXXXX);
  - a headline (RFC 6121 5.2.2) arrives as type headline with its
    subject, and does not lock the conversation to the sender's resource
    (natter's next message goes to the bare JID); a normal message keeps
    its subject; a subject without a body is still shown.
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

UNICODE_TEXT = "h\u00e9llo w\u00f6rld \u2014 \u65e5\u672c\u8a9e \U0001f389"
MULTILINE_TEXT = "first line\nsecond line\n  indented third \u00e9\n\nfifth"
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def bare(jid):
    return (jid or "").split("/")[0]


def raw_line_of(natter, event):
    """The stdout line an event was parsed from."""
    for raw in natter.raw_lines:
        try:
            if json.loads(raw) == event:
                return raw
        except ValueError:
            continue
    return None


def natter_to_peer(tb, natter, bob):
    for text in (UNICODE_TEXT, "plain ascii, with  two spaces"):
        result = natter.command("/msg %s %s" % (bob.jid, text))
        check(result.get("ok") is True, "/msg failed: %s" % json.dumps(result))
        got = bob.wait_message(lambda m: bare(m["from"]) == tb.jid("alice"))
        check(got["body"] == text, "peer received body %r, sent %r"
              % (got["body"], text))
        check(got["type"] == "chat", "peer received type %r" % got["type"])
        out = natter.wait_for({"event": "message", "direction": "out",
                               "body": text})
        check(bare(out.get("to")) == bob.jid,
              "out event has to=%r" % out.get("to"))
        check(out.get("account") == "alice",
              "out event has account=%r" % out.get("account"))


def peer_to_natter(tb, natter, bob):
    for text in (UNICODE_TEXT, MULTILINE_TEXT):
        bob.send_message(tb.jid("alice"), text)
        got = natter.wait_for(lambda e: e.get("event") == "message"
                              and e.get("direction") == "in"
                              and bare(e.get("from")) == bob.jid)
        check(got.get("body") == text, "natter reported body %r, peer sent %r"
              % (got.get("body"), text))
        check(got.get("from") == bob.full_jid,
              "in event has from=%r, expected %s" % (got.get("from"),
                                                     bob.full_jid))
        check(bare(got.get("to")) == tb.jid("alice"),
              "in event has to=%r" % got.get("to"))
        check(got.get("type") == "chat", "in event has type=%r"
              % got.get("type"))
        check(got.get("account") == "alice", "in event has account=%r"
              % got.get("account"))
        check(TIMESTAMP.match(got.get("timestamp") or ""),
              "in event has timestamp %r, expected UTC ISO 8601"
              % got.get("timestamp"))
        raw = raw_line_of(natter, got)
        check(raw is not None and all(b < 0x80 for b in raw),
              "non-ASCII not escaped in the JSON line: %r" % raw)


def kinds(tb, natter, bob):
    alice = tb.jid("alice")
    carol = Peer(tb, "carol")
    carol.send_stanza("<message to='%s' type='headline'><subject>News</subject>"
                      "<body>the server restarts at noon</body></message>" % alice)
    got = natter.wait_for({"event": "message", "body": "the server restarts at noon"})
    check(got.get("type") == "headline" and got.get("subject") == "News"
          and got.get("from") == carol.full_jid, "headline as %r" % got)
    # No lock to carol's resource: natter answers her bare JID.
    natter.ok("/msg %s after the headline" % carol.jid)
    sent = carol.wait_message(lambda m: m["body"] == "after the headline")
    check('to="%s"' % carol.jid in sent["xml"],
          "a headline locked the conversation: %s" % sent["xml"])
    bob.send_stanza("<message to='%s' type='normal'><subject>Lunch?</subject>"
                    "<body>at one</body></message>" % alice)
    got = natter.wait_for({"event": "message", "body": "at one"})
    check(got.get("type") == "normal" and got.get("subject") == "Lunch?",
          "normal with subject as %r" % got)
    bob.send_stanza("<message to='%s' type='headline'><subject>only a subject</subject>"
                    "</message>" % alice)
    got = natter.wait_for({"event": "message", "subject": "only a subject"})
    check(got.get("body") == "", "subject-only headline as %r" % got)


def body(tb):
    bob = Peer(tb, "bob")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    natter_to_peer(tb, natter, bob)
    peer_to_natter(tb, natter, bob)
    kinds(tb, natter, bob)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
