#!/usr/bin/python3
"""A hostile contact, through the real server, against the terminal UI
(issue 11 item 2), in tmux (100x30), natter run with --debug-log.

bob (slixmpp) sends alice (natter) what a malicious or broken peer can get
past Prosody (its stanza size limit raised to 4 MiB). After each case the
test asserts what alice would see: natter still answers (a line typed in
bob's window shows and reaches bob; a line from bob shows), the screen is
intact (title bar in row 0, the panel's │ at column 75 on every main row,
status bar and input line in the last two rows), the pane title is still
natter's, no tmux paste buffer was set (the tmux server accepts OSC 52 from
applications: set-clipboard on), nothing natter wrote to the terminal holds
a C1 control or a bidi embedding/override/isolate, and where natter drops
a stanza a line in the debug log names it. Cases, one scenario each (a
failing one is reported and the rest still run):
  - a 1 MiB body: its last words shown at once, its first ones after Home
    (End goes back), stored whole in history.db;
  - one body with every C1 control U+0080..U+009F and DEL, an 8-bit CSI
    clear-screen, cursor move and colour, an 8-bit OSC title change, an OSC
    52 clipboard write, an OSC 8 hyperlink, a DCS string, and every bidi
    control (U+202A-U+202E, U+2066-U+2069, U+061C, U+200E, U+200F): shown as
    its words in order, each control a U+FFFD or nothing (the marks
    U+200E and U+200F natter keeps, as src/core/sanitize.c says: logged,
    not failed); the debug log holds none of the controls either;
  - the same kind of text as bob's presence status: the title bar shows it
    inert;
  - room occupants (bob in den@conference.localhost, which alice is in)
    with nicks as hostile as Prosody's MUC lets through: it admits only
    nicks passing strict resourceprep, so none with a C1 control, a bidi
    control (U+202E, the isolates) or mark ("jid-malformed: Nickname must
    pass strict validation"); one nick stacks 20 combining marks on a
    letter before wide characters and 43 more columns, the other is
    combining marks alone; bob's status and a line of his are hostile: the
    panel lists the nick, the line shows as "<nick-cut-short> text" with
    the controls inert, every row of the room window keeps its layout;
  - a message whose payload nests 5,000 elements (with a no-store hint:
    Prosody cannot archive so deep a stanza and would drop it): its body
    shown;
  - forged stanzas from bob: a received and a sent carbon, a roster push
    (adding mallory@evil.example), an archive (MAM) result: none shows as a
    message or in the roster, each named in the debug log, the roster push
    answered with an error;
  - an IQ flood: 5,000 pings and 5,000 disco#info queries at alice's full
    JID while alice types a line: the line shows intact on the input line
    and reaches bob; all 10,000 queries answered;
  - a presence flood: 50,000 presences with changing status texts while
    alice types: the input line intact, the title bar ends with the last
    status, the typed line reaches bob.
At the end /quit exits 0, and history.db passes PRAGMA integrity_check and
holds every line sent either way, the 1 MiB body whole, and no forged one.
"""

import base64
import os
import re
import sqlite3
import sys
import time
import unicodedata
from xml.sax.saxutils import escape

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Peer, check, log, wait_until  # noqa: E402
import mucpeer  # noqa: E402
from tmuxdriver import NatterScreen, column_of, cut_columns, run_scenarios_then_quit  # noqa: E402

WIDTH, HEIGHT = 100, 30
COLS = WIDTH - 24 - 1           # the main area, left of the panel
TIME = r"\d\d:\d\d"
PROSODY_EXTRA = "c2s_stanza_size_limit = 4*1024*1024"

C1 = "".join(chr(c) for c in range(0x80, 0xa0))
# Bidi controls natter must never pass on (embeddings, overrides,
# isolates, the Arabic letter mark), and the two marks.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
BIDI_MARKS = "\u200e\u200f"
CSI, OSC, DCS, ST = "\u009b", "\u009d", "\u0090", "\u009c"
CLIPBOARD = base64.b64encode(b"HACKED-CLIPBOARD").decode()

