#!/usr/bin/python3
"""How natter draws lines, driven in tmux (100x30: main area 75 columns).

Asserts what the user sees in bob's window, scenario by scenario (a
failing one is reported and the rest still run):
  - a long message wraps at word boundaries with a hanging indent: rows are
    exactly a greedy word wrap of the text to the 53 columns after
    "HH:MM <bob@localhost> ", continuation rows starting at column 22;
  - a message of 9,600 bytes (one whose wrapping view.c keeps between
    frames) shows its *bolded* word bold; its correction (XEP-0308), and
    then a second one of the same length, each with "(edited)" and not the
    replaced text; and it wraps again, exactly, when ui.roster_width
    narrows the main area to 59 columns;
  - "/me waves at you" shows "HH:MM * bob@localhost waves at you", the
    text italic in the theme's action colour (magenta);
  - XEP-0393: *bold* drawn bold, _it_ italic, `code` cyan, the markup
    characters kept (dim), plain words plain;
  - CJK takes two columns and wraps aligned (26 characters a row, the
    panel's │ still at column 75); an emoji ZWJ sequence shows as its emoji
    side by side, without the ZWJ; typed CJK leaves the cursor right after
    it; a typed ZWJ sequence, once a message redraws the screen, shows as
    its emoji side by side with the cursor and the next typed character
    right after it, and is sent as typed;
  - hostile text from bob through the server (an 8-bit CSI, an 8-bit OSC
    that would set the title, a right-to-left override) and the same in an
    error's text: shown as U+FFFD with the override dropped, words in order,
    the screen intact, the pane title still natter's, none of those
    characters in what natter wrote to the terminal;
  - a message stamped (XEP-0203) on a previous day gets a rule with that
    day ("Wednesday 4 March 2020", centred), the next message of today a
    rule with today's date; ui.date_format changes the rules;
  - coming back to a window left earlier, a " new " rule (red) sits right
    before the first line that arrived meanwhile; none when nothing did;
  - /theme list shows default, light, mono and solarized-dark, "*" on the
    current one; /theme load solarized-dark recolours the title bar at once
    (colour245 on colour235) and is saved as ui.theme; /theme load mono
    leaves no colour anywhere on the screen;
  - with NO_COLOR=1 (a second natter, as carol) nothing on the screen has a
    colour, while attributes remain (reverse title bar, bold nick, bold
    *text*).
"""

import datetime
import os
import re
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import (NatterScreen, column_of, cut_columns,  # noqa: E402
                        find_cells, run_scenarios)

WIDTH, HEIGHT = 100, 30
COLS = WIDTH - 24 - 1           # the main area, left of the panel
HEAD = len("00:00 <bob@localhost> ")
TIME = r"\d\d:\d\d"
FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467"   # man, woman, girl
FAMILY_SHOWN = "\U0001F468\U0001F469\U0001F467"
MAGENTA, CYAN, RED = 5, 6, 1


class World:
    def __init__(self, tb):
        self.tb = tb
        self.bob = Peer(tb, "bob")
        self.alice = tb.jid("alice")
        self.screen = NatterScreen(tb, tb.natter_config(["alice"]),
                                   width=WIDTH, height=HEIGHT)
        self.screen.wait_screen(lambda t: "alice (online)" in t,
                                what="alice online in the panel")
        self.screen.record_output()
        self.screen.type_line("/msg bob@localhost")
        self.screen.wait_rows(lambda r: "[2:bob@localhost]" in r[-2],
                              "bob's window shown")

    def receive(self, body, last=None):
        """bob sends body; returns the rows once a row ends with last (by
        default the body's last word)."""
        self.bob.send_message(self.alice, body)
        last = last or body.split()[-1]
        return self.screen.wait_rows(
            lambda r: any(m.rstrip().endswith(last) for m in main(r)),
            "bob's message ending in %r" % last)


def main(rows):
    """The main area's rows (left of the panel's │), trailing blanks cut."""
    return [cut_columns(r, 0, COLS).rstrip() for r in rows[1:HEIGHT - 2]]


def find_row(rows, pattern):
    """Index in rows of the last main-area row matching pattern (re), as a
    screen row number, or None."""
    found = None
    for y, row in enumerate(main(rows)):
        if re.fullmatch(pattern, row):
            found = y + 1
    return found


