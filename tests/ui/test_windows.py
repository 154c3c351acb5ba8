#!/usr/bin/python3
"""natter's windows, bars and panel, driven in tmux (120x40, then resized).

Asserts what the user sees, scenario by scenario (a failing one is reported
and the rest still run):
  - layout: title bar on row 0, roster panel on the right (24 columns after
    a │ at column 95) listing "alice (online)", status bar
    " [HH:MM] [1:console] [1]" on the second last row, empty input line;
  - a message from bob opens window 2 without showing it: the console stays,
    "2" joins the status bar in status_highlight (bright magenta on blue,
    bold; "1" is status_current, bright white on blue, bold), the panel
    shows bob (as "bob@localhost" or his roster name "bob") with "(1)";
    ui.status_account=always adds "[alice]";
  - /msg carol@localhost opens window 3 and shows it;
  - /wins lists " 2: bob@localhost (account alice) [highlight: 1]" and
    " 3: carol@localhost (account alice) [shown]";
  - Alt-1, Alt-Right, Alt-Left (wrapping), /win N, /win PART-OF-NAME, and
    /win with an unknown name (an error);
  - Alt-A and /win next-active go to waiting windows in turn, then say
    "/win: no window waits";
  - /xmlconsole shows a received stanza as "<< alice: <message ..." and a
    sent one as ">> alice: <message ..."; after /reconnect now it shows
    the login, the SASL <auth> with its payload [redacted], and alice's
    password nowhere;
  - /help opens a "help" window listing the commands;
  - /close NAME, /close N, /close on the console (refused), /close read
    (closes the windows without unread messages but the current one);
  - Alt-R and /roster panel off|on hide and show the panel (the main area
    takes the full width); ui.roster_side left and ui.roster_width 30 move
    the │, are saved in natter.conf, /unset puts them back, /set lists them;
  - resize 120x40 -> 50x15 -> 120x40 -> 40x10 -> 120x40: at each size the
    title is on row 0, the status bar on the second last row, the panel's │
    where the layout puts it (none at 40 columns), every row fits, what is
    shown equals a full redraw (no leftovers), a new message shows and typed
    text echoes with the cursor after it.
"""

import os
import re
import time
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import (NatterScreen, column_of, cut_columns,  # noqa: E402
                        find_cells, run_scenarios, text_columns)

WIDTH, HEIGHT = 120, 40
PANEL = 24
STATUS = re.compile(r" (\[[^]]*\] )*\[\d+:")

# Default theme colours (tmux palette numbers).
BLUE, WHITE, BRIGHTWHITE, BRIGHTMAGENTA = 4, 7, 15, 13


class World:
    """What the scenarios share: the test bed, natter's screen, two peers."""

    def __init__(self, tb):
        self.tb = tb
        self.bob = Peer(tb, "bob")
        self.carol = Peer(tb, "carol")
        self.alice = tb.jid("alice")
        self.screen = NatterScreen(tb, tb.natter_config(["alice"]),
                                   width=WIDTH, height=HEIGHT)
        self.screen.wait_screen(lambda t: "alice (online)" in t,
                                what="alice online in the panel")


# --------------------------------------------------------------------------
# Reading the layout


def status_row(rows):
    """The status bar: the last row that starts like it."""
    for row in reversed(rows):
        if STATUS.match(row):
            return row
    return None


def status_is(pattern):
    """A predicate on rows: the status bar matches."""
    def predicate(rows):
        row = status_row(rows)
        return row is not None and re.fullmatch(
            pattern, row) is not None
    return predicate


def wait_status(world, pattern, what=None):
    return world.screen.wait_rows(status_is(pattern),
                                  what or "status bar %r" % pattern)


def main_cols(width):
    """Columns of the main area at a width, the panel on the right: the
    panel gives way to keep 30 columns, and goes under 10 of its own."""
    shown = min(PANEL, width - 1 - 30)
    return width - shown - 1 if shown >= 10 else width


def main_text(rows, cols):
    """The main area's rows (left of the panel's │), trailing blanks cut."""
    return [cut_columns(r, 0, cols).rstrip() for r in rows[1:-2]]


def panel_text(rows, cols):
    return [cut_columns(r, cols + 1).rstrip() for r in rows[1:-2]]


def panel_unread(rows, user):
    """The unread count the panel shows by user's entry ("bob" or
    "bob@localhost", after a presence mark): 0 without one, None when the
    panel does not list user."""
    for entry in panel_text(rows, main_cols(WIDTH)):
        m = re.fullmatch(r". %s(@localhost)?(?: \((\d+)\))?" % user, entry)
        if m:
            return int(m.group(2) or 0)
    return None


