#!/usr/bin/python3
"""Accounts that fail beside accounts that work, and one JID twice.

natter, started without -a, has four autoconnect accounts:
  desk      alice, resource desk
  laptop    alice again, resource laptop (the same JID: two sessions)
  untrusted bob, without trust_cafile: the test bed's certificate is
            signed by no authority this machine trusts
  down      carol, on a port where nothing listens
frank (slixmpp) talks to alice's two resources. Asserts:
  - desk and laptop both log in, as alice@.../desk and alice@.../laptop;
  - untrusted fails saying the certificate was not trusted, with its
    SHA-256 fingerprint; down fails saying the connection was refused;
    neither is retried (a first login that cannot work is reported, not
    repeated);
  - desk and laptop have no session event after being online, whatever
    the other two went through;
  - frank's message to alice/desk lands on account desk, the one to
    alice/laptop on account laptop (each account also shows the other's
    as a carbon, XEP-0280, as two separate clients would; once each); a
    reply from each reaches frank from that account's full JID (the
    right resource);
  - /account list shows desk and laptop online and the other two
    disconnected.
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check, free_ports  # noqa: E402


def session_events(natter, account, since=0):
    return [e for e in natter.events[since:] if e.get("event") == "session"
            and e.get("account") == account]


def body(tb):
    closed_port = free_ports(1)[0]
    config = {
        "alice": {"group": "desk", "resource": "desk", "autoconnect": "yes"},
        "bob": {"group": "untrusted", "trust_cafile": None, "autoconnect": "yes"},
        "carol": {"group": "down", "port": closed_port, "autoconnect": "yes"},
    }
    confdir = tb.natter_config(config)
    # The same JID once more, with another resource.
    with open(os.path.join(confdir, "accounts.ini"), "a", encoding="utf-8") as f:
        f.write("\n[laptop]\njid = %s\npassword = %s\nserver = 127.0.0.1\nport = %s\n"
                "resource = laptop\ntrust_cafile = %s\nautoconnect = yes\n"
                % (tb.jid("alice"), tb.password("alice"), tb.c2s_port, tb.cert_path))
    natter = Natter(tb, confdir, account=None)
    for name in ("desk", "laptop"):
        natter.wait_session("online", account=name)
    online_at = len(natter.events)

    failed = natter.wait_for({"event": "session", "account": "untrusted",
                              "state": "disconnected"}, what="untrusted refused")
    reason = failed.get("reason") or ""
    check(failed.get("error") and "certificate" in reason and tb.fingerprint in reason,
          "the untrusted account's failure: %r" % failed)
    failed = natter.wait_for({"event": "session", "account": "down",
                              "state": "disconnected"}, what="down refused")
    check(failed.get("error") and "refused" in (failed.get("reason") or ""),
          "the down account's failure: %r" % failed)

    frank = Peer(tb, "frank")
    for name in ("desk", "laptop"):
        text = "to the %s" % name
        to = "%s/%s" % (tb.jid("alice"), name)
        frank.send_message(to, text)
        for account in ("desk", "laptop"):
            natter.wait_for(lambda e, t=text, a=account: e.get("event") == "message"
                            and e.get("body") == t and e.get("account") == a,
                            what="message %r on %s" % (text, account))
    time.sleep(0.5)
    for name in ("desk", "laptop"):
        text = "to the %s" % name
        copies = [(e.get("account"), e.get("to")) for e in natter.events
                  if e.get("event") == "message" and e.get("body") == text]
        to = "%s/%s" % (tb.jid("alice"), name)
        check(sorted(copies) == [("desk", to), ("laptop", to)],
              "copies of %r: %r" % (text, copies))
    for name in ("desk", "laptop"):
        text = "from the %s" % name
        natter.ok("/msg -a %s %s %s" % (name, tb.jid("frank"), text))
        got = frank.wait_message(lambda m, t=text: m["body"] == t)
        check(got["from"] == "%s/%s" % (tb.jid("alice"), name),
              "%r reached frank from %s" % (text, got["from"]))

    # Neither failure is tried again, and neither touched the others.
    time.sleep(2.5)
    for name in ("untrusted", "down"):
        attempts = [e for e in session_events(natter, name) if e.get("state") == "connecting"]
        check(len(attempts) == 1, "%s was tried %d times" % (name, len(attempts)))
    for name in ("desk", "laptop"):
        check(not session_events(natter, name, online_at),
              "%s had session events after login: %r"
              % (name, session_events(natter, name, online_at)))
    listed = "\n".join(natter.ok("/account list").get("output") or [])
    for line in ("desk: %s/desk, online" % tb.jid("alice"),
                 "laptop: %s/laptop, online" % tb.jid("alice"),
                 "untrusted: %s/natter, disconnected" % tb.jid("bob"),
                 "down: %s/natter, disconnected" % tb.jid("carol")):
        check(line in listed, "/account list lacks %r: %r" % (line, listed))
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, users=("alice", "bob", "carol", "frank"))
