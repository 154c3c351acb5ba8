#!/usr/bin/python3
"""What happened while natter was away shows in the order it happened
(tmux, 100x30), however it arrives.

alice's natter talks with carol and quits. Meanwhile alice's other client
("phone", slixmpp) writes to carol, and a second later carol answers.
When natter starts again, the server hands carol's answer over at once
(offline storage, stamped XEP-0203) and the phone's message only later,
from the archive (XEP-0313 catch-up); carol then writes live. Asserts:
  - carol's window shows the phone's message above carol's answer, and the
    live message below both, each once;
  - after another restart, the window opened from history.db shows them in
    the same order.
"""

import os
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import NatterScreen  # noqa: E402

LINES = ("before the restart", "the phone wrote first", "carol answered second",
         "carol live")


def rows_of(rows):
    """Where each of LINES is on the screen (-1: missing), and how often."""
    found = {}
    for text in LINES:
        at = [i for i, row in enumerate(rows) if text in row]
        found[text] = at
    return found


def check_order(screen, what):
    rows = screen.wait_rows(lambda r: all(rows_of(r)[t] for t in LINES),
                            "every line in carol's window (%s)" % what, timeout=30)
    found = rows_of(rows)
    check(all(len(found[t]) == 1 for t in LINES),
          "%s: a line shown twice:\n%s" % (what, "\n".join(rows)))
    order = [found[t][0] for t in LINES]
    check(order == sorted(order),
          "%s: the lines are not in the order they were written:\n%s"
          % (what, "\n".join(rows)))


def body(tb):
    carol = Peer(tb, "carol")
    confdir = tb.natter_config(["alice"])
    screen = NatterScreen(tb, confdir, width=100, height=30)
    screen.wait_screen(lambda t: "alice (online)" in t, what="alice online")
    screen.type_line("/msg %s before the restart" % carol.jid)
    carol.wait_message(lambda m: m["body"] == "before the restart")
    screen.quit_cleanly()
    time.sleep(1.2)  # stamps are to the second

    phone = Peer(tb, "alice", resource="phone")
    phone.send_message(carol.jid, "the phone wrote first")
    carol.wait_message(lambda m: m["body"] == "the phone wrote first")
    phone.quit()
    time.sleep(1.2)  # stamps are to the second
    carol.send_message(tb.jid("alice"), "carol answered second")

    screen = NatterScreen(tb, confdir, width=100, height=30)
    screen.wait_screen(lambda t: "alice (online)" in t, what="alice online again")
    screen.type_line("/msg %s" % carol.jid)
    screen.wait_screen(lambda t: "the phone wrote first" in t and
                       "carol answered second" in t, what="the catch-up")
    carol.send_message(tb.jid("alice"), "carol live")
    check_order(screen, "as it came in")
    screen.quit_cleanly()

    screen = NatterScreen(tb, confdir, width=100, height=30)
    screen.wait_screen(lambda t: "alice (online)" in t, what="alice online a third time")
    screen.type_line("/msg %s" % carol.jid)
    check_order(screen, "from the history")
    screen.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
