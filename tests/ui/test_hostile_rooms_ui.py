#!/usr/bin/python3
"""Hostile rooms against the terminal UI (issue 11 item 2, what
tests/ui/test_hostile_ui.py leaves: status codes in the wrong places), in
tmux (100x30), natter run with --debug-log (tests/testbed/hostilerooms.py).

The rooms belong to a fake MUC service (tests/testbed/fakeroom.py
--commands, an XEP-0114 component behind the private Prosody, its stanza
size limits raised to 4 MiB like the clients'): the test holds each room
and writes every stanza the room sends. Each room case enters a room of
its own (carl and dora in it, alice its owner, entered with status 110
and a subject), sends what a broken or hostile room sends, then a notice
from the room itself, and once natter has shown that notice (so it has
handled all before) asserts what alice sees:
  - the title bar still says "(N occupants, you are alice)";
  - the panel lists exactly the occupants the room has, each once (no
    ghost, no duplicate);
  - a line alice types reaches the room and shows as "<alice> line ✓✓"
    (the room's reflection recognised as hers);
  - the screen is intact: the title bar in row 0, the panel's │ at column
    75 on every main row, the status bar and the input line in the last
    two rows, no row wider than the terminal, the pane title natter's;
  - where natter drops what a room says, a line of the debug log or of
    the screen says so.
The room cases:
  1. status 110 on another occupant's presence (carl), available, then
     (in another room) unavailable: carl leaves, alice stays;
  2. status 110 twice in one presence of a newcomer, and 110 on a second
     newcomer's;
  3. status 201 (room created) on the entry to a room with occupants
     (natter does not take it as created: no instant configuration,
     which the service refuses: natter says the room "stays locked");
  4. 303 (nick change) without a nick, with an empty nick, with a nick
     over 1023 bytes, with a C1 control, and onto an occupant's nick:
     the invalid ones taken as leaving (the debug log says so), the last
     one leaves one occupant of that nick;
  5. 307 and 301 (kicked, banned) on available presences, an occupant's
     and alice's own: nobody is said kicked or banned, nobody leaves;
  6. 100, 170 and 172 in a group message from an occupant (carl): the
     line shows, no notice about the room's privacy or logging;
  7. alice's self-presence without any status code after entering;
  8. status codes (110, 303, 307, 301) in error presences, alice's and
     carl's: natter says "the room says: ..." and stays;
  9. unknown (999, 1000, 0, -110, 99999999999) and non-numeric ("abc",
     "", "1e2", "0x6e", "11O") codes on presences and in a notice of the
     room: no notice, nobody leaves.
At the end /quit exits 0, and history.db passes PRAGMA integrity_check and
holds every line said in the rooms exactly once.
"""

import os
import re
import sys
import time
from xml.sax.saxutils import escape, quoteattr

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from hostilerooms import *  # noqa: E402,F401,F403 (the shared world and helpers)
from testbed import check, log, wait_until  # noqa: E402,F401

# --------------------------------------------------------------------------
# Room cases


def code110_other(world):
    room = world.enter("other110")
    room.occupant("carl", "member", codes=(110,), inner="<status>carl, or so says 110</status>")
    room.check("110 on carl's presence")
    world.screen_lacks(["you are now known as", "alice left"], "110 on carl's presence")


def code110_other_leaving(world):
    room = world.enter("gone110")
    room.occupant("carl", "member", codes=(110,), type="unavailable")
    del room.occupants["carl"]
    room.check("110 on carl's leaving")
    world.screen_lacks(["no longer in", "you left"], "110 on carl's leaving")


def code110_twice(world):
    room = world.enter("twice110")
    room.occupant("erin", codes=(110, 110))
    room.occupants["erin"] = "none"
    room.occupant("fred", codes=(110,))
    room.occupants["fred"] = "none"
    room.check("110 twice on erin's presence and on fred's")
    world.screen_lacks(["you are now known as"], "110 on two newcomers")


def code201_entry(world):
    # The room existed (carl and dora are in it), yet says "created".
    room = world.enter("created201", self_codes=(110, 201))
    room.check("201 on a normal entry")


