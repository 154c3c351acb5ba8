#!/usr/bin/python3
"""Load for the side-by-side benchmarks: an XEP-0114 component (slixmpp).

Its users (userNNNNN@DOMAIN) are the contacts of a big roster: a presence
probe (RFC 6121 4.3, sent by the server when the benchmarked account comes
online) to one of the first --online users is answered with an available
presence, the others stay offline. On a line {"cmd":"flood","to":JID,
"count":N,"size":B,"prefix":P} on stdin it sends N chat messages of about
B bytes from flood@DOMAIN/load to JID, as fast as it can (a component is
not rate limited by the server), each body "P N <padding>" (P: "flood"
unless given), then prints
{"event":"flooded","count":N}. Once it answered --online probes it prints
{"event":"probed","answered":N} (again for each further login).

  loadgen.py --jid load.localhost --secret S --port P [--online 1000]

Prints {"event":"online"} once connected.
"""

import json
import os
import sys
from xml.sax.saxutils import escape, quoteattr

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

from component import Component, emit, run  # noqa: E402
from slixmpp.xmlstream.handler import Callback  # noqa: E402
from slixmpp.xmlstream.matcher import StanzaPath  # noqa: E402


class LoadGen(Component):
    def __init__(self, args):
        super().__init__(args)
        self.buffer = b""
        self.answered = 0  # probes answered with an available presence
        self.add_event_handler("session_start", self.on_start)
        # slixmpp would answer probes itself from its own roster (with
        # "unsubscribed"): only on_probe answers them.
        self.del_event_handler("presence_probe", self._handle_probe)
        self.register_handler(Callback("probe", StanzaPath("presence@type=probe"),
                                       self.on_probe))

    def on_start(self, _event):
        self.loop.add_reader(sys.stdin.fileno(), self.on_stdin)
        emit({"event": "online"})

    def on_probe(self, presence):
        user = presence["to"].user
        try:
            n = int(user[len("user"):]) if user.startswith("user") else -1
        except ValueError:
            n = -1
        if 0 <= n < self.args.online:
            self.answered += 1
            if self.answered % self.args.online == 0:
                emit({"event": "probed", "answered": self.answered})
            self.send_raw("<presence xmlns=%s from=%s to=%s><status>load %d</status>"
                          "</presence>" % (quoteattr(self.default_ns),
                                           quoteattr("%s@%s/load" % (user, self.boundjid.bare)),
                                           quoteattr(presence["from"].bare), n))

    def on_stdin(self):
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            self.loop.remove_reader(sys.stdin.fileno())
            self.disconnect()
            return
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            if line.strip():
                self.command(json.loads(line.decode("utf-8")))

    def command(self, cmd):
        if cmd["cmd"] != "flood":
            raise ValueError("unknown command %r" % cmd["cmd"])
        sender = quoteattr("flood@%s/load" % self.boundjid.bare)
        to = quoteattr(cmd["to"])
        ns = quoteattr(self.default_ns)
        prefix = cmd.get("prefix", "flood")
        for n in range(int(cmd["count"])):
            text = "%s %d " % (prefix, n)
            text += "x" * max(0, int(cmd.get("size", 100)) - len(text))
            self.send_raw("<message xmlns=%s type='chat' from=%s to=%s id='f%d'><body>%s"
                          "</body></message>" % (ns, sender, to, n, escape(text)))
        emit({"event": "flooded", "count": int(cmd["count"])})


def options(parser):
    parser.add_argument("--online", type=int, default=1000)


if __name__ == "__main__":
    run(LoadGen, options)
