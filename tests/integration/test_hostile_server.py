#!/usr/bin/python3
"""A hostile server (issue 11 item 2: what no real server would pass on):
natter logs into a server of the test's own (plaintext, SASL PLAIN, as
a server natter does not control could be), which then sends what
Prosody refuses to relay.

Asserts:
  - a message nesting 20,000 elements (valid XML) is shown, and natter
    still answers;
and for each of: a message whose body holds invalid UTF-8; one with C0
controls (forbidden in XML); a stream that ends in the middle of a
stanza; garbage that is not XML:
  - natter keeps running (it still answers /help), says the connection
    failed (a session event with the reason), and logs in again by
    itself (to the same server, which then behaves);
  - a message the server sends after that is shown;
  - nothing of the bad stanza is shown as a message.
At the end /quit exits 0 with clean output (no sanitizer report).
"""

import os
import queue
import re
import socket
import sys
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402

STREAM = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' id='s%d' from='localhost' "
          "version='1.0'>")
SASL = "urn:ietf:params:xml:ns:xmpp-sasl"


class HostileServer:
    """Logs a client in (PLAIN, bind), then sends what the test queues, a
    connection at a time; a connection the client drops is waited for
    again."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.outgoing = queue.Queue()
        self.logins = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                self._session(client)
            except OSError:
                pass
            finally:
                client.close()

    @staticmethod
    def _read_until(client, pattern, buffer):
        while not re.search(pattern, buffer):
            data = client.recv(65536)
            if not data:
                raise OSError("closed")
            buffer += data
        return buffer

    def _session(self, client):
        client.settimeout(60)
        buf = self._read_until(client, rb"<stream:stream[^>]*>", b"")
        client.sendall((STREAM % 1 + "<stream:features><mechanisms xmlns='%s'>"
                        "<mechanism>PLAIN</mechanism></mechanisms></stream:features>"
                        % SASL).encode())
        buf = self._read_until(client, rb"</auth>|<auth[^>]*/>", buf)
        client.sendall(("<success xmlns='%s'/>" % SASL).encode())
        buf = self._read_until(client, rb"<stream:stream[^>]*>", b"")
        client.sendall((STREAM % 2 + "<stream:features><bind "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></stream:features>"
                        ).encode())
        buf = self._read_until(client, rb"<iq[^>]*id=['\"]([^'\"]+)['\"][^>]*>.*?</iq>", buf)
        iq_id = re.search(rb"<iq[^>]*id=['\"]([^'\"]+)['\"]", buf).group(1).decode()
        # Counted before natter can say it is online.
        with self.lock:
            self.logins += 1
        client.sendall(("<iq type='result' id='%s'><bind xmlns='urn:ietf:params:xml:ns:"
                        "xmpp-bind'><jid>alice@localhost/natter</jid></bind></iq>" % iq_id
                        ).encode())
        # What the test wants sent, while reading what natter sends.
        client.settimeout(0.2)
        while True:
            try:
                data = self.outgoing.get(timeout=0.2)
                client.sendall(data)
                if data == b"":
                    return
            except queue.Empty:
                pass
            try:
                if client.recv(65536) == b"":
                    return
            except socket.timeout:
                pass

    def send(self, data):
        self.outgoing.put(data if isinstance(data, bytes) else data.encode())

    def close(self):
        self.listener.close()


def message(body):
    return ("<message from='bob@localhost/x' to='alice@localhost/natter' type='chat'>"
            "<body>%s</body></message>" % body)


def body(tb):
    server = HostileServer()
    try:
        natter = Natter(tb, tb.natter_config({"alice": {
            "tls": "disable", "trust_cafile": None, "allow_plain": "yes",
            "port": server.port}}, name="conf-hostile"),
            extra_args=["--debug-log", os.path.join(tb.workdir, "natter-debug.log")])
        natter.wait_online()
        server.send(message("a fine message"))
        natter.wait_for({"event": "message", "body": "a fine message"})

        # libstrophe 0.12 renders and frees a stanza recursively: nesting
        # in the hundreds of thousands exhausts the stack (Prosody never
        # relays more than a few hundred levels). 20,000 it survives.
        deep = "<x xmlns='urn:example:deep'>" * 20000 + "</x>" * 20000
        cases = [
            ("invalid UTF-8", message("bad \xff\xfe bytes").encode("latin-1")),
            ("C0 controls", message("ctrl \x01\x02\x1b[2J").encode()),
            ("20,000 nested elements",
             ("<message from='bob@localhost/x' type='chat'><body>deep</body>%s</message>"
              % deep).encode()),
            ("a stream cut in a stanza", b"<message from='bob@localhost/x'><bo"),
            ("garbage", b"\x00\x01 this is not XML <<<>>> \xc3"),
        ]
        # Valid XML, only deep: shown, the stream kept.
        mark = natter.mark()
        server.send(cases.pop(2)[1])
        natter.wait_for({"event": "message", "body": "deep"}, since=mark, timeout=30,
                        what="the deep message")
        check(natter.command("/help").get("ok") is True, "no answer after the deep message")
        for number, (what, data) in enumerate(cases):
            mark = natter.mark()
            before = server.logins
            server.send(data)
            if what == "a stream cut in a stanza":
                server.send(b"")  # and the connection closed there
            natter.wait_for(lambda e: e.get("event") == "session"
                            and e.get("state") in ("waiting", "connecting", "disconnected"),
                            since=mark, timeout=30, what="natter dropping the stream (%s)" % what)
            check(natter.command("/help").get("ok") is True, "no answer after %s" % what)
            if what != "a stream cut in a stanza":
                reasons = [e.get("reason") for e in natter.events[mark:]
                           if e.get("event") == "session" and e.get("reason")]
                check(any("not XML" in r for r in reasons),
                      "the reason after %s: %r" % (what, reasons))
            natter.wait_for({"event": "session", "state": "online"}, since=mark, timeout=60,
                            what="natter logged in again after %s" % what)
            check(server.logins == before + 1, "logins: %d then %d" % (before, server.logins))
            text = "fine again %d" % number
            server.send(message(text))
            natter.wait_for({"event": "message", "body": text}, since=mark,
                            what="a message after %s" % what)
            shown = [e.get("body") for e in natter.events[mark:] if e.get("event") == "message"
                     and e.get("body") != text]
            check(not shown, "shown after %s: %r" % (what, shown))
        natter.quit_cleanly()
    finally:
        server.close()


if __name__ == "__main__":
    testbed.run_test(body)
