#!/usr/bin/python3
"""Session lifecycle: log in over STARTTLS, disconnect, reconnect, quit.

Asserts: "ready" with the version comes first; the session goes
connecting -> online; /disconnect gives "disconnected" without error and
/connect brings it back online; /quit yields a "disconnected" session event
and exit status 0; EOF on stdin quits too (status 0); stdout holds only
JSON lines and stderr no sanitizer report; the strongest SASL mechanism
the server offers (SCRAM-SHA-256) is the one used.
"""

import os
import re
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "testbed"))

import testbed  # noqa: E402
from testbed import Natter, check  # noqa: E402


def reconnect(natter):
    result = natter.command("/disconnect")
    check(result.get("ok") is True, "/disconnect failed: %r" % result)
    gone = natter.wait_session("disconnected")
    check(not gone.get("error"), "/disconnect reported as an error: %r"
          % gone)
    result = natter.command("/connect alice")
    check(result.get("ok") is True, "/connect alice failed: %r" % result)
    natter.wait_online()


def eof_quits(tb):
    natter = Natter(tb, tb.natter_config(["alice"]))
    natter.wait_online()
    natter.close_stdin()
    status = natter.wait_exit()
    check(natter.find({"event": "session", "state": "disconnected"}),
          "natter exited on EOF without a \"disconnected\" event\n%s"
          % natter.stdout_text())
    check(status == 0, "natter exited with status %s on EOF\n%s"
          % (status, natter.diagnostics()))
    natter.check_clean()


def body(tb):
    natter = Natter(tb, tb.natter_config(["alice"]))
    ready = natter.wait_for({"event": "ready"})
    check(natter.events[0] is ready, "the first event is not \"ready\": %r"
          % natter.events[0])
    check(ready.get("version") == "0.1.0",
          "ready event has version %r, expected 0.1.0" % ready.get("version"))
    natter.wait_session("connecting")
    online = natter.wait_online()
    check(online.get("jid", "").split("/")[0] == tb.jid("alice"),
          "online event names jid %r, expected %s"
          % (online.get("jid"), tb.jid("alice")))
    # The strongest mechanism offered (Prosody: SCRAM-SHA-256, SCRAM-SHA-1,
    # PLAIN) is the one used.
    with open(tb.log_path, encoding="utf-8", errors="replace") as f:
        log = f.read()
    # (Prosody writes the attributes in any order.)
    check(re.search(r"<auth [^>]*mechanism='SCRAM-SHA-256'", log)
          and not re.search(r"<auth [^>]*mechanism='PLAIN'", log),
          "natter did not authenticate with SCRAM-SHA-256")
    reconnect(natter)
    status = natter.quit()
    sessions = natter.find({"event": "session", "account": "alice"})
    last = sessions[-1]
    check(last.get("state") == "disconnected",
          "natter exited without a final \"disconnected\" event\n%s"
          % natter.stdout_text())
    check(not last.get("error"),
          "disconnect after /quit was reported as an error: %r" % last)
    check(status == 0, "natter exited with status %s after /quit\n%s"
          % (status, natter.diagnostics()))
    quit_result = natter.find({"event": "result", "command": "quit"})
    check(quit_result and quit_result[0].get("ok") is True,
          "/quit has no ok result: %r" % quit_result)
    natter.check_clean()
    eof_quits(tb)


if __name__ == "__main__":
    testbed.run_test(body)
