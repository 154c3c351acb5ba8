#!/usr/bin/python3
"""An independent XMPP client for natter's tests: slixmpp behind JSON lines.

Run by testbed.Peer as a subprocess. It logs in with STARTTLS (or direct
TLS), sends initial presence and then:

  stdout, one JSON object per line:
    {"event":"online","jid":"bob@localhost/peer"}
    {"event":"message","from":...,"to":...,"type":...,"id":...,"body":...}
        (body is null for messages without one, e.g. chat states)
    {"event":"presence","from":...,"type":...,"show":...,"status":...,
     "priority":N}
    {"event":"iq","from":...,"type":"result"|"error","id":...,"xml":...}
    {"event":"done","id":N,"ok":true}          reply to command N
    {"event":"error","text":...}               login or connection failure
    {"event":"disconnected"}
  stdin, one JSON object per line:
    {"cmd":"send","id":N,"to":JID,"body":TEXT,"type":"chat"}
    {"cmd":"presence","id":N,"show":null,"status":null}
    {"cmd":"subscribe","id":N,"to":JID}
    {"cmd":"quit","id":N}        (EOF on stdin quits too)

Also the base of echobot.py: add_connection_args(), make_client() and
run_client() are shared by both.
"""

import argparse
import json
import logging
import os
import ssl
import sys

import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath


