#!/usr/bin/python3
"""/search in the terminal UI: the search window, jumping to a match,
reading on from there, and the same search through the control socket
(tmux, 100x30, ui.history_page 20).

bob writes alice 160 numbered messages ("alpha 0".."alpha 159"), number
40 saying "a needle in the haystack". Asserts:
  - /search needle opens the search window: the count, the match
    numbered 1 with its account and conversation, between "alpha 39" and
    "alpha 41";
  - 1 and Enter there opens bob's window at the match: "alpha 39" above
    it, "alpha 41" below, the status bar saying the window shows the
    history; a message bob sends now is counted, not shown;
  - paging down reads on through the history to "alpha 159" and the new
    message, and the status bar no longer says so;
  - /search open 1 does the same from anywhere (with ui.scrollback 15
    too, fewer lines than it loads; and with 10, fewer than a page, up
    to the top and down again to the newest); /search open 7 says there
    is no match 7; filters: --in carol finds nothing, --from bob --since
    1d alpha lists the newest 50, --since garbage is refused by name;
  - natter ctl --json /search needle prints the result with the match in
    "messages" (account, conversation, sender, body, id).
"""

import json
import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check, run_ctl  # noqa: E402
from tmuxdriver import NatterScreen, cut_columns  # noqa: E402

WIDTH, HEIGHT = 100, 30
MAIN_COLS = WIDTH - 25
COUNT = 160
NEEDLE = 40


def main(rows):
    return [cut_columns(r, 0, MAIN_COLS).rstrip() for r in rows[1:-2]]


def row_with(rows, pattern):
    for i, row in enumerate(rows):
        if re.search(pattern, row):
            return i
    return -1


def body(tb):
    bob = Peer(tb, "bob")
    alice = tb.jid("alice")
    confdir = tb.natter_config(["alice"])
    with open(os.path.join(confdir, "natter.conf"), "a", encoding="utf-8") as f:
        f.write("\n[ui]\nhistory_page=20\n")
    s = NatterScreen(tb, confdir, width=WIDTH, height=HEIGHT)
    s.wait_screen(lambda t: "alice (online)" in t, what="alice online")
    for i in range(COUNT):
        bob.send_message(alice, "a needle in the haystack" if i == NEEDLE else "alpha %d" % i)
    s.wait_screen(lambda t: "bob (160)" in t, what="bob's 160 messages")

    s.type_line("/search needle")
    rows = s.wait_rows(lambda r: any("1 message of the history matches 'needle'" in x
                                     for x in main(r)), "the search window")
    m = main(rows)
    head, before = row_with(m, r"^\S+ 1  \d{4}-\d\d-\d\d \d\d:\d\d  alice  bob@localhost$"), \
        row_with(m, r"<bob@localhost> alpha 39$")
    match, after = row_with(m, r"<bob@localhost> a needle in the haystack$"), \
        row_with(m, r"<bob@localhost> alpha 41$")
    check(0 < head < before < match < after, "the search window:\n%s" % s.screen_dump())
    check(rows[0].strip().startswith("search"), "title: %r" % rows[0])

    s.type_line("1")
    rows = s.wait_rows(lambda r: "bob@localhost" in r[0] and any("needle" in x for x in main(r)),
                       "bob's window at the match")
    m = main(rows)
    check(row_with(m, r"alpha 39$") < row_with(m, r"needle in the haystack$")
          < row_with(m, r"alpha 41$"), "the match and around it:\n%s" % s.screen_dump())
    check("in the history" in rows[-2], "status bar: %r" % rows[-2])
    check(row_with(m, r"alpha 159$") == -1, "the newest shown already:\n%s" % s.screen_dump())
    bob.send_message(alice, "said meanwhile")
    s.wait_rows(lambda r: "1 new" in r[-2], "the new message counted")
    check("said meanwhile" not in s.screen(), "the new message shown in the history")

    for _ in range(20):
        if "said meanwhile" in s.screen():
            break
        s.send_keys("NPage")
        s.settle()
    rows = s.wait_rows(lambda r: any(x.endswith("said meanwhile") for x in main(r)),
                       "read on to the newest")
    check(row_with(main(rows), r"alpha 159$") >= 0, "alpha 159 before the new one")
    check("in the history" not in rows[-2], "still in the history: %r" % rows[-2])

    s.type_line("/win 1")
    s.type_line("/search open 1")
    s.wait_rows(lambda r: "bob@localhost" in r[0] and "in the history" in r[-2],
                "/search open 1")
    s.send_keys("End")
    s.wait_rows(lambda r: "in the history" not in r[-2] and
                any(x.endswith("said meanwhile") for x in main(r)), "End: the newest again")
    # Fewer lines kept than a jump loads: the match and what follows it
    # stay while the view is on them.
    s.type_line("/set ui.scrollback 15")
    s.type_line("/search open 1")
    rows = s.wait_rows(lambda r: "bob@localhost" in r[0] and "in the history" in r[-2],
                       "/search open 1 with 15 lines kept")
    check(any(x.endswith("a needle in the haystack") for x in main(rows))
          and any(x.endswith("alpha 41") for x in main(rows)),
          "the match with 15 lines kept:\n%s" % s.screen_dump())
    s.send_keys("End")
    # Fewer lines kept than a page of the history (10 < 20): up to the
    # top of what is held, then down again reading on from the history
    # (the line the view stood on was once freed under it).
    s.type_line("/set ui.scrollback 10")
    s.type_line("/search open 1")
    s.wait_rows(lambda r: "bob@localhost" in r[0] and "in the history" in r[-2],
                "/search open 1 with 10 lines kept")
    for _ in range(3):
        s.send_keys("PPage")
        s.settle()
    for _ in range(40):
        if "said meanwhile" in s.screen():
            break
        s.send_keys("NPage")
        s.settle()
    s.wait_rows(lambda r: any(x.endswith("said meanwhile") for x in main(r)),
                "read on to the newest with 10 lines kept")
    s.send_keys("End")
    s.type_line("/set ui.scrollback 10000")
    s.type_line("/search open 7")
    s.wait_screen(lambda t: "no match 7: the last /search listed 1" in t, what="no match 7")
    s.type_line("/search --in carol@localhost alpha")
    s.wait_screen(lambda t: "nothing in the history matches 'alpha'" in t, what="--in carol")
    s.type_line("/search --from bob@localhost --since 1d alpha")
    s.wait_screen(lambda t: "50 messages of the history match 'alpha' (the newest 50)" in t,
                  what="--from --since")
    s.type_line("/search --since garbage alpha")
    s.wait_screen(lambda t: "'garbage' is not a time" in t, what="a bad date")

    done = run_ctl(s, "--json", "/search", "needle")
    check(done.returncode == 0, "natter ctl --json: %r" % done.stderr)
    result = json.loads(done.stdout)
    found = result.get("messages") or [{}]
    check(result.get("ok") is True and len(found) == 1
          and found[0].get("body") == "a needle in the haystack"
          and found[0].get("account") == "alice"
          and found[0].get("conversation") == "bob@localhost"
          and (found[0].get("sender") or "").startswith("bob@localhost")
          and isinstance(found[0].get("id"), int), "ctl --json: %r" % result)
    s.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