def border_columns(rows):
    """For each row, the columns holding │."""
    return [column_of(row, "\u2502") for row in rows]


def logical_text(rows):
    """Main-area rows joined, without the spaces wrapping leaves."""
    return "".join(r.strip() for r in rows).replace(" ", "")


def style_of(world, row_index, text):
    """Styles of the cells of text on a row of the screen."""
    rows = world.screen.styled_rows()
    cells = find_cells(rows[row_index], text)
    check(cells, "%r not found on row %d" % (text, row_index))
    return [c.style for c in cells]


def command(world, line):
    world.screen.clear_input()
    world.screen.type_line(line)


# --------------------------------------------------------------------------
# Scenarios


def layout_at_start(world):
    s = world.screen
    rows = s.wait_rows(status_is(r" \[1:console\] \[1\]"),
                       "the console alone in the status bar")
    cols = main_cols(WIDTH)
    check(rows[0].startswith(" natter ") and rows[0].rstrip().endswith(
        ": console"), "title bar is not the console's: %r" % rows[0])
    check(STATUS.match(rows[HEIGHT - 2]),
          "status bar not on the second last row:\n%s" % s.screen_dump())
    check(rows[HEIGHT - 1] == "", "input line not empty: %r"
          % rows[HEIGHT - 1])
    borders = border_columns(rows)
    for y in range(1, HEIGHT - 2):
        check(borders[y] == [cols], "row %d: │ at %s, expected at column %d"
              "\n%s" % (y, borders[y], cols, s.screen_dump()))
    for y in (0, HEIGHT - 2, HEIGHT - 1):
        check(borders[y] == [], "row %d has a │: %r" % (y, rows[y]))
    check(panel_text(rows, cols)[0] == "alice (online)",
          "panel's first row: %r" % panel_text(rows, cols)[0])
    check(s.cursor() == (0, HEIGHT - 1), "cursor at %s, expected on the "
          "empty input line" % (s.cursor(),))


def message_waits_in_status_bar(world):
    world.bob.send_message(world.alice, "hello from bob")
    rows = wait_status(world, r" \[1:console\] \[1 2\]")
    cols = main_cols(WIDTH)
    check(rows[0].rstrip().endswith(": console"),
          "a contact's message changed the window shown: %r" % rows[0])
    check("hello from bob" not in "\n".join(main_text(rows, cols)),
          "bob's message shown in the console")
    check(panel_unread(rows, "bob") == 1,
          "the panel does not show bob with 1 unread: %r"
          % panel_text(rows, cols))
    bar, one, _, two, _ = style_of(world, HEIGHT - 2, "[1 2]")
    check((bar.fg, bar.bg) == (WHITE, BLUE),
          "status bar not white on blue: %r" % bar)
    check((one.fg, one.bg, one.bold) == (BRIGHTWHITE, BLUE, True),
          "current window number not bright white on blue, bold: %r" % one)
    check((two.fg, two.bg, two.bold) == (BRIGHTMAGENTA, BLUE, True),
          "window 2 (a private message waits) not bright magenta on blue, "
          "bold: %r" % two)


def status_account(world):
    s = world.screen
    command(world, "/msg bob@localhost")
    wait_status(world, r" \[2:bob@localhost\] \[1 2\]",
                "window 2 shown, without the account (one account online)")
    command(world, "/set ui.status_account always")
    wait_status(world, r" \[alice\] \[2:bob@localhost\] \[1 2\]")
    s.send_keys("M-1")
    wait_status(world, r" \[1:console\] \[1 2\]",
                "the console's status bar, without an account")
    command(world, "/unset ui.status_account")
    s.send_keys("M-2")
    wait_status(world, r" \[2:bob@localhost\] \[1 2\]")
    # No clock by default (it would wake natter each minute); one shows
    # the time once set, and goes with /unset.
    command(world, "/set ui.status_time %H:%M")
    rows = wait_status(world, r" \[\d\d:\d\d\] \[2:bob@localhost\] \[1 2\]",
                       "the clock in the status bar")
    shown = status_row(rows)[2:7]
    now = time.time()
    check(shown in (time.strftime("%H:%M", time.localtime(now - 60)),
                    time.strftime("%H:%M", time.localtime(now))),
          "the status bar clock shows %s at %s" % (shown, time.strftime("%H:%M")))
    command(world, "/unset ui.status_time")
    wait_status(world, r" \[2:bob@localhost\] \[1 2\]", "the clock gone")


