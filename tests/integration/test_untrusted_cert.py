#!/usr/bin/python3
"""A server certificate natter has no reason to trust is refused.

The account has no trust_cafile, so the test bed's self-signed certificate
is unknown. Asserts: the session ends "disconnected" with error true and a
reason mentioning "certificate" and the certificate's SHA-256 fingerprint
(as openssl prints it, compared case-insensitively); no "online" event is
ever reported; natter keeps running and /quit exits 0.
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
    fingerprint = tb.fingerprint
    testbed.log("server certificate sha256 %s" % fingerprint)
    confdir = tb.natter_config({"alice": {"trust_cafile": None}})
    natter = Natter(tb, confdir)
    failed = natter.wait_login_failure()
    reason = failed.get("reason", "")
    check(failed.get("error") is True,
          "refused connection not flagged error:true: %s"
          % json.dumps(failed))
    check("certificate" in reason.lower(),
          "reason does not mention the certificate: %r" % reason)
    check(fingerprint.lower() in reason.lower(),
          "reason does not show the SHA-256 fingerprint %s: %r"
          % (fingerprint, reason))
    # A round trip through natter's loop, so a late "online" would show.
    natter.command("/help")
    check(not natter.find({"event": "session", "state": "online"}),
          "natter went online with an untrusted certificate\n%s"
          % natter.stdout_text())
    status = natter.quit()
    check(not natter.find({"event": "session", "state": "online"}),
          "natter went online with an untrusted certificate\n%s"
          % natter.stdout_text())
    check(status == 0, "natter exited with status %s after /quit\n%s"
          % (status, natter.diagnostics()))
    natter.check_clean()


if __name__ == "__main__":
    testbed.run_test(body)
