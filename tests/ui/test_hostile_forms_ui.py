#!/usr/bin/python3
"""Forms of thousands of fields and nicks of thousands of characters
against the terminal UI (issue 11 item 2, what tests/ui/test_hostile_ui.py
leaves), in tmux (100x30), natter run with --debug-log
(tests/testbed/hostilerooms.py).

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
Forms with thousands of fields:
 10. /room config in a room alice owns: the room answers with a form of
     5,000 fields, 2.6 MB (text-single, list-single with 50 options,
     boolean, jid-multi with 20 values, fixed, hidden, text-multi,
     list-multi): keys typed one at a time until natter says the form
     waits each show on the input line within 10 s; so do keys typed
     while /form show lists it, down to its last field; /form cancel
     goes to the room; then the room case's checks;
 11. carol's client (slixmpp: tests/testbed/formpeer.py, peer.py's Peer, with the
     form in its disco#info as XEP-0128 extended information) announces
     caps whose disco#info holds a form of 5,000 fields: natter asks for
     it and verifies it (caps.json gains the ver; the debug log would
     say why not), carol's presence and status show in the panel and her
     window's title, a line typed to her reaches her.
Long nicks:
 12. an occupant named with 10,000 characters: Prosody refuses to route
     it ("Received stanza with invalid source JID" in its log; were it
     routed, natter's debug log must say "resource longer than 1023
     bytes"), and it shows nowhere; occupants named with the longest a
     JID allows, 1,023 bytes: 1,023 ASCII characters and 341 CJK ones:
     the panel lists each once (cut), their lines show as
     "<nick-cut-short text", a private message from one opens a window
     whose title and status bar stay one row each;
 13. bob publishes a PEP nick (XEP-0172) of 10,000 characters, ASCII
     and CJK mixed: with his roster name removed the panel names him by
     it, cut to the panel's width, the layout intact.
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
from formpeer import CAPS_FIELDS  # noqa: E402
from testbed import check, log, wait_until  # noqa: E402,F401

# --------------------------------------------------------------------------
# Forms


def big_form():
    """The configuration form of 5,000 fields, as XML."""
    out = ["<query xmlns='%s'><x xmlns='jabber:x:data' type='form'><title>A form of %d "
           "fields</title><instructions>Fill in all of them</instructions>"
           "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/"
           "muc#roomconfig</value></field>" % (MUC_OWNER, FORM_FIELDS)]
    for i in range(FORM_FIELDS):
        kind = i % 10
        if kind == 0:
            out.append("<field var='f%04d' type='list-single' label='List %d'><value>o%d-0"
                       "</value>%s</field>" % (i, i, i, "".join(
                           "<option label='Option %d of %d'><value>o%d-%d</value></option>"
                           % (k, i, i, k) for k in range(50))))
        elif kind == 1:
            out.append("<field var='f%04d' type='boolean' label='Flag %d'><value>1</value>"
                       "</field>" % (i, i))
        elif kind == 2:
            out.append("<field var='f%04d' type='jid-multi' label='People %d'>%s</field>"
                       % (i, i, "".join("<value>member%d-%d@example.org</value>" % (i, k)
                                        for k in range(20))))
        elif kind == 3:
            out.append("<field type='fixed'><value>Section %d</value></field>" % i)
        elif kind == 4:
            out.append("<field var='f%04d' type='hidden'><value>secret %d</value></field>"
                       % (i, i))
        elif kind == 5:
            out.append("<field var='f%04d' type='text-multi' label='Lines %d'><value>one"
                       "</value><value>two</value><value>three</value></field>" % (i, i))
        elif kind == 6:
            out.append("<field var='f%04d' type='list-multi' label='Several %d'>"
                       "<value>a</value><value>c</value>%s</field>" % (i, i, "".join(
                           "<option><value>%s</value></option>" % v for v in "abcdefghij")))
        else:
            out.append("<field var='f%04d' type='text-single' label='Field %d'><value>value "
                       "%d</value></field>" % (i, i, i))
    out.append("</x></query>")
    return "".join(out)


def config_form(world):
    s = world.screen
    room = world.enter("bigform")
    form = big_form()
    log("the configuration form: %d fields, %d bytes" % (FORM_FIELDS, len(form)))
    world.service.answer(room.jid, "{%s}query" % MUC_OWNER, form, timeout=60)
    world.service.answer(room.jid, "{%s}query" % MUC_OWNER, "", type="set")
    mark = world.service.mark()
    started = time.monotonic()
    s.clear_input()
    s.type_line("/room config")
    notice = "the room's configuration form waits: /form show"
    worst, keys = world.responsive_during(
        lambda r: any(m.endswith(notice) or notice in m for m in main(r)),
        "while the form comes", timeout=120)
    log("big form: natter says it waits %.1f s after /room config; %d keys typed meanwhile, "
        "the slowest shown in %.2f s" % (time.monotonic() - started, keys, worst))
    world.service.wait_for({"event": "iq_answered", "to": room.jid, "type": "get"},
                           since=mark, what="the form sent")
    started = time.monotonic()
    s.type_line("/form show")
    last = "  f%04d = value %d  (Field %d; text-single)" % ((FORM_FIELDS - 1,) * 3)
    worst, keys = world.responsive_during(lambda r: any(m.endswith(last) for m in main(r)),
                                          "while /form show lists the form", timeout=120)
    log("big form: /form show listed %d fields in %.1f s; %d keys typed meanwhile, the "
        "slowest shown in %.2f s" % (FORM_FIELDS, time.monotonic() - started, keys, worst))
    took = world.responsive("typed after /form show", "after /form show")
    log("big form: a line typed then shown in %.2f s" % took)
    world.intact(" " + room.jid, room.status_start)
    mark = world.service.mark()
    s.type_line("/form cancel")
    world.service.wait_for({"event": "iq_answered", "to": room.jid, "type": "set"},
                           since=mark, timeout=30, what="the form cancelled")
    room.check("the 5,000-field form")


def caps_form(world):
    s = world.screen
    carol = FormPeer(world.tb, "carol")
    ver = carol.wait_for({"event": "caps"}, timeout=60)["ver"]
    log("carol's caps ver %s (a form of %d fields)" % (ver, CAPS_FIELDS))
    asked = carol.wait_for(lambda e: e.get("event") == "iq_get"
                           and e.get("from") == world.alice_full
                           and "disco#info" in (e.get("xml") or "")
                           and ver in (e.get("xml") or ""), timeout=60,
                           what="natter asking carol's client for its caps")
    log("natter asked for carol's caps: %s" % asked["xml"][:200])
    path = os.path.join(world.confdir, "caps.json")

    def outcome():
        try:
            with open(path, encoding="utf-8") as f:
                if ('"%s"' % ver) in f.read():
                    return "cached"
        except OSError:
            pass
        try:
            with open(world.debug_log, encoding="utf-8", errors="replace") as f:
                for line in f:
                    if "caps: " in line and ver in line and "ignored" in line:
                        return line.strip()
        except OSError:
            pass
        return None
    what = wait_until(outcome, 120, "natter to take carol's answer (caps.json or the log)")
    log("carol's caps: %s" % what)
    check(what == "cached", "natter did not verify carol's caps (its answer is the "
          "announced ver): %s" % what)
    status = "carol with a form of %d fields" % CAPS_FIELDS
    carol.send_presence(status=status)
    s.clear_input()
    s.type_line("/msg %s" % carol.jid)
    s.wait_rows(lambda r: r[0].startswith(" " + carol.jid) and ("online: " + status) in r[0]
                and "+ carol" in panel(r), "carol's window, her presence and status",
                timeout=60)
    status_row = re.match(r" \[(\d+):", s.rows()[HEIGHT - 2])
    check(status_row is not None, "no window number in the status bar")
    line = "alice to carol after the caps form"
    s.type_line(line)
    got = carol.wait_message(lambda m: m["body"] == line, timeout=30)
    check(got["from"] == world.alice_full, "carol got %r" % got)
    world.intact(" " + carol.jid, " [%s:%s]" % (status_row.group(1), carol.jid))


# --------------------------------------------------------------------------
# Long nicks


def long_room_nicks(world):
    s = world.screen
    room = world.enter("longnicks")
    huge = ("H" + "0123456789" * 1000)[:9997] + "END"    # 10,000 characters
    ascii_max = "A" + "a" * 1019 + "END"                 # 1,023 bytes
    cjk_max = "\u6f22" + "\u5b57" * 339 + "\u7d42"       # 341 characters, 1,023 bytes
    check(len(huge) == 10000 and len(ascii_max.encode()) == 1023
          and len(cjk_max.encode()) == 1023, "nick lengths")
    # 10,000 characters: more than a JID's resource may hold (1023 bytes).
    room.occupant(huge)
    room.send(groupchat(room.jid, huge, world.alice_full, "huge nick line"))
    rows = room.settle()
    with open(world.debug_log, encoding="utf-8", errors="replace") as f:
        routed = any(huge in line for line in f)
    if routed:
        world.logged(r"presence from '%s' dropped: resource longer than 1023 bytes"
                     % re.escape(room.jid + "/" + huge), "the 10,000-character nick dropped")
        log("Prosody routed the 10,000-character nick; natter dropped it (logged)")
    else:
        # Prosody refuses it: "Received stanza with invalid source JID".
        with open(world.tb.log_path, encoding="utf-8", errors="replace") as f:
            refused = [line for line in f if "invalid source JID: %s/%s" % (room.jid, huge)
                       in line]
        check(refused, "natter never got the 10,000-character nick, and Prosody's log does "
              "not say it refused it")
        log("Prosody refuses a nick of 10,000 characters (%s): the longest ones it routes, "
            "1023 bytes, follow" % refused[0].split("\t")[-1].split(":")[0])
    check("huge nick line" not in "\n".join(main(rows)) and
          not any(nick.startswith("H0123") for _m, nick in listed(rows)),
          "the 10,000-character nick shows:\n%s" % s.screen_dump())
    # The longest a JID allows.
    for nick in (ascii_max, cjk_max):
        room.occupant(nick)
        room.occupants[nick] = "none"
        line = "said by the %d-byte nick %s" % (len(nick.encode()), nick[:1])
        room.send(groupchat(room.jid, nick, world.alice_full, line))
        world.said.append(line)
        rows = s.wait_rows(lambda r: any(m.endswith(line) for m in main(r)),
                           "the line of the %d-character nick" % len(nick), timeout=30)
        shown = [m for m in main(rows) if m.endswith(line)][-1]
        check(re.match(TIME + " <" + re.escape(nick[:8]), shown),
              "the line is not '<nick...> text': %r" % shown)
        world.intact(" " + room.jid, room.status_start)
    # A private message from the longest ASCII nick: a window titled
    # room/nick.
    s.clear_input()
    windows = re.search(r"\[([\d ]+)\]$", s.rows()[HEIGHT - 2].rstrip())
    check(windows is not None, "no window list in the status bar: %r" % s.rows()[HEIGHT - 2])
    count = len(windows.group(1).split())
    room.send("<message type='chat' from=%s to=%s><body>private from a long nick</body>"
              "<x xmlns='%s'/></message>" % (quoteattr(room.jid + "/" + ascii_max),
                                             quoteattr(world.alice_full), MUC_USER))
    world.said.append("private from a long nick")
    s.wait_rows(lambda r: re.search(r"\[([\d ]+)\]$", r[HEIGHT - 2].rstrip()) and
                len(re.search(r"\[([\d ]+)\]$", r[HEIGHT - 2].rstrip()).group(1).split())
                > count, "a window for the private message in the status bar", timeout=30)
    s.type_line("/win %s/Aaaa" % SERVICE)
    rows = s.wait_rows(lambda r: r[0].startswith(" %s/Aaaa" % room.jid)
                       and any(m.endswith("private from a long nick") for m in main(r)),
                       "the private window of the long nick", timeout=30)
    status = re.match(r" \[(\d+):", rows[HEIGHT - 2])
    check(status is not None, "no window number in the status bar: %r" % rows[HEIGHT - 2])
    world.intact(" %s/Aaaa" % room.jid, " [%s:%s/Aaaa" % (status.group(1), room.jid))
    s.clear_input()
    s.type_line("/win %s" % room.status_start.split(":")[0][2:])
    s.wait_rows(lambda r: r[0].startswith(" " + room.jid + "  "), "back in the room")
    room.check("nicks of 10,000, 1,023 ASCII and 341 CJK characters")


def long_pep_nick(world):
    s = world.screen
    bob = world.bob
    nick = ("PepNick \u6f22\u5b57" + "abc\u6f22\u5b57" * 2000)[:9997] + "END"
    check(len(nick) == 10000, "nick length")
    s.clear_input()
    s.type_line("/msg %s" % bob.jid)
    s.wait_rows(lambda r: r[0].startswith(" " + bob.jid) and "+ bob" in panel(r),
                "bob's window, bob in the panel")
    status_row = re.match(r" \[(\d+):", s.rows()[HEIGHT - 2])
    check(status_row is not None, "no window number in the status bar")
    status_start = " [%s:%s]" % (status_row.group(1), bob.jid)
    # The panel names a contact by the nick it published only where the
    # user gave no name.
    s.type_line("/roster name %s" % bob.jid)
    s.wait_rows(lambda r: "+ " + bob.jid in panel(r), "bob named by his JID in the panel")
    bob.send_stanza(
        "<iq type='set' id='longnick'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
        "<publish node='%s'><item id='current'><nick xmlns='%s'>%s</nick></item>"
        "</publish></pubsub></iq>" % (NICK_NS, NICK_NS, escape(nick)))
    answer = bob.wait_for({"event": "iq", "id": "longnick"}, what="the nick published")
    check(answer["type"] == "result", "Prosody refused the nick: %s" % answer["xml"][:300])
    rows = s.wait_rows(lambda r: any(p.startswith("+ PepNick \u6f22\u5b57") for p in panel(r)),
                       "bob named by his 10,000-character nick in the panel", timeout=30)
    shown = [p for p in panel(rows) if p.startswith("+ PepNick")][0]
    check(text_columns(shown) <= 24 and nick.startswith(shown[2:]),
          "the panel's row for bob is not his nick cut to 24 columns: %r" % shown)
    world.intact(" " + bob.jid, status_start)
    line = "alice to bob after his long nick"
    s.type_line(line)
    got = bob.wait_message(lambda m: m["body"] == line, timeout=30)
    check(got["from"] == world.alice_full, "bob got %r" % got)
    s.wait_rows(lambda r: any(re.match(TIME + " <alice@localhost> " + re.escape(line), m)
                              for m in main(r)), "alice's line in bob's window")
    world.intact(" " + bob.jid, status_start)


def body(tb):
    run(tb, [config_form, caps_form, long_room_nicks, long_pep_nick])


if __name__ == "__main__":
    testbed.run_test(body, ui=True, prosody_extra=prosody_extra())