def msg_opens_and_shows(world):
    command(world, "/msg carol@localhost")
    rows = wait_status(world, r" \[3:carol@localhost\] \[1 2 3\]")
    check(rows[0].startswith(" carol@localhost "),
          "title bar not carol's window: %r" % rows[0])
    check(world.screen.cursor() == (0, HEIGHT - 1),
          "cursor not on the input line")


def wins_lists_activity(world):
    s = world.screen
    s.send_keys("M-1")
    wait_status(world, r" \[1:console\] \[1 2 3\]")
    world.bob.send_message(world.alice, "waiting for you")
    s.wait_rows(lambda r: panel_unread(r, "bob") == 1,
                "bob's message waiting in the panel")
    s.send_keys("M-3")
    wait_status(world, r" \[3:carol@localhost\] \[1 2 3\]")
    command(world, "/wins")
    rows = s.wait_rows(lambda r: any("3: carol@localhost" in x for x in r),
                       "the /wins list")
    text = main_text(rows, main_cols(WIDTH))
    for want in (" 2: bob@localhost (account alice) [highlight: 1]",
                 " 3: carol@localhost (account alice) [shown]"):
        check(want in text, "/wins has no line %r:\n%s"
              % (want, s.screen_dump()))
    check(any(line.startswith(" 1: console") for line in text),
          "/wins lists no console:\n%s" % s.screen_dump())


def switching(world):
    s = world.screen
    s.send_keys("M-1")
    rows = wait_status(world, r" \[1:console\] \[1 2 3\]")
    check(rows[0].rstrip().endswith(": console"), "Alt-1: %r" % rows[0])
    s.send_keys("M-Right")
    rows = wait_status(world, r" \[2:bob@localhost\] \[1 2 3\]",
                       "Alt-Right to window 2")
    check(rows[0].startswith(" bob@localhost "), "title: %r" % rows[0])
    check(any(re.fullmatch(r"\d\d:\d\d <bob@localhost> waiting for you", r)
              for r in main_text(rows, main_cols(WIDTH))),
          "window 2 lacks bob's line:\n%s" % s.screen_dump())
    s.send_keys("M-Right")
    wait_status(world, r" \[3:carol@localhost\] \[1 2 3\]", "Alt-Right to 3")
    s.send_keys("M-Right")
    wait_status(world, r" \[1:console\] \[1 2 3\]", "Alt-Right wraps to 1")
    s.send_keys("M-Left")
    wait_status(world, r" \[3:carol@localhost\] \[1 2 3\]", "Alt-Left to 3")
    command(world, "/win 2")
    wait_status(world, r" \[2:bob@localhost\] \[1 2 3\]", "/win 2")
    command(world, "/win caro")
    wait_status(world, r" \[3:carol@localhost\] \[1 2 3\]", "/win caro")
    command(world, "/win nosuch")
    s.wait_screen("/win: no window named 'nosuch' (/wins lists them)")


def next_active(world):
    s = world.screen
    s.send_keys("M-1")
    wait_status(world, r" \[1:console\] \[1 2 3\]")
    world.carol.send_message(world.alice, "carol waits")
    world.bob.send_message(world.alice, "bob waits")
    # Both wait as highlights: Alt-A takes the first after the current one.
    s.wait_rows(lambda r: panel_unread(r, "bob") == 1
                and panel_unread(r, "carol") == 1,
                "both conversations waiting in the panel")
    s.send_keys("M-a")
    rows = wait_status(world, r" \[2:bob@localhost\] \[1 2 3\]",
                       "Alt-A to window 2")
    check(any(r.endswith("<bob@localhost> bob waits")
              for r in main_text(rows, main_cols(WIDTH))),
          "window 2 lacks 'bob waits'")
    command(world, "/win next-active")
    rows = wait_status(world, r" \[3:carol@localhost\] \[1 2 3\]",
                       "/win next-active to window 3")
    check(any(r.endswith("<carol@localhost> carol waits")
              for r in main_text(rows, main_cols(WIDTH))),
          "window 3 lacks 'carol waits'")
    command(world, "/win next-active")
    s.wait_screen("/win: no window waits")
    s.send_keys("M-a")
    world.screen.settle()
    rows = s.rows()
    check(status_is(r" \[3:carol@localhost\] \[1 2 3\]")(rows),
          "Alt-A with nothing waiting left window 3: %r" % status_row(rows))


