#!/usr/bin/python3
"""OTR with another implementation (issue 10): natter (libotr) and bob
(slixmpp with python3-potr).

Asserts:
  - /otr start bob: natter makes its key, asks; both sides say the
    session is encrypted (natter's "otr" event: encrypted, a new
    fingerprint told);
  - natter's message reaches bob decrypted by potr, while the stanza
    bob's client got carries only OTR ciphertext; natter's own message
    event says encrypted; bob's answer reaches natter decrypted
    (encrypted true); OTR's own traffic never shows as a message;
  - verification (SMP) with /otr -t bob secret: bob answering a wrong
    secret fails (still encrypted, not verified), the right one verifies
    the session; bob asks a question, natter answers it with /otr
    answer: bob's side succeeds, natter says its answer was right;
  - /otr theirfp names bob's fingerprint, trusted; /otr trust keeps the
    session verified;
  - bob ends the session: natter says finished, and refuses to send
    (the message is not sent, the error says why) until /otr end; then
    messages go in the clear, but a correction of the last (encrypted)
    message is refused;
  - /otr policy always: a message without a session is refused (and a
    session started: encrypted again), the next one goes encrypted (its
    event says verified: bob's fingerprint is trusted);
  - /otr -t bob policy always: bob's own policy, before everyone's
    (manual): a message in the clear is refused; default unsets it; a
    policy that is none is refused by name; the policies file is 0600;
  - a carbon of an OTR message alice's phone sent shows as an encrypted
    message of another client (encrypted true), not as ciphertext;
  - with otr.log on, an encrypted message is stored, flagged encrypted
    to a verified fingerprint (2);
  - natter send, with bob's policy always and no session, refuses (exit
    status not 0, the policy named) and bob gets nothing;
  - with otr.log off (the default), history.db holds none of the
    encrypted messages, and the clear one.
"""

import os
import re
import sqlite3
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check, run_ctl  # noqa: E402


def otr_event(natter, state, since):
    return natter.wait_for(lambda e: e.get("event") == "otr" and e.get("state") == state,
                           since=since, timeout=60, what="OTR state %s" % state)