def greedy_wrap(text, width):
    """Rows of text wrapped at spaces, as many words a row as fit."""
    rows, row = [], ""
    for word in text.split(" "):
        if row and len(row) + 1 + len(word) > width:
            rows.append(row)
            row = word
        else:
            row = row + " " + word if row else word
    return rows + [row]


def styles(world, y, text):
    row = world.screen.styled_rows()[y]
    cells = find_cells(row, text)
    check(cells, "%r not on row %d" % (text, y))
    return [c.style for c in cells]


def coloured_runs(styled):
    """Runs of cells drawn in a colour: "row N column X: 'text' style"."""
    runs = []
    for y, row in enumerate(styled):
        run = None
        for cell in row:
            if cell.style.coloured():
                if run and run[3] == cell.style and run[1] + len(run[2]) == \
                        cell.x:
                    run[2] += cell.text
                else:
                    run = [y, cell.x, cell.text, cell.style]
                    runs.append(run)
            else:
                run = None
    return ["row %d column %d: %r %r" % tuple(r) for r in runs]


# --------------------------------------------------------------------------
# Scenarios


def wrapping(world):
    text = ("This message from bob is long enough to wrap over several rows "
            "of the main area, and natter breaks it between words, never "
            "inside one, with a hanging indent under the text end1")
    rows = world.receive(text)
    expected = greedy_wrap(text, COLS - HEAD)
    check(len(expected) >= 3, "the text should wrap over 3 rows at least")
    y = find_row(rows, TIME + r" <bob@localhost> " + re.escape(expected[0]))
    check(y is not None, "no row 'HH:MM <bob@localhost> %s':\n%s"
          % (expected[0], world.screen.screen_dump()))
    shown = main(rows)[y - 1:y - 1 + len(expected)]
    want = [shown[0]] + [" " * HEAD + r for r in expected[1:]]
    check(shown == want, "wrapped rows differ from a word wrap at %d "
          "columns with a %d-column indent:\nshown:\n%s\nexpected:\n%s"
          % (COLS - HEAD, HEAD, "\n".join(shown), "\n".join(want)))


def long_line_changes(world):
    """A line of 9 KB or more keeps its wrapping between frames (view.c):
    a correction, its styling and a new width must still show."""
    s = world.screen
    words = " ".join("q%04d" % i for i in range(1600))  # 9,599 bytes
    world.bob.send_stanza("<message to='%s' type='chat' id='long1'><body>%s *bolded* "
                          "LONGEND</body></message>" % (world.alice, words))
    rows = s.wait_rows(lambda r: main(r)[-1].endswith("LONGEND"), "the long message's end")
    y = max(i for i, r in enumerate(rows) if "*bolded*" in r)
    for style in styles(world, y, "bolded"):
        check(style.bold, "the long message's *bolded* is not bold: %r" % style)
    world.bob.send_stanza("<message to='%s' type='chat' id='long2'><body>%s LONGFIXED</body>"
                          "<replace id='long1' xmlns='urn:xmpp:message-correct:0'/>"
                          "</message>" % (world.alice, words))
    def ends(r, text):
        return " ".join(m.strip() for m in main(r)[-2:]).endswith(text)
    rows = s.wait_rows(lambda r: ends(r, "LONGFIXED (edited)"), "the long message corrected")
    check(not any("LONGEND" in r for r in rows), "the replaced text still shows:\n%s"
          % s.screen_dump())
    # Corrected again: the same length, the same marks.
    world.bob.send_stanza("<message to='%s' type='chat' id='long3'><body>%s LONGAGAIN</body>"
                          "<replace id='long1' xmlns='urn:xmpp:message-correct:0'/>"
                          "</message>" % (world.alice, words))
    rows = s.wait_rows(lambda r: ends(r, "LONGAGAIN (edited)"), "the long message corrected again")
    check(not any("LONGFIXED" in r for r in rows), "the first correction still shows:\n%s"
          % s.screen_dump())
    # A narrower main area: the long line wraps again at the new width.
    narrow = WIDTH - 40 - 1
    expected = greedy_wrap(words + " LONGAGAIN (edited)", narrow - HEAD)
    want = [" " * HEAD + e for e in expected[-3:]]

    def wrapped(r):  # the command's answer shows below the message
        shown = [cut_columns(x, 0, narrow).rstrip() for x in r[1:HEIGHT - 2]]
        return any(shown[i:i + 3] == want for i in range(len(shown)))
    s.type_line("/set ui.roster_width 40")
    s.wait_rows(wrapped, "the long message wrapped at %d columns" % narrow)
    s.type_line("/unset ui.roster_width")
    s.wait_rows(lambda r: "LONGAGAIN" in "".join(main(r))
                and cut_columns(r[2], COLS, COLS + 1) == "\u2502",
                "the panel back to its width")


