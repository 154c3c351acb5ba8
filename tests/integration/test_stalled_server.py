#!/usr/bin/python3
"""A server that accepts the connection and then never answers.

libstrophe's TLS handshake has no deadline of its own; natter's watchdog
must cut it short. Asserts: connecting with direct TLS to a listener that
never speaks ends "disconnected" with error true and a reason saying the
TLS handshake did not complete, within the watchdog's 20 seconds plus a
margin; natter then answers commands and quits normally. With STARTTLS,
a server that never sends its stream header ends the attempt after natter's
45-second login deadline, with words saying so.
"""

import json
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


class SilentServer:
    """Accepts connections on loopback and never sends a byte."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.clients = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.clients.append(client)

    def close(self):
        self.sock.close()
        for client in self.clients:
            client.close()


def body(tb):
    server = SilentServer()
    try:
        # STARTTLS: the server never even sends its stream header. A second
        # natter waits on it meanwhile; its attempt must end on its own.
        quiet = Natter(tb, tb.natter_config({"alice": {"port": server.port}}))
        confdir = tb.natter_config({"alice": {"tls": "direct",
                                              "port": server.port}})
        started = time.monotonic()
        natter = Natter(tb, confdir)
        failed = natter.wait_for({"event": "session", "state": "disconnected"},
                                 timeout=40)
        took = time.monotonic() - started
        check(failed.get("error") is True
              and "TLS handshake" in failed.get("reason", ""),
              "stalled handshake reported as %s" % json.dumps(failed))
        check(took < 35, "the stalled handshake took %.1f s to end" % took)
        result = natter.command("/help quit")
        check(result.get("ok") is True, "natter stopped answering: %s"
              % json.dumps(result))
        natter.quit_cleanly()

        failed = quiet.wait_for({"event": "session", "state": "disconnected"},
                                timeout=60)
        check(failed.get("error") is True
              and "did not complete the login" in failed.get("reason", ""),
              "silent STARTTLS server reported as %s" % json.dumps(failed))
        quiet.quit_cleanly()
    finally:
        server.close()


if __name__ == "__main__":
    testbed.run_test(body)
