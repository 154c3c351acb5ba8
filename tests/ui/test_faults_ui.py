#!/usr/bin/python3
"""Faults the terminal UI must survive (issue 11 item 3), in tmux.

Two scenarios, each asserting what the user would see (a failing one is
reported and the other still runs):
  - resize storm: alice's natter (120x40) shows its window with bob; bob
    sends a burst of 300 messages "storm N" (three after each resize) while
    the test resizes the tmux window 100 times in about a second, through
    sizes between 40x10 and 200x60 (both extremes included), then settles
    at 100x30. Then:
    natter still runs (same pid); the 100x30 layout is clean: title bar
    " bob@localhost ..." on row 0, status bar " [2:bob@localhost] ..." on
    row 28 (the second last), the panel's │ at column 75 on every main row
    (1..27) and on no other row, no row wider than 100 columns, the panel
    lists "alice (online)"; "storm 299" (the last of the burst) is shown,
    on the main area's last message row, each message row a whole
    "HH:MM <bob@localhost> storm N" with N counting up by one; what is
    shown equals what a full redraw draws (the panel toggled off and on
    with Alt-R twice) on every row but the input line; a typed line shows
    on the input line with the cursor right after it, and Enter delivers
    it to bob and shows it in the window; /quit exits 0 with no sanitizer
    report.
  - SIGKILL during a burst: alice's natter (100x30, a fresh configuration)
    shows bob's window; bob sends 500 messages "flood N". The test reads
    the screen over and over while they arrive, noting every message
    number shown; once one numbered 50 or more is shown, it reads the
    screen once more and kills natter (the pane's process, checked to be
    natter, not a shell) with SIGKILL. Then history.db (in the
    configuration directory) passes PRAGMA integrity_check and holds every
    message number that was ever on the screen (a message the user saw is
    never lost), each once. natter started again on the same
    configuration, once the server has the whole burst (a ping bob sends
    after it answered): alice online, no line about the history or its
    database in the console or on stderr; /msg bob@localhost shows bob's
    window; the messages natter missed come from the server's archive:
    history.db then holds flood 0-499 once each, in the history's order,
    bob's window shows the end of it, its last row "flood 499", its rows
    counting up by one (at least 10 of them); history.db still passes the
    integrity check; /quit exits 0.
"""

import os
import random
import re
import signal
import sqlite3
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, TestFailure, check, log  # noqa: E402
from tbcommon import scaled  # noqa: E402
from tmuxdriver import (NatterScreen, column_of, cut_columns,  # noqa: E402
                        run_scenarios, text_columns)

PANEL = 24
BOB = "bob@localhost"
STATUS = re.compile(r" (\[[^]]*\] )*\[\d+:")


# --------------------------------------------------------------------------
# Reading the screen


def main_cols(width):
    """Columns of the main area at a width, the panel on the right (as
    test_windows.py: the panel gives way to keep 30 columns, and goes
    under 10 of its own)."""
    shown = min(PANEL, width - 1 - 30)
    return width - shown - 1 if shown >= 10 else width


def border_columns(rows):
    """For each row, the columns holding │."""
    return [column_of(row, "\u2502") for row in rows]


def main_text(rows, cols):
    """The main area's rows (left of the panel), trailing blanks cut."""
    return [cut_columns(r, 0, cols).rstrip() for r in rows[1:-2]]


def numbered(rows, cols, prefix):
    """The numbers of bob's "PREFIX N" lines in the main area, top to
    bottom."""
    pattern = re.compile(r"\d\d:\d\d <%s> %s (\d+)" % (re.escape(BOB), prefix))
    found = []
    for row in main_text(rows, cols):
        m = pattern.fullmatch(row)
        if m:
            found.append(int(m.group(1)))
    return found


def spans(numbers):
    """Numbers as runs counting up by one: "0-98, 229-293, 99"."""
    runs = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join("%d" % a if a == b else "%d-%d" % (a, b) for a, b in runs)


def db_rows(path, sql, args=()):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True, timeout=10)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def stored_numbers(path, prefix):
    """The numbers of bob's "PREFIX N" messages in history.db, in the
    history's order (by second, then by row id)."""
    bodies = db_rows(path, "SELECT body FROM messages WHERE account = 'alice' "
                     "AND conversation = ? AND body LIKE ? "
                     "ORDER BY timestamp / 1000000, id", (BOB, prefix + " %"))
    return [int(b.split()[-1]) for (b,) in bodies]