def xml_console(world):
    s = world.screen
    command(world, "/xmlconsole")
    rows = wait_status(world, r" \[4:xmlconsole\] \[1 2 3 4\]")
    check(rows[0].startswith(" XML console"), "title: %r" % rows[0])
    token = "xmlin%s" % os.urandom(3).hex()
    world.bob.send_message(world.alice, token)
    cols = main_cols(WIDTH)

    def stanza(direction, token):
        def predicate(rows):
            text = main_text(rows, cols)
            for i, row in enumerate(text):
                if re.match(r"\d\d:\d\d %s alice: <message " % direction,
                            row):
                    end = i + 1
                    while end < len(text) and text[end].startswith(" "):
                        end += 1
                    if token in logical_text(text[i:end]):
                        return True
            return False
        return predicate
    s.wait_rows(stanza("<<", token), "'<< alice: <message' holding %s"
                % token)
    token = "xmlout%s" % os.urandom(3).hex()
    command(world, "/msg bob@localhost " + token)
    world.bob.wait_message({"body": token})
    s.send_keys("M-4")
    s.wait_rows(stanza(">>", token), "'>> alice: <message' holding %s"
                % token)

    # A login shown in the console: the SASL exchange is there, its
    # payloads redacted, and alice's password nowhere in the window.
    command(world, "/reconnect now")
    s.wait_rows(lambda r: any("<enable" in x or "<resume" in x for x in main_text(r, cols)),
                "the login in the XML console")
    password = world.tb.password("alice")
    screens = []
    for _ in range(80):
        rows = s.rows()
        screens.append("\n".join(rows))
        if any(">> alice: <auth" in x for x in main_text(rows, cols)):
            break
        s.send_keys("PPage")
        s.settle()
    shown = "\n".join(screens)
    check(">> alice: <auth" in shown and "[redacted]" in shown,
          "the SASL exchange, redacted:\n%s" % s.screen_dump())
    check(password not in shown, "alice's password in the XML console:\n%s" % shown)
    s.send_keys("End")


def help_window(world):
    s = world.screen
    command(world, "/help")
    rows = wait_status(world, r" \[5:help\] \[1 2 3 4 5\]")
    check(rows[0].rstrip() == " help", "title: %r" % rows[0])
    text = main_text(rows, main_cols(WIDTH))
    check(any(re.fullmatch(r"/wins +list the windows and their activity", r)
              for r in text), "help lacks /wins:\n%s" % s.screen_dump())


def closing(world):
    s = world.screen
    command(world, "/close xmlconsole")
    wait_status(world, r" \[5:help\] \[1 2 3 5\]", "/close xmlconsole")
    command(world, "/close 5")
    wait_status(world, r" \[1:console\] \[1 2 3\]",
                "/close 5 (shown): back to the console")
    command(world, "/close")
    s.wait_screen("/close: the console stays open (/quit leaves)")
    # /close read: bob's and the help window are read, carol's is not.
    s.send_keys("M-2")
    wait_status(world, r" \[2:bob@localhost\] \[1 2 3\]", "bob's window read")
    command(world, "/help")
    wait_status(world, r" \[4:help\] \[1 2 3 4\]", "help reopened as 4")
    s.send_keys("M-1")
    world.carol.send_message(world.alice, "unread for close read")
    wait_status(world, r" \[1:console\] \[1 2 3 4\]")
    s.wait_rows(lambda r: panel_unread(r, "carol") == 1,
                "carol's message waiting")
    command(world, "/close read")
    rows = wait_status(world, r" \[1:console\] \[1 3\]",
                       "/close read leaving the console and carol's window")
    check("closed 2 windows" in main_text(rows, main_cols(WIDTH)),
          "/close read did not say 'closed 2 windows':\n%s"
          % s.screen_dump())
    s.send_keys("M-3")
    wait_status(world, r" \[3:carol@localhost\] \[1 3\]")


