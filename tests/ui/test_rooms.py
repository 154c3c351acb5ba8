#!/usr/bin/python3
"""A chat room's window in the terminal UI, driven in tmux (120x30).

bob (slixmpp) owns lounge@conference.localhost, has said one line and
set the subject "Welcome here" before alice (natter) enters. Asserts what
the user sees:
  - "/join lounge" (no service: found by disco) shows the room's window
    (window 2): the title bar holds the room, the subject, "2 occupants"
    and "you are alice"; the panel lists "lounge (2)", "moderators (1)"
    with "~bob" (owner) and "participants (1)" with " alice";
  - the main area shows bob's line as "<bob> old history line", then the
    "end of history" rule, then "subject (set by bob): Welcome here", in
    that order;
  - text typed in the window goes to the room: bob receives it as a group
    message from lounge@conference.localhost/alice, and the line ends with
    "✓✓" once the room sends it back;
  - with the console shown, a plain message from bob lights window 2 as
    unread (yellow on blue), and a message naming "alice" as a highlight
    (bright magenta on blue, bold);
  - bob renaming himself shows "bob is now known as robert" and the panel
    lists "~robert"; "ro" + Tab completes to "robert: " in the input line
    and the line reaches the room as "robert: hi"; /nick alice2 shows "you are now known as alice2" and
    the title says "you are alice2";
  - carol entering as "rоbert" (a Cyrillic o) is said to look like
    robert, her line shows as <rоbert!>, the panel marks both ~robert!
    and rоbert! until she leaves; a nick with a blank Hangul filler shows
    it as U+FFFD, marked, and is said to hold invisible characters;
    carla renaming herself "rоbert" is said to be a look-alike;
  - "/msg robert psst" in the room's window opens window 3 titled
    lounge@conference.localhost/robert; robert receives it as a private
    message (type chat) from the room;
  - /leave says "you left lounge@conference.localhost" and the title says
    "(not in the room)".
"""

import os
import re
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tmuxdriver import NatterScreen, find_cells  # noqa: E402

WIDTH, HEIGHT = 120, 30
BLUE, YELLOW, BRIGHTMAGENTA = 4, 3, 13
MUC = "http://jabber.org/protocol/muc"


def status_row(rows):
    for row in reversed(rows):
        if re.match(r" (\[[^]]*\] )*\[\d+:", row):
            return row
    return ""


def style_of_number(screen, number):
    """The style of window number's digit in the status bar's list."""
    rows = screen.styled_rows()
    for row in reversed(rows):
        text = "".join(c.text for c in row)
        match = re.search(r"\[1( \d)+\]$", text.rstrip())
        if match:
            cells = find_cells(row, match.group(0))
            digits = [c for c in cells if c.text == str(number)]
            check(digits, "window %d not in the status bar: %r" % (number, text))
            return digits[-1].style
    raise testbed.TestFailure("no status bar on screen:\n%s" % screen.screen_dump())