def natter_pid(screen):
    """The pane's process, which must be natter itself (the pane's command
    execs env, which execs natter), not a shell."""
    pid = int(screen.pane_info("#{pane_pid}"))
    with open("/proc/%d/cmdline" % pid, "rb") as f:
        argv = [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    check(argv and os.path.basename(argv[0]) not in ("sh", "bash", "dash", "env")
          and "--config-dir" in argv and screen.confdir in argv,
          "the pane's process %d is not natter: %r" % (pid, argv))
    return pid


def stop_on_failure(screen, passed):
    """A scenario that failed leaves no natter logged in as alice (the
    next one logs in with the same resource); the tmux server goes, its
    last screen stays for the report."""
    if not passed and screen is not None:
        screen.kill()


# --------------------------------------------------------------------------
# Scenario 1: the terminal resized 100 times in a second during a burst


def resize_storm(tb, bob):
    screen = None
    passed = False
    try:
        screen = NatterScreen(tb, tb.natter_config(["alice"]), width=120, height=40)
        screen.wait_screen(lambda t: "alice (online)" in t, what="alice online")
        pid = natter_pid(screen)
        screen.type_line("/msg %s" % BOB)
        screen.wait_rows(lambda r: r[-2].startswith(" [2:%s]" % BOB), "bob's window shown")

        rng = random.Random(11)
        sizes = [(40, 10), (200, 60)] + [(rng.randint(40, 200), rng.randint(10, 60))
                                         for _ in range(98)]
        rng.shuffle(sizes)
        progress = {"resizes": 0}

        def storm():
            started = time.monotonic()
            for i, (width, height) in enumerate(sizes):
                screen.resize(width, height)
                progress["resizes"] = i + 1
                ahead = started + (i + 1) * 0.01 - time.monotonic()
                if ahead > 0:
                    time.sleep(ahead)
            progress["seconds"] = time.monotonic() - started
        storm_thread = threading.Thread(target=storm)
        storm_thread.start()
        # bob's burst spread over the storm: three messages per resize, so
        # that they arrive from its first resize to its last.
        try:
            for n in range(300):
                while progress["resizes"] < n // 3 and storm_thread.is_alive():
                    time.sleep(0.001)
                bob.send_message(tb.jid("alice"), "storm %d" % n)
            sent_during = progress["resizes"]
        finally:
            storm_thread.join()
        check("seconds" in progress, "the resize storm did not finish")
        log("100 resizes in %.2f s; bob's last message sent after %d of them"
            % (progress["seconds"], sent_during))

        at_end = [int(n) for n in re.findall(r"> storm (\d+)\b", screen.screen())]
        log("when the storm ended the screen showed bob's messages up to %s"
            % (max(at_end) if at_end else "none"))
        width, height = 100, 30
        screen.resize(width, height)
        cols = main_cols(width)   # 75

        def laid_out(rows):
            return (len(rows) == height
                    and rows[0].startswith(" %s" % BOB)
                    and rows[height - 2].startswith(" [2:%s]" % BOB)
                    and all(b == [cols] for b in border_columns(rows)[1:height - 2])
                    and "storm 299" in "\n".join(main_text(rows, cols)))
        rows = screen.wait_rows(laid_out, "the 100x30 layout (title on row 0, status bar on "
                                "row 28, │ at column 75 on rows 1-27) with 'storm 299'",
                                timeout=60)
        check(not screen.pane_dead() and natter_pid(screen) == pid,
              "natter no longer runs after the resize storm:\n%s" % screen.screen_dump())
        borders = border_columns(rows)
        for y in (0, height - 2, height - 1):
            check(borders[y] == [], "100x30: a │ on row %d: %r\n%s"
                  % (y, rows[y], screen.screen_dump()))
        for y, row in enumerate(rows):
            check(text_columns(row) <= width, "100x30: row %d wider than the terminal: %r"
                  % (y, row))
        check(STATUS.match(rows[height - 2]), "status bar not on row %d:\n%s"
              % (height - 2, screen.screen_dump()))
        panel = [cut_columns(r, cols + 1).rstrip() for r in rows[1:height - 2]]
        check(panel[0] == "alice (online)", "the panel's first row: %r\n%s"
              % (panel[0], screen.screen_dump()))

        # The messages shown: whole rows, counting up to the last of the
        # burst, which is on the last row holding a message.
        text = [r for r in main_text(rows, cols) if r]
        shown = numbered(rows, cols, "storm")
        check(shown and shown[-1] == 299 and text[-1].endswith("> storm 299"),
              "'storm 299' is not the last message shown:\n%s" % screen.screen_dump())
        check(shown == list(range(shown[0], 300)),
              "the burst's rows do not count up by one to 299: %r\n%s"
              % (shown, screen.screen_dump()))
        stray = [r for r in text if "storm" in r and not re.fullmatch(
            r"\d\d:\d\d <%s> storm \d+" % re.escape(BOB), r)]
        check(not stray, "broken message rows after the resize storm: %r\n%s"
              % (stray, screen.screen_dump()))

        # No leftovers: the screen equals a full redraw (Alt-R twice hides
        # and shows the panel: natter lays out and draws everything anew).
        before = screen.rows()
        screen.send_keys("M-r", "M-r")
        screen.send_text("!")
        screen.wait_rows(lambda r: r[height - 1] == "!",
                         "the input line after toggling the panel twice")
        screen.wait_rows(lambda r: all(b == [cols] for b in border_columns(r)[1:height - 2]),
                         "the panel back at column %d" % cols)
        after = screen.rows()
        if before[:-1] != after[:-1]:
            diff = ["%2d before |%s|\n   after  |%s|" % (y, b, a)
                    for y, (b, a) in enumerate(zip(before, after)) if b != a]
            raise TestFailure("after the resize storm the screen differs from a full "
                              "redraw (leftovers):\n%s" % "\n".join(diff))
        screen.clear_input()

        # Typing echoes, the cursor after it; Enter reaches bob.
        line = "after the storm"
        screen.send_text(line)
        screen.wait_rows(lambda r: r[height - 1] == line, "%r on the input line" % line)
        check(screen.cursor() == (len(line), height - 1),
              "cursor at %s after typing %d characters" % (screen.cursor(), len(line)))
        screen.send_keys("Enter")
        bob.wait_message(lambda m: m["body"] == line, timeout=30)
        mine = re.compile(r"\d\d:\d\d <alice@localhost> %s( \S+)?" % line)
        screen.wait_rows(lambda r: any(mine.fullmatch(x) for x in main_text(r, cols)),
                         "alice's line in bob's window")
        screen.quit_cleanly()
        passed = True
    finally:
        stop_on_failure(screen, passed)


# --------------------------------------------------------------------------
# Scenario 2: SIGKILL in the middle of a burst


def kill_during_burst(tb, bob):
    screen = None
    passed = False
    width, height = 100, 30
    cols = main_cols(width)
    total = 500
    try:
        confdir = tb.natter_config(["alice"])
        path = os.path.join(confdir, "history.db")
        screen = NatterScreen(tb, confdir, width=width, height=height)
        screen.wait_screen(lambda t: "alice (online)" in t, what="alice online")
        pid = natter_pid(screen)
        screen.type_line("/msg %s" % BOB)
        screen.wait_rows(lambda r: r[-2].startswith(" [2:%s]" % BOB), "bob's window shown")

        bob.send_burst(tb.jid("alice"), "flood", total)
        seen = set()
        deadline = time.monotonic() + scaled(90)
        while True:
            shown = numbered(screen.rows(), cols, "flood")
            seen.update(shown)
            if shown and max(shown) >= 50:
                break
            check(not screen.pane_dead(), "natter exited during the burst:\n%s"
                  % screen.screen_dump())
            check(time.monotonic() < deadline, "no message numbered 50 or more shown "
                  "within 90 s:\n%s" % screen.screen_dump())
            time.sleep(0.02)
        # The screen once more, then the kill at once.
        last = numbered(screen.rows(), cols, "flood")
        seen.update(last)
        os.kill(pid, signal.SIGKILL)
        screen.wait_exit()
        log("killed natter with %s on the screen (%d numbers seen in all, up to %d)"
            % ("flood %d-%d" % (min(last), max(last)) if last else "no flood line",
               len(seen), max(seen)))

        check(os.path.exists(path), "no history.db in %s" % confdir)
        check(db_rows(path, "PRAGMA integrity_check") == [("ok",)],
              "history.db damaged by SIGKILL: %r" % db_rows(path, "PRAGMA integrity_check"))
        stored = stored_numbers(path, "flood")
        log("history.db holds %d of the %d messages (up to flood %s)"
            % (len(stored), total, max(stored) if stored else None))
        if stored and max(stored) == total - 1:
            log("note: the whole burst was stored before the kill")
        missing = sorted(seen - set(stored))
        check(not missing, "%d message(s) shown on the screen before SIGKILL are not in "
              "history.db: %r (stored: %d, up to %s)"
              % (len(missing), missing[:20], len(stored), max(stored) if stored else None))
        check(len(stored) == len(set(stored)), "messages stored twice: %r"
              % sorted(n for n in set(stored) if stored.count(n) > 1)[:20])
        newest_before = max(stored)

        # natter again, once the server has the whole burst (bob's ping
        # answered after it): what natter missed is the server's to give
        # it back, none of it still on its way from bob.
        bob.send_stanza("<iq type='get' id='faults-flush' to='localhost'>"
                        "<ping xmlns='urn:xmpp:ping'/></iq>")
        bob.wait_for({"event": "iq", "id": "faults-flush"}, timeout=60,
                     what="the server's answer to bob's ping after the burst")
        screen = NatterScreen(tb, confdir, width=width, height=height)
        screen.wait_screen(lambda t: "alice (online)" in t, what="alice online after the kill",
                           timeout=30)
        rows = screen.rows()
        console = "\n".join(main_text(rows, cols))
        check(not re.search(r"history|database|malformed|not kept", console, re.I),
              "natter complains about its history after the kill:\n%s" % screen.screen_dump())
        with open(screen.stderr_path, encoding="utf-8", errors="replace") as f:
            stderr = f.read()
        check(not re.search(r"history|database|sqlite", stderr, re.I),
              "natter's stderr after the kill: %r" % stderr)

        screen.type_line("/msg %s" % BOB)
        screen.wait_rows(lambda r: r[-2].startswith(" [2:%s]" % BOB), "bob's window shown")

        # What bob sent while natter was down comes from the server's
        # archive: the history then holds the whole burst once, in order,
        # and bob's window ends with what the history ends with.
        count = {}

        def whole_burst():
            count["stored"] = len(set(stored_numbers(path, "flood")))
            return count["stored"] == total
        try:
            testbed.wait_until(whole_burst, 60, "the whole burst in history.db")
        except TestFailure:
            raise TestFailure("after the restart history.db holds %d of the %d messages "
                              "(missing: %s)\n%s" % (
                                  count["stored"], total,
                                  spans(sorted(set(range(total)) - set(
                                      stored_numbers(path, "flood")))),
                                  screen.screen_dump()))
        try:
            rows = screen.wait_rows(
                lambda r: numbered(r, cols, "flood")[-1:] == [total - 1],
                "flood %d at the bottom of bob's window" % (total - 1), timeout=30)
        except TestFailure:
            rows = screen.rows()
        shown = numbered(rows, cols, "flood")
        stored = stored_numbers(path, "flood")
        check(shown and shown == list(range(shown[0], total)) and stored == list(range(total)),
              "after the restart bob's conversation is out of order: his window shows "
              "flood %s (top to bottom), history.db holds flood %s in its order\n%s"
              % (spans(shown), spans(stored), screen.screen_dump()))
        check(len(shown) >= 10, "bob's window shows only %d messages:\n%s"
              % (len(shown), screen.screen_dump()))
        log("after the restart bob's window shows flood %s (flood %d the newest stored "
            "before the kill); history.db holds all %d in order" % (spans(shown), newest_before,
                                                                    total))
        check(db_rows(path, "PRAGMA integrity_check") == [("ok",)],
              "history.db damaged after the restart")
        screen.quit_cleanly()
        passed = True
    finally:
        stop_on_failure(screen, passed)


def body(tb):
    bob = Peer(tb, "bob")
    run_scenarios([resize_storm, kill_during_burst], tb, bob)


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
