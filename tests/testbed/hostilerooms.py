"""What tests/ui/test_hostile_rooms_ui.py and test_hostile_forms_ui.py
share: a fake MUC service (fakeroom.py --commands) behind the private
Prosody, natter in tmux (100x30) with --debug-log, the rooms' helpers and
the checks every case ends with (see those tests' docstrings), and run():
the cases, then /quit and history.db's checks."""

import os
import re
import sqlite3
import sys
import time
from xml.sax.saxutils import escape, quoteattr

sys.dont_write_bytecode = True  # keep the source tree clean

SERVICE = "rooms.localhost"
MUC_USER = "http://jabber.org/protocol/muc#user"
MUC_OWNER = "http://jabber.org/protocol/muc#owner"
NICK_NS = "http://jabber.org/protocol/nick"


import secrets  # noqa: E402
from collections import Counter  # noqa: E402

import clients  # noqa: E402
import fakeservice  # noqa: E402
import testbed  # noqa: E402
from testbed import Peer, check  # noqa: E402
from tbcommon import scaled  # noqa: E402
from tmuxdriver import (NatterScreen, column_of, cut_columns, run_scenarios_then_quit,  # noqa: E402
                        text_columns)

WIDTH, HEIGHT = 100, 30
COLS = WIDTH - 24 - 1           # the main area, left of the panel
TIME = r"\d\d:\d\d"
TICKS = "\u2713\u2713"
SECRET = secrets.token_hex(8)
PORT = testbed.free_ports(1)[0]
LIMITS = ("c2s_stanza_size_limit = 4*1024*1024\n"
          "component_stanza_size_limit = 4*1024*1024\n")
RESPONSIVE = 10                 # seconds within which a typed key must show
FORM_FIELDS = 5000
# The nicks every room case starts with: (nick, affiliation, role).
CREW = (("carl", "member", "participant"), ("dora", "none", "participant"))
MARKS = {"owner": "~", "admin": "&", "member": "+", "none": " ", "outcast": "!"}
PRIVACY_WORDS = ("anonymous", "logged", "configuration changed", "kicked", "banned",
                 "removed", "now known as")


def main(rows):
    """The main area's rows (left of the panel's │), trailing blanks cut."""
    return [cut_columns(r, 0, COLS).rstrip() for r in rows[1:HEIGHT - 2]]


def panel(rows):
    """The panel's rows (right of the │), trailing blanks cut."""
    return [r.split("\u2502", 1)[1].rstrip() for r in rows[1:HEIGHT - 2] if "\u2502" in r]


def listed(rows):
    """The occupants a room's panel lists: (mark, nick) pairs."""
    return [(p[0], p[1:]) for p in panel(rows)[1:] if p and p[0] in "~&+ !"]


def history(path, sql, args=()):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def presence(room, nick, to, affiliation="none", role="participant", codes=(), jid=None,
             type=None, inner="", item_extra=""):
    """A presence of room/nick as a room sends it (muc#user item, status
    codes as given: ints or any text)."""
    return ("<presence from=%s to=%s%s>%s<x xmlns='%s'><item affiliation=%s role=%s%s%s/>%s"
            "</x></presence>"
            % (quoteattr("%s/%s" % (room, nick)), quoteattr(to),
               " type=%s" % quoteattr(type) if type else "", inner, MUC_USER,
               quoteattr(affiliation), quoteattr(role),
               " jid=%s" % quoteattr(jid) if jid else "", item_extra,
               "".join("<status code=%s/>" % quoteattr(str(c)) for c in codes)))


def groupchat(room, nick, to, body, extra="", ident=None):
    sender = "%s/%s" % (room, nick) if nick else room
    return ("<message type='groupchat' from=%s to=%s%s><body>%s</body>%s</message>"
            % (quoteattr(sender), quoteattr(to),
               " id=%s" % quoteattr(ident) if ident else "", escape(body), extra))


def status_x(codes):
    return "<x xmlns='%s'>%s</x>" % (MUC_USER, "".join(
        "<status code=%s/>" % quoteattr(str(c)) for c in codes))


