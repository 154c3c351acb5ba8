#!/usr/bin/python3
"""OTR between two natters (issue 10): alice's and carol's, headless.

Asserts:
  - alice /otr start carol: both say encrypted; alice's message reaches
    carol decrypted (encrypted true), and carol's answer alice;
  - verification by secret: carol asks with one secret, alice answers
    another: both say it failed (still encrypted); with the same secret
    both say the other knew it, and both sessions are verified (a shared
    secret verifies both ways);
  - carol ends: alice says finished and refuses to send until /otr end.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402


def otr_said(natter, part, since, state=None):
    return natter.wait_for(lambda e: e.get("event") == "otr" and part in (e.get("text") or "")
                           and (state is None or e.get("state") == state),
                           since=since, timeout=60, what="OTR: %s" % part)


def body(tb):
    alice = Natter(tb, tb.natter_config(["alice"]))
    carol = Natter(tb, tb.natter_config(["carol"]), account="carol")
    alice.wait_online()
    carol.wait_online()
    a, c = tb.jid("alice"), tb.jid("carol")

    ma, mc = alice.mark(), carol.mark()
    alice.ok("/otr start %s" % c)
    otr_said(alice, "OTR session started", ma, "encrypted")
    otr_said(carol, "OTR session started", mc, "encrypted")
    alice.ok("/msg %s between natters" % c)
    got = carol.wait_for({"event": "message", "body": "between natters"}, since=mc)
    check(got.get("encrypted") is True, "carol got %r" % got)
    carol.ok("/msg %s and back" % a)
    got = alice.wait_for({"event": "message", "body": "and back"}, since=ma)
    check(got.get("encrypted") is True, "alice got %r" % got)

    ma, mc = alice.mark(), carol.mark()
    carol.ok("/otr -t %s secret the old bridge" % a)
    otr_said(alice, "wants to verify you with a secret", ma)
    alice.ok("/otr -t %s answer the new bridge" % c)
    otr_said(carol, "verification failed", mc, "encrypted")
    otr_said(alice, "verification failed", ma, "encrypted")

    ma, mc = alice.mark(), carol.mark()
    carol.ok("/otr -t %s secret the old bridge" % a)
    otr_said(alice, "wants to verify you with a secret", ma)
    alice.ok("/otr -t %s answer the old bridge" % c)
    otr_said(carol, "knew the secret", mc, "verified")
    otr_said(alice, "knew the secret", ma, "verified")

    ma = alice.mark()
    carol.ok("/otr end %s" % a)
    otr_said(alice, "the contact ended the OTR session", ma, "finished")
    refused = alice.command("/msg %s hello?" % c)
    check(refused.get("ok") is False and "ended the OTR session" in
          (refused.get("error") or ""), "after carol ended: %r" % refused)
    alice.ok("/otr end %s" % c)
    alice.ok("/msg %s plain again" % c)
    got = carol.wait_for({"event": "message", "body": "plain again"})
    check(not got.get("encrypted"), "in the clear: %r" % got)
    alice.quit_cleanly()
    carol.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
