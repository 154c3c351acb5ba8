#!/usr/bin/python3
"""A room that never answers natter's questions before entering.

natter asks a room what it is (disco#info, XEP-0045 6.4) and, when it keeps
an archive, for its latest messages, before sending the entry presence. The
rooms here belong to a fake MUC service (tests/testbed/fakeroom.py --silent,
an XEP-0114 component behind the private Prosody) that answers no IQ at all
but lets anyone in with occupants, history and a subject. Asserts:
  - /join quiet@silent.localhost: natter reports "joining" at once, the
    service receives the disco#info, and natter does not enter (no entry
    presence reaches the service) for the first 15 s;
  - within 35 s of /join natter gives up waiting and enters: the service
    floods it, natter reports the three occupants, the two history
    messages with "history" true, "joined" with status 110 and the
    subject;
  - a message typed into the room then is reflected and shown as
    delivered: the room is usable.
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


def body(tb):
    service = fakeservice.FakeRoom(tb, SERVICE, SECRET, PORT, occupants=3, history=2,
                                   silent=True)
    natter = Natter(tb, tb.natter_config())
    natter.wait_online()
    room = "quiet@" + SERVICE
    mark = natter.mark()
    started = time.monotonic()
    natter.ok("/join %s" % room)
    natter.wait_for({"event": "room", "room": room, "change": "joining"}, since=mark)
    asked = service.wait_for({"event": "iq", "to": room},
                             what="the room's disco#info reaching the service")
    check(asked["from"].startswith(tb.jid("alice")), "the question came from %r" % asked)
    time.sleep(15)
    check(not service.find({"event": "joined"}),
          "natter entered before giving up on the room's answer")
    joined = natter.wait_for({"event": "room", "room": room, "change": "joined"},
                             since=mark, timeout=25)
    waited = time.monotonic() - started
    check(15 <= waited <= 35, "natter entered after %.1f s" % waited)
    check(110 in (joined.get("codes") or []), "the entry lacks status 110: %r" % joined)
    natter.wait_for({"event": "room", "room": room, "change": "subject",
                     "subject": "the big room's subject"}, since=mark)
    occupants = [e for e in natter.events[mark:] if e.get("event") == "occupant"
                 and e.get("room") == room and e.get("change") == "joined"]
    check(len(occupants) == 4, "occupants reported: %r" % [e.get("nick") for e in occupants])
    history = [e for e in natter.events[mark:] if e.get("event") == "message"
               and e.get("room") == room]
    check([e.get("history") for e in history] == [True, True],
          "the room's history: %r" % history)
    natter.ok("/msg %s still here" % room)
    out = natter.wait_for({"event": "message", "room": room, "body": "still here"},
                          since=mark)
    natter.wait_for({"event": "message_update", "id": out.get("id"),
                     "delivery": "delivered"}, since=mark,
                    what="the room's reflection marking it delivered")
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body,
                     prosody_extra=fakeservice.component_config(SERVICE, SECRET, PORT))
