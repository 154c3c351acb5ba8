#!/usr/bin/python3
"""Scrolling back through the history and the server's archive; /mam,
/history delete, /history off and on (tmux, 100x30, ui.history_page 20,
Prosody without offline storage: what came while natter was away is in
the archive only).

bob writes 150 numbered messages ("old 0".."old 149") before alice's
natter first logs in: its first reading of the archive stores the latest
page (old 100..149 on Prosody, which pages by 50). Asserts:
  - /msg bob opens the window with the last 20 (old 130..149), and the
    page before as the screen has room for it: a full screen, in order;
  - paging up reads older pages from the history down to old 100, then
    says it asks the server's archive, and goes on to old 0 (the pages
    the archive had and the history did not), then says the history
    starts there; paging down from the top shows old 0..149 in order,
    each once;
  - with ui.scrollback 60 (128 kept, the least), paging up reaches old 0 again (read back
    from the history, the newest lines let go: the status bar says the
    window shows the history), and paging down shows 0..149 in order;
  - /history delete bob says how many would go and deletes nothing; said
    again, deletes all 150 (history.db has none of bob's);
  - /mam bob reads the archive again: "150 messages read, 150 new", the
    window shows old 149 again, and history.db holds 150; /mam again: 0 new;
  - /history off: bob's next message shows but is not stored; /history
    on: the one after is stored; /history lists nothing off then.
"""

import os
import re
import sqlite3
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check, wait_until  # noqa: E402
from tmuxdriver import NatterScreen, cut_columns  # noqa: E402

WIDTH, HEIGHT = 100, 30
MAIN_COLS = WIDTH - 25  # left of the panel and its border
MESSAGE = re.compile(r"<bob@localhost> old (\d+)$")
COUNT = 150


def main(rows):
    return [cut_columns(r, 0, MAIN_COLS).rstrip() for r in rows[1:-2]]


def numbers(rows):
    return [int(m.group(1)) for m in (MESSAGE.search(r) for r in main(rows)) if m]


def stored(path, like):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return [b for (b,) in db.execute(
            "SELECT body FROM messages WHERE body LIKE ? ORDER BY timestamp, id", (like,))]
    finally:
        db.close()


def page_up_until(s, predicate, what, presses=60):
    """Page up until predicate(rows of the main area) holds."""
    for _ in range(presses):
        if predicate(main(s.rows())):
            return
        s.send_keys("PPage")
        s.settle()
    s.wait_rows(lambda r: predicate(main(r)), what)


def has(text):
    return lambda rows: any(text in r for r in rows)


def shows(n):
    return lambda rows: any(MESSAGE.search(r) and int(MESSAGE.search(r).group(1)) == n
                            for r in rows)


def read_down(s):
    """From where the view is, page down to the bottom; the numbers seen,
    each screen's in order."""
    seen = []
    for _ in range(60):
        page = numbers(s.rows())
        check(page == sorted(set(page)), "a screen out of order or repeated: %r" % page)
        seen += [n for n in page if not seen or n > seen[-1]]
        if seen and seen[-1] == COUNT - 1:
            break
        s.send_keys("NPage")
        s.settle()
    return seen


