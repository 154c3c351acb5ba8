#!/usr/bin/python3
"""OTR keys (issue 10, item 1): made on first need without stopping
natter, kept private, read back.

Asserts:
  - /otr myfp on an account without a key says it is being made; the
    console then says it is ready with a fingerprint (five groups of
    eight hex digits); bob's message, sent as the key is being made, is
    shown meanwhile (before the key is ready), and /otr myfp again answers
    meanwhile that it is being made;
  - otr/alice/ in the data directory is 0700, its private.key 0600;
  - /otr myfp then prints that fingerprint at once; after a restart
    too (read from the file); /otr fingerprints says none are known;
  - a private.key others can read is refused by name, and not used.
"""

import os
import re
import stat
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402

FINGERPRINT = re.compile(r"([0-9A-F]{8} ){4}[0-9A-F]{8}")


def output(result):
    return "\n".join(result.get("output") or [])


def body(tb):
    bob = Peer(tb, "bob")
    confdir = tb.natter_config(["alice"])
    natter = Natter(tb, confdir)
    natter.wait_online()

    mark = natter.mark()
    got = output(natter.ok("/otr myfp"))
    check("has no OTR key yet; it is being made" in got, "/otr myfp first: %r" % got)
    bob.send_message(tb.jid("alice"), "while the key is made")
    # natter answers meanwhile: the key is still being made.
    got = output(natter.ok("/otr myfp"))
    check("it is being made" in got, "/otr myfp while the key is made: %r" % got)
    ready = natter.wait_for(lambda e: e.get("event") == "log"
                            and "your key is ready" in (e.get("text") or ""), since=mark,
                            timeout=120, what="the key made")
    fingerprint = FINGERPRINT.search(ready.get("text") or "")
    check(fingerprint is not None, "no fingerprint in %r" % ready)
    fingerprint = fingerprint.group(0)
    message = natter.wait_for({"event": "message", "body": "while the key is made"},
                              since=mark)
    check(natter.events.index(message) < natter.events.index(ready),
          "the message waited for the key (it came after it was ready)")

    directory = os.path.join(confdir, "otr", "alice")
    key = os.path.join(directory, "private.key")
    check(stat.S_IMODE(os.stat(directory).st_mode) == 0o700, "otr/alice not 0700")
    check(stat.S_IMODE(os.stat(key).st_mode) == 0o600, "private.key not 0600")
    got = output(natter.ok("/otr myfp"))
    check(got == "your OTR fingerprint on alice: %s" % fingerprint, "/otr myfp: %r" % got)
    got = output(natter.ok("/otr fingerprints"))
    check(got == "account alice knows no OTR fingerprints yet", "/otr fingerprints: %r" % got)
    natter.quit_cleanly()

    natter = Natter(tb, confdir)
    got = output(natter.ok("/otr myfp"))
    check(got == "your OTR fingerprint on alice: %s" % fingerprint,
          "/otr myfp after a restart: %r" % got)
    natter.quit_cleanly()

    os.chmod(key, 0o644)
    natter = Natter(tb, confdir)
    refused = natter.command("/otr myfp")
    check(refused.get("ok") is False and "by other users" in
          (refused.get("error") or "") and key in (refused.get("error") or ""),
          "a key others can read: %r" % refused)
    natter.quit_cleanly()
    check(stat.S_IMODE(os.stat(key).st_mode) == 0o644, "the key file was changed")


if __name__ == "__main__":
    testbed.run_test(body)
