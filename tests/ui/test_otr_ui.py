#!/usr/bin/python3
"""OTR in the terminal UI (tmux, 100x30) with bob on python3-potr.

Asserts:
  - /otr start bob@localhost in the console opens bob's window, which
    says the session started, encrypted but not verified; the title bar
    says [OTR: encrypted];
  - bob's encrypted message shows as its text, never as OTR ciphertext,
    marked [OTR?] (not verified);
  - /otr trust in bob's window: the title says [OTR: verified]; a line
    sent then is marked [OTR] and bob reads it;
  - bob ends the session: the window says so, the title says
    [OTR: finished], and a line typed there is refused with the reason
    (bob never gets it); /otr end: the title has no OTR state any more;
  - with otr.log on, after a restart, the window read back from the
    history marks each line as it went: [OTR?] for bob's unverified
    one, [OTR] for the verified one, nothing for a line in the clear.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import NatterScreen  # noqa: E402


def body(tb):
    bob = Peer(tb, "bob")
    bob.otr_enable()
    alice = tb.jid("alice")
    confdir = tb.natter_config(["alice"])
    s = NatterScreen(tb, confdir, width=100, height=30)
    s.wait_screen(lambda t: "alice (online)" in t, what="alice online")
    s.type_line("/set otr.log on")

    s.type_line("/otr start bob@localhost")
    s.wait_rows(lambda r: "[1 2]" in r[-2], "bob's window")
    s.type_line("/win 2")
    rows = s.wait_rows(lambda r: "[OTR: encrypted]" in r[0], "the title with OTR")
    check(any("OTR session started: encrypted, but their fingerprint is not verified" in r
              for r in rows), "the window does not say so:\n%s" % s.screen_dump())

    bob.otr_send(alice, "a secret from bob")
    s.wait_screen(lambda t: "[OTR?] <bob@localhost> a secret from bob" in t,
                  what="bob's message, marked encrypted (not verified)")
    check("?OTR" not in s.screen(), "OTR ciphertext on screen:\n%s" % s.screen_dump())

    s.type_line("/otr trust")
    s.wait_rows(lambda r: "[OTR: verified]" in r[0], "verified in the title")
    s.type_line("mine, verified")
    s.wait_screen(lambda t: "[OTR] <alice@localhost> mine, verified" in t,
                  what="my message, marked encrypted and verified")
    bob.wait_for({"event": "otr_message", "body": "mine, verified"})

    mark = bob.mark()
    bob.otr_end(alice)
    s.wait_rows(lambda r: "[OTR: finished]" in r[0], "finished in the title")
    check("the contact ended the OTR session" in s.screen(), "not said:\n%s" % s.screen_dump())
    s.type_line("still there?")
    s.wait_screen(lambda t: "ended the OTR session: the message was not sent" in t,
                  what="the refusal")
    s.type_line("/otr end")
    s.wait_rows(lambda r: "OTR" not in r[0], "no OTR state in the title")
    s.type_line("now in the clear")
    bob.wait_for({"event": "otr_message", "body": "now in the clear"}, since=mark)
    s.quit_cleanly()
    check(not [e for e in bob.events[mark:] if "still there" in (e.get("body") or "")],
          "bob got the refused line")

    # Read back from the history: each line marked as it went.
    s = NatterScreen(tb, confdir, width=100, height=30)
    s.wait_screen(lambda t: "alice (online)" in t, what="alice online again")
    s.type_line("/msg bob@localhost")
    rows = s.wait_rows(lambda r: any("now in the clear" in row for row in r), "the history")
    text = "\n".join(rows)
    check("[OTR?] <bob@localhost> a secret from bob" in text
          and "[OTR] <alice@localhost> mine, verified" in text
          and any("<alice@localhost> now in the clear" in r and "OTR" not in r for r in rows),
          "the history's lines:\n%s" % s.screen_dump())
    s.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