def code303_bad(world):
    crew = CREW + tuple((nick, "none", "participant") for nick in ("erin", "fred", "gus",
                                                                    "hank"))
    room = world.enter("rename303", crew=crew)
    renames = (("carl", None), ("dora", ""), ("erin", "x" * 1100), ("fred", "bad\u0085nick"))
    for nick, new in renames:
        room.occupant(nick, codes=(303,), type="unavailable",
                      item_extra="" if new is None else " nick=%s" % quoteattr(new))
        del room.occupants[nick]
    # Onto an occupant's nick: the one who was there gives way (one of
    # that nick is left); the new nick's presence follows.
    room.occupant("gus", codes=(303,), type="unavailable", item_extra=" nick='hank'")
    room.occupant("hank", "none", jid="gus@example.org/x")
    del room.occupants["gus"]
    room.check("303 with no nick, an empty one, one too long, one with a control, one "
               "taken")
    for nick, _new in renames:
        world.logged(r" muc: %s/%s renamed to an invalid nick; taken as leaving$"
                     % (re.escape(room.jid), nick), "%s renamed to an invalid nick" % nick)


def code307_301_available(world):
    room = world.enter("k307")
    room.occupant("dora", codes=(307,))
    room.occupant("carl", "member", codes=(301,))
    room.send(presence(room.jid, "alice", world.alice_full, "owner", "moderator",
                       (110, 307, 301), jid=world.alice_full))
    room.check("307 and 301 on available presences")
    world.screen_lacks(["kicked", "banned", "no longer in"], "307 and 301 on available "
                       "presences")


def codes_in_occupant_message(world):
    room = world.enter("codesmsg")
    line = "carl speaks with status codes 100 170 172"
    room.send(groupchat(room.jid, "carl", world.alice_full, line,
                        extra=status_x((100, 170, 172, 104))))
    world.said.append(line)
    room.check("status codes in carl's message")
    world.screen.wait_rows(lambda r: any(re.fullmatch(TIME + " <carl> " + re.escape(line), m)
                                         for m in main(r)), "carl's line")
    world.screen_lacks(PRIVACY_WORDS, "status codes in carl's message")


def self_without_codes(world):
    room = world.enter("nocodes")
    room.send(presence(room.jid, "alice", world.alice_full, "owner", "moderator", (),
                       jid=world.alice_full, inner="<show>away</show><status>brb</status>"))
    room.check("alice's presence without a status code")


def codes_in_error(world):
    room = world.enter("errorcodes")
    error = ("<error type='cancel'><conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
             "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>codes in an error</text>"
             "</error>")
    room.send(presence(room.jid, "alice", world.alice_full, "owner", "moderator",
                       (110, 303, 307, 301), jid=world.alice_full, type="error",
                       item_extra=" nick='mallory'", inner=error))
    room.occupant("carl", "member", codes=(110, 303, 307), type="error",
                  item_extra=" nick='mallory'", inner=error)
    rows = room.check("status codes in error presences")
    check(any("the room says:" in m for m in main(rows)),
          "natter did not say what the error presences said:\n%s"
          % world.screen.screen_dump())
    world.screen_lacks(["mallory", "kicked", "banned", "no longer in"],
                       "status codes in error presences")


def unknown_codes(world):
    room = world.enter("oddcodes")
    odd = (999, 1000, 0, -110, 99999999999, "abc", "", "1e2", "0x6e", "11O")
    room.occupant("carl", "member", codes=odd)
    room.send(presence(room.jid, "alice", world.alice_full, "owner", "moderator",
                       (110,) + odd, jid=world.alice_full))
    room.send("<message type='groupchat' from=%s to=%s>%s</message>"
              % (quoteattr(room.jid), quoteattr(world.alice_full),
                 status_x(("abc", "", "x172", 999, 99999999999))))
    room.check("unknown and non-numeric status codes")
    world.screen_lacks(PRIVACY_WORDS, "unknown and non-numeric status codes")


def body(tb):
    run(tb, [code110_other, code110_other_leaving, code110_twice, code201_entry, code303_bad, code307_301_available, codes_in_occupant_message, self_without_codes, codes_in_error, unknown_codes])


if __name__ == "__main__":
    testbed.run_test(body, ui=True, prosody_extra=prosody_extra())
