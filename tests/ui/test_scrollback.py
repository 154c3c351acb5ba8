#!/usr/bin/python3
"""Scrollback beyond the lines natter keeps uncompressed, in tmux (120x40).

A window keeps its newest 128 to 255 lines as they are and compresses
older ones 128 at a time (fe/tty/coldstore.c); scrolling up brings them
back.
bob sends alice bursts of numbered lines:
  - 600 lines: Home shows "line 0" at the top, then each page down shows
    the following lines in order, none missing or repeated, down to
    "line 599"; End goes back to the bottom;
  - 300 more (the lines brought back are compressed again): Home still
    finds "line 0";
  - alice looks at the console while 600 more come: the unread marker
    after "line 899" was compressed with its line, and scrolling up
    finds it again right under "line 899";
  - /set ui.scrollback 500: between 500 and 627 lines stay (compressed
    lines go a block at a time), the oldest shown by Home;
  - carol writes 100 lines, one with a typo, and 160 more: the typo's
    line is compressed by then; her correction still reaches it (the
    window brings compressed lines back to look), shown as "(edited)".
"""

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import NatterScreen, cut_columns  # noqa: E402

WIDTH, HEIGHT = 120, 40
MAIN_COLS = WIDTH - 25  # left of the panel and its border
MESSAGE = re.compile(r"<bob@localhost> (line|more|late) (\d+)$")
ORDER = {"line": 0, "more": 600, "late": 900}  # where each burst starts


def main(rows):
    return [cut_columns(r, 0, MAIN_COLS).rstrip() for r in rows[1:-2]]


def numbers(rows):
    """The messages on screen, top to bottom, as numbers in the order sent
    ("line 0" is 0, "more 0" 600, "late 0" 900)."""
    found = []
    for row in main(rows):
        m = MESSAGE.search(row)
        if m:
            found.append(ORDER[m.group(1)] + int(m.group(2)))
    return found


def read_all(s, last):
    """From the top (Home), page down to the bottom: every message from the
    first shown to last, in order, once. Returns the first."""
    s.send_keys("Home")
    rows = s.wait_rows(lambda r: len(numbers(r)) > 0 and numbers(r)[-1] < last,
                       "the top of the scrollback")
    seen = numbers(rows)
    while seen[-1] < last:
        before = seen[-1]
        s.send_keys("NPage")
        rows = s.wait_rows(lambda r: len(numbers(r)) > 0 and numbers(r)[-1] > before,
                           "a page down after %d" % before)
        page = [n for n in numbers(rows) if n > before]
        check(page == list(range(before + 1, before + 1 + len(page))),
              "messages after %d out of order: %r" % (before, page))
        seen += page
    check(seen == list(range(seen[0], last + 1)),
          "messages missing or repeated: %r" % seen)
    s.send_keys("End")
    return seen[0]


def body(tb):
    bob = Peer(tb, "bob")
    alice = tb.jid("alice")
    s = NatterScreen(tb, tb.natter_config(["alice"]), width=WIDTH, height=HEIGHT)
    s.wait_screen(lambda t: "online as" in t, what="alice online")

    bob.send_burst(alice, "line", 600)
    s.wait_screen(lambda t: "bob (600)" in t, what="the 600 lines waiting")
    s.send_keys("M-2")
    s.wait_rows(lambda r: numbers(r)[-1:] == [599], "line 599 at the bottom")
    check(read_all(s, 599) == 0, "Home does not reach line 0:\n%s" % s.screen_dump())

    # More lines: those brought back are compressed again, and come back
    # again.
    bob.send_burst(alice, "more", 300)
    s.wait_rows(lambda r: numbers(r)[-1:] == [899], "more 299 at the bottom")
    check(read_all(s, 899) == 0, "Home does not reach line 0 after more came")

    # Away in the console while 600 more come: the read mark (after
    # "more 299") goes into compression with its line.
    s.send_keys("M-1")
    s.settle()
    bob.send_burst(alice, "late", 600)
    s.send_keys("M-2")
    s.wait_rows(lambda r: numbers(r)[-1:] == [1499], "late 599 at the bottom")
    for _ in range(80):
        rows = main(s.rows())
        marks = [i for i, row in enumerate(rows) if re.fullmatch(r"-+ new -+", row)]
        if marks and 0 < marks[0] < len(rows) - 1:
            check(rows[marks[0] - 1].endswith("more 299")
                  and rows[marks[0] + 1].endswith("late 0"),
                  "the unread marker is not after 'more 299':\n%s" % s.screen_dump())
            break
        s.send_keys("PPage")
        s.settle()
    else:
        check(False, "no unread marker above the late burst:\n%s" % s.screen_dump())
    s.send_keys("End")
    s.wait_rows(lambda r: numbers(r)[-1:] == [1499], "back at the bottom")

    # Fewer lines kept: compressed lines go a block (128) at a time, so
    # 500 to 627 of the 1,500 stay.
    s.type_line("/set ui.scrollback 500")
    s.settle()
    first = read_all(s, 1499)
    check(1500 - 627 <= first <= 1000,
          "with ui.scrollback 500, the oldest line kept is message %d" % first)

    # A correction of a line compressed meanwhile (XEP-0308).
    carol = Peer(tb, "carol")
    carol.send_burst(alice, "pre", 100)
    carol.send_stanza("<message to='%s' type='chat' id='typo1'><body>teh typo</body></message>"
                      % alice)
    carol.send_burst(alice, "post", 160)
    s.wait_screen(lambda t: "carol (261)" in t, what="carol's 261 lines waiting")
    carol.send_stanza("<message to='%s' type='chat' id='fix1'><body>the fix</body>"
                      "<replace xmlns='urn:xmpp:message-correct:0' id='typo1'/></message>"
                      % alice)
    s.send_keys("M-3")
    s.wait_screen(lambda t: "post 159" in t, what="carol's window")
    for _ in range(30):
        text = s.screen()
        if "the fix (edited)" in text or "teh typo" in text:
            break
        s.send_keys("PPage")
        s.settle()
    check("the fix (edited)" in s.screen() and "teh typo" not in s.screen(),
          "the correction did not reach the compressed line:\n%s" % s.screen_dump())
    s.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