def me_action(world):
    rows = world.receive("/me waves at you")
    y = find_row(rows, TIME + r" \* bob@localhost waves at you")
    check(y is not None, "no row 'HH:MM * bob@localhost waves at you':\n%s"
          % world.screen.screen_dump())
    for style in styles(world, y, "waves at you"):
        check(style.italic and style.fg == MAGENTA,
              "the /me text is not magenta italic: %r" % style)


def styling(world):
    text = "plain *bold* _it_ `code` end2"
    rows = world.receive(text)
    y = find_row(rows, TIME + r" <bob@localhost> " + re.escape(text))
    check(y is not None, "styled text not shown as sent (markup kept):\n%s"
          % world.screen.screen_dump())
    plain = styles(world, y, "plain")
    check(all(not (s.bold or s.italic or s.dim) and s.fg is None
              for s in plain), "'plain' is styled: %r" % plain)
    for s in styles(world, y, "bold"):
        check(s.bold and not s.italic, "*bold* not bold: %r" % s)
    for s in styles(world, y, "_it_")[1:3]:
        check(s.italic and not s.bold, "_it_ not italic: %r" % s)
    for s in styles(world, y, "`code`")[1:5]:
        check(s.fg == CYAN, "`code` not cyan: %r" % s)
    for marker in ("*b", "_i", "`c"):
        s = styles(world, y, marker)[0]
        check(s.dim, "markup %r not drawn dim: %r" % (marker[0], s))


def wide_text(world):
    s = world.screen
    cjk = "\u6f22\u5b57" * 40                     # 80 characters, no space
    rows = world.receive("wide " + cjk, last=cjk[-2:])
    y = find_row(rows, TIME + r" <bob@localhost> wide")
    check(y is not None, "no row 'HH:MM <bob@localhost> wide'")
    per_row = (COLS - HEAD) // 2                  # 26 characters
    expected = [cjk[i:i + per_row] for i in range(0, len(cjk), per_row)]
    shown = main(rows)[y:y + len(expected)]
    check(shown == [" " * HEAD + r for r in expected],
          "CJK rows not wrapped at %d characters under the text:\n%s"
          % (per_row, "\n".join(shown)))
    for row in rows[y + 1:y + 1 + len(expected)]:
        check(column_of(row, "\u2502") == [COLS],
              "the panel's │ moved on a CJK row: %r" % row)
    rows = world.receive("family " + FAMILY + " end3")
    y = find_row(rows, TIME + r" <bob@localhost> family .* end3")
    check(y is not None, "no family row")
    want = "family " + FAMILY_SHOWN + " end3"
    check(main(rows)[y - 1].endswith(want),
          "the ZWJ sequence is not shown as its emoji side by side: %r"
          % main(rows)[y - 1])
    check(column_of(rows[y], "\u2502") == [COLS],
          "the panel's │ moved on the emoji row: %r" % rows[y])
    # Typed CJK: the cursor right after it.
    s.clear_input()
    s.send_text("\u65e5\u672c\u8a9e")
    s.wait_rows(lambda r: r[-1] == "\u65e5\u672c\u8a9e", "typed CJK")
    check(s.cursor() == (6, HEIGHT - 1), "cursor at %s after three wide "
          "characters, expected (6, %d)" % (s.cursor(), HEIGHT - 1))
    s.send_text("ab")
    s.wait_rows(lambda r: r[-1] == "\u65e5\u672c\u8a9eab", "typed 'ab'")
    check(s.cursor() == (8, HEIGHT - 1), "cursor at %s, expected (8, %d)"
          % (s.cursor(), HEIGHT - 1))
    s.clear_input()


