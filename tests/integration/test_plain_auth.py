#!/usr/bin/python3
"""SASL PLAIN without TLS is refused unless the account allows it.

Prosody here accepts connections without TLS and offers only PLAIN (the
SCRAM mechanisms and DIGEST-MD5 disabled). Asserts:

  - an account with tls = disable is refused before authenticating: the
    reason says PLAIN would send the password in the clear and names
    allow_plain; Prosody never received an <auth/> (the password did not
    leave), and natter does not try again;
  - the same account with allow_plain = yes logs in;
  - a server of the test's own (plaintext, as an attacker on the path
    could make it) offering "plain" in lower case next to mechanisms
    libstrophe does not know (SCRAM-SHA-1-PLUS, X-OTHER) gets no <auth/>:
    the refusal is the same.
"""

import os
import socket
import sys
import threading
import time

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402

PROSODY_EXTRA = """c2s_require_encryption = false
allow_unencrypted_plain_auth = true
disable_sasl_mechanisms = { "SCRAM-SHA-1"; "SCRAM-SHA-256"; "DIGEST-MD5" }
"""


def body(tb):
    natter = Natter(tb, tb.natter_config({"alice": {"tls": "disable",
                                                    "trust_cafile": None}}))
    failed = natter.wait_login_failure()
    reason = failed.get("reason") or ""
    check("PLAIN" in reason and "in the clear" in reason and "allow_plain" in reason,
          "refusal says %r" % reason)
    with open(tb.log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    check("Offering usable mechanisms: PLAIN\n" in log,
          "the test server did not offer PLAIN alone:\n%s" % log[-2000:])
    check("Received[c2s_unauthed]: <auth" not in log,
          "the password was sent in the clear")
    time.sleep(1.5)
    check(not [e for e in natter.events if e.get("event") == "session"
               and e.get("state") in ("waiting", "online")],
          "natter tried again or logged in")
    natter.quit_cleanly()

    natter = Natter(tb, tb.natter_config({"alice": {"tls": "disable",
                                                    "trust_cafile": None,
                                                    "allow_plain": "yes"}}))
    natter.wait_online()
    natter.quit_cleanly()


class FakeServer:
    """Answers a stream header with features offering only what is given,
    and records everything the client sends."""

    def __init__(self, mechanisms):
        self.mechanisms = mechanisms
        self.received = b""
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        try:
            client, _ = self.listener.accept()
        except OSError:
            return
        client.settimeout(5)
        try:
            while b">" not in self.received:
                self.received += client.recv(4096)
            offered = "".join("<mechanism>%s</mechanism>" % m for m in self.mechanisms)
            client.sendall((
                "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                "xmlns:stream='http://etherx.jabber.org/streams' id='x' "
                "from='localhost' version='1.0'><stream:features><mechanisms "
                "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</mechanisms>"
                "</stream:features>" % offered).encode())
            while True:
                data = client.recv(4096)
                if not data:
                    break
                self.received += data
        except OSError:
            pass
        finally:
            client.close()

    def close(self):
        self.listener.close()


def downgraded(tb):
    server = FakeServer(["plain", "SCRAM-SHA-1-PLUS", "X-OTHER"])
    try:
        natter = Natter(tb, tb.natter_config({"alice": {
            "tls": "disable", "trust_cafile": None, "port": server.port}},
            name="conf-fake"))
        failed = natter.wait_login_failure()
        check("PLAIN" in (failed.get("reason") or ""), "refusal says %r" % failed)
        time.sleep(0.5)
        check(b"<auth" not in server.received,
              "natter sent an <auth/> in the clear: %r" % server.received)
        natter.quit_cleanly()
    finally:
        server.close()


def all_of(tb):
    body(tb)
    downgraded(tb)


testbed.run_test(all_of, prosody_extra=PROSODY_EXTRA)