# Each hostile piece between words, so that what is shown can be checked
# word by word.
HOSTILE_BODY = " ".join([
    "c1start", "all" + C1 + "\u007f" + "c1",
    "csi" + CSI + "2J" + CSI + "H" + CSI + "10;10H" + CSI + "1;31m" + "moved",
    "osc" + OSC + "2;HACKED-TITLE" + ST + "title",
    "clip" + OSC + "52;c;" + CLIPBOARD + ST + "board",
    "link" + OSC + "8;;http://evil.example/" + ST + "click" + OSC + "8;;" + ST + "here",
    "dcs" + DCS + "qDCS-PAYLOAD" + ST + "string",
    "bidi" + BIDI_CONTROLS + "mid" + BIDI_MARKS + "marks",
    "\u202eevil\u202c", "words", "c1end"])
HOSTILE_STATUS = ("st" + CSI + "2J " + "\u202eRLO\u202c \u2067ISO\u2069 " + OSC +
                  "0;HACKED-STATUS" + ST + " " + OSC + "52;c;" + CLIPBOARD + ST + " stend")
# Nicks Prosody's MUC lets through (strict resourceprep).
EVIL_NICK_END = "\u6f22\u5b57" + "n" * 40 + "end"
EVIL_NICK = "z" + "\u0336" * 20 + EVIL_NICK_END
GHOST_NICK = "\u0336\u0336\u0301\u0301"      # in canonical order (NFKC)


def inert(text):
    """What must be left of text on the screen, whatever natter does with a
    control (U+FFFD or nothing) or where it wraps: text without controls,
    marks, U+FFFD and white space."""
    return "".join(ch for ch in text
                   if not (ch.isspace() or ch in C1 or ch == "\u007f" or ch == "\ufffd"
                           or ch in BIDI_CONTROLS or ch in BIDI_MARKS))