def typed_emoji_sequence(world):
    """A ZWJ sequence on the input line, redrawn when a message comes."""
    s = world.screen
    s.clear_input()
    s.send_text("ab" + FAMILY + "xyz")
    s.wait_rows(lambda r: r[-1].endswith("xyz"), "typed emoji and 'xyz'")
    world.receive("redraw end4")
    s.send_text("Q")
    rows = s.wait_rows(lambda r: r[-1].endswith("Q"), "typed 'Q'")
    check(rows[-1] == "ab" + FAMILY_SHOWN + "xyzQ" and
          s.cursor() == (12, HEIGHT - 1),
          "the input line with a ZWJ sequence: shows %r with the cursor at "
          "%s; expected %r (the emoji side by side, as in messages) with "
          "the cursor right after it at (12, %d)"
          % (rows[-1], s.cursor(), "ab" + FAMILY_SHOWN + "xyzQ", HEIGHT - 1))
    s.send_keys("Enter")
    got = world.bob.wait_message({"body": lambda b: b.endswith("xyzQ")})
    check(got["body"] == "ab" + FAMILY + "xyzQ",
          "bob received %r" % got["body"])


def hostile_text(world):
    s = world.screen
    title = s.pane_title()
    hostile = ("a\u009b2Jb \u202eevil\u202c words \u009d2;HACKED\u009c "
               "end5")
    rows = world.receive(hostile)
    want = "a\ufffd2Jb evil words \ufffd2;HACKED\ufffd end5"
    y = find_row(rows, TIME + r" <bob@localhost> " + re.escape(want))
    check(y is not None, "hostile text not shown as %r:\n%s"
          % (want, s.screen_dump()))
    world.bob.send_stanza(
        "<message to='%s/natter' type='error' id='e1'><error type='cancel'>"
        "<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
        "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>bad\u009b31m "
        "\u202eerr\u202c \u009d0;HACKED\u009c</text></error></message>"
        % world.alice)
    rows = s.wait_rows(lambda r: any("error from bob@localhost" in m
                                     for m in main(r)), "bob's error")
    text = " ".join(m.strip() for m in main(rows))
    check("(bad\ufffd31m err \ufffd0;HACKED\ufffd)" in text,
          "error text not shown inert:\n%s" % s.screen_dump())
    check(rows[0].startswith(" bob@localhost"), "title bar damaged: %r"
          % rows[0])
    for y in range(1, HEIGHT - 2):
        check(column_of(rows[y], "\u2502") == [COLS],
              "row %d damaged: %r" % (y, rows[y]))
    check(rows[HEIGHT - 2].startswith(" [2:bob@localhost]"),
          "status bar damaged: %r" % rows[HEIGHT - 2])
    check(s.pane_title() == title and "HACKED" not in s.pane_title(),
          "the pane title changed to %r" % s.pane_title())
    written = s.output()
    for name, seq in (("U+009B (CSI)", "\u009b"), ("U+009D (OSC)", "\u009d"),
                      ("U+202E (RLO)", "\u202e")):
        check(seq.encode() not in written,
              "natter wrote %s to the terminal" % name)
    check(b"HACKED" in written, "the recorded output lacks the text")
    check(not re.search(rb"\x1b\][^\x07]*HACKED", written),
          "an OSC sequence with the remote text reached the terminal")