class Room:
    """A room of the fake service as the test runs it: who is in it."""

    def __init__(self, world, name):
        self.world = world
        self.jid = "%s@%s" % (name, SERVICE)
        self.name = name
        self.occupants = {}     # nick -> affiliation
        self.status_start = None

    def send(self, xml):
        self.world.service.send_stanza(xml)

    def occupant(self, nick, affiliation="none", role="participant", codes=(), **kw):
        self.send(presence(self.jid, nick, self.world.alice_full, affiliation, role, codes,
                           jid="%s@example.org/x" % nick if "jid" not in kw else kw.pop("jid"),
                           **kw))

    def expect(self, rows):
        """What is wrong with the title bar and the panel (None: nothing)."""
        title = re.search(r"\((\d+) occupants?, you are (.*?)\)  \(account", rows[0])
        if title is None:
            return "the title bar does not say who alice is: %r" % rows[0]
        if title.group(2) != "alice":
            return "the title bar says 'you are %s'" % title.group(2)
        if int(title.group(1)) != len(self.occupants):
            return "the title bar counts %s occupants, the room has %d" % (
                title.group(1), len(self.occupants))
        head = panel(rows)[:1]
        if head != ["%s (%d)" % (self.name, len(self.occupants))]:
            return "the panel's head is %r" % head
        # A nick wider than the panel shows cut: the longest nick of the
        # room it begins is the one listed.
        shown, marks = Counter(), {}
        for mark, entry in listed(rows):
            nick = entry if entry in self.occupants else max(
                (n for n in self.occupants if len(entry) >= 8 and n.startswith(entry)),
                key=len, default=entry)
            shown[nick] += 1
            marks[nick] = mark
        want = Counter(list(self.occupants))
        if shown != want:
            return "the panel lists %s, the room has %s" % (
                [n if len(n) < 40 else n[:30] + "...(%d)" % len(n) for n in
                 sorted(shown.elements())],
                [n if len(n) < 40 else n[:30] + "...(%d)" % len(n) for n in
                 sorted(want.elements())])
        for nick, affiliation in self.occupants.items():
            if marks.get(nick) != MARKS[affiliation]:
                return "%s is listed as %r, affiliation %s" % (nick[:40], marks.get(nick),
                                                               affiliation)
        return None

    def settle(self):
        """A notice from the room itself; once natter shows it, it has
        handled all the room sent before. Returns the rows then."""
        self.world.notices += 1
        marker = "room notice %d" % self.world.notices
        self.send(groupchat(self.jid, None, self.world.alice_full, marker))
        return self.world.screen.wait_rows(
            lambda r: any(re.fullmatch(TIME + " " + re.escape(marker), m) for m in main(r)),
            "the room's notice %r" % marker, timeout=30)

    def check(self, label):
        """natter stays in the room as alice, lists who is in it, takes
        a typed line, keeps the screen whole. Each of the three is
        checked even when one before failed (one TestFailure names all
        that did)."""
        failures = []
        try:
            rows = self.settle()
        except testbed.TestFailure as e:
            rows = self.world.screen.rows()
            failures.append("natter did not show the room's notice (%s): %s"
                            % (self.expect(rows) or "dropped", e))
        wrong = self.expect(rows)
        if wrong is not None and not failures:
            # Redrawing may trail the lines by a moment.
            try:
                rows = self.world.screen.wait_rows(lambda r: self.expect(r) is None,
                                                   "the room as it is", timeout=3)
                wrong = None
            except testbed.TestFailure:
                rows = self.world.screen.rows()
                wrong = self.expect(rows)
        if wrong is not None and not failures:
            failures.append("%s\n%s" % (wrong, self.world.screen.screen_dump()))
        self.world.notices += 1
        for step in (lambda: self.world.say_in_room(self, "alice still here %d"
                                                    % self.world.notices),
                     lambda: self.world.intact(" " + self.jid, self.status_start)):
            try:
                step()
            except testbed.TestFailure as e:
                failures.append(str(e))
        check(not failures, "after %s: %s" % (label, "\n\nand ".join(failures)))
        return rows


