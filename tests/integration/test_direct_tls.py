#!/usr/bin/python3
"""tls = direct: log in on the direct-TLS port (XEP-0368 style, no STARTTLS).

Asserts: online on the direct-TLS port, a message reaches a peer over that
stream, /quit exits 0.
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, Peer, check  # noqa: E402


def body(tb):
    confdir = tb.natter_config({"alice": {"tls": "direct",
                                          "port": tb.tls_port}})
    bob = Peer(tb, "bob")
    natter = Natter(tb, confdir)
    natter.wait_online()
    result = natter.command("/msg %s over direct TLS" % bob.jid)
    check(result.get("ok") is True, "/msg failed: %r" % result)
    got = bob.wait_message({"from": lambda f: f.split("/")[0]
                            == tb.jid("alice")})
    check(got["body"] == "over direct TLS",
          "peer received body %r" % got["body"])
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
