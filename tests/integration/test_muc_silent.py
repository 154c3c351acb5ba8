#!/usr/bin/python3
"""Rooms that never answer natter's questions before entering.

natter asks a room what it is (disco#info, XEP-0045 6.4) and, when it keeps
an archive, for its latest messages (XEP-0313), before sending the entry
presence. The rooms here belong to a fake MUC service
(tests/testbed/fakeroom.py --silent --late 25, an XEP-0114 component behind
the private Prosody) that lets anyone in with three occupants, two history
messages and a subject, but: quiet@ answers disco#info only after 25 s;
archived@ answers it at once (it has an archive) but never answers the
archive query. Both are joined at once. Asserts:
  - natter reports "joining" for both; the service receives quiet@'s
    disco#info and archived@'s archive query (urn:xmpp:mam:2);
  - for 15 s natter enters neither (the service floods no one);
  - natter gives up waiting and enters both, quiet@ within 35 s and
    archived@ within 45 s of /join: for each it reports "joined" with
    status 110, the four occupants, the two history messages with
    "history" true, and the subject;
  - quiet@'s late answer reaches natter (after the service says it sent
    it) and changes nothing: natter stays in both rooms, and a message it
    sends to quiet@ afterwards is reflected and marked delivered.
"""

import os
import secrets
import sys
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
import fakeservice  # noqa: E402
from testbed import Natter, check  # noqa: E402

SERVICE = "silent.localhost"
SECRET = secrets.token_hex(8)
PORT = testbed.free_ports(1)[0]
MAM = "{urn:xmpp:mam:2}query"


def entered(natter, room, mark, started, limit):
    joined = natter.wait_for({"event": "room", "room": room, "change": "joined"},
                             since=mark, timeout=limit + 5)
    waited = time.monotonic() - started
    check(15 <= waited <= limit, "natter entered %s after %.1f s" % (room, waited))
    check(110 in (joined.get("codes") or []), "the entry lacks status 110: %r" % joined)
    natter.wait_for({"event": "room", "room": room, "change": "subject",
                     "subject": "the big room's subject"}, since=mark)
    occupants = [e for e in natter.events[mark:] if e.get("event") == "occupant"
                 and e.get("room") == room and e.get("change") == "joined"]
    check(len(occupants) == 4, "occupants of %s reported: %r"
          % (room, [e.get("nick") for e in occupants]))
    history = [e for e in natter.events[mark:] if e.get("event") == "message"
               and e.get("room") == room]
    check([e.get("history") for e in history] == [True, True],
          "the history of %s: %r" % (room, history))


def say(natter, room, text, mark):
    natter.ok("/msg %s %s" % (room, text))
    out = natter.wait_for({"event": "message", "room": room, "body": text}, since=mark)
    natter.wait_for({"event": "message_update", "id": out.get("id"),
                     "delivery": "delivered"}, since=mark,
                    what="the room's reflection of %r" % text)


def body(tb):
    service = fakeservice.FakeRoom(tb, SERVICE, SECRET, PORT, occupants=3, history=2,
                                   silent=True, late=25)
    natter = Natter(tb, tb.natter_config())
    natter.wait_online()
    quiet, archived = "quiet@" + SERVICE, "archived@" + SERVICE
    mark = natter.mark()
    started = time.monotonic()
    natter.ok("/join %s" % quiet)
    natter.ok("/join %s" % archived)
    for room in (quiet, archived):
        natter.wait_for({"event": "room", "room": room, "change": "joining"}, since=mark)
    asked = service.wait_for({"event": "iq", "to": quiet},
                             what="quiet@'s disco#info reaching the service")
    check(asked["from"].startswith(tb.jid("alice")), "the question came from %r" % asked)
    service.wait_for({"event": "iq", "to": archived, "payload": MAM},
                     what="archived@'s archive query reaching the service")
    time.sleep(max(0.0, 15 - (time.monotonic() - started)))
    check(not service.find({"event": "joined"}),
          "natter entered a room before giving up on its answer")

    entered(natter, quiet, mark, started, 35)
    entered(natter, archived, mark, started, 45)
    service.wait_for({"event": "answered", "to": tb.jid("alice") + "/natter"}, timeout=30,
                     what="quiet@'s late answer sent")
    time.sleep(1)
    say(natter, quiet, "still here", mark)
    left = [e for e in natter.events[mark:] if e.get("event") == "room"
            and e.get("change") in ("left", "refused")]
    check(not left, "natter left a room: %r" % left)
    joining = [e for e in natter.events[mark:] if e.get("event") == "room"
               and e.get("change") == "joining"]
    check(len(joining) == 2, "natter entered again: %r" % joining)
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body,
                     prosody_extra=fakeservice.component_config(SERVICE, SECRET, PORT))
