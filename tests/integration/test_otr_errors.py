#!/usr/bin/python3
"""OTR when things go wrong (issue 10), with bob on python3-potr.

Asserts:
  - bob's client loses the session without saying so (a restart): the
    next encrypted message from natter is one bob cannot read, and potr
    answers with an OTR error; natter explains it in words (bob could
    not read a message, his client's own words quoted, what to do) and
    never shows the raw "?OTR Error"; after /otr start the session is
    encrypted again and a message gets through;
  - with policy opportunistic, the same error makes natter start a new
    session by itself, and says so;
  - copies from the server's archive (XEP-0313) of OTR messages another
    of alice's clients exchanged while natter was away: the one alice's
    phone sent shows as sent by another client, bob's to the phone as
    one for another client, both flagged encrypted, neither as
    ciphertext; natter never answers them with an OTR error (bob gets
    nothing from alice).
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

# An OTR 3 data message's beginning, as another client's session would
# send it (natter cannot read it, nor can anyone without its keys).
CIPHERTEXT = "?OTR:AAMDJ+MVmSfjFZcAAAAAAQAAAAIAAADAVf3Rg3ErZ4QwqGNPuS."


def otr_said(natter, part, since, state=None):
    return natter.wait_for(lambda e: e.get("event") == "otr" and part in (e.get("text") or "")
                           and (state is None or e.get("state") == state),
                           since=since, timeout=60, what="OTR: %s" % part)


def body(tb):
    bob = Peer(tb, "bob")
    bob.otr_enable()
    confdir = tb.natter_config(["alice"])
    natter = Natter(tb, confdir)
    natter.wait_online()
    alice, buddy = tb.jid("alice"), tb.jid("bob")

    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/otr start %s" % buddy)
    otr_said(natter, "OTR session started", mark, "encrypted")
    bob.wait_for({"event": "otr_state", "state": "encrypted"}, since=bob_mark)
    natter.ok("/msg %s before the restart" % buddy)
    bob.wait_for({"event": "otr_message", "body": "before the restart"}, since=bob_mark)

    # bob's client restarts: his session is gone, natter's is not.
    bob.otr_forget(alice)
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/msg %s lost on the way" % buddy)
    bob.wait_for(lambda e: e.get("event") == "otr_error", since=bob_mark,
                 what="potr failing to read it")
    told = otr_said(natter, "could not read", mark)
    text = told.get("text") or ""
    check("You sent encrypted data, but I wasn't expecting it." in text
          and "/otr start" in text, "the explanation: %r" % text)
    shown = [e for e in natter.events[mark:] if e.get("event") == "message"
             and "OTR Error" in (e.get("body") or "")]
    check(not shown, "the raw error shown as a message: %r" % shown)
    check(not [e for e in bob.events[bob_mark:] if e.get("event") == "otr_state"],
          "natter started a session under policy manual")

    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/otr start %s" % buddy)
    otr_said(natter, "OTR session", mark)
    bob.wait_for({"event": "otr_state", "state": "encrypted"}, since=bob_mark)
    natter.ok("/msg %s sent again" % buddy)
    got = bob.wait_for({"event": "otr_message", "body": "sent again"}, since=bob_mark)
    check(got.get("encrypted") is True, "after the new session: %r" % got)

    # Policy opportunistic: the error starts a new session by itself.
    natter.ok("/otr policy opportunistic")
    bob.otr_forget(alice)
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/msg %s lost again" % buddy)
    told = otr_said(natter, "could not read", mark)
    check("starting a new session" in (told.get("text") or ""),
          "under policy opportunistic: %r" % told)
    bob.wait_for({"event": "otr_state", "state": "encrypted"}, since=bob_mark,
                 what="the session natter started again")
    natter.wait_for(lambda e: e.get("event") == "otr" and e.get("state") == "encrypted"
                    and "OTR session" in (e.get("text") or ""), since=mark,
                    what="natter's new session")
    natter.ok("/otr end %s" % buddy)
    natter.ok("/otr policy manual")
    natter.quit_cleanly()

    # While natter is away, alice's phone and bob talk in an OTR
    # session of their own; the server archives it.
    phone = Peer(tb, "alice", resource="phone")
    phone.send_message(buddy, CIPHERTEXT + "1")
    bob.wait_for(lambda e: e.get("event") == "message" and CIPHERTEXT + "1" in
                 (e.get("body") or ""), what="the phone's message at bob")
    phone_mark = phone.mark()
    bob.send_message(alice + "/phone", CIPHERTEXT + "2")
    phone.wait_for(lambda e: e.get("event") == "message" and CIPHERTEXT + "2" in
                   (e.get("body") or ""), since=phone_mark, what="bob's message at the phone")
    phone.quit()

    bob_mark = bob.mark()
    natter = Natter(tb, confdir)
    natter.wait_online()
    sent = natter.wait_for(lambda e: e.get("event") == "message" and e.get("direction") == "out"
                           and "sent by another of your clients" in (e.get("body") or ""),
                           what="the phone's message, from the archive")
    received = natter.wait_for(lambda e: e.get("event") == "message"
                               and e.get("direction") == "in"
                               and "for another of your clients" in (e.get("body") or ""),
                               what="bob's message to the phone, from the archive")
    check(sent.get("encrypted") is True and received.get("encrypted") is True,
          "not flagged encrypted: %r, %r" % (sent, received))
    natter.ok("/msg %s after the archive" % buddy)
    bob.wait_for({"event": "otr_message", "body": "after the archive"}, since=bob_mark)
    got = [e for e in natter.events if e.get("event") == "message"
           and "?OTR" in (e.get("body") or "")]
    check(not got, "ciphertext shown: %r" % got)
    answered = [e.get("body") for e in bob.events[bob_mark:] if e.get("event") == "message"
                and (e.get("body") or "").startswith("?OTR")]
    check(not answered, "natter answered the archive's copies: %r" % answered)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, without_modules=("offline",))