def unmarked(text):
    """text without combining marks (tmux keeps only a few on a cell)."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def main(rows):
    """The main area's rows (left of the panel's │), trailing blanks cut."""
    return [cut_columns(r, 0, COLS).rstrip() for r in rows[1:HEIGHT - 2]]


def panel(rows):
    return [r.split("\u2502", 1)[1].strip() for r in rows[1:HEIGHT - 2] if "\u2502" in r]


def listed(rows, nick):
    """Whether the panel lists nick (after its role's sign, if any)."""
    return any(re.fullmatch(r"[~@+%]?" + re.escape(nick), p) for p in panel(rows))


def rows_between(rows, first, last):
    """The main-area rows from the one holding first to the one holding
    last, joined; None unless both are there in that order."""
    text = main(rows)
    starts = [i for i, r in enumerate(text) if first in r]
    if not starts:
        return None
    start = starts[-1]
    for end in range(start, len(text)):
        if last in text[end]:
            return " ".join(text[start:end + 1])
    return None


def history(path, sql, args=()):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


class World:
    def __init__(self, tb):
        self.tb = tb
        self.alice = tb.jid("alice")
        self.alice_full = self.alice + "/natter"
        self.bob = Peer(tb, "bob")
        self.confdir = tb.natter_config(["alice"])
        self.debug_log = os.path.join(tb.workdir, "natter-debug.log")
        self.screen = NatterScreen(tb, self.confdir, width=WIDTH, height=HEIGHT,
                                   args=["--debug-log", self.debug_log])
        s = self.screen
        # OSC 52 from the application sets a tmux buffer (tmux's default,
        # "external", would ignore it and the check could not fail).
        s.tmux("set-option", "-g", "set-clipboard", "on")
        self.clipboard_check_works()
        s.wait_screen(lambda t: "alice (online)" in t, what="alice online in the panel")
        s.record_output()
        s.type_line("/msg bob@localhost")
        s.wait_rows(lambda r: "[2:bob@localhost]" in r[-2], "bob's window shown")
        self.title = s.pane_title()
        self.sent = []          # bodies that must be in history.db, once each
        self.big = None
        self.alive_count = 0

    def clipboard_check_works(self):
        """An OSC 52 written by a program in this tmux server sets a
        buffer: what intact() looks for can happen."""
        s = self.screen
        s.tmux("new-window", "-d", "-n", "osc52probe",
               "printf '\\033]52;c;%s\\007'; sleep 30"
               % base64.b64encode(b"probe").decode())
        try:
            wait_until(lambda: s.tmux("list-buffers").strip(), 10,
                       "tmux to make a buffer of a probe's OSC 52")
        finally:
            s.tmux("kill-window", "-t", "osc52probe", check_status=False)
        s.tmux("delete-buffer")
        check(not s.tmux("list-buffers").strip(), "the probe's buffer stayed")

    # -- what every case checks

    def show_bob(self):
        """Bob's window on the screen (window 2), the input line empty."""
        s = self.screen
        s.clear_input()
        s.send_keys("M-2")
        s.send_keys("End")
        s.wait_rows(lambda r: "[2:bob@localhost]" in r[-2], "bob's window")

    def alive(self, label):
        """natter still answers: a line alice types reaches bob and shows,
        and a line from bob shows."""
        s = self.screen
        self.alive_count += 1
        mine = "alice alive %s %d" % (label, self.alive_count)
        theirs = "bob alive %s %d" % (label, self.alive_count)
        s.clear_input()
        s.type_line(mine)
        got = self.bob.wait_message(lambda m: m["body"] == mine, timeout=60)
        check(got["from"] == self.alice_full, "bob got %r from %r" % (mine, got["from"]))
        self.bob.send_message(self.alice, theirs)
        s.wait_rows(lambda r: any(re.fullmatch(TIME + r" <alice@localhost> " + re.escape(mine)
                                               + r" .*", m) for m in main(r))
                    and any(re.fullmatch(TIME + r" <bob@localhost> " + re.escape(theirs), m)
                            for m in main(r)),
                    "%r and %r in bob's window" % (mine, theirs), timeout=60)
        self.sent += [mine, theirs]

    def intact(self, title_start=" bob@localhost", status_start=" [2:bob@localhost]"):
        """The screen is laid out as natter draws it, the pane title is
        natter's, no tmux buffer, nothing hostile in natter's output."""
        s = self.screen
        rows = s.rows()
        check(rows[0].startswith(title_start), "title bar damaged: %r\n%s"
              % (rows[0], s.screen_dump()))
        for y in range(1, HEIGHT - 2):
            check(column_of(rows[y], "\u2502") == [COLS],
                  "row %d damaged (the panel's │ not alone at column %d): %r\n%s"
                  % (y, COLS, rows[y], s.screen_dump()))
        check(rows[HEIGHT - 2].startswith(status_start), "status bar damaged: %r\n%s"
              % (rows[HEIGHT - 2], s.screen_dump()))
        check(s.cursor()[1] == HEIGHT - 1, "the cursor left the input line: %s"
              % (s.cursor(),))
        title = s.pane_title()
        check(title == self.title and "HACKED" not in title,
              "the pane title changed from %r to %r" % (self.title, title))
        buffers = s.tmux("list-buffers").strip()
        check(not buffers, "a tmux buffer was set (OSC 52 reached the terminal): %r"
              % buffers)
        try:
            # Not a lone byte 0x80-0x9f either (an 8-bit C1 to a terminal
            # not in UTF-8 mode).
            written = s.output().decode("utf-8")
        except UnicodeDecodeError as e:
            raise testbed.TestFailure("natter wrote bytes that are not UTF-8 to the "
                                      "terminal: %s" % e)
        for ch in C1 + BIDI_CONTROLS:
            check(ch not in written, "natter wrote U+%04X to the terminal" % ord(ch))
        for name, seq in (("OSC 52", "\x1b]52"), ("OSC 8", "\x1b]8;"), ("DCS", "\x1bP")):
            check(seq not in written, "natter wrote an %s sequence to the terminal" % name)
        check(not re.search(r"\x1b\][^\x07\x1b]*HACKED", written),
              "an OSC sequence with bob's text reached the terminal")

    def logged(self, pattern, what, timeout=testbed.DEFAULT_TIMEOUT):
        """Wait for a debug log line matching pattern (re); return it."""
        return testbed.wait_log_line(self.debug_log, pattern, what, timeout)


# --------------------------------------------------------------------------
# Scenarios


def big_body(world):
    s = world.screen
    world.show_bob()
    world.alive("before the big body")
    words, n, size = [], 0, len("BIGSTART ") + len(" BIGEND")
    while size + 8 <= 1024 * 1024:
        words.append("w%06d" % n)
        n += 1
        size += 8
    big = "BIGSTART " + " ".join(words) + " BIGEND"
    world.big = big
    started = time.monotonic()
    world.bob.send_message(world.alice, big)
    rows = s.wait_rows(lambda r: any(m.endswith(" %s BIGEND" % words[-1]) for m in main(r)),
                       "the end of the 1 MiB body", timeout=120)
    log("1 MiB body (%d bytes) shown after %.1f s" % (len(big.encode()),
                                                      time.monotonic() - started))
    world.intact()
    s.send_keys("Home")
    rows = s.wait_rows(lambda r: any(re.fullmatch(TIME + r" <bob@localhost> BIGSTART w000000 "
                                                  r"w000001 .*", m) for m in main(r)),
                       "the start of the 1 MiB body after Home", timeout=60)
    text = " ".join(m.strip() for m in main(rows) if m.strip())
    check(" ".join(words[:60]) in text, "the first words of the big body are not shown "
          "in order:\n%s" % s.screen_dump())
    s.send_keys("End")
    s.wait_rows(lambda r: any(m.endswith(" %s BIGEND" % words[-1]) for m in main(r)),
                "the end of the big body again after End", timeout=60)
    world.sent.append(big)
    world.alive("after the big body")
    world.intact()


def hostile_body(world):
    s = world.screen
    world.show_bob()
    world.alive("before the controls")
    world.bob.send_message(world.alice, HOSTILE_BODY)
    world.sent.append(HOSTILE_BODY)
    rows = s.wait_rows(lambda r: rows_between(r, "c1start", "c1end") is not None,
                       "bob's message with the controls")
    shown = rows_between(rows, "c1start", "c1end")
    check(re.search(TIME + r" <bob@localhost> c1start", shown),
          "bob's line does not start as a message: %r" % shown)
    check(inert(HOSTILE_BODY) in inert(shown),
          "the message is not shown as its words with the controls inert:\n"
          "shown:    %r\nexpected: %r (controls as U+FFFD or left out)\n%s"
          % (shown, HOSTILE_BODY, s.screen_dump()))
    for ch in C1 + "\u007f" + BIDI_CONTROLS:
        check(ch not in s.screen(), "U+%04X on the screen" % ord(ch))
    world.alive("after the controls")
    world.intact()
    written = s.output().decode("utf-8", "replace")
    kept = [("U+%04X" % ord(m)) for m in BIDI_MARKS if m in written]
    log("bidi marks written to the terminal as they came: %s" % (", ".join(kept) or "none"))
    # The debug log, read in a terminal (tail -f), must not act on it.
    with open(world.debug_log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    check("c1start" in text, "bob's message is not in the debug log")
    for ch in C1 + BIDI_CONTROLS:
        check(ch not in text, "the debug log holds U+%04X" % ord(ch))


def hostile_status(world):
    s = world.screen
    world.show_bob()
    world.bob.send_stanza("<presence to='%s'><status>%s</status></presence>"
                          % (world.alice, escape(HOSTILE_STATUS)))
    rows = s.wait_rows(lambda r: "stend" in r[0], "bob's status in the title bar")
    shown = rows[0].split("online", 1)[-1].split("(account", 1)[0]
    check(inert(HOSTILE_STATUS) in inert(shown),
          "the status is not shown inert in the title bar: %r (sent %r)"
          % (rows[0], HOSTILE_STATUS))
    world.alive("after the status")
    world.intact()
    # Back to a plain status for the rest.
    world.bob.send_presence(status="plain again")
    s.wait_rows(lambda r: "plain again" in r[0], "bob's plain status")


def hostile_room_nick(world):
    s = world.screen
    tb = world.tb
    room = "den@" + tb.muc_domain
    carol = Peer(tb, "carol")
    mucpeer.create_room(carol, room, "carol")
    s.clear_input()
    s.type_line("/join %s" % room)
    s.wait_rows(lambda r: r[0].startswith(" " + room) and "you are alice" in r[0]
                and listed(r, "carol"), "the room's window with carol")
    status = re.search(r"\[(\d+):den@", s.rows()[-2])
    check(status is not None, "the room window not in the status bar: %r" % s.rows()[-2])
    room_status = " [%s:%s]" % (status.group(1), room)
    # Prosody's MUC admits only nicks that pass strict resourceprep: no
    # C1 control, no bidi control or mark. What a nick can still hold:
    # a stack of combining marks, wide characters, length; and a nick of
    # combining marks alone.
    mucpeer.join(world.bob, room, EVIL_NICK)
    ghost = Peer(tb, "bob", resource="ghost")
    mucpeer.join(ghost, room, GHOST_NICK)
    s.wait_rows(lambda r: any(re.match("[~@+%]?z\u0336*\u6f22\u5b57nnnnn", p)
                              for p in panel(r)) and "(4)" in "".join(panel(r)),
                "bob's nicks listed (4 occupants)")
    mucpeer.set_presence(world.bob, room, EVIL_NICK, status=HOSTILE_STATUS)
    line = ("room" + C1[:16] + " \u202eover\u202c " + OSC + "2;HACKED-ROOM" + ST +
            " \u2067iso\u2069 roomend")
    mucpeer.say(world.bob, room, line)
    world.sent.append(line)
    rows = s.wait_rows(lambda r: rows_between(r, "<z", "roomend") is not None,
                       "bob's line in the room")
    shown = rows_between(rows, "<z", "roomend")
    # A head wider than half the row is cut (the text keeps room).
    check(re.match(TIME + " <z", shown) and "<z\u6f22\u5b57nnnnn" in unmarked(shown) and
          inert(line) in inert(shown),
          "the room line is not shown as <nick> text with the controls inert: %r\n%s"
          % (shown, s.screen_dump()))
    mine = "alice in the den"
    s.type_line(mine)
    got = world.bob.wait_message(lambda m: m["body"] == mine)
    check(got["from"] == room + "/alice", "bob got %r" % got)
    world.sent.append(mine)
    s.wait_rows(lambda r: any(re.match(TIME + " <alice> " + mine, m) for m in main(r)),
                "alice's line in the room")
    world.intact(title_start=" " + room, status_start=room_status)
    mucpeer.leave(world.bob, room, EVIL_NICK)
    mucpeer.leave(ghost, room, GHOST_NICK)
    ghost.quit()
    world.show_bob()
    world.alive("after the room")
    world.intact()


def deep_nesting(world):
    s = world.screen
    world.show_bob()
    depth = 5000
    deep = "<x xmlns='urn:example:deep'>" * depth + "</x>" * depth
    # Prosody cannot archive it (util.serialization: max table depth) and
    # drops it then: the no-store hint (XEP-0334) keeps it out of the
    # archive.
    world.bob.send_stanza("<message to='%s' type='chat' id='deep1'><body>deep body marker"
                          "</body><no-store xmlns='urn:xmpp:hints'/>%s</message>"
                          % (world.alice, deep))
    world.sent.append("deep body marker")
    s.wait_rows(lambda r: any(re.fullmatch(TIME + r" <bob@localhost> deep body marker", m)
                              for m in main(r)), "the deep message's body", timeout=30)
    world.alive("after the deep message")
    world.intact()


FORGED = ("FORGED-CARBON-IN", "FORGED-CARBON-OUT", "FORGED-ARCHIVE", "mallory", "MALLORY")


def forgeries(world):
    s = world.screen
    world.show_bob()
    before = s.rows()[-2]
    bob_full = world.bob.full_jid
    world.bob.send_stanza(
        "<message to='%s' type='chat' id='fc1'><received xmlns='urn:xmpp:carbons:2'>"
        "<forwarded xmlns='urn:xmpp:forward:0'><message from='carol@localhost/x' to='%s' "
        "type='chat' id='in1'><body>FORGED-CARBON-IN</body></message></forwarded>"
        "</received></message>" % (world.alice_full, world.alice))
    world.bob.send_stanza(
        "<message to='%s' type='chat' id='fc2'><sent xmlns='urn:xmpp:carbons:2'>"
        "<forwarded xmlns='urn:xmpp:forward:0'><message from='%s/other' to='carol@localhost' "
        "type='chat' id='out1'><body>FORGED-CARBON-OUT</body></message></forwarded>"
        "</sent></message>" % (world.alice_full, world.alice))
    world.bob.send_stanza(
        "<iq type='set' id='push1' to='%s'><query xmlns='jabber:iq:roster'>"
        "<item jid='mallory@evil.example' name='MALLORY' subscription='both'/></query></iq>"
        % world.alice_full)
    world.bob.send_stanza(
        "<message to='%s' id='mam1'><result xmlns='urn:xmpp:mam:2' queryid='x' id='y'>"
        "<forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' "
        "stamp='2020-01-01T00:00:00Z'/><message from='carol@localhost/x' to='%s' "
        "type='chat' id='arch1'><body>FORGED-ARCHIVE</body></message></forwarded>"
        "</result></message>" % (world.alice_full, world.alice))
    answer = world.bob.wait_for({"event": "iq", "id": "push1"},
                                what="natter's answer to the roster push")
    check(answer["type"] == "error" and answer["from"] == world.alice_full,
          "the forged roster push was answered %r" % answer.get("xml"))
    who = re.escape("'%s'" % bob_full)
    carbon = re.compile(r" warning alice: carbon from %s dropped: not our server$" % who)
    world.logged(carbon.pattern, "the forged carbons")
    world.logged(r" alice: roster push from %s ignored: not from the account's server$"
                 % who, "the forged roster push")
    world.logged(r" alice: archive result from %s dropped: not our archive's answer$" % who,
                 "the forged archive result")
    with open(world.debug_log, encoding="utf-8", errors="replace") as f:
        dropped = [line for line in f if carbon.search(line.rstrip("\n"))]
    check(len(dropped) == 2, "the two forged carbons are not both named in the debug "
          "log: %r" % dropped)
    world.alive("after the forgeries")
    rows = s.rows()
    for word in FORGED:
        check(word not in "\n".join(rows), "%r on the screen:\n%s" % (word, s.screen_dump()))
    check(rows[-2] == before, "the forgeries changed the status bar: %r, was %r"
          % (rows[-2], before))
    s.send_keys("M-1")
    rows = s.wait_rows(lambda r: "[1:console]" in r[-2], "the console")
    for word in FORGED:
        check(word not in "\n".join(rows), "%r in the console:\n%s" % (word, s.screen_dump()))
    world.show_bob()
    world.intact()


def iq_flood(world):
    s = world.screen
    world.show_bob()
    count = 5000
    since = world.bob.mark()
    typed = "typed during the iq flood"
    started = time.monotonic()
    chunk = []
    for n in range(count):
        chunk.append("<iq type='get' id='fp%d' to='%s'><ping xmlns='urn:xmpp:ping'/></iq>"
                     % (n, world.alice_full))
        chunk.append("<iq type='get' id='fd%d' to='%s'><query xmlns='http://jabber.org/"
                     "protocol/disco#info'/></iq>" % (n, world.alice_full))
        if len(chunk) >= 500:
            world.bob.send_stanza("".join(chunk))
            chunk = []

    def answers():
        return [e for e in world.bob.events[since:] if e.get("event") == "iq"
                and re.fullmatch(r"f[pd]\d+", e.get("id") or "")]
    s.send_text(typed)
    s.wait_rows(lambda r: r[-1] == typed, "the typed line intact on the input line",
                timeout=30)
    log("iq flood: the typed line shown after %.1f s, %d answers in by then"
        % (time.monotonic() - started, len(answers())))
    s.send_keys("Enter")
    got = world.bob.wait_message(lambda m: m["body"] == typed, timeout=120)
    check(got["from"] == world.alice_full, "from %r" % got["from"])
    world.sent.append(typed)
    log("iq flood: the typed line reached bob after %.1f s" % (time.monotonic() - started))
    try:
        wait_until(lambda: len(answers()) >= 2 * count, 240, "answers")
    except testbed.TestFailure:
        pass
    got = answers()
    log("iq flood: %d answers of %d after %.1f s" % (len(got), 2 * count,
                                                    time.monotonic() - started))
    ids = {e["id"] for e in got}
    missing = [i for i in ("f%s%d" % (k, n) for n in range(count) for k in "pd")
               if i not in ids]
    check(not missing, "%d of %d queries not answered (first: %s)"
          % (len(missing), 2 * count, missing[:5]))
    bad = [e for e in got if e["type"] != "result"
           or (e["id"].startswith("fd") and "disco#info" not in e["xml"])]
    check(not bad, "%d queries answered wrong: %s" % (len(bad), bad[0]["xml"] if bad else ""))
    check(len(got) == 2 * count, "%d answers to %d queries" % (len(got), 2 * count))
    world.alive("after the iq flood")
    world.intact()


def presence_flood(world):
    s = world.screen
    world.show_bob()
    count = 50000
    final = "FINAL-STATUS after the flood"
    typed = "typed during the presence flood"
    started = time.monotonic()
    chunk = []
    for n in range(count):
        status = "flood status %d" % n if n < count - 1 else final
        chunk.append("<presence to='%s'><status>%s</status></presence>"
                     % (world.alice, status))
        if len(chunk) >= 1000:
            world.bob.send_stanza("".join(chunk))
            chunk = []
    s.send_text(typed)
    s.wait_rows(lambda r: r[-1] == typed, "the typed line intact on the input line",
                timeout=30)
    log("presence flood: the typed line shown after %.1f s" % (time.monotonic() - started))
    rows = s.wait_rows(lambda r: final in r[0], "the last status in the title bar",
                       timeout=300)
    log("presence flood: the last status shown after %.1f s" % (time.monotonic() - started))
    check(rows[-1] == typed, "the input line is %r, typed %r" % (rows[-1], typed))
    check(re.match(r" bob@localhost +online: " + re.escape(final) + "  ", rows[0]),
          "title bar: %r" % rows[0])
    s.send_keys("Enter")
    got = world.bob.wait_message(lambda m: m["body"] == typed, timeout=120)
    check(got["from"] == world.alice_full, "from %r" % got["from"])
    world.sent.append(typed)
    world.alive("after the presence flood")
    world.intact()


def body(tb):
    world = World(tb)
    failure = run_scenarios_then_quit([big_body, hostile_body, hostile_status,
                                       hostile_room_nick, deep_nesting, forgeries,
                                       iq_flood, presence_flood], world)
    path = os.path.join(world.confdir, "history.db")
    check(history(path, "PRAGMA integrity_check") == [("ok",)],
          "history.db fails PRAGMA integrity_check: %r"
          % history(path, "PRAGMA integrity_check"))
    lost = []
    for text in world.sent:
        n = history(path, "SELECT count(*) FROM messages WHERE body = ?", (text,))[0][0]
        if n != 1:
            lost.append("%r stored %d times" % (text if len(text) < 80 else text[:60] + "...",
                                                n))
    check(not lost, "history.db lost lines:\n%s" % "\n".join(lost))
    if world.big is not None:
        stored = history(path, "SELECT length(body) FROM messages WHERE body LIKE 'BIGSTART %'")
        check(stored == [(len(world.big),)], "the 1 MiB body stored as %r characters, sent %d"
              % (stored, len(world.big)))
    for word in FORGED[:3]:
        check(not history(path, "SELECT id FROM messages WHERE body LIKE ?",
                          ("%" + word + "%",)), "history.db holds %s" % word)
    if failure is not None:
        raise failure


if __name__ == "__main__":
    testbed.run_test(body, ui=True, prosody_extra=PROSODY_EXTRA)