def body(tb):
    bob = Peer(tb, "bob")
    alice = tb.jid("alice")
    confdir = tb.natter_config(["alice"])
    path = os.path.join(confdir, "history.db")
    with open(os.path.join(confdir, "natter.conf"), "a", encoding="utf-8") as f:
        f.write("\n[ui]\nhistory_page=20\n")
    bob.send_burst(alice, "old", COUNT)
    # The server handles bob's stream in order: once his note to himself
    # is back, the burst is in alice's archive.
    bob.send_message(bob.jid + "/peer", "burst sent")
    bob.wait_message(lambda m: m["body"] == "burst sent")

    s = NatterScreen(tb, confdir, width=WIDTH, height=HEIGHT)
    s.wait_screen(lambda t: "alice (online)" in t, what="alice online")
    wait_until(lambda: os.path.exists(path) and "old 149" in stored(path, "old %"), 30,
               "the archive's latest page in the history")
    s.type_line("/ping")  # the page is complete once the pong comes
    s.wait_screen(lambda t: "pong" in t, what="a round trip")
    # The page is as long as the server makes it (Prosody: 50).
    lowest = 150 - len(stored(path, "old %"))
    check(0 < lowest < 130, "the latest page read at login: from old %d" % lowest)
    s.type_line("/msg bob@localhost")
    s.wait_rows(lambda r: numbers(r)[-1:] == [149], "old 149 at the bottom")
    # The last page, and as much before it as fills the screen.
    first = numbers(s.rows())
    check(first == list(range(first[0], COUNT)) and first[0] < 130,
          "the window's first screen:\n%s" % s.screen_dump())

    page_up_until(s, shows(lowest), "old %d from the history" % lowest)
    # The notice lasts until the archive answers: the server waits.
    with tb.server_paused():
        page_up_until(s, has("asking the server's archive"), "the archive asked")
    page_up_until(s, shows(0), "old 0 from the archive")
    page_up_until(s, has("the start of the history"), "the start of the history")
    check(len(stored(path, "old %")) == COUNT, "the history holds %d of the %d"
          % (len(stored(path, "old %")), COUNT))
    s.send_keys("Home")
    s.settle()
    seen = read_down(s)
    check(seen == list(range(COUNT)), "paging down from the top: %r" % seen)
    s.send_keys("End")

    # Memory bounded: with ui.scrollback 60 the window keeps 128 lines
    # (the least it keeps: twice the screen, at least 128);
    # paging up reads the older ones back from the history and lets the
    # newest go (the status bar says the window shows the history);
    # paging down reads those back in turn.
    s.type_line("/set ui.scrollback 60")
    s.settle()
    page_up_until(s, shows(0), "old 0 with 60 lines kept")
    check("in the history" in s.rows()[-2], "not detached: %r" % s.rows()[-2])
    seen = read_down(s)
    check(seen == list(range(COUNT)), "paging down with 60 lines kept: %r" % seen)
    s.send_keys("End")
    s.type_line("/set ui.scrollback 10000")

    # /history delete: said once, it asks; twice, it deletes.
    s.type_line("/history delete bob@localhost")
    s.wait_screen(lambda t: "this deletes the 150 messages of bob@localhost" in t,
                  what="the question")
    check(len(stored(path, "old %")) == COUNT, "deleted before the confirmation")
    s.type_line("/history delete bob@localhost")
    s.wait_screen(lambda t: "deleted the 150 messages of bob@localhost" in t,
                  what="the deletion")
    check(stored(path, "old %") == [], "history.db still holds bob's messages")

    # /mam: everything back from the archive, once.
    s.type_line("/mam bob@localhost")
    s.wait_screen(lambda t: "150 messages read, 150 new" in t, what="/mam's count")
    s.wait_rows(lambda r: 149 in numbers(r), "the window read again")
    check(stored(path, "old %") == ["old %d" % i for i in range(COUNT)],
          "history.db after /mam: %r" % stored(path, "old %")[:5])
    s.type_line("/mam bob@localhost")
    s.wait_screen(lambda t: "150 messages read, 0 new" in t, what="/mam again")
    check(len(stored(path, "old %")) == COUNT, "/mam again stored copies")

    # /history off, then on.
    s.type_line("/history off")
    s.wait_screen(lambda t: "keeps nothing of bob@localhost" in t, what="history off")
    bob.send_message(alice, "not kept")
    s.wait_screen(lambda t: "not kept" in t, what="the message shown")
    s.type_line("/history on")
    s.wait_screen(lambda t: "keeps bob@localhost (account alice) again" in t,
                  what="history on")
    bob.send_message(alice, "kept again")
    s.wait_screen(lambda t: "kept again" in t, what="the next message")
    s.type_line("/history")
    s.wait_screen(lambda t: "every conversation is kept" in t, what="/history")
    s.quit_cleanly()
    check(stored(path, "not kept") == [], "a message stored with history off")
    check(stored(path, "kept again") == ["kept again"], "history on: not stored")


if __name__ == "__main__":
    testbed.run_test(body, ui=True, without_modules=("offline",))
