#!/usr/bin/python3
"""Load for the side-by-side benchmarks: an XEP-0114 component (slixmpp).

Its users (userNNNNN@DOMAIN) are the contacts of a big roster: a presence
probe (RFC 6121 4.3, sent by the server when the benchmarked account comes
online) to one of the first --online users is answered with an available
presence, the others stay offline. On a line {"cmd":"flood","to":JID,
"count":N,"size":B,"prefix":P} on stdin it sends N chat messages of about
B bytes from flood@DOMAIN/load to JID, as fast as it can (a component is
not rate limited by the server), each body "P N <words>" (P: "flood"
unless given; the words drawn from a chat-like list, the same for the
same N), then prints
{"event":"flooded","count":N}. Once it answered --online probes it prints
{"event":"probed","answered":N} (again for each further login).

  loadgen.py --jid load.localhost --secret S --port P [--online 1000]

Prints {"event":"online"} once connected.
"""

import json
import os
import random
import sys
from xml.sax.saxutils import escape, quoteattr

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

from component import Component, emit, run  # noqa: E402
from slixmpp.xmlstream.handler import Callback  # noqa: E402
from slixmpp.xmlstream.matcher import StanzaPath  # noqa: E402


# Words for the text of the floods: something like chat (a client that
# compresses what it keeps gains what it would gain on chat, no more).
WORDS = ("the be to of and a in that have it for not on with he as you do at this "
         "but his by from they we say her she or an will my one all would there their "
         "what so up out if about who get which go me when make can like time no just "
         "him know take people into year your good some could them see other than then "
         "now look only come its over think also back after use two how our work first "
         "well way even new want because any these give day most us is are was were been "
         "server client message room window screen meeting tomorrow lunch build test "
         "release branch merge patch review coffee weekend train late sorry thanks "
         "maybe sure okay great idea problem fixed broken deploy logs error works again "
         "anyone seen link here there later today tonight morning evening question "
         "answer docs issue ticket call chat video slides notes draft plan team").split()


def chatter(n, size):
    """About size bytes of words, the same for the same n."""
    rng = random.Random(n)
    words = []
    length = 0
    while length < size:
        words.append(rng.choice(WORDS))
        length += len(words[-1]) + 1
    return " ".join(words)


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
        size = int(cmd.get("size", 100))
        for n in range(int(cmd["count"])):
            text = ("%s %d %s" % (prefix, n, chatter(n, size)))[:size].rstrip()
            self.send_raw("<message xmlns=%s type='chat' from=%s to=%s id='f%d'><body>%s"
                          "</body></message>" % (ns, sender, to, n, escape(text)))
        emit({"event": "flooded", "count": int(cmd["count"])})


def options(parser):
    parser.add_argument("--online", type=int, default=1000)


if __name__ == "__main__":
    run(LoadGen, options)