def roster_panel(world):
    s = world.screen
    cols = main_cols(WIDTH)
    s.send_keys("M-r")
    rows = s.wait_rows(lambda r: all(b == [] for b in border_columns(r)),
                       "the panel hidden by Alt-R")
    check("alice (online)" not in "\n".join(rows),
          "panel text left after Alt-R:\n%s" % s.screen_dump())
    # The main area takes the full width: a line longer than it was.
    long_line = "full width " + "w" * (cols - 12)
    world.carol.send_message(world.alice, long_line)
    rows = s.wait_rows(lambda r: any(long_line in x for x in r),
                       "a %d-column line on one row" % (cols + 1))
    command(world, "/roster panel on")
    s.wait_rows(lambda r: border_columns(r)[1] == [cols],
                "the panel back at column %d" % cols)
    command(world, "/set ui.roster_side left")
    # Every main row, not just the first: the terminal may be caught
    # between two rows of the redraw (seen under ASan).
    rows = s.wait_rows(lambda r: all(b == [PANEL] for b in border_columns(r)[1:HEIGHT - 2]),
                       "the │ at column %d on every main row (panel on the left)" % PANEL)
    check(rows[1].startswith("alice (online)"),
          "panel on the left does not start row 1: %r" % rows[1])
    command(world, "/set ui.roster_width 30")
    s.wait_rows(lambda r: border_columns(r)[1] == [30],
                "the │ at column 30 (ui.roster_width 30)")
    with open(os.path.join(s.confdir, "natter.conf"), encoding="utf-8") as f:
        conf = f.read()
    for want in ("roster_side=left", "roster_width=30", "roster_panel=on"):
        check(want in conf.splitlines(), "natter.conf lacks %r:\n%s"
              % (want, conf))
    command(world, "/set")
    rows = s.wait_rows(lambda r: any("ui.roster_width = 30" in x for x in r),
                       "/set listing ui.roster_width = 30")
    check(any(x.rstrip().endswith("ui.roster_side = left") for x in rows),
          "/set does not list ui.roster_side = left:\n%s" % s.screen_dump())
    command(world, "/unset ui.roster_side")
    command(world, "/unset ui.roster_width")
    s.wait_rows(lambda r: border_columns(r)[1] == [cols],
                "the panel back on the right after /unset")
    command(world, "/roster panel off")
    s.wait_rows(lambda r: all(b == [] for b in border_columns(r)),
                "/roster panel off")
    command(world, "/roster panel on")
    s.wait_rows(lambda r: border_columns(r)[1] == [cols],
                "/roster panel on")


def check_size(world, width, height, token):
    """natter fits a width x height terminal, with nothing left over."""
    s = world.screen
    s.resize(width, height)
    cols = main_cols(width)
    panel = cols < width

    # Right after a resize tmux shows the old screen cut or shifted (it
    # keeps the cursor's row): wait for natter's own redraw at the new size.
    def laid_out(rows):
        return (len(rows) == height
                and rows[0].startswith(" carol@localhost")
                and rows[height - 2].startswith(" [3:carol@localhost]")
                and all(b == ([cols] if panel else [])
                        for b in border_columns(rows)[1:height - 2]))
    rows = s.wait_rows(laid_out, "the %dx%d layout: title on row 0, status "
                       "bar on row %d, │ at %s" % (
                           width, height, height - 2,
                           cols if panel else "no column"))
    check(all(b == [] for b in border_columns(rows)[:1] +
              border_columns(rows)[height - 2:]),
          "%dx%d: a │ outside the main rows:\n%s"
          % (width, height, s.screen_dump()))
    for y, row in enumerate(rows):
        check(text_columns(row) <= width, "%dx%d: row %d wider than the "
              "terminal: %r" % (width, height, y, row))
    # A message arriving at this size shows, and typing echoes.
    world.carol.send_message(world.alice, token)
    rows = s.wait_rows(lambda r: any(token in x for x in r),
                       "%r at %dx%d" % (token, width, height))
    s.send_text("typed " + token[-4:])
    rows = s.wait_rows(lambda r: r[height - 1] == "typed " + token[-4:],
                       "typed text on the input line at %dx%d"
                       % (width, height))
    check(s.cursor() == (10, height - 1), "%dx%d: cursor at %s after "
          "typing 10 characters" % (width, height, s.cursor()))
    # What resizing left must be what a full redraw draws (the panel
    # toggled off and on clears and redraws everything).
    # Typing after the toggles shows when natter has handled them.
    before = s.rows()
    s.send_keys("M-r", "M-r")
    s.send_text("!")
    after = s.wait_rows(lambda r: r[height - 1] == "typed %s!" % token[-4:],
                        "the input line after toggling the panel twice")

    if before[:-1] != after[:-1]:
        diff = ["%2d before |%s|\n   after  |%s|" % (y, b, a) for y, (b, a)
                in enumerate(zip(before, after)) if b != a]
        raise testbed.TestFailure(
            "%dx%d: the screen after resizing differs from a full redraw "
            "(leftovers):\n%s" % (width, height, "\n".join(diff)))
    s.clear_input()


def resizing(world):
    world.screen.send_keys("M-3")
    wait_status(world, r" \[3:carol@localhost\] \[1 3\]")
    check_size(world, 50, 15, "small50x15")
    check_size(world, WIDTH, HEIGHT, "back120x40")
    check_size(world, 40, 10, "tiny40x10")
    check_size(world, WIDTH, HEIGHT, "again120x40")


def body(tb):
    world = World(tb)
    run_scenarios([layout_at_start, message_waits_in_status_bar,
                   status_account, msg_opens_and_shows, wins_lists_activity,
                   switching, next_active, xml_console, help_window, closing,
                   roster_panel, resizing], world)
    world.screen.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