class World:
    def __init__(self, tb):
        self.tb = tb
        self.alice = tb.jid("alice")
        self.alice_full = self.alice + "/natter"
        self.service = fakeservice.FakeRoom(tb, SERVICE, SECRET, PORT, occupants=0, history=0,
                                            commands=True)
        self.bob = Peer(tb, "bob")
        self.confdir = tb.natter_config(["alice"])
        self.debug_log = os.path.join(tb.workdir, "natter-debug.log")
        self.screen = NatterScreen(tb, self.confdir, width=WIDTH, height=HEIGHT,
                                   args=["--debug-log", self.debug_log])
        s = self.screen
        s.wait_screen(lambda t: "alice (online)" in t, what="alice online in the panel")
        self.title = s.pane_title()
        self.said = []          # group lines that must be in history.db, once each
        self.notices = 0        # numbers the room notices and alice's lines

    # -- what every case checks

    def intact(self, title_start, status_start):
        """The screen is laid out as natter draws it."""
        s = self.screen
        rows = s.rows()
        check(rows[0].startswith(title_start), "title bar damaged: %r (wanted %r...)\n%s"
              % (rows[0], title_start, s.screen_dump()))
        for y, row in enumerate(rows):
            check(text_columns(row) <= WIDTH, "row %d is %d columns wide: %r"
                  % (y, text_columns(row), row))
        for y in range(1, HEIGHT - 2):
            check(column_of(rows[y], "\u2502") == [COLS],
                  "row %d damaged (the panel's │ not alone at column %d): %r\n%s"
                  % (y, COLS, rows[y], s.screen_dump()))
        check(rows[HEIGHT - 2].startswith(status_start), "status bar damaged: %r (wanted "
              "%r...)\n%s" % (rows[HEIGHT - 2], status_start, s.screen_dump()))
        check(s.cursor()[1] == HEIGHT - 1, "the cursor left the input line: %s"
              % (s.cursor(),))
        # natter's own title, maybe with its count of unread windows.
        check(re.fullmatch(re.escape(self.title) + r"( \(\d+\))?", s.pane_title()),
              "the pane title changed from %r to %r" % (self.title, s.pane_title()))

    def logged(self, pattern, what, timeout=testbed.DEFAULT_TIMEOUT):
        """Wait for a debug log line matching pattern (re); return it."""
        return testbed.wait_log_line(self.debug_log, pattern, what, timeout)

    def responsive(self, text, what):
        """Type text (no Enter): it must show on the input line within
        RESPONSIVE seconds. Returns how long it took; empties the line."""
        s = self.screen
        started = time.monotonic()
        s.send_text(text)
        s.wait_rows(lambda r: r[-1].rstrip().endswith(text),
                    "%r typed %s on the input line" % (text, what), timeout=RESPONSIVE)
        took = time.monotonic() - started
        s.clear_input()
        return took

    def responsive_during(self, done, what, timeout):
        """Type a key at a time, each shown on the input line within
        RESPONSIVE seconds, until done(rows) (natter busy meanwhile).
        Returns the slowest key's time and how many were typed; empties
        the input line."""
        s = self.screen
        deadline = time.monotonic() + scaled(timeout)
        typed, worst, keys = "", 0.0, 0
        while not done(s.rows()):
            check(time.monotonic() < deadline, "natter did not get there %s in %d s\n%s"
                  % (what, timeout, s.screen_dump()))
            if len(typed) >= 40:
                s.clear_input()
                s.wait_rows(lambda r: not r[-1].strip(), "the input line emptied",
                            timeout=RESPONSIVE)
                typed = ""
            typed += "abcdefghij"[keys % 10]
            keys += 1
            started = time.monotonic()
            s.send_text(typed[-1])
            s.wait_rows(lambda r: r[-1].rstrip() == typed, "a key typed %s shown on the input "
                        "line" % what, timeout=RESPONSIVE)
            worst = max(worst, time.monotonic() - started)
        s.clear_input()
        return worst, keys

    # -- rooms

    def enter(self, name, crew=CREW, self_codes=(110,), subject=True):
        """Enter NAME@SERVICE, held by the test: the room sends crew's
        presences, alice's (owner, moderator) with self_codes, and a
        subject. Returns the Room once natter shows it entered."""
        s = self.screen
        room = Room(self, name)
        self.service.hold(room.jid)
        mark = self.service.mark()
        s.clear_input()
        s.type_line("/join %s" % room.jid)
        entry = self.service.wait_for({"event": "entry", "room": room.jid}, since=mark,
                                      timeout=30, what="alice's entry to %s" % room.jid)
        check(entry["from"] == self.alice_full and entry["nick"] == "alice",
              "the entry came as %r" % entry)
        for nick, affiliation, role in crew:
            room.occupant(nick, affiliation, role)
            room.occupants[nick] = affiliation
        room.send(presence(room.jid, "alice", self.alice_full, "owner", "moderator", self_codes,
                           jid=self.alice_full))
        room.occupants["alice"] = "owner"
        if subject:
            room.send("<message type='groupchat' from=%s to=%s><subject>the %s room</subject>"
                      "</message>" % (quoteattr(room.jid + "/carl"), quoteattr(self.alice_full),
                                      name))
        rows = s.wait_rows(lambda r: r[0].startswith(" " + room.jid) and room.expect(r) is None,
                           "%s entered, its occupants listed" % room.jid, timeout=30)
        status = re.match(r" \[(\d+):", rows[HEIGHT - 2])
        check(status is not None, "no window number in the status bar: %r" % rows[HEIGHT - 2])
        room.status_start = " [%s:%s]" % (status.group(1), room.jid)
        return room

    def say_in_room(self, room, text):
        """alice types text in the room's window: the room gets it, and
        natter marks it delivered when the room reflects it."""
        s = self.screen
        mark = self.service.mark()
        s.clear_input()
        s.type_line(text)
        got = self.service.wait_for({"event": "groupchat", "room": room.jid, "body": text},
                                    since=mark, timeout=30, what="%r in %s" % (text, room.jid))
        check(got["from"] == self.alice_full, "%r came from %r" % (text, got["from"]))
        self.said.append(text)
        s.wait_rows(lambda r: any(re.fullmatch(TIME + " <alice> " + re.escape(text) + " " +
                                               TICKS, m) for m in main(r)),
                    "%r shown as alice's and delivered (%s)" % (text, TICKS), timeout=20)

    def screen_lacks(self, words, label):
        """None of words in the main area (notices natter must not give)."""
        text = "\n".join(main(self.screen.rows()))
        for word in words:
            check(word not in text, "after %s the screen says %r:\n%s"
                  % (label, word, self.screen.screen_dump()))