def body(tb):
    room = "lounge@" + tb.muc_domain
    bob = Peer(tb, "bob")
    bob.send_stanza("<presence to='%s/bob'><x xmlns='%s'/></presence>" % (room, MUC))
    bob.wait_for(lambda e: e.get("event") == "presence"
                 and e.get("from") == room + "/bob", what="bob in the room")
    bob.send_stanza("<iq type='set' to='%s' id='instant'><query xmlns='%s#owner'>"
                    "<x xmlns='jabber:x:data' type='submit'/></query></iq>"
                    % (room, MUC))
    bob.wait_for(lambda e: e.get("event") == "iq" and e.get("id") == "instant",
                 what="the room unlocked")
    bob.send_stanza("<message to='%s' type='groupchat' id='h1'>"
                    "<body>old history line</body></message>" % room)
    bob.send_stanza("<message to='%s' type='groupchat' id='s1'>"
                    "<subject>Welcome here</subject></message>" % room)
    bob.wait_message(lambda m: m.get("id") == "h1")

    s = NatterScreen(tb, tb.natter_config(["alice"]), width=WIDTH, height=HEIGHT)
    s.wait_screen(lambda t: "alice (online)" in t, what="alice online")
    s.type_line("/join lounge")
    rows = s.wait_rows(lambda r: "you are alice" in r[0] and "Welcome here" in r[0]
                       and "~bob" in "\n".join(r),
                       "the room's window with its subject and occupants")
    check(rows[0].lstrip().startswith(room), "title: %r" % rows[0])
    check("2 occupants" in rows[0], "title without the count: %r" % rows[0])
    panel = [r.split("\u2502", 1)[1].rstrip() for r in rows[1:-2] if "\u2502" in r]
    for want in ("lounge (2)", "moderators (1)", "~bob", "participants (1)", " alice"):
        check(want in panel, "panel lacks %r: %r" % (want, panel))
    check(panel.index("~bob") < panel.index(" alice"),
          "moderators not above participants: %r" % panel)
    text = "\n".join(rows)
    order = [text.find("<bob> old history line"), text.find("end of history"),
             text.find("subject (set by bob): Welcome here")]
    check(-1 not in order and order == sorted(order),
          "history, its end and the subject not in order:\n%s" % s.screen_dump())
    check("[2:" in status_row(rows), "room window is not window 2: %r"
          % status_row(rows))

    s.type_line("good morning all")
    got = bob.wait_message(lambda m: m.get("body") == "good morning all")
    check(got["type"] == "groupchat" and got["from"] == room + "/alice",
          "bob got %r" % got)
    s.wait_screen(lambda t: re.search(r"<alice> good morning all \u2713\u2713", t),
                  what="alice's line marked delivered by the reflection")

    s.send_keys("M-1")
    s.wait_rows(lambda r: r[0].rstrip().endswith(": console"), "the console")
    bob.send_stanza("<message to='%s' type='groupchat'><body>just chatting</body>"
                    "</message>" % room)
    s.wait_rows(lambda r: status_row(r).endswith("[1 2]"), "window 2 waiting")
    deadline = time.monotonic() + 10
    while True:
        style = style_of_number(s, 2)
        if (style.fg, style.bg) == (YELLOW, BLUE) or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    check((style.fg, style.bg) == (YELLOW, BLUE),
          "a plain room message is not 'unread' (yellow on blue): %r" % style)
    bob.send_stanza("<message to='%s' type='groupchat'><body>alice: are you there?"
                    "</body></message>" % room)
    deadline = time.monotonic() + 10
    while True:
        style = style_of_number(s, 2)
        if style.fg == BRIGHTMAGENTA or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    check((style.fg, style.bg, style.bold) == (BRIGHTMAGENTA, BLUE, True),
          "a mention of alice is not a highlight: %r" % style)

    s.send_keys("M-2")
    bob.send_stanza("<presence to='%s/robert'/>" % room)
    s.wait_screen(lambda t: "bob is now known as robert" in t and "~robert" in t,
                  what="bob's new nick in the lines and the panel")
    s.send_text("ro")
    s.send_keys("Tab")
    s.wait_rows(lambda r: r[-1].rstrip() == "robert:", "Tab completing the nick as 'robert:'")
    s.send_text("hi")
    s.send_keys("Enter")
    got = bob.wait_message(lambda m: m.get("body") == "robert: hi")
    check(got["type"] == "groupchat", "the addressed line is not a group message: %r" % got)
    s.type_line("/nick alice2")
    s.wait_rows(lambda r: "you are alice2" in r[0]
                and "you are now known as alice2" in "\n".join(r),
                "alice's new nick")

    # Look-alikes: carol enters as "robert" with a Cyrillic o. Her
    # coming says so, and both nicks are marked in the lines and the
    # panel until she goes; a nick with a Hangul filler (blank) shows it
    # (zero-width spaces the server's resourceprep removes).
    carol = Peer(tb, "carol")
    fake = "r\u043ebert"
    carol.send_stanza("<presence to='%s/%s'><x xmlns='%s'/></presence>" % (room, fake, MUC))
    s.wait_screen(lambda t: "%s! joined (look-alike: the nick looks like robert's)" % fake in t,
                  what="the look-alike's coming")
    carol.send_stanza("<message to='%s' type='groupchat'><body>trust me</body></message>"
                      % room)
    s.wait_screen(lambda t: "<%s!> trust me" % fake in t and "~robert!" in t
                  and " %s!" % fake in t, what="both nicks marked")
    carol.send_stanza("<presence to='%s/%s' type='unavailable'/>" % (room, fake))
    s.wait_screen(lambda t: "~robert!" not in t and "~robert" in t, what="robert unmarked")
    carol.send_stanza("<presence to='%s/zed\u3164'><x xmlns='%s'/></presence>" % (room, MUC))
    s.wait_screen(lambda t: "zed\ufffd! joined (look-alike: the nick holds invisible "
                  "characters" in t, what="the hidden character shown")
    # A look-alike by a change of nick: carla becomes "rоbert".
    carol.send_stanza("<presence to='%s/zed\u3164' type='unavailable'/>" % room)
    carol.send_stanza("<presence to='%s/carla'><x xmlns='%s'/></presence>" % (room, MUC))
    s.wait_screen(lambda t: "carla joined" in t, what="carla")
    carol.send_stanza("<presence to='%s/%s'/>" % (room, fake))
    s.wait_screen(lambda t: "carla is now known as %s! (look-alike" % fake in t,
                  what="the look-alike by a change of nick")
    carol.send_stanza("<presence to='%s/%s' type='unavailable'/>" % (room, fake))

    s.type_line("/msg robert psst")
    s.wait_rows(lambda r: r[0].lstrip().startswith(room + "/robert"),
                "the private window with robert")
    got = bob.wait_message(lambda m: m.get("body") == "psst")
    check(got["type"] == "chat" and got["from"] == room + "/alice2",
          "robert got %r" % got)
    s.send_keys("M-2")
    s.type_line("/leave")
    s.wait_rows(lambda r: "(not in the room)" in r[0]
                and "you left %s" % room in "\n".join(r), "the room left")
    s.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body, ui=True)