def emit(obj):
    """Write one JSON line to stdout."""
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def add_connection_args(parser, default_user="bob"):
    parser.add_argument("--jid", default="%s@localhost/peer" % default_user)
    # The password: --password, else $PEER_PASSWORD (kept out of the
    # command line, which failed tests print).
    parser.add_argument("--password", default=os.environ.get("PEER_PASSWORD"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--direct-tls", action="store_true",
                        help="TLS from the first byte instead of STARTTLS")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--cafile", help="trust this certificate (PEM)")
    group.add_argument("--no-verify", action="store_true",
                       help="do not verify the server certificate")
    parser.add_argument("--log", help="write slixmpp's debug log here")
    parser.add_argument("--caps", default=None,
                        help="announce entity capabilities (XEP-0115) with "
                             "these extra features (comma-separated; empty: "
                             "none beyond slixmpp's own)")


class Client(slixmpp.ClientXMPP):
    """ClientXMPP that reports login failures instead of retrying forever."""

    def __init__(self, args):
        if args.password is None:
            sys.exit("%s: give --password or PEER_PASSWORD" % sys.argv[0])
        super().__init__(args.jid, args.password)
        self.args = args
        self.finished = None   # asyncio.Future, set in run_client
        if args.cafile:
            self.ca_certs = args.cafile
        else:
            self.ssl_context.check_hostname = False
            self.ssl_context.verify_mode = ssl.CERT_NONE
        self.register_plugin("xep_0030")   # service discovery
        self.register_plugin("xep_0045")   # MUC
        self.register_plugin("xep_0199")   # ping
        if args.caps is not None:
            self.register_plugin("xep_0115")
        self.add_event_handler("session_start", self.on_session_start)
        self.add_event_handler("failed_all_auth", self.on_failure)
        self.add_event_handler("connection_failed", self.on_failure)
        self.add_event_handler("ssl_invalid_chain", self.on_failure)
        self.add_event_handler("disconnected", self.on_disconnected)

    async def on_session_start(self, _event):
        if self.args.caps is not None:
            for feature in filter(None, self.args.caps.split(",")):
                self["xep_0030"].add_feature(feature)
            await self["xep_0115"].update_caps(broadcast=False)
        self.send_presence()
        await self.get_roster()
        self.session_ready()

    def session_ready(self):
        """Called once logged in, with presence sent; overridden by users."""

    def on_failure(self, what):
        emit({"event": "error", "text": "%s" % (what,)})
        self.stop()

    def on_disconnected(self, _reason):
        emit({"event": "disconnected"})
        self.stop()

    def stop(self):
        if self.finished is not None and not self.finished.done():
            self.finished.set_result(True)


def run_client(client):
    """Connect and run until client.stop() (or a fatal failure)."""
    args = client.args
    if args.log:
        logging.basicConfig(filename=args.log, level=logging.DEBUG,
                            format="%(asctime)s %(levelname)s %(name)s "
                                   "%(message)s")
    loop = client.loop
    client.finished = loop.create_future()
    client.connect(address=(args.host, args.port),
                   use_ssl=args.direct_tls,
                   force_starttls=not args.direct_tls,
                   disable_starttls=args.direct_tls)
    loop.run_until_complete(client.finished)
    if client.is_connected():
        loop.run_until_complete(client.disconnect(wait=2.0))


def potr_on_pycryptodome():
    """Debian 12's python3-potr 1.0.2 was written for PyCrypto and calls
    three things pycryptodome (which it imports) does otherwise: AES-CTR
    with a counter object, DSA signing, DSA key generation. Those three,
    adapted; the OTR protocol code is potr's own."""
    from Cryptodome import Cipher
    from Cryptodome.PublicKey import DSA
    from Cryptodome.Util import Counter
    import potr.compatcrypto.pycrypto as pc
    import potr.crypt
    from potr.utils import bytes_to_long, long_to_bytes

    def aesctr(key, counter=0):
        # OTR's counter: 8 bytes of prefix, then 8 counting from 0.
        prefix = counter.prefix if isinstance(counter, pc.Counter) else counter
        return Cipher.AES.new(key, Cipher.AES.MODE_CTR, counter=Counter.new(
            64, prefix=long_to_bytes(prefix, 8), initial_value=0))

    def sign(self, data):
        r, s = self.priv._sign(bytes_to_long(data), pc.randrange(2, self.priv.q))
        return long_to_bytes(r, 20) + long_to_bytes(s, 20)

    def verify(self, data, sig):
        return self.pub._verify(bytes_to_long(data),
                                (bytes_to_long(sig[:20]), bytes_to_long(sig[20:])))

    def generate(cls):
        k = DSA.generate(1024)
        return cls((k.y, k.g, k.p, k.q, k.x), private=True)

    pc.AESCTR = potr.crypt.AESCTR = aesctr
    pc.DSAKey.sign = sign
    pc.DSAKey.verify = verify
    pc.DSAKey.generate = classmethod(generate)


def otr_classes(peer):
    """A potr Account and Context speaking through this peer's stream, and
    telling the test what happens (an independent OTR implementation)."""
    import potr
    potr_on_pycryptodome()

    class Context(potr.context.Context):
        def getPolicy(self, key):
            return {"ALLOW_V2": True, "WHITESPACE_START_AKE": True,
                    "ERROR_START_AKE": True}.get(key, False)

        def inject(self, msg, appdata=None):
            text = msg.decode("utf-8") if isinstance(msg, bytes) else str(msg)
            peer.send_message(mto=appdata or self.peer, mbody=text, mtype="chat")

        def setState(self, newstate):
            super().setState(newstate)
            emit({"event": "otr_state", "peer": self.peer,
                  "state": {potr.context.STATE_PLAINTEXT: "plaintext",
                            potr.context.STATE_ENCRYPTED: "encrypted",
                            potr.context.STATE_FINISHED: "finished"}[newstate]})

    class Account(potr.context.Account):
        contextclass = Context

        def __init__(self, jid):
            super().__init__(jid, "xmpp", 100000)

        def loadPrivkey(self):
            return None

        def savePrivkey(self):
            pass

        def saveTrusts(self):
            pass

    return Account


class Peer(Client):
    def __init__(self, args):
        super().__init__(args)
        self._stdin_buffer = b""
        self.otr = None  # the potr Account, once a test enables OTR
        self.add_event_handler("message", self.on_message)
        self.add_event_handler("presence", self.on_presence)
        # slixmpp's "message" event needs a <body/>: receipts, chat
        # states and the like come through this handler instead.
        self.register_handler(Callback(
            "bodiless message",
            MatchXPath("{%s}message" % self.default_ns),
            self.on_any_message))
        # Answers to the raw requests a test sends (send_stanza).
        self.register_handler(Callback(
            "iq answers",
            MatchXPath("{%s}iq" % self.default_ns),
            self.on_iq))

    def session_ready(self):
        emit({"event": "online", "jid": str(self.boundjid)})
        self.loop.add_reader(sys.stdin.fileno(), self.on_stdin)

    def on_message(self, msg):
        body = msg["body"] if msg.xml.find(
            "{jabber:client}body") is not None else None
        if self.otr is not None and body is not None and msg["type"] in ("chat", "normal"):
            self.otr_receive(msg, body)
        # The stanza as text, for tests that look at extensions; not for
        # huge bodies (serializing them again only slows the peer).
        xml = str(msg) if body is None or len(body) < 65536 else None
        emit({"event": "message", "from": str(msg["from"]),
              "to": str(msg["to"]), "type": msg["type"],
              "id": msg["id"] or None, "body": body, "xml": xml})

    def on_any_message(self, msg):
        if msg.xml.find("{jabber:client}body") is None:
            self.on_message(msg)

    def on_iq(self, iq):
        if iq["type"] in ("result", "error"):
            emit({"event": "iq", "from": str(iq["from"]), "type": iq["type"],
                  "id": iq["id"] or None, "xml": str(iq)})
        elif iq["type"] == "get":
            # Queries slixmpp answers itself; tests count them.
            emit({"event": "iq_get", "from": str(iq["from"]),
                  "id": iq["id"] or None, "xml": str(iq)})

    def on_presence(self, pres):
        emit({"event": "presence", "from": str(pres["from"]),
              "type": pres["type"], "show": pres["show"] or None,
              "status": pres["status"] or None,
              "priority": int(pres["priority"] or 0), "xml": str(pres)})

    def on_stdin(self):
        chunk = os.read(sys.stdin.fileno(), 65536)
        if not chunk:
            self.loop.remove_reader(sys.stdin.fileno())
            self.stop()
            return
        self._stdin_buffer += chunk
        while b"\n" in self._stdin_buffer:
            line, self._stdin_buffer = self._stdin_buffer.split(b"\n", 1)
            if line.strip():
                self.run_command(line)

    def otr_receive(self, msg, body):
        """What potr makes of a message, as an otr_message event (not for
        OTR's own: the key exchange, queries)."""
        import potr
        sender = msg["from"].bare
        context = self.otr.getContext(sender)
        try:
            text, _tlvs = context.receiveMessage(body.encode("utf-8"),
                                                 appdata=str(msg["from"]))
        except potr.context.NotOTRMessage:
            emit({"event": "otr_message", "from": sender, "body": body,
                  "encrypted": False})
            return
        except potr.context.UnencryptedMessage as e:
            emit({"event": "otr_message", "from": sender, "body": str(e.args[0]),
                  "encrypted": False, "unexpected": True})
            return
        except (potr.context.NotEncryptedError, potr.context.ErrorReceived) as e:
            emit({"event": "otr_error", "from": sender, "error": repr(e)})
            return
        if text is not None:
            emit({"event": "otr_message", "from": sender,
                  "body": text.decode("utf-8"), "encrypted": True})
        # The socialist millionaires' protocol: where it stands, when it
        # moved (a request to answer, an outcome).
        smp = context.crypto.smp if context.crypto else None
        if smp is not None:
            now = (smp.state, smp.prog)
            if now != getattr(context, "smp_told", None):
                context.smp_told = now
                emit({"event": "otr_smp", "from": sender, "state": smp.state,
                      "result": {1: "success", -1: "failure",
                                 -2: "cheated"}.get(smp.prog, "pending")})

    def run_command(self, line):
        command_id = None
        try:
            cmd = json.loads(line.decode("utf-8"))
            command_id = cmd.get("id")
            name = cmd["cmd"]
            if name == "send":
                self.send_message(mto=cmd["to"], mbody=cmd["body"],
                                  mtype=cmd.get("type") or "chat")
            elif name == "burst":
                # count messages "<prefix> <n>", as fast as slixmpp queues.
                for n in range(int(cmd["count"])):
                    self.send_message(mto=cmd["to"],
                                      mbody="%s %d" % (cmd["prefix"], n),
                                      mtype="chat")
            elif name == "raw":
                # A stanza as written, for hostile or unusual input.
                self.send_raw(cmd["xml"])
            elif name == "presence":
                self.send_presence(pshow=cmd.get("show"),
                                   pstatus=cmd.get("status"))
            elif name == "subscribe":
                self.send_presence(pto=cmd["to"], ptype="subscribe")
            elif name == "otr_enable":
                # An OTR key of its own (potr makes it on first need).
                self.otr = otr_classes(self)(self.boundjid.bare)
                self.otr.getPrivkey()
                emit({"event": "otr_fingerprint",
                      "fingerprint": str(self.otr.getPrivkey())})
            elif name == "otr_start":
                context = self.otr.getContext(cmd["to"])
                self.send_message(mto=cmd["to"], mtype="chat",
                                  mbody=self.otr.getDefaultQueryMessage(
                                      context.getPolicy).decode("ascii"))
            elif name == "otr_send":
                context = self.otr.getContext(cmd["to"])
                context.sendMessage(0, cmd["body"].encode("utf-8"))
            elif name == "otr_smp":
                # Verifies the other side: a secret, or a question.
                question = cmd.get("question")
                self.otr.getContext(cmd["to"]).smpInit(
                    cmd["secret"].encode("utf-8"),
                    question.encode("utf-8") if question else None)
            elif name == "otr_smp_answer":
                self.otr.getContext(cmd["to"]).smpGotSecret(cmd["secret"].encode("utf-8"))
            elif name == "otr_end":
                self.otr.getContext(cmd["to"]).disconnect()
            elif name == "otr_forget":
                self.otr.ctxs.pop(cmd["to"], None)
            elif name == "quit":
                emit({"event": "done", "id": cmd.get("id"), "ok": True})
                self.stop()
                return
            else:
                raise ValueError("unknown command %r" % name)
            emit({"event": "done", "id": cmd.get("id"), "ok": True})
        except Exception as e:  # report, keep running
            emit({"event": "done", "id": command_id, "ok": False,
                  "error": "%s: %s" % (type(e).__name__, e)})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_connection_args(parser)
    args = parser.parse_args()
    run_client(Peer(args))


if __name__ == "__main__":
    main()