class FormPeer(Peer):
    """carol's client: tests/testbed/formpeer.py, peer.py's Peer whose
    disco#info holds a form of formpeer.CAPS_FIELDS fields."""

    def __init__(self, tb, user):
        saved = clients.PEER_SCRIPT
        clients.PEER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                           "formpeer.py")
        try:
            super().__init__(tb, user, resource="forms", caps=[], timeout=180)
        finally:
            clients.PEER_SCRIPT = saved


def prosody_extra():
    """The Lua lines the tests' Prosody needs: stanza limits, the service."""
    return LIMITS + fakeservice.component_config(SERVICE, SECRET, PORT)


def run(tb, scenarios):
    """The scenarios, then /quit and history.db's checks."""
    world = World(tb)
    failure = run_scenarios_then_quit(scenarios, world)
    path = os.path.join(world.confdir, "history.db")
    stored = []
    integrity = history(path, "PRAGMA integrity_check")
    if integrity != [("ok",)]:
        stored.append("history.db fails PRAGMA integrity_check: %r" % integrity)
    for text in world.said:
        n = history(path, "SELECT count(*) FROM messages WHERE body = ?", (text,))[0][0]
        if n != 1:
            stored.append("history.db holds %r %d times" % (text, n))
    if stored and failure is not None:
        raise testbed.TestFailure("%s\n\nThen:\n%s" % (failure, "\n".join(stored)))
    check(not stored, "\n".join(stored))
    if failure is not None:
        raise failure
