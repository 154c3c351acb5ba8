#!/usr/bin/python3
"""SASL PLAIN without TLS is refused unless the account allows it.

Prosody here accepts connections without TLS and offers only PLAIN (the
SCRAM mechanisms and DIGEST-MD5 disabled). Asserts:

  - an account with tls = disable is refused before authenticating: the
    reason says PLAIN would send the password in the clear and names
    allow_plain; Prosody never received an <auth/> (the password did not
    leave), and natter does not try again;
  - the same account with allow_plain = yes logs in.
"""

import os
import sys
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
    check("<mechanism>PLAIN</mechanism>" in log or "PLAIN" in log,
          "the test server did not offer PLAIN:\n%s" % log[-2000:])
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


testbed.run_test(body, prosody_extra=PROSODY_EXTRA)
