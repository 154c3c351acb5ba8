#!/usr/bin/python3
"""A fake multi-user chat service for benchmarks and tests: an XEP-0114
component (slixmpp) whose every room is as big as asked.

Whoever enters ROOM@SERVICE/NICK (presence with the muc <x/>) gets, as a
real XEP-0045 service sends them: OCCUPANTS presences of other occupants
(non-anonymous: each with a real JID), the self-presence (110, 100),
HISTORY messages with <delay/>, then the subject. Group messages are
reflected to the sender (from its nick); anything else is ignored (slixmpp answers IQs
it does not handle with an error, which XEP-0410 counts as "joined").
With --silent the service is slow to answer IQs: a room whose name starts
with "archived" answers disco#info at once (an archive, XEP-0313) but
never the archive query; any other room answers disco#info only after
--late seconds (never without), and prints {"event":"answered"} then.
Every IQ received is printed as {"event":"iq","from":...,"to":...,
"payload":"{namespace}name"}.

  fakeroom.py --jid bigroom.localhost --secret S --port P \
              [--occupants 2000] [--history 50] [--silent [--late S]] [--commands]

Prints {"event":"online"} once connected and {"event":"joined",
"room":...,"nick":...,"stanzas":N} after flooding an entrant.

With --commands the test controls every stanza: it reads JSON lines on
stdin, answers each with {"event":"done","id":N,"ok":true} (or "ok":false
and "error"), and prints {"event":"groupchat","room":...,"from":...,
"id":...,"body":...} for every group message it reflects:
  {"cmd":"raw","xml":"<presence .../>","id":N}
      sends a stanza as written (as peer.py's raw: hostile or unusual
      input; its namespace is the stream's, jabber:component:accept);
  {"cmd":"hold","room":"ROOM@SERVICE","id":N}
      entrants to that room get nothing at all: the service prints
      {"event":"entry","room":...,"nick":...,"from":ENTRANT} instead, and
      the test sends what the room says with raw;
  {"cmd":"answer","room":"ROOM@SERVICE","payload":"{NS}NAME","type":"get",
   "xml":X,"id":N}
      an IQ of that type (get, the default, or set) to that room whose
      payload is {NS}NAME is answered with <iq type='result'>X</iq> (then
      printed as {"event":"iq_answered","from":...,"to":...,"payload":...,
      "type":...,"id":...}); other IQs are answered as without --commands.
EOF on stdin changes nothing. Without --commands stdin is not read.
"""

import json
import os
import sys
from xml.sax.saxutils import escape, quoteattr

sys.dont_write_bytecode = True  # keep the source tree clean

from component import Component, emit, run  # noqa: E402
from slixmpp.xmlstream.handler import Callback  # noqa: E402
from slixmpp.xmlstream.matcher import StanzaPath  # noqa: E402
from slixmpp.xmlstream.matcher.base import MatcherBase  # noqa: E402

MUC_USER = "http://jabber.org/protocol/muc#user"
DISCO_INFO = "http://jabber.org/protocol/disco#info"


class ScriptedIq(MatcherBase):
    """Matches the IQs a test gave an answer for: to a room in answers,
    of that type, with that payload."""

    def __init__(self, answers):
        super().__init__(answers)

    def match(self, stanza):
        if stanza.name != "iq" or stanza["type"] not in ("get", "set"):
            return False
        payload = next(iter(stanza.xml), None)
        return payload is not None and \
            (stanza["to"].bare, payload.tag, stanza["type"]) in self._criteria


