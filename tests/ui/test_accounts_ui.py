#!/usr/bin/python3
"""Two accounts in one screen (tmux, 120x30).

alice has tag = A and colour = red in accounts.ini; bob has neither.
natter starts on both. Asserts what the user sees:
  - the roster panel has a section per account, each online;
  - the console tags each account's connection events with its name in
    the account's colour: alice's red, bob's another, both bold;
  - in a window of bob's, the status bar names bob (his name, no tag
    set) in a colour of its own, bold, on the bar's blue;
  - in a window of alice's, it shows her tag "A" in red;
  - a message to bob while alice's window is shown: the status bar's
    window list shows bob's window waiting (bright magenta: a private
    message), the window of the other account;
  - /win with a name both accounts' windows have is refused, naming
    both windows and their accounts;
  - /wins names each window's account;
  - /account rename alice al (after /disconnect alice), typed in
    alice's window: the panel's section is now "al (disconnected)" and
    no longer alice's, the title says "account al", /wins names al; the
    window's input history came along (Up recalls the line sent before);
    after /connect al, a line typed in that window reaches carol from
    alice's JID;
  - /account remove bob (disconnected, typed twice): bob's window closes
    and his panel section goes; then /account rename al bob (the removed
    account's name) moves alice's window to bob, and after /connect bob
    a line from it reaches carol from alice's JID.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import NatterScreen, find_cells  # noqa: E402

WIDTH, HEIGHT = 120, 30
BLUE, WHITE, RED, BRIGHTMAGENTA = 4, 7, 1, 13


def status_row(screen, rows=None):
    return (rows or screen.rows())[HEIGHT - 2]


def style_on_status(screen, text):
    cells = find_cells(screen.styled_rows()[HEIGHT - 2], text)
    check(cells, "%r not on the status bar: %r" % (text, status_row(screen)))
    return cells[0].style


def body(tb):
    confdir = tb.natter_config({"alice": {"tag": "A", "colour": "red"}, "bob": {}})
    carol = Peer(tb, "carol")
    screen = NatterScreen(tb, confdir, account="alice", args=("-a", "bob"),
                          width=WIDTH, height=HEIGHT)
    screen.wait_screen(lambda t: "alice (online)" in t and "bob (online)" in t,
                       what="both accounts online in the panel")
    styles = {}
    for name in ("alice", "bob"):
        for row in screen.styled_rows():
            cells = find_cells(row, "%s: online as" % name)
            if cells:
                styles[name] = cells[0].style
    check(set(styles) == {"alice", "bob"}, "console lines %r" % screen.rows())
    check(styles["alice"].fg == RED and styles["alice"].bold, "alice's tag: %r" % styles)
    check(styles["bob"].fg not in (None, RED) and styles["bob"].bold, "bob's tag: %r" % styles)

    screen.type_line("/msg -a bob %s" % carol.jid)
    screen.wait_rows(lambda r: status_row(screen, r).startswith(" [bob] [2:%s]" % carol.jid),
                     "bob's window, bob on the status bar")
    tag = style_on_status(screen, "bob")
    check(tag.bold and tag.bg == BLUE and tag.fg not in (None, WHITE),
          "bob on the status bar: %r" % tag)

    screen.type_line("/msg -a alice %s" % carol.jid)
    screen.wait_rows(lambda r: status_row(screen, r).startswith(" [A] [3:%s]" % carol.jid),
                     "alice's window, her tag on the status bar")
    tag = style_on_status(screen, "A]")
    check(tag.fg == RED and tag.bg == BLUE and tag.bold, "alice's tag: %r" % tag)

    carol.send_message(tb.jid("bob"), "for bob's account")
    screen.wait_rows(lambda r: status_row(screen, r).rstrip().endswith("[1 2 3]"),
                     "the window list")
    screen.wait_screen(lambda t: style_on_status(screen, "2 3]").fg == BRIGHTMAGENTA,
                       what="bob's window waiting while alice's is shown")

    # One contact talked to from both accounts: the name is ambiguous,
    # and the error tells the windows apart.
    screen.type_line("/win %s" % carol.jid)
    screen.wait_screen(lambda t: "'%s' names 2 windows: 2:%s (account bob)," % (carol.jid,
                                                                                carol.jid) in t
                       and "3:%s (account alice)" % carol.jid in t,
                       what="the ambiguous name refused with both windows")

    screen.type_line("/wins")
    screen.wait_screen(lambda t: "(account bob)" in t and "(account alice)" in t,
                       what="/wins naming each window's account")

    # Renamed, the account keeps its window and the window its history.
    screen.type_line("/win 3")
    screen.type_line("before the rename")
    carol.wait_message({"body": "before the rename"})
    screen.type_line("/disconnect alice")
    screen.wait_screen(lambda t: "alice (disconnected)" in t, what="alice disconnected")
    screen.type_line("/account rename alice al")
    screen.wait_screen(lambda t: "al (disconnected)" in t and "alice (" not in t
                       and "account alice is now named al" in t,
                       what="the panel section renamed")
    screen.wait_rows(lambda r: "(account al: disconnected)" in r[0], "the title naming al")
    screen.type_line("/wins")
    screen.wait_screen(lambda t: " 3: %s (account al) [shown]" % carol.jid in t,
                       what="/wins naming al")
    # Away and back: the window's history is read again under its key.
    screen.type_line("/win 1")
    screen.type_line("/win 3")
    # Newest first: /win 1, /wins, the rename, /disconnect, the line.
    for _ in range(5):
        screen.send_keys("Up")
    screen.wait_rows(lambda r: r[HEIGHT - 1].strip() == "before the rename",
                     "Up recalling the line sent before the rename")
    screen.clear_input()
    screen.type_line("/connect al")
    screen.wait_screen(lambda t: "al (online)" in t, what="al online")
    screen.type_line("after the rename")
    got = carol.wait_message({"body": "after the rename"})
    check(got.get("from", "").split("/")[0] == tb.jid("alice"),
          "the line after the rename came from %r" % got.get("from"))

    # A removed account's windows go; its name may then be reused.
    screen.type_line("/disconnect bob")
    screen.wait_screen(lambda t: "bob (disconnected)" in t, what="bob disconnected")
    screen.type_line("/account remove bob")
    screen.wait_screen(lambda t: "type the same command again" in t, what="asked to confirm")
    screen.type_line("/account remove bob")
    screen.wait_rows(lambda r: "account bob removed" in "".join(r)
                     and not any("\u2502bob (" in row for row in r)
                     and status_row(screen, r).rstrip().endswith("[1 3]"),
                     "bob's section and window gone")
    screen.type_line("/wins")
    screen.wait_rows(lambda r: r[HEIGHT - 4].startswith(" 1: console")
                     and r[HEIGHT - 3].startswith(" 3: %s (account al) [shown]" % carol.jid),
                     "/wins without bob's window")
    screen.type_line("/disconnect al")
    screen.wait_screen(lambda t: "al (disconnected)" in t, what="al disconnected")
    screen.type_line("/account rename al bob")
    screen.wait_rows(lambda r: any("\u2502bob (disconnected)" in row for row in r)
                     and not any("\u2502al (" in row for row in r), "al renamed bob")
    screen.type_line("/connect bob")
    screen.wait_screen(lambda t: "bob (online)" in t, what="the new bob online")
    screen.type_line("from the reused name")
    got = carol.wait_message({"body": "from the reused name"})
    check(got.get("from", "").split("/")[0] == tb.jid("alice"),
          "the line under the reused name came from %r" % got.get("from"))
    screen.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
