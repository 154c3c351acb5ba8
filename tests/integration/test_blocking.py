#!/usr/bin/python3
"""Blocking (XEP-0191) with slixmpp peers.

Asserts:
  - /block bob: told once the server confirms, /blocked lists bob, and a
    message bob sends does not arrive (carol's, sent after it, does);
  - /unblock bob: told, and (having asked for the list) the server's push
    too; bob's messages arrive again;
  - /unblock without a JID empties the list;
  - a bad JID is refused in words.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def logged(natter, text):
    return natter.wait_for(lambda e: e.get("event") == "log" and e.get("text") == text,
                           what="the console line %r" % text)


def body(tb):
    alice = tb.jid("alice")
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    bob = Peer(tb, "bob")
    carol = Peer(tb, "carol")

    natter.ok("/block " + bob.jid)
    logged(natter, "blocked " + bob.jid)
    natter.ok("/blocked")
    logged(natter, "blocked: " + bob.jid)
    bob.send_message(alice, "you should not see this")
    carol.send_message(alice, "carol after bob")
    natter.wait_for({"event": "message", "body": "carol after bob"})
    check(not natter.find({"event": "message", "body": "you should not see this"}),
          "a message from a blocked contact arrived")

    # Having asked for the list, natter also gets the server's pushes.
    natter.ok("/unblock " + bob.jid)
    logged(natter, "unblocked " + bob.jid)
    logged(natter, "no longer blocked: " + bob.jid)
    bob.send_message(alice, "unblocked now")
    natter.wait_for({"event": "message", "body": "unblocked now"})

    natter.ok("/block " + bob.jid)
    logged(natter, "now blocked: " + bob.jid)
    natter.ok("/block " + carol.jid)
    logged(natter, "now blocked: " + carol.jid)
    natter.ok("/unblock")
    logged(natter, "unblocked everyone")
    logged(natter, "no longer blocked: everyone")
    natter.ok("/blocked")
    logged(natter, "blocked: nobody")

    result = natter.command("/block not@a@jid")
    check(result.get("ok") is False and "not a valid JID" in (result.get("error") or ""),
          "/block with a bad JID: %r" % result)
    natter.quit_cleanly()
    bob.quit()
    carol.quit()


testbed.run_test(body)