class FakeRooms(Component):
    def __init__(self, args):
        super().__init__(args)
        self.nicks = {}  # (room, entrant's full JID): nick
        self.held = set()  # rooms whose entrants get nothing (--commands)
        self.answers = {}  # (room, payload tag, type): XML of the result (--commands)
        self._stdin_buffer = b""
        self.add_event_handler("session_start", self.on_start)
        self.add_event_handler("presence_available", self.on_presence)
        self.add_event_handler("message", self.on_groupchat)
        if args.silent:
            self.register_handler(Callback("silent", StanzaPath("iq"), self.on_iq))
        if args.commands:
            self.register_handler(Callback("scripted iq", ScriptedIq(self.answers),
                                           self.on_scripted_iq))

    def on_start(self, _event):
        emit({"event": "online"})
        if self.args.commands:
            self.loop.add_reader(sys.stdin.fileno(), self.on_stdin)

    def on_stdin(self):
        chunk = os.read(sys.stdin.fileno(), 1 << 20)
        if not chunk:
            self.loop.remove_reader(sys.stdin.fileno())
            return
        self._stdin_buffer += chunk
        while b"\n" in self._stdin_buffer:
            line, self._stdin_buffer = self._stdin_buffer.split(b"\n", 1)
            if line.strip():
                self.run_command(line)

    def run_command(self, line):
        ident = None
        try:
            cmd = json.loads(line.decode("utf-8"))
            ident = cmd.get("id")
            name = cmd["cmd"]
            if name == "raw":
                self.send_raw(cmd["xml"])
            elif name == "hold":
                self.held.add(cmd["room"])
            elif name == "answer":
                self.answers[(cmd["room"], cmd["payload"], cmd.get("type", "get"))] = cmd["xml"]
            else:
                raise ValueError("unknown command %r" % name)
            emit({"event": "done", "id": ident, "ok": True})
        except Exception as e:  # report, keep running
            emit({"event": "done", "id": ident, "ok": False,
                  "error": "%s: %s" % (type(e).__name__, e)})

    def on_scripted_iq(self, iq):
        payload = next(iter(iq.xml)).tag
        self.send_raw("<iq xmlns=%s type='result' id=%s from=%s to=%s>%s</iq>"
                      % (quoteattr(self.default_ns), quoteattr(iq["id"]),
                         quoteattr(str(iq["to"])), quoteattr(str(iq["from"])),
                         self.answers[(iq["to"].bare, payload, iq["type"])]))
        emit({"event": "iq_answered", "from": str(iq["from"]), "to": str(iq["to"]),
              "payload": payload, "type": iq["type"], "id": iq["id"]})

    def on_presence(self, presence):
        to = presence["to"]
        if not to.resource or presence.xml.find("{http://jabber.org/protocol/muc}x") is None:
            return
        room, nick, entrant = to.bare, to.resource, str(presence["from"])
        self.nicks[(room, entrant)] = nick
        if room in self.held:
            emit({"event": "entry", "room": room, "nick": nick, "from": entrant})
            return
        ns = self.default_ns
        out = []
        for i in range(self.args.occupants):
            occupant = "user%05d" % i
            out.append(
                "<presence xmlns=%s from=%s to=%s><x xmlns='%s'><item affiliation=%s "
                "role='participant' jid=%s/></x></presence>"
                % (quoteattr(ns), quoteattr("%s/%s" % (room, occupant)), quoteattr(entrant),
                   MUC_USER, "'member'" if i % 10 == 0 else "'none'",
                   quoteattr("%s@localhost/res" % occupant)))
        out.append(
            "<presence xmlns=%s from=%s to=%s><x xmlns='%s'><item affiliation='none' "
            "role='participant' jid=%s/><status code='100'/><status code='110'/></x>"
            "</presence>" % (quoteattr(ns), quoteattr("%s/%s" % (room, nick)),
                             quoteattr(entrant), MUC_USER, quoteattr(entrant)))
        for i in range(self.args.history):
            out.append(
                "<message xmlns=%s type='groupchat' from=%s to=%s id='h%d'><body>%s</body>"
                "<delay xmlns='urn:xmpp:delay' from=%s stamp='2026-01-01T10:%02d:%02dZ'/>"
                "</message>" % (quoteattr(ns), quoteattr("%s/user%05d" % (room, i)),
                                quoteattr(entrant), i,
                                escape("history line %d, with some words in it" % i),
                                quoteattr(room), i // 60, i % 60))
        out.append("<message xmlns=%s type='groupchat' from=%s to=%s><subject>%s</subject>"
                   "</message>" % (quoteattr(ns), quoteattr("%s/user00000" % room),
                                   quoteattr(entrant), escape("the big room's subject")))
        for stanza in out:
            self.send_raw(stanza)
        emit({"event": "joined", "room": room, "nick": nick, "stanzas": len(out)})

    def on_iq(self, iq):
        payload = next(iter(iq.xml), None)
        emit({"event": "iq", "from": str(iq["from"]), "to": str(iq["to"]),
              "payload": payload.tag if payload is not None else None})
        if iq["type"] != "get" or iq.xml.find("{%s}query" % DISCO_INFO) is None:
            return
        if iq["to"].user.startswith("archived"):
            self.answer_info(iq, True)
        elif self.args.late is not None:
            self.loop.call_later(self.args.late, self.answer_info, iq, False)

    def answer_info(self, iq, archived):
        features = ["http://jabber.org/protocol/muc"] + (["urn:xmpp:mam:2"] if archived else [])
        self.send_raw(
            "<iq xmlns=%s type='result' id=%s from=%s to=%s><query xmlns='%s'>"
            "<identity category='conference' type='text' name='slow'/>%s</query></iq>"
            % (quoteattr(self.default_ns), quoteattr(iq["id"]), quoteattr(str(iq["to"])),
               quoteattr(str(iq["from"])), DISCO_INFO,
               "".join("<feature var='%s'/>" % f for f in features)))
        if not archived:
            emit({"event": "answered", "to": str(iq["from"])})

    def on_groupchat(self, message):
        if message["type"] != "groupchat":
            return
        reply = self.make_message(mto=message["from"], mbody=message["body"],
                                  mtype="groupchat",
                                  mfrom="%s/%s" % (message["to"].bare, self.nicks.get(
                                      (message["to"].bare, str(message["from"])), "me")))
        reply["id"] = message["id"]
        reply.send()
        if self.args.commands:
            emit({"event": "groupchat", "room": message["to"].bare,
                  "from": str(message["from"]), "id": message["id"] or None,
                  "body": message["body"]})


def options(parser):
    parser.add_argument("--occupants", type=int, default=2000)
    parser.add_argument("--history", type=int, default=50)
    parser.add_argument("--silent", action="store_true")
    parser.add_argument("--late", type=float)
    parser.add_argument("--commands", action="store_true")


if __name__ == "__main__":
    run(FakeRooms, options)
