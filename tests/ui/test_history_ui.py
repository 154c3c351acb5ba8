#!/usr/bin/python3
"""A conversation window opens with the end of its history (history.db),
across runs of natter (tmux, 100x30).

Asserts:
  - carol writes to alice and alice answers; after /quit and a new start
    with the same configuration, /msg carol opens a window that shows
    carol's message and alice's answer, in order, with their names;
  - a message carol sends now comes below them;
  - after /close, carol's next message reopens the window, shown once
    below the history;
  - with /set ui.history_page 0, a window opened anew (after /close)
    shows nothing from before.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import NatterScreen  # noqa: E402


def row_of(rows, text):
    for i, row in enumerate(rows):
        if text in row:
            return i
    return -1


def closed(screen, carol):
    """Wait until /close has taken carol's window away (keys may be read
    late: under valgrind the old window was still shown)."""
    screen.wait_rows(lambda r: not r[-2].startswith(" [2:%s]" % carol.jid),
                     "carol's window closed")


def body(tb):
    carol = Peer(tb, "carol")
    confdir = tb.natter_config(["alice"])
    screen = NatterScreen(tb, confdir, width=100, height=30)
    screen.wait_screen(lambda t: "alice (online)" in t, what="alice online")
    carol.send_message(tb.jid("alice"), "from before the restart")
    screen.wait_screen(lambda t: "[1 2]" in t, what="carol's window")
    screen.type_line("/win 2")
    screen.type_line("an answer from before")
    carol.wait_message(lambda m: m["body"] == "an answer from before")
    screen.quit_cleanly()

    screen = NatterScreen(tb, confdir, width=100, height=30)
    screen.wait_screen(lambda t: "alice (online)" in t, what="alice online again")
    screen.type_line("/msg %s" % carol.jid)
    screen.wait_screen(lambda t: "an answer from before" in t, what="the history")
    rows = screen.rows()
    first, second = row_of(rows, "from before the restart"), row_of(rows, "an answer from before")
    check(0 < first < second, "history rows %d, %d:\n%s" % (first, second, "\n".join(rows)))
    check("<%s>" % carol.jid in rows[first] and "<%s>" % tb.jid("alice") in rows[second],
          "the names in the history:\n%s" % "\n".join(rows))
    carol.send_message(tb.jid("alice"), "and now")
    screen.wait_screen(lambda t: "and now" in t, what="the new message")
    rows = screen.rows()
    check(row_of(rows, "and now") > row_of(rows, "an answer from before"),
          "the new message is not below the history:\n%s" % "\n".join(rows))

    # Closed, then a message: the window opens again with its history
    # and the message once.
    screen.type_line("/close")
    closed(screen, carol)
    carol.send_message(tb.jid("alice"), "while it was closed")
    screen.wait_rows(lambda r: "[1 2]" in r[-2], "the window opened again")
    screen.type_line("/win 2")
    screen.wait_screen(lambda t: "while it was closed" in t, what="the reopened window")
    check(screen.screen().count("while it was closed") == 1,
          "the message shown twice:\n%s" % screen.screen())

    screen.type_line("/set ui.history_page 0")
    screen.type_line("/close")
    closed(screen, carol)
    screen.type_line("/msg %s" % carol.jid)
    screen.wait_rows(lambda r: r[-2].startswith(" [2:%s]" % carol.jid), "the window again")
    check("from before the restart" not in screen.screen(), "history shown with page 0")
    screen.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