def date_lines(world):
    s = world.screen
    world.bob.send_stanza(
        "<message to='%s' type='chat' id='d1'><body>from the past</body>"
        "<delay xmlns='urn:xmpp:delay' stamp='2020-03-04T10:00:00Z'/>"
        "</message>" % world.alice)
    rows = world.receive("back to today end6")
    today = datetime.datetime.now(datetime.timezone.utc).strftime(
        "%A %-d %B %Y")

    def rule(label):
        return r"(-+) " + re.escape(label) + r" (-+)"
    y = find_row(rows, rule("Wednesday 4 March 2020"))
    check(y is not None, "no day rule for 4 March 2020:\n%s"
          % s.screen_dump())
    check(re.fullmatch(r"10:00 <bob@localhost> from the past",
                       main(rows)[y]),
          "the line after the rule is %r" % main(rows)[y])
    m = re.fullmatch(rule("Wednesday 4 March 2020"), main(rows)[y - 1])
    left, right = len(m.group(1)), len(m.group(2))
    check(abs(left - right) <= 1 and left + right + 24 >= COLS - 1,
          "the day rule is not a centred full-width rule: %r"
          % main(rows)[y - 1])
    check(re.fullmatch(rule(today), main(rows)[y + 1]),
          "no rule for today (%s) after the old message: %r"
          % (today, main(rows)[y + 1]))
    check(re.fullmatch(TIME + r" <bob@localhost> back to today end6",
                       main(rows)[y + 2]), "today's line: %r"
          % main(rows)[y + 2])
    s.clear_input()
    s.type_line("/set ui.date_format %Y-%m-%d")
    s.wait_rows(lambda r: find_row(r, rule("2020-03-04")) is not None,
                "the rule redrawn as 2020-03-04")
    s.type_line("/unset ui.date_format")
    s.wait_rows(lambda r: find_row(r, rule("Wednesday 4 March 2020"))
                is not None, "the rule back to the default format")


def unread_marker(world):
    s = world.screen
    world.receive("read before leaving end7")
    s.send_keys("M-1")
    s.wait_rows(lambda r: "[1:console]" in r[-2], "the console")
    world.bob.send_message(world.alice, "unread one")
    world.bob.send_message(world.alice, "unread two")
    s.wait_rows(lambda r: r[-2].rstrip().endswith("[1 2]")
                and any("bob" in x and "(2)" in x for x in r),
                "two messages waiting in window 2")
    s.send_keys("M-2")
    rows = s.wait_rows(lambda r: "[2:bob@localhost]" in r[-2], "window 2")
    y = find_row(rows, r"-+ new -+")
    check(y is not None, "no ' new ' rule:\n%s" % s.screen_dump())
    text = main(rows)
    check(re.fullmatch(TIME + r" <bob@localhost> read before leaving end7",
                       text[y - 2]) and
          re.fullmatch(TIME + r" <bob@localhost> unread one", text[y]) and
          re.fullmatch(TIME + r" <bob@localhost> unread two", text[y + 1]),
          "the ' new ' rule is not between the last line read and the "
          "first unread:\n%s" % s.screen_dump())
    for style in styles(world, y, "new"):
        check(style.fg == RED, "the unread marker is not red: %r" % style)
    # Left and back with nothing new: no rule.
    s.send_keys("M-1")
    s.wait_rows(lambda r: "[1:console]" in r[-2], "the console")
    s.send_keys("M-2")
    world.screen.settle()
    rows = s.rows()
    check("[2:bob@localhost]" in rows[-2], "not back in window 2")
    check(find_row(rows, r"-+ new -+") is None,
          "a ' new ' rule though nothing came while away:\n%s"
          % s.screen_dump())


def themes(world):
    s = world.screen
    s.clear_input()
    s.type_line("/theme list")
    rows = s.wait_rows(lambda r: any(m == "  solarized-dark"
                                     for m in main(r)), "/theme list")
    text = main(rows)
    i = text.index("* default")
    check(text[i:i + 4] == ["* default", "  light", "  mono",
                            "  solarized-dark"],
          "/theme list shows %r" % text[i:i + 4])
    title = styles(world, 0, "bob@localhost")[0]
    check((title.fg, title.bg) == (7, 4),
          "default title bar not white on blue: %r" % title)
    s.type_line("/theme load solarized-dark")
    s.wait_rows(lambda r: any(m.endswith("ui.theme = solarized-dark")
                              for m in main(r)), "the theme set")
    title = styles(world, 0, "bob@localhost")[0]
    check((title.fg, title.bg) == (245, 235), "title bar after /theme load "
          "solarized-dark: %r, expected colour245 on colour235" % title)
    with open(os.path.join(s.confdir, "natter.conf"), encoding="utf-8") as f:
        check("theme=solarized-dark" in f.read().splitlines(),
              "ui.theme not saved in natter.conf")
    s.type_line("/theme list")
    s.wait_rows(lambda r: "* solarized-dark" in main(r), "'*' moved")
    s.type_line("/theme load mono")
    s.wait_rows(lambda r: any(m.endswith("ui.theme = mono")
                              for m in main(r)), "the mono theme set")
    world.receive("in mono *bold* end8")
    coloured = coloured_runs(s.styled_rows())
    check(not coloured, "the mono theme leaves colours on the screen:\n%s\n%s"
          % ("\n".join(coloured[:8]), s.screen_dump()))
    s.type_line("/unset ui.theme")
    s.wait_rows(lambda r: any(m.endswith("ui.theme = default")
                              for m in main(r)), "the default theme back")