def stored(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return [b for (b,) in db.execute("SELECT body FROM messages")]
    finally:
        db.close()


def body(tb):
    bob = Peer(tb, "bob")
    bob.otr_enable()
    confdir = tb.natter_config(["alice"])
    natter = Natter(tb, confdir)
    natter.wait_online()
    alice = tb.jid("alice")
    buddy = tb.jid("bob")

    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/otr start %s" % buddy)
    started = otr_event(natter, "encrypted", mark)
    check("OTR session started" in (started.get("text") or ""), "started: %r" % started)
    bob.wait_for({"event": "otr_state", "state": "encrypted"}, since=bob_mark,
                 what="bob's session encrypted")
    check(any("a new OTR fingerprint for %s" % buddy in (e.get("text") or "")
              for e in natter.events[mark:] if e.get("event") == "otr"),
          "no new fingerprint told")

    natter.ok("/msg %s hello in secret" % buddy)
    got = bob.wait_for({"event": "otr_message", "body": "hello in secret"}, since=bob_mark)
    check(got.get("encrypted") is True, "bob got it as %r" % got)
    wire = [e.get("body") or "" for e in bob.events[bob_mark:] if e.get("event") == "message"]
    check(wire and all("secret" not in b for b in wire)
          and any(b.startswith("?OTR:") for b in wire),
          "what bob's client received: %r" % wire)
    out = natter.wait_for({"event": "message", "body": "hello in secret", "direction": "out"},
                          since=mark)
    check(out.get("encrypted") is True and "verified" not in out,
          "natter's own message: %r" % out)

    bob.otr_send(alice, "reply in secret")
    got = natter.wait_for({"event": "message", "body": "reply in secret"}, since=mark)
    check(got.get("direction") == "in" and got.get("encrypted") is True,
          "bob's answer in natter: %r" % got)
    shown = [e.get("body") or "" for e in natter.events[mark:] if e.get("event") == "message"]
    check(not any(b.startswith("?OTR") for b in shown), "OTR traffic shown: %r" % shown)

    # Verification (SMP): a wrong secret fails, the right one verifies.
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/otr -t %s secret blue moon" % buddy)
    bob.wait_for({"event": "otr_smp", "result": "pending"}, since=bob_mark)
    bob.otr_smp_answer(alice, "green moon")
    # potr, seeing the secrets differ, aborts rather than send its last
    # step (libotr would say the secrets did not match): either way, no
    # verification.
    failed = natter.wait_for(lambda e: e.get("event") == "otr" and (
        "verification failed" in (e.get("text") or "")
        or "stopped the verification" in (e.get("text") or "")), since=mark,
        what="the failure")
    check(failed.get("state") == "encrypted", "after a failure: %r" % failed)
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/otr -t %s secret blue moon" % buddy)
    bob.wait_for({"event": "otr_smp", "result": "pending"}, since=bob_mark)
    bob.otr_smp_answer(alice, "blue moon")
    verified = otr_event(natter, "verified", mark)
    check("knew the secret" in (verified.get("text") or ""), "verified: %r" % verified)
    bob.wait_for({"event": "otr_smp", "result": "success"}, since=bob_mark)
    # bob asks a question; natter answers it (bob verifies natter).
    mark, bob_mark = natter.mark(), bob.mark()
    bob.otr_smp(alice, "forty-two", question="The answer?")
    natter.wait_for(lambda e: e.get("event") == "otr" and "asks, to verify you: "
                            "The answer?" in (e.get("text") or ""), since=mark,
                            what="bob's question")
    natter.ok("/otr -t %s answer forty-two" % buddy)
    bob.wait_for({"event": "otr_smp", "result": "success"}, since=bob_mark,
                 what="bob's verification of natter")
    natter.wait_for(lambda e: e.get("event") == "otr" and "your answer was right"
                    in (e.get("text") or ""), since=mark)

    theirs = (natter.ok("/otr theirfp %s" % buddy).get("output") or [""])[0]
    check(re.search(r"OTR fingerprint: ([0-9A-F]{8} ){4}[0-9A-F]{8} \(trusted\)", theirs),
          "/otr theirfp: %r" % theirs)
    mark = natter.mark()
    natter.ok("/otr trust %s" % buddy)
    otr_event(natter, "verified", mark)

    # bob ends it: natter sends nothing until it ends too.
    mark, bob_mark = natter.mark(), bob.mark()
    bob.otr_end(alice)
    otr_event(natter, "finished", mark)
    refused = natter.command("/msg %s are you still there" % buddy)
    check(refused.get("ok") is False and "ended the OTR session" in (refused.get("error") or ""),
          "a message after bob ended: %r" % refused)
    natter.ok("/otr end %s" % buddy)
    # The last message went encrypted: its correction may not go clear.
    refused = natter.command("/correct -a alice -t %s hello in the open" % buddy)
    check(refused.get("ok") is False and "a correction goes the way its message went" in
          (refused.get("error") or ""), "a clear correction of an encrypted one: %r" % refused)
    natter.ok("/msg %s in the clear" % buddy)
    got = bob.wait_for({"event": "otr_message", "body": "in the clear"}, since=bob_mark)
    check(got.get("encrypted") is False, "the clear one: %r" % got)
    check(not [e for e in bob.events[bob_mark:] if e.get("event") == "otr_message"
               and "still there" in (e.get("body") or "")], "the refused one was sent")

    # Policy always.
    natter.ok("/otr policy always")
    mark, bob_mark = natter.mark(), bob.mark()
    refused = natter.command("/msg %s not in the clear" % buddy)
    check(refused.get("ok") is False and "policy" in (refused.get("error") or "")
          and "always" in (refused.get("error") or ""), "policy always: %r" % refused)
    otr_event(natter, "verified", mark)  # bob's fingerprint was trusted
    natter.ok("/msg %s now encrypted again" % buddy)
    got = bob.wait_for({"event": "otr_message", "body": "now encrypted again"}, since=bob_mark)
    check(got.get("encrypted") is True, "after policy always: %r" % got)
    out = natter.wait_for({"event": "message", "body": "now encrypted again"}, since=mark)
    check(out.get("encrypted") is True and out.get("verified") is True,
          "a message to a verified fingerprint: %r" % out)
    check(not [e for e in bob.events[bob_mark:] if e.get("event") == "otr_message"
               and "not in the clear" in (e.get("body") or "")], "the refused one was sent")
    natter.ok("/otr policy manual")

    # A contact's policy comes before everyone's: always for bob, in the
    # clear again after /otr end, refused.
    natter.ok("/otr end %s" % buddy)
    got = natter.ok("/otr -t %s policy always" % buddy).get("output") or [""]
    check(got[0] == "OTR policy with %s (account alice): always" % buddy,
          "/otr policy -t: %r" % got)
    refused = natter.command("/msg %s clear for bob?" % buddy)
    check(refused.get("ok") is False and "always" in (refused.get("error") or ""),
          "bob's policy: %r" % refused)
    natter.ok("/otr -t %s policy default" % buddy)
    got = natter.ok("/otr -t %s policy" % buddy).get("output") or [""]
    check("not set" in got[0], "unset: %r" % got)
    refused = natter.command("/otr -t %s policy sometimes" % buddy)
    check(refused.get("ok") is False and "'sometimes' is not manual" in
          (refused.get("error") or ""), "a policy that is none: %r" % refused)
    policies = os.path.join(confdir, "otr", "alice", "policies")
    check(oct(os.stat(policies).st_mode & 0o777) == "0o600", "policies not 0600")

    # Another client of alice's encrypted a message there: its copy (a
    # carbon) shows as such, never as ciphertext, never decrypted.
    phone = Peer(tb, "alice", resource="phone")
    mark = natter.mark()
    phone.send_message(buddy, "?OTR:AAMDJ+MVmSfjFZcAAAAAAQAAAAIAAADA.")
    got = natter.wait_for(lambda e: e.get("event") == "message" and e.get("direction") == "out"
                          and "another of your clients" in (e.get("body") or ""), since=mark,
                          what="the phone's encrypted message")
    check(got.get("encrypted") is True, "the phone's copy: %r" % got)
    phone.quit()

    # otr.log on: an encrypted message is kept, flagged.
    natter.ok("/set otr.log on")
    mark, bob_mark = natter.mark(), bob.mark()
    natter.ok("/otr start %s" % buddy)
    natter.wait_for(lambda e: e.get("event") == "otr" and "OTR session" in (e.get("text") or "")
                    and e.get("state") in ("encrypted", "verified"), since=mark)
    natter.ok("/msg %s kept encrypted" % buddy)
    bob.wait_for({"event": "otr_message", "body": "kept encrypted"}, since=bob_mark)

    # natter send honours the policy: bob's is always, no session there.
    natter.ok("/otr -t %s policy always" % buddy)
    natter.ok("/otr end %s" % buddy)
    natter.quit_cleanly()
    bob_mark = bob.mark()
    done = run_ctl(natter, "send", buddy, "--", "sent by a script")
    check(done.returncode != 0 and "always" in done.stderr,
          "natter send under policy always: %r" % done)

    check(not [e for e in bob.events[bob_mark:] if "sent by a script" in (e.get("body") or "")],
          "natter send sent in the clear")
    db = sqlite3.connect("file:%s?mode=ro" % os.path.join(confdir, "history.db"), uri=True)
    try:
        kept = db.execute("SELECT encrypted FROM messages WHERE body = 'kept encrypted'"
                          ).fetchall()
    finally:
        db.close()
    # 2: encrypted, to a verified fingerprint (bob's was trusted).
    check(kept == [(2,)], "with otr.log on, the encrypted message stored as %r" % kept)
    bodies = stored(os.path.join(confdir, "history.db"))
    check("in the clear" in bodies, "the clear message not stored: %r" % bodies)
    check(not [b for b in bodies if "secret" in b or "encrypted again" in b],
          "encrypted messages stored with otr.log off: %r" % bodies)


if __name__ == "__main__":
    testbed.run_test(body)
