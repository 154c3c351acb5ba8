#!/usr/bin/python3
"""natter ctl beside the terminal UI: unread counts and window activity.

natter runs in tmux as alice (the console shown); carol (slixmpp) writes
to her. Asserts:
  - natter ctl --unread starts at "0 unread, 0 highlights";
  - after carol's two messages (a new window, not shown; a private
    message counts as a highlight): "2 unread, 2 highlights", then
    "alice: 2 unread, 2 highlights", then
    "2:carol@localhost (alice): 2 unread, 2 highlights"; --json has the
    same numbers per window and account;
  - natter ctl --events saw "activity" objects counting up to 2;
  - natter ctl /win 2 shows the window on the screen (the command runs
    in the running UI), and the counts go back to 0, with an "activity"
    object saying so;
  - natter ctl output that quotes remote text is sanitized: carol's
    status text (in /roster list) with a C1 CSI and a bidi override shows
    without them.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import CtlEvents, Peer, check, run_ctl, wait_until  # noqa: E402
from tmuxdriver import NatterScreen  # noqa: E402


def unread_lines(screen):
    done = run_ctl(screen, "--unread")
    check(done.returncode == 0, "natter ctl --unread: %r" % (done,))
    return done.stdout.splitlines()


def body(tb):
    carol = Peer(tb, "carol")
    screen = NatterScreen(tb, tb.natter_config(["alice"]), width=100, height=30)
    screen.wait_screen(lambda t: "alice (online)" in t, what="alice online")
    wait_until(lambda: run_ctl(screen, "--unread").returncode == 0, testbed.DEFAULT_TIMEOUT,
               "the control socket")
    check(unread_lines(screen) == ["0 unread, 0 highlights"], "before any message")
    events = CtlEvents(tb, screen)
    events.wait_for({"event": "ready"}, what="the event stream started")

    carol.send_message(tb.jid("alice"), "first")
    carol.send_message(tb.jid("alice"), "second")
    wait_until(lambda: unread_lines(screen)[0] == "2 unread, 2 highlights",
               testbed.DEFAULT_TIMEOUT, "two unread")
    lines = unread_lines(screen)
    check(lines == ["2 unread, 2 highlights", "alice: 2 unread, 2 highlights",
                    "2:%s (alice): 2 unread, 2 highlights" % carol.jid],
          "natter ctl --unread: %r" % lines)
    data = json.loads(run_ctl(screen, "--unread", "--json").stdout)
    check(data["unread"] == 2 and data["highlights"] == 2
          and data["accounts"] == {"alice": {"unread": 2, "highlights": 2}}
          and data["windows"] == [{"number": 2, "name": carol.jid, "account": "alice",
                                   "unread": 2, "highlights": 2}],
          "natter ctl --unread --json: %r" % data)
    events.wait_for({"event": "activity", "unread": 2}, what="activity counting 2")

    done = run_ctl(screen, "/win", "2")
    check(done.returncode == 0, "natter ctl /win 2: %r" % (done,))
    screen.wait_rows(lambda r: r[-2].startswith(" [2:%s]" % carol.jid), "window 2 shown")
    check(unread_lines(screen) == ["0 unread, 0 highlights"], "after /win 2")
    events.wait_for({"event": "activity", "unread": 0}, what="activity back to 0")

    # C1 CSI (allowed in XML, an escape sequence on many terminals) and a
    # bidi override.
    carol.send_presence(show="away", status="out \u009b2J now \u202e!")
    wait_until(lambda: "out" in run_ctl(screen, "/roster", "list").stdout,
               testbed.DEFAULT_TIMEOUT, "carol's status in /roster list")
    done = run_ctl(screen, "/roster", "list")
    check("\u009b" not in done.stdout and "\u202e" not in done.stdout
          and "now" in done.stdout,
          "natter ctl printed a control character: %r" % done.stdout)
    screen.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