def no_color(world):
    tb = world.tb
    screen = NatterScreen(tb, tb.natter_config(["carol"]), account="carol",
                          extra_env={"NO_COLOR": "1"}, width=WIDTH,
                          height=HEIGHT)
    screen.wait_screen(lambda t: "carol (online)" in t,
                       what="carol online")
    screen.type_line("/msg bob@localhost")
    world.bob.send_message(tb.jid("carol"), "no colour *here* end9")
    rows = screen.wait_rows(lambda r: any(m.endswith("end9")
                                          for m in main(r)),
                            "bob's message to carol")
    y = find_row(rows, TIME + r" <bob@localhost> no colour \*here\* end9")
    check(y is not None, "no message row:\n%s" % screen.screen_dump())
    styled = screen.styled_rows()
    coloured = coloured_runs(styled)
    check(not coloured, "NO_COLOR=1, yet colours on the screen:\n%s\n%s"
          % ("\n".join(coloured[:8]), screen.screen_dump()))
    title = find_cells(styled[0], "bob@localhost")[0].style
    check(title.reverse, "NO_COLOR title bar not reverse: %r" % title)
    nick = find_cells(styled[y], "<bob@localhost>")[1].style
    check(nick.bold, "NO_COLOR nick not bold: %r" % nick)
    check(all(c.style.bold for c in find_cells(styled[y], "here")),
          "NO_COLOR *here* not bold")
    screen.quit_cleanly()


def offline_queue(world):
    """A line typed while the account is offline waits, marked "…"; once
    the account is back it goes out (bob gets it once) and the mark
    becomes sent "·" or received by the server "✓"."""
    screen = world.screen
    screen.type_line("/disconnect")
    screen.wait_screen(lambda t: "alice (offline)" in t or "alice (disconnected)" in t,
                       what="alice offline in the panel")
    screen.type_line("written offline end10")
    rows = screen.wait_rows(lambda r: any(m.endswith("written offline end10 \u2026")
                                          for m in main(r)),
                            "the line marked pending")
    screen.type_line("/connect")
    rows = screen.wait_rows(lambda r: any(re.search(r"written offline end10 (\u00b7|\u2713)$", m)
                                          for m in main(r)),
                            "the line marked sent once online")
    got = world.bob.wait_message(lambda m: m["body"] == "written offline end10")
    check(got["from"].startswith(world.alice), "from %r" % got["from"])
    time.sleep(0.5)
    check(len([e for e in world.bob.events if e.get("event") == "message"
               and e.get("body") == "written offline end10"]) == 1,
          "bob got the queued line more than once")


def headline(world):
    """A headline says so, with its subject, before the text (RFC 6121
    5.2.2, 5.2.4)."""
    world.bob.send_stanza("<message to='%s' type='headline'><subject>News</subject>"
                          "<body>restart at noon end11</body></message>" % world.alice)
    rows = world.screen.wait_rows(lambda r: any(m.endswith("end11") for m in main(r)),
                                  "the headline")
    y = find_row(rows, TIME + r" <bob@localhost> \[headline\] News: restart at noon end11")
    check(y is not None, "headline shown as:\n%s" % world.screen.screen_dump())


def body(tb):
    world = World(tb)
    run_scenarios([wrapping, long_line_changes, me_action, styling, wide_text, hostile_text,
                   date_lines, unread_marker, themes, no_color,
                   typed_emoji_sequence, headline, offline_queue], world)
    world.screen.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
