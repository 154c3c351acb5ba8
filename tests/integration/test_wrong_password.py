#!/usr/bin/python3
"""A wrong password is refused with the server's SASL condition.

Asserts: the session ends "disconnected" with error true and a reason
naming not-authorized; natter never reports "online", keeps running and
still answers /help; /quit then exits 0.
"""

import json
import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402


def body(tb):
    confdir = tb.natter_config({"alice": {"password": "not-the-password"}})
    natter = Natter(tb, confdir)
    failed = natter.wait_login_failure()
    check(failed.get("error") is True,
          "failed login not flagged error:true: %s" % json.dumps(failed))
    check("not-authorized" in failed.get("reason", ""),
          "reason does not mention not-authorized: %r" % failed.get("reason"))
    helped = natter.command("/help")
    check(helped.get("ok") is True and helped.get("output"),
          "/help after a failed login did not answer with output: %s"
          % json.dumps(helped))
    check(not natter.find({"event": "session", "state": "online"}),
          "natter reported online with a wrong password\n%s"
          % natter.stdout_text())
    natter.quit_cleanly()


if __name__ == "__main__":
    testbed.run_test(body)
