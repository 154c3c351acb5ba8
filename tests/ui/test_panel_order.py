#!/usr/bin/python3
"""The roster panel with more contacts than it has rows, in tmux (120x40).

alice has bob, carol and 60 contacts nobody00..nobody59 who never come
online. The panel lists the available first, then the rest by JID, as
many as fit under the account's line, and no more:
  - bob online: "+ bob", then carol, nobody00, nobody01... in order, down
    to the panel's last row (the later ones not shown);
  - bob offline: bob takes his place by JID, before carol;
  - bob back: first again.
(draw-panel.c keeps only the first rows of the order in one pass over
the contacts, instead of sorting them all at each redraw.)
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import NatterScreen, cut_columns  # noqa: E402

WIDTH, HEIGHT = 120, 40
PANEL_COL = WIDTH - 24  # the panel's 24 columns start after the border
NOBODY = ["nobody%02d" % n for n in range(60)]


def panel(rows):
    """The panel's rows under the title bar, down to the status bar."""
    return [cut_columns(r, PANEL_COL).rstrip() for r in rows[1:-2]]


def expect(rows, first):
    """Fails unless the panel shows the account's line, then first, then
    as many of nobody00.. as fit, in order."""
    shown = panel(rows)
    want = ["alice (online)"] + first
    want += ["  " + n for n in NOBODY][:len(shown) - len(want)]
    check(len(want) == len(shown) and shown == want,
          "the panel is not in order:\n%s\nwanted:\n%s"
          % ("\n".join(shown), "\n".join(want)))
    check("  nobody59" not in shown, "the panel shows more contacts than fit")


def body(tb):
    # alice's roster: the test bed's users and 60 more, all "both".
    tb.write_roster("alice", [tb.jid(u) for u in ("bob", "carol")]
                    + ["%s@%s" % (n, tb.domain) for n in NOBODY])
    bob = Peer(tb, "bob")
    s = NatterScreen(tb, tb.natter_config(["alice"]), width=WIDTH, height=HEIGHT)
    s.wait_rows(lambda r: panel(r)[:2] == ["alice (online)", "+ bob"],
                "bob online at the top of the panel")
    expect(s.rows(), ["+ bob", "  carol"])

    bob.send_stanza("<presence type='unavailable'/>")
    s.wait_rows(lambda r: panel(r)[1] == "  bob", "bob offline")
    expect(s.rows(), ["  bob", "  carol"])

    bob.send_presence()
    s.wait_rows(lambda r: panel(r)[1] == "+ bob", "bob back")
    expect(s.rows(), ["+ bob", "  carol"])
    s.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
